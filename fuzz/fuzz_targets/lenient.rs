//! Alibaba's lenient `MasterSlaveBackendServers` parser and `scan::locate` (see
//! `invariants::lenient`).
#![no_main]

#[path = "invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::lenient(data));
