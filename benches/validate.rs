//! Per-request cost, three ways in one run, for each operation's typical valid and invalid
//! request (benches/requests/): (a) `serde_json` parsing alone, the floor; (b) lblint parse +
//! validate (with line/column for every diagnostic); (c) the `jsonschema` crate validating the
//! same request against lblint's own generated schema (compiled once, outside the loop).
//!
//! `cargo bench --bench validate`; the README's Performance section quotes the medians.

use divan::Bencher;

mod common;
use common::{checker, CASES};

fn main() {
    divan::main();
}

const NAMES: &[&str] = &[
    "aliyun-valid",
    "aliyun-invalid",
    "pool-valid",
    "pool-invalid",
    "member-valid",
    "member-invalid",
];

/// (a) The floor: `serde_json::from_str::<Value>`.
#[divan::bench(args = NAMES, sample_count = 1000)]
fn a_serde_json_parse(b: Bencher, name: &str) {
    bench(b, "serde", name);
}

/// (b) lblint: parse, validate, position every diagnostic.
#[divan::bench(args = NAMES, sample_count = 1000)]
fn b_lblint_validate(b: Bencher, name: &str) {
    bench(b, "lblint", name);
}

/// (c) jsonschema with lblint's generated schema: parse + validate (all errors collected; the
/// schema is compiled once, before the timing).
#[divan::bench(args = NAMES, sample_count = 1000)]
fn c_jsonschema_validate(b: Bencher, name: &str) {
    bench(b, "jsonschema", name);
}

/// Times one way of checking one request (see [`common::checker`]).
fn bench(b: Bencher, way: &str, name: &str) {
    let c = CASES.iter().find(|c| c.0 == name).expect("case");
    let mut check = checker(way, c.1, c.2).expect("way");
    b.bench_local(&mut check);
}
