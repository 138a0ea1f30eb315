//! Diagnostics and reports: what a rule finds.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::operation::Operation;

/// How serious a finding is.
///
/// `Error` means the provider's API would reject the request; `Warning` means the documentation
/// disagrees with itself, only recommends, or the value will not take effect; `Info` is advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Advice only.
    Info,
    /// The request will probably be accepted, but something is off.
    Warning,
    /// The provider's API would reject the request.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finding in one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The error code the provider's API would return (for example `ELB.8902`).
    pub code: Cow<'static, str>,
    /// The project's own stable rule id (for example `elb/healthmonitor-delay`).
    pub rule: Cow<'static, str>,
    /// How serious the finding is.
    pub severity: Severity,
    /// JSON Pointer into the request as the user wrote it.
    pub path: String,
    /// What is wrong and what is allowed.
    pub message: String,
    /// A suggestion, for example "did you mean `LEAST_CONNECTIONS`?".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// 1-based line of the offending value in the source text, when the request came as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column (in characters) of the offending value, when the request came as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Diagnostic {
    /// A new diagnostic without position or help.
    pub fn new(
        code: impl Into<Cow<'static, str>>,
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            rule: rule.into(),
            severity,
            path: path.into(),
            message: message.into(),
            help: None,
            line: None,
            column: None,
        }
    }

    /// Adds a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some(l), Some(c)) = (self.line, self.column) {
            write!(f, "{l}:{c}: ")?;
        }
        write!(
            f,
            "{}[{}]: {} (at {}, rule {})",
            self.severity,
            self.code,
            self.message,
            if self.path.is_empty() {
                "/"
            } else {
                &self.path
            },
            self.rule
        )?;
        if let Some(h) = &self.help {
            write!(f, "; help: {h}")?;
        }
        Ok(())
    }
}

/// The source excerpt under a diagnostic, as rustc shows it: a gutter line, the source line (a
/// window of it for long lines, such as an Alibaba server list on one line) and a caret under the
/// value at `line`:`column`. Empty when the line does not exist. Shared by the CLI's human format
/// and the test assertions' failure messages.
pub fn snippet(text: &str, line: u32, column: u32) -> String {
    let mut out = String::new();
    write_snippet(&mut out, text, line, column);
    out
}

/// Appends [`snippet`] to `out` (the CLI renders thousands of these; this collects nothing).
pub fn write_snippet(out: &mut String, text: &str, line: u32, column: u32) {
    use std::fmt::Write as _;
    let Some(src) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return;
    };
    let src = src.trim_end_matches('\r');
    // Only the shown window is copied: a minified file is one line of any length. Columns
    // count characters; for an ASCII line they are byte offsets.
    let total = src.chars().count();
    let col0 = (column.saturating_sub(1) as usize).min(total);
    let start = if col0 > 60 { col0 - 40 } else { 0 };
    let end = total.min(start + 120);
    let byte = |n: usize| {
        if total == src.len() {
            n
        } else {
            src.char_indices().nth(n).map_or(src.len(), |(i, _)| i)
        }
    };
    let (b_start, b_col, b_end) = (byte(start), byte(col0), byte(end));
    let width = line.to_string().len();
    // Writing to a `String` cannot fail.
    let _ = write!(out, "{:width$} |\n{line} | ", "");
    if start > 0 {
        out.push('…');
    }
    out.push_str(&src[b_start..b_end]);
    if end < total {
        out.push('…');
    }
    let _ = write!(out, "\n{:width$} | ", "");
    if start > 0 {
        out.push(' ');
    }
    out.extend(
        src[b_start..b_col]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' }),
    );
    let len = token_len(&src[b_col..b_end]).clamp(1, end.saturating_sub(col0).max(1));
    out.extend(std::iter::repeat_n('^', len));
    out.push('\n');
}

/// The length in characters of the JSON (or YAML scalar) token at the start of `s`.
fn token_len(s: &str) -> usize {
    let mut chars = s.chars();
    match chars.next() {
        Some(q @ ('"' | '\'')) => {
            let mut n = 1;
            while let Some(c) = chars.next() {
                n += 1;
                if c == '\\' {
                    n += usize::from(chars.next().is_some());
                } else if c == q {
                    return n;
                }
            }
            n
        }
        Some('{' | '[') | None => 1,
        Some(_) => s
            .chars()
            .take_while(|c| !matches!(c, ',' | '}' | ']' | ' ' | '\t' | '\'' | '"' | '\\'))
            .count(),
    }
}

/// The result of validating one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The operation the request was validated as, when it was known or detected.
    pub operation: Option<Operation>,
    /// The findings, sorted by position, then rule id.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// True when no diagnostic has severity `error`.
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The diagnostics with severity `error`.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The diagnostics with severity `warning`.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// The highest severity present, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    /// Whether some diagnostic carries this provider code.
    pub fn has_code(&self, code: &str) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// Whether some diagnostic comes from this rule id.
    pub fn has_rule(&self, rule: &str) -> bool {
        self.diagnostics.iter().any(|d| d.rule == rule)
    }

    /// Sorts diagnostics into the stable order every front end uses: by line and column when
    /// known, then by path, then rule id, then message.
    pub fn sort(&mut self) {
        // Nothing to order or merge (a clean request's report).
        if self.diagnostics.len() < 2 {
            return;
        }
        self.diagnostics.sort_by(order);
        self.diagnostics.dedup();
    }
}

/// The order of [`Report::sort`]: by line and column (unknown last), path, rule id, message.
fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    let pa = (a.line.unwrap_or(u32::MAX), a.column.unwrap_or(u32::MAX));
    let pb = (b.line.unwrap_or(u32::MAX), b.column.unwrap_or(u32::MAX));
    pa.cmp(&pb)
        .then_with(|| a.path.cmp(&b.path))
        .then_with(|| a.rule.cmp(&b.rule))
        .then_with(|| a.message.cmp(&b.message))
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.diagnostics.is_empty() {
            return f.write_str("no diagnostics");
        }
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod snippet_tests {
    use super::snippet;

    #[test]
    fn carets_sit_under_the_whole_value() {
        let s = snippet("{\n  \"role\": \"Master\"\n}", 2, 11);
        assert_eq!(
            s,
            "  |\n2 |   \"role\": \"Master\"\n  |           ^^^^^^^^\n"
        );
        assert_eq!(snippet("x", 5, 1), "");
    }

    #[test]
    fn long_lines_show_a_window_around_the_value() {
        let line = format!("{}42{}", "a".repeat(100), "b".repeat(200));
        let s = snippet(&line, 1, 101);
        assert!(s.contains("…") && s.contains("^^"), "{s}");
    }
}

#[cfg(test)]
mod sort_tests {
    use super::*;

    /// The order every front end relies on: position first (unknown last), then path, rule id
    /// and message; duplicates are merged.
    #[test]
    fn reports_sort_by_position_path_rule_and_message_without_duplicates() {
        let d = |line: Option<u32>, path: &str, rule: &'static str, message: &str| {
            let mut d = Diagnostic::new("C", rule, Severity::Error, path, message);
            d.line = line;
            d.column = line;
            d
        };
        let mut report = Report {
            operation: None,
            diagnostics: vec![
                d(None, "/a", "r/a", "m"),
                d(Some(2), "/a", "r/a", "m"),
                d(Some(1), "/b", "r/a", "m"),
                d(Some(1), "/a", "r/b", "m"),
                d(Some(1), "/a", "r/a", "n"),
                d(Some(1), "/a", "r/a", "m"),
                d(Some(1), "/a", "r/a", "m"),
            ],
        };
        report.sort();
        let got: Vec<(Option<u32>, &str, &str, &str)> = report
            .diagnostics
            .iter()
            .map(|d| (d.line, d.path.as_str(), d.rule.as_ref(), d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some(1), "/a", "r/a", "m"),
                (Some(1), "/a", "r/a", "n"),
                (Some(1), "/a", "r/b", "m"),
                (Some(1), "/b", "r/a", "m"),
                (Some(2), "/a", "r/a", "m"),
                (None, "/a", "r/a", "m"),
            ]
        );
    }
}
