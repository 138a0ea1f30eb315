//! Output formats of `lblint check`.

use serde_json::{json, Value};

use lblint::{Diagnostic, Severity};

use crate::Checked;

/// Counts of a run.
#[derive(Default)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn summarize(checked: &[Checked]) -> Summary {
    let mut s = Summary {
        files: checked.len(),
        ..Summary::default()
    };
    for c in checked {
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
        plural(s.files, "file"),
    ));
    out
}

fn diagnostic(out: &mut String, file: &str, text: &str, d: &Diagnostic) {
    let (line, col) = (d.line.unwrap_or(1), d.column.unwrap_or(1));
    out.push_str(&format!(
        "{file}:{line}:{col}: {}[{}]: {}\n",
        d.severity, d.code, d.message
    ));
    if let Some(src) = text.lines().nth(line.saturating_sub(1) as usize) {
        let src = src.trim_end_matches('\r');
        let width = line.to_string().len();
        let chars: Vec<char> = src.chars().collect();
        let col0 = (col.saturating_sub(1) as usize).min(chars.len());
        // Long lines (an Alibaba server list on one line) are shown as a window around the value.
        let start = if col0 > 60 { col0 - 40 } else { 0 };
        let end = chars.len().min(start + 120);
        let mut shown: String = chars[start..end].iter().collect();
        let mut pad: String = chars[start..col0]
            .iter()
            .map(|&c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        if start > 0 {
            shown.insert(0, '…');
            pad.insert(0, ' ');
        }
        if end < chars.len() {
            shown.push('…');
        }
        let len = token_len(src, col0).clamp(1, end.saturating_sub(col0).max(1));
        out.push_str(&format!("{:width$} |\n", ""));
        out.push_str(&format!("{line} | {shown}\n"));
        out.push_str(&format!("{:width$} | {pad}{}\n", "", "^".repeat(len)));
    }
    let path = if d.path.is_empty() { "/" } else { &d.path };
    out.push_str(&format!("  = rule: {} (at {path})\n", d.rule));
    if let Some(h) = &d.help {
        out.push_str(&format!("  = help: {h}\n"));
    }
    out.push('\n');
}

/// The length in characters of the JSON token starting at character `col0` of a line.
fn token_len(line: &str, col0: usize) -> usize {
    let chars: Vec<char> = line.chars().skip(col0).collect();
    match chars.first() {
        Some('"') | Some('\'') => {
            let q = chars[0];
            let mut i = 1;
            while i < chars.len() {
                if chars[i] == '\\' {
                    i += 2;
                    continue;
                }
                if chars[i] == q {
                    return i + 1;
                }
                i += 1;
            }
            chars.len()
        }
        Some('{') | Some('[') | None => 1,
        Some(_) => chars
            .iter()
            .take_while(|c| !matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\'' | '"' | '\\'))
            .count(),
    }
}
