//! The Huawei fixture corpus: every request in tests/fixtures/huaweicloud/ must produce exactly
//! the set of error codes its manifest entry (expect.json) lists: no missing code, no extra one.
//!
//! Manifest format: `{"NAME.json": {"operation": "<operation id>", "codes": ["ELB.8902", ...]}}`;
//! a context, when the case needs one, is in `NAME.context.json`. An empty `codes` list means the
//! request is valid (warnings allowed).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lblint::{validate_json, Context, Operation, Options};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/huaweicloud")
}

fn manifest() -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(dir().join("expect.json")).expect("expect.json");
    serde_json::from_str(&text).expect("expect.json is a JSON object")
}

#[test]
fn every_fixture_produces_exactly_its_expected_error_codes() {
    let mut failures = Vec::new();
    let manifest = manifest();
    assert!(
        manifest.len() >= 30,
        "the corpus has {} cases",
        manifest.len()
    );
    for (file, entry) in &manifest {
        let op: Operation = entry["operation"]
            .as_str()
            .expect("operation")
            .parse()
            .expect("known operation");
        let expected: BTreeSet<String> = entry["codes"]
            .as_array()
            .expect("codes")
            .iter()
            .map(|c| c.as_str().expect("code").to_owned())
            .collect();
        let text = std::fs::read_to_string(dir().join(file)).expect("fixture file");
        let context_file = dir().join(file.replace(".json", ".context.json"));
        let context = match std::fs::read_to_string(&context_file) {
            Ok(c) => {
                Context::from_json(&c).unwrap_or_else(|e| panic!("{}: {e}", context_file.display()))
            }
            Err(_) => Context::default(),
        };
        let opts = Options {
            context,
            ..Default::default()
        };
        let report = validate_json(Some(op), &text, &opts).expect("validates");
        assert_eq!(report.operation, Some(op), "{file}");
        let got: BTreeSet<String> = report.errors().map(|d| d.code.to_string()).collect();
        if got != expected {
            let detail: Vec<String> = report
                .diagnostics
                .iter()
                .map(|d| format!("    {d}"))
                .collect();
            failures.push(format!(
                "{file}: expected {expected:?}, got {got:?}\n{}",
                detail.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_fixture_file_is_in_the_manifest() {
    let manifest = manifest();
    for entry in std::fs::read_dir(dir()).expect("fixture directory") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name == "expect.json" {
            continue;
        }
        let request = name.replace(".context.json", ".json");
        assert!(
            manifest.contains_key(&request),
            "{name} has no manifest entry for {request}"
        );
    }
}

#[test]
fn the_corpus_covers_valid_requests_and_every_huawei_code() {
    let manifest = manifest();
    let codes: BTreeSet<&str> = manifest
        .values()
        .flat_map(|e| e["codes"].as_array().into_iter().flatten())
        .filter_map(Value::as_str)
        .collect();
    for code in [
        "ELB.0002", "ELB.2021", "ELB.6051", "ELB.6071", "ELB.7001", "ELB.8902", "ELB.8907",
        "ELB.8938", "ELB.8939",
    ] {
        assert!(codes.contains(code), "no fixture expects {code}");
    }
    for op in [
        "huaweicloud.elb.v3.CreateMasterSlavePool",
        "huaweicloud.elb.v3.CreateMember",
    ] {
        assert!(
            manifest
                .values()
                .any(|e| e["operation"] == op && e["codes"].as_array().is_some_and(Vec::is_empty)),
            "no valid {op} fixture"
        );
    }
}
