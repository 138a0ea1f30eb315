//! The one path every request takes: text or value → operation → rules → positions → report.

use serde::Serialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::engine::{self, Options};
use crate::operation::{Operation, Provider, UnknownOperation};
use crate::parse;
use crate::rule;
use crate::scan;

/// The most diagnostics one request reports; past it, one `lblint/too-many-diagnostics` note.
pub const MAX_DIAGNOSTICS: usize = 1000;

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
        id: "lblint/too-many-diagnostics",
        severity: Severity::Info,
        code: "*",
        summary: "More than 1000 diagnostics in one request; the rest are not shown.",
    },
];

/// Validates a request value as an operation. No line or column is known.
pub fn validate_value(op: Operation, value: &Value, opts: &Options) -> Report {
    finish(op, value, &[], opts, None)
}

/// Validates a request value, inferring the operation from its content when `op` is `None`.
pub fn validate_value_auto(
    op: Option<Operation>,
    value: &Value,
    opts: &Options,
) -> Result<Report, Error> {
    let op = op
        .or_else(|| Operation::detect(value))
        .ok_or(Error::CannotInferOperation)?;
    Ok(validate_value(op, value, opts))
}

/// Validates JSON request text. Syntax errors become diagnostics; line and column are filled in.
/// Fails only when the operation is neither given nor recognisable.
pub fn validate_json(op: Option<Operation>, text: &str, opts: &Options) -> Result<Report, Error> {
    match parse::parse_json(text) {
        Ok(parsed) => {
            let op = op
                .or_else(|| Operation::detect(&parsed.value))
                .ok_or(Error::CannotInferOperation)?;
            Ok(finish(
                op,
                &parsed.value,
                &parsed.duplicates,
                opts,
                Some(&|paths: &[&str]| locate_json(text, paths)),
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
    scan::locate(text, paths)
        .into_iter()
        .map(|o| o.map(|off| scan::line_col(text, off)))
        .collect()
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

/// [`finish`] with suppressions that came from outside the request (YAML comments), each with the
/// pointer of the comment's place.
pub fn finish_with(
    op: Operation,
    value: &Value,
    duplicates: &[String],
    extra_ignores: &[(String, String)],
    opts: &Options,
    locate: Option<Locator<'_>>,
) -> Report {
    let generic = op.generic_code();
    let mut diags = Vec::new();
    // `$schema` (for editors) and the suppression list are not request parameters.
    let mut ignores: Vec<(String, String)> = extra_ignores.to_vec();
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
    diags.extend(engine::run(op, value, opts));
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
        diags.retain(|d| match ignores.iter().position(|(id, _)| *id == d.rule) {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        });
        for ((id, path), used) in ignores.iter().zip(used) {
            if !used {
                diags.push(Diagnostic::new(
                    generic,
                    "lblint/suppression",
                    Severity::Warning,
                    path.clone(),
                    format!("the suppression of `{id}` is unused: that rule reports nothing here"),
                ));
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
    if let Some(locate) = locate {
        let paths: Vec<&str> = report.diagnostics.iter().map(|d| d.path.as_str()).collect();
        let positions = locate(&paths);
        for (d, pos) in report.diagnostics.iter_mut().zip(positions) {
            if let Some((l, c)) = pos {
                d.line = Some(l);
                d.column = Some(c);
            }
        }
    }
    report.sort();
    report
}

fn read_ignores(
    list: &Value,
    generic: &'static str,
    ignores: &mut Vec<(String, String)>,
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
            Some(id) if rule::find(id).is_some() || BUILTINS.iter().any(|b| b.id == id) => {
                ignores.push((id.to_owned(), p))
            }
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
