//! Per-request cost, three ways in one run, for each operation's typical valid and invalid
//! request (benches/requests/): (a) `serde_json` parsing alone, the floor; (b) lblint parse +
//! validate (with line/column for every diagnostic); (c) the `jsonschema` crate validating the
//! same request against lblint's own generated schema (compiled once, outside the loop).
//!
//! `cargo bench --bench validate`; the README's Performance section quotes the medians.

use divan::{black_box, Bencher};
use lblint::{schema, validate_json, Operation, Options};

mod common;
use common::CASES;

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

fn case(name: &str) -> (Operation, &'static str) {
    let c = CASES.iter().find(|c| c.0 == name).expect("case");
    (c.1, c.2)
}

/// (a) The floor: `serde_json::from_str::<Value>`.
#[divan::bench(args = NAMES)]
fn a_serde_json_parse(b: Bencher, name: &str) {
    let (_, text) = case(name);
    b.bench(|| serde_json::from_str::<serde_json::Value>(black_box(text)).expect("json"));
}

/// (b) lblint: parse, validate, position every diagnostic.
#[divan::bench(args = NAMES)]
fn b_lblint_validate(b: Bencher, name: &str) {
    let (op, text) = case(name);
    let opts = Options::default();
    b.bench(|| validate_json(Some(op), black_box(text), &opts).expect("report"));
}

/// (c) jsonschema with lblint's generated schema: parse + validate (all errors collected).
#[divan::bench(args = NAMES)]
fn c_jsonschema_validate(b: Bencher, name: &str) {
    let (op, text) = case(name);
    let validator = jsonschema::validator_for(&schema::generate(op)).expect("schema");
    b.bench(|| {
        let v: serde_json::Value = serde_json::from_str(black_box(text)).expect("json");
        validator.iter_errors(&v).count()
    });
}
