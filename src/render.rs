//! The `lblint check` input path and output formats, as pure functions: how a file's bytes are
//! read ([`check_bytes`]: UTF-8, JSON or YAML by [`detect_syntax`], validation) and how the
//! outcomes are printed ([`human`], [`json`](fn@json), [`sarif`], [`github`]). The binary calls them; the
//! fuzz targets (`fuzz/`) drive the same path. Behind the `cli` feature.

use serde_json::{json, Value};

use std::path::Path;

use crate::validate::BUILTINS;
use crate::{rule, Diagnostic, Operation, Options, Report, Severity};

/// One input file's outcome.
pub struct Checked {
    /// The name shown in output.
    pub name: String,
    /// The source text (lossless for valid UTF-8), which the human format shows lines of. Empty
    /// when [`check_bytes`] found nothing to show it for.
    pub text: String,
    /// The report, or a usage problem (exit 2).
    pub result: Result<Report, String>,
    /// Not a request (with `--skip-unrecognized`): no diagnostics, not counted.
    pub skipped: bool,
}

/// The syntax of a request file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// By extension; otherwise JSON when the text starts with `{` or `[` (after white space and a
/// byte-order mark), else YAML.
pub fn detect_syntax(name: &str, text: &str) -> Syntax {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("json") => Syntax::Json,
        Some("yaml" | "yml") => Syntax::Yaml,
        _ => {
            let t = text.trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace());
            if t.starts_with('{') || t.starts_with('[') {
                Syntax::Json
            } else {
                Syntax::Yaml
            }
        }
    }
}

/// Decodes and validates one file's bytes: its text (empty when the report has no diagnostic to
/// show lines of) and its report.
pub fn check_bytes(
    name: &str,
    bytes: &[u8],
    op: Option<Operation>,
    opts: &Options,
) -> (String, Result<Report, crate::Error>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let result = match detect_syntax(name, text) {
                Syntax::Json => crate::validate_json(op, text, opts),
                Syntax::Yaml => crate::validate_yaml(op, text, opts),
            };
            // The text is kept for the lines the diagnostics show, not for every file until the
            // run's output.
            let shown = matches!(&result, Ok(r) if !r.diagnostics.is_empty());
            (
                if shown {
                    text.to_owned()
                } else {
                    String::new()
                },
                result,
            )
        }
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(bytes).into_owned();
            let before = String::from_utf8_lossy(valid);
            let line = before.matches('\n').count() as u32 + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
            let report = crate::validate::syntax_report(
                op,
                &text,
                &format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.valid_up_to()
                ),
                line,
                column,
            );
            (text, Ok(report))
        }
    }
}

/// Counts of a run.
#[derive(Default)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    skipped: usize,
}

fn summarize(checked: &[Checked]) -> Summary {
    let mut s = Summary {
        files: checked.len(),
        ..Summary::default()
    };
    for c in checked {
        if c.skipped {
            s.skipped += 1;
        }
        if let Ok(r) = &c.result {
            for d in &r.diagnostics {
                match d.severity {
                    Severity::Error => s.errors += 1,
                    Severity::Warning => s.warnings += 1,
                    Severity::Info => s.infos += 1,
                }
            }
        }
    }
    s
}

/// The JSON contract: one document, diagnostics in file order then position order.
pub fn json(checked: &[Checked]) -> String {
    let mut diags = Vec::new();
    for c in checked {
        let Ok(r) = &c.result else { continue };
        for d in &r.diagnostics {
            diags.push(json!({
                "file": c.name,
                "operation": r.operation.map(|o| o.id()),
                "code": d.code,
                "rule": d.rule,
                "severity": d.severity,
                "path": d.path,
                "message": d.message,
                "help": d.help,
                "line": d.line,
                "column": d.column,
            }));
        }
    }
    let s = summarize(checked);
    let doc = json!({
        "diagnostics": diags,
        "summary": {
            "files": s.files,
            "errors": s.errors,
            "warnings": s.warnings,
            "infos": s.infos,
            "unreadable": checked.iter().filter(|c| c.result.is_err()).count(),
            "skipped": s.skipped,
        },
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| Value::Null.to_string());
    out.push('\n');
    out
}

/// The rustc-like human format.
pub fn human(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked {
        let Ok(r) = &c.result else { continue };
        for d in &r.diagnostics {
            diagnostic(&mut out, &c.name, &c.text, d);
        }
    }
    let s = summarize(checked);
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    out.push_str(&format!(
        "{}, {}{} in {}\n",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        if s.infos > 0 {
            format!(", {}", plural(s.infos, "note"))
        } else {
            String::new()
        },
        plural(s.files - s.skipped, "file"),
    ));
    if s.skipped > 0 {
        out.pop();
        out.push_str(&format!(
            " ({} not recognised as requests, skipped)\n",
            s.skipped
        ));
    }
    out
}

fn diagnostic(out: &mut String, file: &str, text: &str, d: &Diagnostic) {
    use std::fmt::Write as _;
    let (line, col) = (d.line.unwrap_or(1), d.column.unwrap_or(1));
    // Writing to a `String` cannot fail.
    let _ = writeln!(
        out,
        "{file}:{line}:{col}: {}[{}]: {}",
        d.severity, d.code, d.message
    );
    crate::diagnostic::write_snippet(out, text, line, col);
    let path = if d.path.is_empty() { "/" } else { &d.path };
    let _ = writeln!(out, "  = rule: {} (at {path})", d.rule);
    if let Some(h) = &d.help {
        let _ = writeln!(out, "  = help: {h}");
    }
    out.push('\n');
}

/// The SARIF level of a severity.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file name as a SARIF URI reference: forward slashes, and everything but unreserved
/// characters and `/` percent-encoded.
fn uri(name: &str) -> String {
    if name == "<stdin>" {
        return "stdin".to_owned();
    }
    let name = name.replace('\\', "/");
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every rule as a SARIF reportingDescriptor, and each id's index.
fn sarif_rules() -> (Vec<Value>, std::collections::HashMap<&'static str, usize>) {
    let mut rules = Vec::new();
    let mut index = std::collections::HashMap::new();
    for r in rule::all() {
        index.insert(r.id, rules.len());
        let ops: Vec<&str> = r.operations.iter().map(|o| o.id()).collect();
        rules.push(json!({
            "id": r.id,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.why},
            "help": {"text": format!("{}\n\nDocumented ({}): \"{}\"\n\nRun `lblint explain {}` for a passing and a failing example.", r.summary, r.source.doc, r.source.quote, r.id)},
            "defaultConfiguration": {"level": level(r.severity)},
            "properties": {"code": r.code, "operations": ops, "source": r.source.doc},
        }));
    }
    for b in BUILTINS {
        index.insert(b.id, rules.len());
        rules.push(json!({
            "id": b.id,
            "shortDescription": {"text": b.summary},
            "fullDescription": {"text": b.summary},
            "help": {"text": format!("{}\n\nRun `lblint explain {}`.", b.summary, b.id)},
            "defaultConfiguration": {"level": level(b.severity)},
            "properties": {"code": b.code},
        }));
    }
    (rules, index)
}

/// SARIF 2.1.0: one run, every rule of the registry, one result per diagnostic.
pub fn sarif(checked: &[Checked]) -> String {
    let (rules, index) = sarif_rules();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for c in checked {
        let r = match &c.result {
            Ok(r) => r,
            Err(msg) => {
                notifications.push(json!({
                    "level": "error",
                    "message": {"text": msg},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&c.name)}}}],
                }));
                continue;
            }
        };
        for d in &r.diagnostics {
            let mut region = serde_json::Map::new();
            if let Some(l) = d.line {
                region.insert("startLine".into(), json!(l));
                if let Some(col) = d.column {
                    region.insert("startColumn".into(), json!(col));
                }
            }
            let mut location = json!({"artifactLocation": {"uri": uri(&c.name)}});
            if !region.is_empty() {
                location["region"] = Value::Object(region);
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": format!("{}: {}", d.code, d.message)},
                "locations": [{
                    "physicalLocation": location,
                    "logicalLocations": [{"fullyQualifiedName": if d.path.is_empty() { "/" } else { &d.path }, "kind": "member"}],
                }],
                "properties": {
                    "code": d.code,
                    "path": d.path,
                    "operation": r.operation.map(|o| o.id()),
                },
            });
            if let Some(&i) = index.get(d.rule.as_ref()) {
                result["ruleIndex"] = json!(i);
            }
            if let Some(h) = &d.help {
                result["properties"]["help"] = json!(h);
            }
            results.push(result);
        }
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "lblint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| Value::Null.to_string());
    out.push('\n');
    out
}

/// Escapes a workflow command's message.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per diagnostic.
pub fn github(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked {
        let r = match &c.result {
            Ok(r) => r,
            Err(msg) => {
                out.push_str(&format!(
                    "::error file={}::{}\n",
                    gh_property(&c.name),
                    gh_data(msg)
                ));
                continue;
            }
        };
        for d in &r.diagnostics {
            let cmd = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("file={}", gh_property(&c.name));
            if let Some(l) = d.line {
                props.push_str(&format!(",line={l}"));
                if let Some(col) = d.column {
                    props.push_str(&format!(",col={col}"));
                }
            }
            props.push_str(&format!(
                ",title={}",
                gh_property(&format!("{} ({})", d.code, d.rule))
            ));
            let mut msg = d.message.clone();
            if let Some(h) = &d.help {
                msg.push_str(&format!("\nhelp: {h}"));
            }
            out.push_str(&format!("::{cmd} {props}::{}\n", gh_data(&msg)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(gh_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(gh_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(uri("dir/a b.json"), "dir/a%20b.json");
        assert_eq!(uri("C:\\x\\é.yaml"), "C%3A/x/%C3%A9.yaml");
        assert_eq!(uri("<stdin>"), "stdin");
    }
}
