//! The one path every request takes: text or value → operation → rules → positions → report.

use crate::value::Value;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::engine::{self, Options};
use crate::operation::{Operation, Provider, UnknownOperation};
use crate::parse;
use crate::rule;
use crate::scan;

/// The most diagnostics one request reports; past it, one `lblint/too-many-diagnostics` note.
pub const MAX_DIAGNOSTICS: usize = crate::limits::MAX_DIAGNOSTICS;

/// The top-level key that lists rule ids to suppress in a JSON request file.
pub const IGNORE_KEY: &str = "x-lblint-ignore";

/// Why a request could not be validated at all (as opposed to being invalid).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The operation was neither given nor recognisable from the content.
    #[error("cannot infer the operation from the content; pass it with --operation (one of aliyun.slb.CreateMasterSlaveServerGroup, huaweicloud.elb.v3.CreateMasterSlavePool, huaweicloud.elb.v3.CreateMember)")]
    CannotInferOperation,
    /// An operation id lblint does not know.
    #[error(transparent)]
    UnknownOperation(#[from] UnknownOperation),
}

/// Input-level diagnostics that are not rules over a request's content.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Builtin {
    /// Rule id.
    pub id: &'static str,
    /// Severity.
    pub severity: Severity,
    /// Code emitted (`*` means the operation's generic code).
    pub code: &'static str,
    /// What it reports.
    pub summary: &'static str,
}

/// The input-level diagnostics.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        id: "lblint/syntax",
        severity: Severity::Error,
        code: "InvalidParameter / ELB.8902 / ELB.0002 / InvalidJSON",
        summary: "The file is not valid JSON (or YAML): the provider cannot read it. An empty Huawei body is ELB.0002; without a known operation the code is InvalidJSON.",
    },
    Builtin {
        id: "lblint/duplicate-key",
        severity: Severity::Warning,
        code: "*",
        summary: "An object has the same key twice; lblint reads the last one, the provider may read either.",
    },
    Builtin {
        id: "lblint/suppression",
        severity: Severity::Warning,
        code: "*",
        summary: "A suppression (`x-lblint-ignore`) is malformed, names an unknown rule, or suppresses nothing.",
    },
    Builtin {
        id: "lblint/unchecked-elements",
        severity: Severity::Info,
        code: "*",
        summary: "An array has more than 1000 elements; its length is checked, only its first 1000 elements are.",
    },
    Builtin {
        id: "lblint/too-many-diagnostics",
        severity: Severity::Info,
        code: "*",
        summary: "More than 1000 diagnostics in one request; the rest are not shown.",
    },
];

/// Validates a request value as an operation. No line or column is known.
pub fn validate_value(op: Operation, value: &serde_json::Value, opts: &Options) -> Report {
    finish(op, &Value::from(value), &[], opts, None)
}

/// Validates a request value, inferring the operation from its content when `op` is `None`.
pub fn validate_value_auto(
    op: Option<Operation>,
    value: &serde_json::Value,
    opts: &Options,
) -> Result<Report, Error> {
    let op = op
        .or_else(|| Operation::detect(value))
        .ok_or(Error::CannotInferOperation)?;
    Ok(validate_value(op, value, opts))
}

/// Validates JSON request text as the operation with this id (for example
/// `huaweicloud.elb.v3.CreateMember`); see [`validate_json`].
///
/// ```
/// use lblint::{validate_str, Options};
///
/// let report = validate_str(
///     "huaweicloud.elb.v3.CreateMember",
///     r#"{"member": {"address": "10.0.0.5", "protocol_port": 70000}}"#,
///     &Options::default(),
/// ).unwrap();
/// assert_eq!(report.errors().next().unwrap().path, "/member/protocol_port");
/// assert_eq!(report.errors().next().unwrap().line, Some(1));
/// assert!(validate_str("aws.elb.CreatePool", "{}", &Options::default()).is_err());
/// ```
///
/// # Errors
/// [`Error::UnknownOperation`] when the id is not one of [`Operation::ALL`].
pub fn validate_str(operation: &str, text: &str, opts: &Options) -> Result<Report, Error> {
    let op: Operation = operation.parse()?;
    validate_json(Some(op), text, opts)
}

/// Validates JSON request text. Syntax errors become diagnostics; line and column are filled in.
/// Fails only when the operation is neither given nor recognisable.
pub fn validate_json(op: Option<Operation>, text: &str, opts: &Options) -> Result<Report, Error> {
    match parse::parse_json(text) {
        Ok(parsed) => {
            let op = op
                .or_else(|| Operation::detect_value(&parsed.value))
                .ok_or(Error::CannotInferOperation)?;
            // Without duplicated names, most values are placed from the parsed value itself.
            let from_value = |paths: &[&str]| {
                let found = crate::locate::locate_parsed(text, &parsed.value, paths);
                scan::line_cols_found(text, &found)
            };
            let from_text = |paths: &[&str]| locate_json(text, paths);
            let locate: Locator<'_> = if parsed.duplicates.is_empty() {
                &from_value
            } else {
                &from_text
            };
            Ok(finish(
                op,
                &parsed.value,
                &parsed.duplicates,
                opts,
                Some(locate),
            ))
        }
        Err(e) => Ok(syntax_report(op, text, &e.message, e.line, e.column)),
    }
}

/// A report holding one syntax diagnostic.
pub fn syntax_report(
    op: Option<Operation>,
    text: &str,
    message: &str,
    line: u32,
    column: u32,
) -> Report {
    let code = match op {
        Some(op) if op.provider() == Provider::HuaweiCloud && text.trim().is_empty() => "ELB.0002",
        Some(op) => op.generic_code(),
        None => "InvalidJSON",
    };
    let mut d = Diagnostic::new(
        code,
        "lblint/syntax",
        Severity::Error,
        "",
        format!("the request is not valid: {message}"),
    );
    d.line = Some(line);
    d.column = Some(column);
    Report {
        operation: op,
        diagnostics: vec![d],
    }
}

/// Resolves pointers to (line, column) in JSON text.
pub fn locate_json(text: &str, paths: &[&str]) -> Vec<Option<(u32, u32)>> {
    scan::line_cols_found(text, &scan::locate(text, paths))
}

/// A function that turns pointers into positions in the source.
pub type Locator<'a> = &'a dyn Fn(&[&str]) -> Vec<Option<(u32, u32)>>;

/// Runs the rules, applies suppressions and the cap, positions and sorts the diagnostics.
pub fn finish(
    op: Operation,
    value: &Value,
    duplicates: &[String],
    opts: &Options,
    locate: Option<Locator<'_>>,
) -> Report {
    finish_with(op, value, duplicates, &[], opts, locate)
}

/// [`finish`] with file-wide suppressions that came from outside the request, each with the
/// pointer of the comment's place.
pub fn finish_with(
    op: Operation,
    value: &Value,
    duplicates: &[String],
    extra_ignores: &[(String, String)],
    opts: &Options,
    locate: Option<Locator<'_>>,
) -> Report {
    let suppressions: Vec<Suppression> = extra_ignores
        .iter()
        .map(|(rule, path)| Suppression {
            rule: rule.clone(),
            path: path.clone(),
            position: None,
            scope: Scope::File,
        })
        .collect();
    finish_suppressed(op, value, duplicates, &suppressions, opts, locate)
}

/// What a suppression covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every diagnostic of the rule in the file.
    File,
    /// Diagnostics of the rule at this JSON Pointer or below it.
    Node(String),
    /// Nothing (a comment with no node after it): always reported as unused.
    Nothing,
}

impl Scope {
    /// Whether a diagnostic at `path` is covered.
    pub fn covers(&self, path: &str) -> bool {
        match self {
            Scope::File => true,
            Scope::Node(p) => {
                path == p || (path.starts_with(p.as_str()) && path[p.len()..].starts_with('/'))
            }
            Scope::Nothing => false,
        }
    }
}

/// A suppression of one rule, from the request (`x-lblint-ignore`) or from outside it (a YAML
/// comment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule id it suppresses.
    pub rule: String,
    /// The pointer reported when the suppression is unused.
    pub path: String,
    /// Where the suppression is written (1-based line and column), when it is not at `path`.
    pub position: Option<(u32, u32)>,
    /// What it covers.
    pub scope: Scope,
}

/// [`finish`] with suppressions from outside the request, each with its scope and place.
pub fn finish_suppressed(
    op: Operation,
    value: &Value,
    duplicates: &[String],
    extra: &[Suppression],
    opts: &Options,
    locate: Option<Locator<'_>>,
) -> Report {
    let generic = op.generic_code();
    let mut diags = Vec::new();
    // `$schema` (for editors) and the suppression list are not request parameters.
    let mut ignores: Vec<Suppression> = Vec::new();
    for s in extra {
        if is_rule_id(&s.rule) {
            ignores.push(s.clone());
            continue;
        }
        let mut d = Diagnostic::new(
            generic,
            "lblint/suppression",
            Severity::Warning,
            s.path.clone(),
            if s.rule.is_empty() {
                "the suppression names no rule id".to_owned()
            } else {
                format!("`{}` is not a rule id (see `lblint rules`)", s.rule)
            },
        );
        if let Some((l, c)) = s.position {
            d.line = Some(l);
            d.column = Some(c);
        }
        diags.push(d);
    }
    let stripped;
    let value = match value.as_object() {
        Some(map) if map.contains_key("$schema") || map.contains_key(IGNORE_KEY) => {
            let mut map = map.clone();
            map.remove("$schema");
            if let Some(list) = map.remove(IGNORE_KEY) {
                read_ignores(&list, generic, &mut ignores, &mut diags);
            }
            stripped = Value::Object(map);
            &stripped
        }
        _ => value,
    };
    let found = engine::run(op, value, opts);
    // (Moved, not copied, when no suppression reported first.)
    if diags.is_empty() {
        diags = found;
    } else {
        diags.extend(found);
    }
    for d in duplicates {
        diags.push(Diagnostic::new(
            generic,
            "lblint/duplicate-key",
            Severity::Warning,
            d.clone(),
            format!(
                "`{}` appears more than once in the same object; lblint reads the last one, the provider may read either",
                engine::field_name(d)
            ),
        ));
    }
    if !ignores.is_empty() {
        let mut used = vec![false; ignores.len()];
        diags.retain(|d| {
            match ignores
                .iter()
                .position(|s| s.rule == d.rule && s.scope.covers(&d.path))
            {
                Some(i) => {
                    used[i] = true;
                    false
                }
                None => true,
            }
        });
        for (s, used) in ignores.iter().zip(used) {
            if !used {
                let mut d = Diagnostic::new(
                    generic,
                    "lblint/suppression",
                    Severity::Warning,
                    s.path.clone(),
                    match s.scope {
                        Scope::Nothing => format!(
                            "the suppression of `{}` is unused: no node follows the comment",
                            s.rule
                        ),
                        _ => format!(
                            "the suppression of `{}` is unused: that rule reports nothing here",
                            s.rule
                        ),
                    },
                );
                if let Some((l, c)) = s.position {
                    d.line = Some(l);
                    d.column = Some(c);
                }
                diags.push(d);
            }
        }
    }
    // The input-level rules obey `disabled` and severity overrides like the registry's rules
    // (which the engine already handled).
    if !opts.disabled.is_empty() {
        diags.retain(|d| d.rule == "lblint/syntax" || !opts.disabled.contains(d.rule.as_ref()));
    }
    if !opts.severity.is_empty() {
        for d in &mut diags {
            if d.rule.starts_with("lblint/") {
                if let Some(s) = opts.severity.get(d.rule.as_ref()) {
                    d.severity = *s;
                }
            }
        }
    }
    let mut report = Report {
        operation: Some(op),
        diagnostics: diags,
    };
    if report.diagnostics.len() > MAX_DIAGNOSTICS {
        report.sort();
        let dropped = report.diagnostics.len() - MAX_DIAGNOSTICS;
        report.diagnostics.truncate(MAX_DIAGNOSTICS);
        report.diagnostics.push(Diagnostic::new(
            generic,
            "lblint/too-many-diagnostics",
            Severity::Info,
            "",
            format!("{dropped} more diagnostics are not shown"),
        ));
    }
    // A clean request has nothing to place (the call cost about 120 instructions, 2% of a
    // valid member request, by callgrind).
    if let Some(locate) = locate.filter(|_| !report.diagnostics.is_empty()) {
        let paths: Vec<&str> = report.diagnostics.iter().map(|d| d.path.as_str()).collect();
        let positions = locate(&paths);
        for (d, pos) in report.diagnostics.iter_mut().zip(positions) {
            if let (Some((l, c)), None) = (pos, d.line) {
                d.line = Some(l);
                d.column = Some(c);
            }
        }
    }
    report.sort();
    report
}

/// Whether `id` names a rule of the registry or an input-level rule.
pub fn is_rule_id(id: &str) -> bool {
    rule::find(id).is_some() || BUILTINS.iter().any(|b| b.id == id)
}

fn read_ignores(
    list: &Value,
    generic: &'static str,
    ignores: &mut Vec<Suppression>,
    diags: &mut Vec<Diagnostic>,
) {
    let path = format!("/{IGNORE_KEY}");
    let Some(items) = list.as_array() else {
        diags.push(Diagnostic::new(
            generic,
            "lblint/suppression",
            Severity::Warning,
            path,
            format!("`{IGNORE_KEY}` must be an array of rule ids"),
        ));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let p = format!("{path}/{i}");
        match item.as_str() {
            Some(id) if is_rule_id(id) => ignores.push(Suppression {
                rule: id.to_owned(),
                path: p,
                position: None,
                scope: Scope::File,
            }),
            Some(id) => diags.push(Diagnostic::new(
                generic,
                "lblint/suppression",
                Severity::Warning,
                p,
                format!("`{id}` is not a rule id (see `lblint rules`)"),
            )),
            None => diags.push(Diagnostic::new(
                generic,
                "lblint/suppression",
                Severity::Warning,
                p,
                "a suppression must be a rule id string",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_request_is_not_located_and_a_finding_is() {
        let op = Operation::HuaweiCreateMember;
        let calls = std::cell::Cell::new(0);
        let locate = |paths: &[&str]| {
            calls.set(calls.get() + 1);
            vec![Some((1, 1)); paths.len()]
        };
        let clean = crate::parse::parse_json(
            r#"{"member": {"address": "10.0.0.5", "protocol_port": 80, "subnet_cidr_id": "c09f620e-3492-4429-ac15-445d5dd9ca74"}}"#,
        )
        .unwrap();
        let report = finish(op, &clean.value, &[], &Options::default(), Some(&locate));
        assert!(report.diagnostics.is_empty(), "{report}");
        assert_eq!(calls.get(), 0);
        let bad =
            crate::parse::parse_json(r#"{"member": {"address": "10.0.0.5", "protocol_port": 0}}"#)
                .unwrap();
        let report = finish(op, &bad.value, &[], &Options::default(), Some(&locate));
        assert!(!report.diagnostics.is_empty());
        assert_eq!(calls.get(), 1);
        assert!(report.diagnostics.iter().all(|d| d.line == Some(1)));
    }
}
