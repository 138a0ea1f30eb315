//! The invariants the fuzz targets check, shared with the regression tests
//! (`tests/fuzz_regressions.rs` includes this file), so a crashing input is replayed through
//! exactly the path that found it. Every function panics when an invariant does not hold.

#![allow(dead_code)]

use lblint::render::{self, check_bytes, Checked};
use lblint::scan::{locate, parse_lenient, parse_lenient_spans};
use lblint::{validate_json, validate_value, Context, Edition, Operation, Options, Report};
use serde_json::Value;

const HUAWEI_CONTEXT: &str = include_str!("../../examples/contexts/huawei-dedicated-udp.json");
const ALIYUN_CONTEXT: &str = include_str!("../../examples/contexts/aliyun-shared-instance.json");

/// Options chosen by a selector: no context or one of the example contexts, and an edition.
pub fn options(sel: u8) -> Options {
    let context = match sel % 3 {
        0 => Context::default(),
        1 => Context::from_json(HUAWEI_CONTEXT).expect("example context"),
        _ => Context::from_json(ALIYUN_CONTEXT).expect("example context"),
    };
    let mut opts = Options::with_context(context);
    opts.edition = Edition::ALL[(sel / 3 % 3) as usize];
    opts
}

/// The operation chosen by a selector: none (inferred from the content) or one of the three.
pub fn operation(sel: u8) -> Option<Operation> {
    match sel % 4 {
        0 => None,
        n => Some(Operation::ALL[n as usize - 1]),
    }
}

/// Raw bytes through the CLI's input path. The first byte chooses the operation (bits 0-1), the
/// file name and so how the syntax is detected (bits 2-3: standard input, `.json`, `.yaml`) and
/// the options (bits 4-7); the rest is the file. Every output format is rendered; the JSON and
/// SARIF output must parse back and count every diagnostic.
pub fn cli_bytes(data: &[u8]) {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let op = operation(sel);
    let name = match (sel >> 2) & 3 {
        0 | 3 => "<stdin>",
        1 => "request.json",
        _ => "request.yaml",
    };
    let opts = options(sel >> 4);
    let (text, result) = check_bytes(name, bytes, op, &opts);
    let (text2, result2) = check_bytes(name, bytes, op, &opts);
    assert_eq!(text, text2, "the decoded text differs between two runs");
    assert_eq!(result, result2, "the report differs between two runs");
    if let Ok(report) = &result {
        // YAML counts lines as YAML does (a lone CR is a line break too, YAML 1.2 §5.4), JSON
        // and undecodable bytes by LF only.
        let yaml = std::str::from_utf8(bytes).is_ok()
            && render::detect_syntax(name, &text) == render::Syntax::Yaml;
        check_positions(&text, report, yaml);
        check_report_json(report);
        // JSON the strict parser reads without a duplicated name: each finding is placed from
        // the parsed value, where the pass over the text would have placed it (a syntax
        // diagnostic, such as bytes that are not UTF-8, has the decoder's position).
        let plain = render::detect_syntax(name, &text) == render::Syntax::Json
            && lblint::parse::parse_json(&text).is_ok_and(|p| p.duplicates.is_empty());
        let found = report
            .diagnostics
            .iter()
            .filter(|d| d.rule != "lblint/syntax");
        for d in found.filter(|_| plain) {
            check_placed_as_the_pass(&text, d);
        }
    }
    let n = result.as_ref().map_or(0, |r| r.diagnostics.len());
    // A file whose operation cannot be inferred is a message, like an unreadable file.
    let messages = 1 + usize::from(result.is_err());
    let checked = vec![
        Checked {
            name: name.to_owned(),
            text,
            result: result.map_err(|e| format!("{name}: {e}")),
            skipped: false,
        },
        Checked {
            name: "unreadable, \"file\"\n".to_owned(),
            text: String::new(),
            result: Err("cannot read: 50% of it".to_owned()),
            skipped: false,
        },
    ];
    let human = render::human(&checked);
    assert!(human.ends_with('\n'));
    let github = render::github(&checked);
    assert_eq!(
        github.lines().count(),
        n + messages,
        "one workflow command per diagnostic and per message"
    );
    let json: Value = serde_json::from_str(&render::json(&checked)).expect("--format json parses");
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(n));
    let sarif: Value =
        serde_json::from_str(&render::sarif(&checked)).expect("--format sarif parses");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(n)
    );
}

/// Every line and column lies in the text (1-based; the column may be one past the line's end).
/// Lines end at LF; with `yaml`, at CR LF, CR or LF, as YAML's line breaks do.
pub fn check_positions(text: &str, report: &Report, yaml: bool) {
    let lines: Vec<&str> = if yaml {
        text.split("\r\n")
            .flat_map(|l| l.split(['\r', '\n']))
            .collect()
    } else {
        text.split('\n').collect()
    };
    for d in &report.diagnostics {
        let (Some(l), Some(c)) = (d.line, d.column) else {
            assert!(d.column.is_none(), "a column without a line: {d:?}");
            continue;
        };
        assert!(l >= 1 && c >= 1, "positions are 1-based: {d:?}");
        let line = lines
            .get(l as usize - 1)
            .unwrap_or_else(|| panic!("line {l} is past the end ({} lines): {d:?}", lines.len()));
        assert!(
            c as usize <= line.chars().count() + 1,
            "column {c} is past the end of line {l} ({} characters): {d:?}",
            line.chars().count()
        );
    }
}

/// `serde_json::to_string(&report)` parses back, with every diagnostic.
pub fn check_report_json(report: &Report) {
    let text = serde_json::to_string(report).expect("a report serializes");
    let back: Value = serde_json::from_str(&text).expect("a serialized report parses back");
    assert_eq!(
        back["diagnostics"].as_array().map(Vec::len),
        Some(report.diagnostics.len())
    );
}

/// A structured request value: validation is deterministic, every diagnostic's path resolves in
/// the request (see [`resolves`]), the report serializes, and the same request as JSON text gives
/// the same diagnostics, each with a position.
pub fn check_request(op: Operation, value: &Value, opts: &Options) {
    let report = validate_value(op, value, opts);
    assert_eq!(
        report,
        validate_value(op, value, opts),
        "validation is not deterministic"
    );
    for d in &report.diagnostics {
        assert!(
            resolves(value, &d.path),
            "the path of {} does not resolve: {:?}\nrequest: {value}",
            d.rule,
            d.path
        );
    }
    check_report_json(&report);
    let text = serde_json::to_string_pretty(value).expect("a value serializes");
    let from_text = validate_json(Some(op), &text, opts).expect("the operation is given");
    let key = |r: &Report| {
        let mut v: Vec<(String, String, String)> = r
            .diagnostics
            .iter()
            .map(|d| (d.rule.to_string(), d.path.clone(), d.message.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        key(&report),
        key(&from_text),
        "the request as a value and as text give different diagnostics\nrequest: {text}"
    );
    check_positions(&text, &from_text, false);
    for d in &from_text.diagnostics {
        assert!(d.line.is_some(), "no position for {d:?}\nrequest: {text}");
        // Placed from the parsed value (no name is duplicated here).
        check_placed_as_the_pass(&text, d);
    }
}

/// A finding of a JSON text is where the pass over the text places its pointer.
fn check_placed_as_the_pass(text: &str, d: &lblint::Diagnostic) {
    let pass = lblint::validate::locate_json(text, &[&d.path])[0];
    assert_eq!(
        (d.line, d.column),
        (pass.map(|p| p.0), pass.map(|p| p.1)),
        "placed elsewhere than the pass places it: {d:?}\nrequest: {text}"
    );
}

/// Whether a diagnostic's path resolves in the request: the root always does; otherwise the
/// pointer, or (for a missing field) its parent, resolves with `Value::pointer` — for Alibaba's
/// `MasterSlaveBackendServers` given as text, in the array the text parses to.
pub fn resolves(value: &Value, path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    let parent = &path[..path.rfind('/').unwrap_or(0)];
    [path, parent].iter().any(|p| resolves_exactly(value, p))
}

fn resolves_exactly(value: &Value, path: &str) -> bool {
    if value.pointer(path).is_some() {
        return true;
    }
    const SERVERS: &str = "/MasterSlaveBackendServers";
    match (path.strip_prefix(SERVERS), value.pointer(SERVERS)) {
        (Some(rest), Some(Value::String(text))) if rest.starts_with('/') => {
            parse_lenient(text).is_ok_and(|l| l.value.to_serde().pointer(rest).is_some())
        }
        _ => false,
    }
}

/// Every pointer of a value (the root first), with `~` and `/` escaped.
pub fn pointers(value: &Value) -> Vec<String> {
    fn walk(v: &Value, at: &mut String, out: &mut Vec<String>) {
        out.push(at.clone());
        let len = at.len();
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    at.push('/');
                    at.push_str(&i.to_string());
                    walk(item, at, out);
                    at.truncate(len);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    at.push('/');
                    at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                    walk(item, at, out);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut String::new(), &mut out);
    out
}

/// Equal JSON values, where floating-point numbers may differ in the last bit: serde_json
/// (without its `float_roundtrip` feature) is not correctly rounded for long mantissas (it reads
/// `5555555555555555555555555555` as 5.555555555555555e27), the lenient parser is (`str::parse`);
/// and `-0` is the float -0.0 to serde_json, the integer 0 to the lenient parser (equal numbers:
/// no rule tells them apart, both are out of every documented range).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x != y => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) if x.is_finite() && y.is_finite() => {
                (x - y).abs() <= f64::EPSILON * 4.0 * x.abs().max(y.abs())
            }
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn longest_array(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(longest_array).max().unwrap_or(0).max(a.len()),
        Value::Object(m) => m.values().map(longest_array).max().unwrap_or(0),
        _ => 0,
    }
}

/// Alibaba's lenient server-text parser: it never panics; with and without spans it gives the
/// same value; `locate` finds every pointer of the parsed value, at the offset the parser
/// recorded (when no key is duplicated), and inside the text as a request's string value too;
/// what `serde_json` accepts, it accepts with the same value (arrays of at most
/// `MAX_CHECKED_ELEMENTS`: past that it stores `null`).
pub fn lenient(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let parsed = parse_lenient(text);
    let strict = serde_json::from_str::<Value>(text);
    let Ok(parsed) = parsed else {
        let _ = locate(text, &["", "/0", "/0/Port"]);
        assert!(
            strict.is_err(),
            "serde_json accepts what the lenient parser rejects: {:?}",
            parsed.err()
        );
        return;
    };
    let spans = parse_lenient_spans(text).expect("parse_lenient accepted the text");
    assert_eq!(parsed.value, spans.value, "spans change the parsed value");
    assert_eq!(parsed.duplicates, spans.duplicates);
    if let Ok(v) = strict {
        if longest_array(&v) <= lblint::limits::MAX_CHECKED_ELEMENTS {
            assert!(
                same_json(&v, &parsed.value.to_serde()),
                "serde_json reads the text differently: {v} against {}",
                parsed.value
            );
        }
    }
    let ptrs = pointers(&parsed.value.to_serde());
    let refs: Vec<&str> = ptrs.iter().map(String::as_str).collect();
    let found = locate(text, &refs);
    for (p, at) in refs.iter().zip(&found) {
        let at = at.unwrap_or_else(|| panic!("locate does not find {p:?}"));
        if parsed.duplicates.is_empty() {
            if let Some(&span) = spans.spans.get(*p) {
                assert_eq!(at, span, "locate and the parser disagree on {p:?}");
            }
        }
    }
    let wrapped = serde_json::json!({ "MasterSlaveBackendServers": text }).to_string();
    let inner: Vec<String> = ptrs
        .iter()
        .map(|p| format!("/MasterSlaveBackendServers{p}"))
        .collect();
    let refs: Vec<&str> = inner.iter().map(String::as_str).collect();
    for (p, at) in refs.iter().zip(locate(&wrapped, &refs)) {
        let at = at.unwrap_or_else(|| panic!("locate does not find {p:?} in the request"));
        assert!(at < wrapped.len(), "{p:?} located past the end");
    }
}
