//! Every input the fuzz targets (`fuzz/`) found, replayed through the same invariants
//! (`fuzz/fuzz_targets/invariants.rs` is included here as it is): the bytes of a `cli_bytes` or
//! `lenient` finding as they are, a `structured` finding as the request value the target built
//! from the typed models. Findings live in `tests/data/fuzz/<target>/`; dropping a new one there
//! is enough for the catch-all tests, and each has a named test that says what went wrong.
#![cfg(feature = "cli")]

#[path = "../fuzz/fuzz_targets/invariants.rs"]
mod invariants;

use std::path::Path;

use lblint::{validate_json, validate_value, Operation, Options};
use serde_json::{json, Value};

fn data(target: &str, name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn each(target: &str, mut f: impl FnMut(&str, Vec<u8>)) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the findings directory") {
        let entry = entry.expect("a directory entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        f(&name, std::fs::read(entry.path()).expect("a finding"));
        n += 1;
    }
    assert!(n > 0, "no findings in {}", dir.display());
}

/// A `structured` finding: the operation from the file name's prefix, the request value.
fn structured(name: &str, bytes: &[u8]) {
    let op = match name.split('-').next() {
        Some("aliyun") => Operation::AliyunCreateMasterSlaveServerGroup,
        Some("pool") => Operation::HuaweiCreateMasterSlavePool,
        Some("member") => Operation::HuaweiCreateMember,
        _ => panic!("{name}: name a structured finding aliyun-*, pool-* or member-*"),
    };
    let value: Value = serde_json::from_slice(bytes).expect("a structured finding is JSON");
    for sel in 0..9 {
        invariants::check_request(op, &value, &invariants::options(sel));
    }
}

#[test]
fn every_cli_bytes_finding_passes() {
    each("cli_bytes", |_, bytes| invariants::cli_bytes(&bytes));
}

#[test]
fn every_lenient_finding_passes() {
    each("lenient", |_, bytes| invariants::lenient(&bytes));
}

#[test]
fn every_structured_finding_passes() {
    each("structured", |name, bytes| structured(name, &bytes));
}

/// cli_bytes, selector 0x04 (no operation, `.json`) and `{}`: the operation cannot be inferred,
/// which the GitHub format prints as an `::error` message like an unreadable file (the target
/// had counted only diagnostics).
#[test]
fn cli_bytes_undetectable_operation_is_one_github_message() {
    let bytes = data("cli_bytes", "cannot-infer-operation");
    assert_eq!(bytes, b"\x04{}\n");
    invariants::cli_bytes(&bytes);
}

/// lenient: a 28-digit integer is read as the correctly rounded f64 (5.555555555555556e27);
/// serde_json without `float_roundtrip` is one ulp off, which the differential check tolerates.
#[test]
fn lenient_long_integer_is_correctly_rounded() {
    let bytes = data("lenient", "long-integer");
    invariants::lenient(&bytes);
    let text = String::from_utf8(bytes).unwrap();
    let v = lblint::scan::parse_lenient(&text).unwrap().value;
    assert_eq!(v.as_f64(), Some(text.trim().parse::<f64>().unwrap()));
}

/// structured: a tag member named `a/b~c` was reported at `/Tag/0/a/b~c`, a pointer into
/// nothing (and two levels too deep); member names are now escaped (`/Tag/0/a~1b~0c`).
#[test]
fn aliyun_tag_member_names_are_escaped_in_pointers() {
    structured(
        "aliyun-tag-key-with-slash.json",
        &data("structured", "aliyun-tag-key-with-slash.json"),
    );
    let request = json!({
        "RegionId": "cn-hangzhou", "LoadBalancerId": "lb-1",
        "Tag": [{"Key": "k", "Value": "v", "a/b~c": 1}],
    });
    let op = Operation::AliyunCreateMasterSlaveServerGroup;
    let report = validate_value(op, &request, &Options::default());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "aliyun/tag-shape")
        .expect("the unknown tag member is reported");
    assert_eq!(d.path, "/Tag/0/a~1b~0c");
    assert_eq!(request.pointer(&d.path), Some(&json!(1)));
    // And as text, the position is the member's value.
    let text = request.to_string();
    let report = validate_json(Some(op), &text, &Options::default()).unwrap();
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "aliyun/tag-shape")
        .unwrap();
    let col = d.column.unwrap() as usize;
    assert!(text[col - 1..].starts_with('1'), "{text} at column {col}");
}

/// cli_bytes, selector 0x08 (no operation, `.yaml`): YAML that ends inside a mapping, on a line
/// of spaces without a final line break. The scanner put the error on line 9 of an 8-line file
/// (so the human format showed no source line); the position is now the end of the text.
#[test]
fn yaml_error_at_end_of_input_is_inside_the_text() {
    let bytes = data("cli_bytes", "yaml-error-at-end-of-input");
    invariants::cli_bytes(&bytes);
    let text = std::str::from_utf8(&bytes[1..]).unwrap();
    assert!(text.ends_with("\n    "));
    let report = lblint::validate_yaml(None, text, &Options::default()).unwrap();
    let d = &report.diagnostics[0];
    assert_eq!(d.rule, "lblint/syntax");
    assert_eq!((d.line, d.column), (Some(8), Some(5)));
}

/// lenient: `-0` is the integer 0 to the lenient parser and the float -0.0 to serde_json; equal
/// numbers, which the differential check now treats as such.
#[test]
fn lenient_negative_zero_is_zero() {
    let bytes = data("lenient", "negative-zero");
    assert_eq!(bytes, b"-0");
    invariants::lenient(&bytes);
    let v = lblint::scan::parse_lenient("-0").unwrap().value;
    assert_eq!(v.as_f64(), Some(0.0));
}

/// cli_bytes, selector 0x08 (no operation, `.yaml`): a double-quoted YAML scalar holding 80 lone
/// CRs. YAML counts a lone CR as a line break (YAML 1.2 §5.4), so the next key is on line 85
/// for the YAML scanner and on line 5 for an LF-only count: YAML positions follow YAML's line
/// breaks (the target had counted LF only). Not a bug; the position is the key's value.
#[test]
fn yaml_positions_count_lone_carriage_returns_as_line_breaks() {
    let bytes = data("cli_bytes", "yaml-lone-carriage-returns");
    invariants::cli_bytes(&bytes);
    let text = std::str::from_utf8(&bytes[1..]).unwrap();
    assert_eq!(text.matches('\r').count(), 80);
    let report = lblint::validate_yaml(None, text, &Options::default()).unwrap();
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "aliyun/unknown-parameter" && d.path.starts_with("/fullDescription"))
        .expect("the misspelt key is reported");
    assert_eq!((d.line, d.column), (Some(85), Some(33)));
    let yaml_lines: Vec<&str> = text.split(['\r', '\n']).collect();
    assert!(yaml_lines[84][32..].starts_with("\"prod\""));
}

/// cli_bytes, selector 0x10 (no operation, standard input): `%{` and a final lone CR, read as
/// YAML. The scanner reports the end of input at line 2, column 1 (after the CR, a YAML line
/// break); the clamp of `yaml_error_at_end_of_input_is_inside_the_text` counted lines by LF only,
/// saw line 2 as past the end and moved the error to line 1, column 4, past the end of `%{`.
/// `? ` is a mapping whose key and value are both implied and empty; the parser placed that
/// empty node on line 2 of a one-line file, so `/null`'s warning pointed past the end. Node
/// positions are now clamped into the text like error positions.
#[test]
fn yaml_implied_empty_node_at_end_of_input_is_inside_the_text() {
    let bytes = data("cli_bytes", "yaml-empty-complex-key");
    assert_eq!(bytes, b":? ");
    invariants::cli_bytes(&bytes);
    let report = lblint::validate_yaml(
        Some(Operation::HuaweiCreateMasterSlavePool),
        "? ",
        &Options::default(),
    )
    .unwrap();
    assert!(!report.diagnostics.is_empty());
    for d in &report.diagnostics {
        assert_eq!(d.line, Some(1), "{d}");
        assert!(d.column.is_some_and(|c| (1..=3).contains(&c)), "{d}");
    }
}

/// Lines are now counted as YAML counts them.
#[test]
fn yaml_error_after_a_final_carriage_return_is_inside_the_line() {
    let bytes = data("cli_bytes", "yaml-error-after-final-cr");
    assert_eq!(bytes, b"\x10%{\r");
    invariants::cli_bytes(&bytes);
    let report = lblint::validate_yaml(None, "%{\r", &Options::default()).unwrap();
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.rule.as_ref(), d.line, d.column),
        ("lblint/syntax", Some(2), Some(1))
    );
}

/// cli_bytes, selector 0x17 (CreateMasterSlavePool, `.json` by content): `": ޡLޡ1`, an
/// unterminated string with two 2-byte characters. serde_json's error column counts bytes
/// (9); lblint's columns count characters, so the syntax error is now at column 7, the last
/// character, not past the end of the line.
#[test]
fn json_syntax_error_columns_count_characters() {
    let bytes = data("cli_bytes", "json-error-column-in-characters");
    invariants::cli_bytes(&bytes);
    let text = std::str::from_utf8(&bytes[1..]).unwrap();
    assert_eq!((text.len(), text.chars().count()), (9, 7));
    let report = validate_json(
        Some(Operation::HuaweiCreateMasterSlavePool),
        text,
        &Options::default(),
    )
    .unwrap();
    let d = &report.diagnostics[0];
    assert_eq!(
        (d.rule.as_ref(), d.line, d.column),
        ("lblint/syntax", Some(1), Some(7))
    );
    // After a BOM, on a later line, a multi-byte character counts one column, as in ASCII.
    let column = |text: &str| {
        let report = validate_json(None, text, &Options::default()).unwrap();
        (report.diagnostics[0].line, report.diagnostics[0].column)
    };
    assert_eq!(
        column("\u{feff}{\n\"\u{e9}\": tru}"),
        column("{\n\"e\": tru}")
    );
    assert_eq!(column("{\"\u{e9}\u{e9}\": tru}"), column("{\"ee\": tru}"));
}
