//! Raw bytes through the whole CLI input path (see `invariants::cli_bytes`).
#![no_main]

#[path = "invariants.rs"]
mod invariants;

libfuzzer_sys::fuzz_target!(|data: &[u8]| invariants::cli_bytes(data));
