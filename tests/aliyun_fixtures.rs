//! The Alibaba fixture corpus (tests/fixtures/aliyun/): every file listed in `expect.json` yields
//! exactly the expected set of error-severity codes. The npm package's tests (pkg/test/) run the
//! same corpus through the WebAssembly build.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use lblint::{validate_json, Context, Operation, Options};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    operation: String,
    codes: Vec<String>,
}

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/aliyun");

fn manifest() -> BTreeMap<String, Expect> {
    let text = fs::read_to_string(Path::new(DIR).join("expect.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_aliyun_fixture_yields_exactly_its_error_codes() {
    let mut failures = Vec::new();
    for (name, expect) in manifest() {
        let path = Path::new(DIR).join(&name);
        let text = fs::read_to_string(&path).unwrap();
        let op: Operation = expect.operation.parse().unwrap();
        let ctx_path = path.with_extension("context.json");
        let mut opts = Options::default();
        if ctx_path.exists() {
            opts.context = Context::from_json(&fs::read_to_string(&ctx_path).unwrap()).unwrap();
        }
        let report = validate_json(Some(op), &text, &opts).unwrap();
        let got: BTreeSet<String> = report.errors().map(|d| d.code.to_string()).collect();
        let want: BTreeSet<String> = expect.codes.into_iter().collect();
        if got != want {
            failures.push(format!("{name}: expected {want:?}, got {got:?}\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_manifest_lists_every_fixture_and_the_corpus_has_both_kinds() {
    let manifest = manifest();
    for entry in fs::read_dir(DIR).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "expect.json" || name.ends_with(".context.json") {
            continue;
        }
        assert!(manifest.contains_key(&name), "{name} is not in expect.json");
    }
    let valid = manifest.values().filter(|e| e.codes.is_empty()).count();
    assert!(valid >= 3, "the corpus needs valid requests too");
    assert!(
        manifest.len() - valid >= 10,
        "the corpus needs invalid requests"
    );
}
