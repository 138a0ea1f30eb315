//! The rule runner: pure functions of (request, context, edition), no I/O.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::context::{Context, Edition};
use crate::diagnostic::{Diagnostic, Severity};
use crate::operation::{Operation, Provider};
use crate::pointer;
use crate::rule::{self, Check, Rule};
use crate::validators::{self, Spec, Typing};

/// Everything that shapes a validation besides the request itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Facts about the environment.
    pub context: Context,
    /// Which edition of the Alibaba documentation to follow.
    pub edition: Edition,
    /// Rule ids that do not run.
    pub disabled: BTreeSet<String>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Organisation policies applied after the rules (feature `policy`).
    #[cfg(feature = "policy")]
    pub policies: Vec<crate::policy::Policy>,
}

impl Options {
    /// Options with a context.
    pub fn with_context(context: Context) -> Options {
        Options {
            context,
            ..Options::default()
        }
    }
}

/// What a rule sees, and where it reports.
pub struct Cx<'a> {
    /// The operation.
    pub op: Operation,
    /// The request as the user wrote it (after `$schema` and suppressions were removed).
    pub raw: &'a Value,
    /// The request as the rules read it: for Alibaba, `MasterSlaveBackendServers` given as JSON
    /// text is replaced by the parsed array (paths stay the same).
    pub req: &'a Value,
    /// Facts about the environment.
    pub context: &'a Context,
    /// The documentation edition.
    pub edition: Edition,
    rule: &'static Rule,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    /// How scalars are typed for this operation.
    pub fn typing(&self) -> Typing {
        match self.op.provider() {
            Provider::Aliyun => Typing::Lenient,
            Provider::HuaweiCloud => Typing::Strict,
        }
    }

    /// The rule being run.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    /// Reports a finding of the current rule at a JSON Pointer.
    pub fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.out.push(Diagnostic::new(
            self.rule.code,
            self.rule.id,
            self.rule.severity,
            path,
            message,
        ));
    }

    /// Reports a finding with a help text.
    pub fn report_help(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(
            self.rule.code,
            self.rule.id,
            self.rule.severity,
            path,
            message,
        );
        d.help = help;
        self.out.push(d);
    }

    /// Calls `f` for every value matching a pattern (see [`pointer::for_each_match`]).
    pub fn each(&self, pattern: &str, mut f: impl FnMut(&'a Value, &str)) {
        pointer::for_each_match(self.req, pattern, &mut f);
    }

    /// The value at a plain pointer in the read request.
    pub fn get(&self, ptr: &str) -> Option<&'a Value> {
        pointer::resolve(self.req, ptr).filter(|v| !v.is_null())
    }

    /// The string at a plain pointer, if it is a string.
    pub fn str_at(&self, ptr: &str) -> Option<&'a str> {
        self.get(ptr).and_then(Value::as_str)
    }

    /// Checks one value against a spec and reports a problem at `path`, naming the field.
    pub fn check_value(&mut self, path: &str, v: &Value, spec: &Spec) -> bool {
        if v.is_null() {
            return true;
        }
        match validators::check(spec, v, self.typing()) {
            None => true,
            Some((msg, help)) => {
                let name = field_name(path);
                self.report_help(path, format!("`{name}` {msg}"), help);
                false
            }
        }
    }
}

/// The last segment of a pointer, for messages (`/pool/members/0/role` → `role`; an array
/// element's index is shown with its parent, `members/0`).
pub fn field_name(path: &str) -> String {
    let segs: Vec<&str> = path.rsplitn(3, '/').collect();
    match segs.as_slice() {
        [last, parent, ..] if last.parse::<usize>().is_ok() => format!("{parent}/{last}"),
        [last, ..] if !last.is_empty() => last.replace("~1", "/").replace("~0", "~"),
        _ => "request".to_owned(),
    }
}

/// Runs every rule of `op` over a request value. `duplicates` are pointers of duplicated keys found
/// while parsing (reported by the caller). Diagnostics come back unsorted and without positions.
pub fn run(op: Operation, raw: &Value, opts: &Options) -> Vec<Diagnostic> {
    let prepared = crate::providers::prepare(op, raw);
    let req = prepared.as_ref().unwrap_or(raw);
    let mut out = Vec::new();
    // A missing or empty value is reported once, by its required rule: field rules do not repeat
    // it at the same pointer.
    let mut required_at = std::collections::HashSet::new();
    let mut field_ranges = Vec::new();
    for rule in rule::for_operation(op) {
        if opts.disabled.contains(rule.id) {
            continue;
        }
        let start = out.len();
        let mut cx = Cx {
            op,
            raw,
            req,
            context: &opts.context,
            edition: opts.edition,
            rule,
            out: &mut out,
        };
        match rule.check {
            Check::Field { at, spec } => {
                check_field(&mut cx, at, &spec);
                field_ranges.push(start..out.len());
            }
            Check::Required(patterns) => {
                check_required(&mut cx, patterns);
                required_at.extend(out[start..].iter().map(|d| d.path.clone()));
            }
            Check::Custom(f) => f(&mut cx),
        }
    }
    if !required_at.is_empty() {
        let mut drop = vec![false; out.len()];
        for r in field_ranges {
            for i in r {
                drop[i] = required_at.contains(&out[i].path);
            }
        }
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }
    if has_long_array(req, 0) {
        note_unchecked_elements(op, req, &mut String::new(), 0, &mut out);
    }
    #[cfg(feature = "policy")]
    for p in &opts.policies {
        out.extend(p.check(req));
    }
    if !opts.severity.is_empty() {
        for d in &mut out {
            if let Some(s) = opts.severity.get(d.rule.as_ref()) {
                d.severity = *s;
            }
        }
    }
    out
}

fn has_long_array(v: &Value, depth: usize) -> bool {
    let limit = crate::limits::MAX_CHECKED_ELEMENTS;
    if depth > crate::limits::MAX_DEPTH {
        return false;
    }
    match v {
        Value::Array(a) => {
            a.len() > limit || a.iter().take(limit).any(|x| has_long_array(x, depth + 1))
        }
        Value::Object(m) => m.values().any(|x| has_long_array(x, depth + 1)),
        _ => false,
    }
}

/// Says where an array is longer than the elements the rules check (see [`crate::limits`]).
fn note_unchecked_elements(
    op: Operation,
    v: &Value,
    path: &mut String,
    depth: usize,
    out: &mut Vec<Diagnostic>,
) {
    let limit = crate::limits::MAX_CHECKED_ELEMENTS;
    if depth > crate::limits::MAX_DEPTH {
        return;
    }
    let len = path.len();
    match v {
        Value::Array(items) => {
            if items.len() > limit {
                out.push(Diagnostic::new(
                    op.generic_code(),
                    "lblint/unchecked-elements",
                    Severity::Info,
                    path.clone(),
                    format!(
                        "this array has {} elements; only the first {limit} are checked",
                        items.len()
                    ),
                ));
            }
            for (i, item) in items.iter().enumerate().take(limit) {
                if item.is_object() || item.is_array() {
                    pointer::push(path, &pointer::Seg::Index(i));
                    note_unchecked_elements(op, item, path, depth + 1, out);
                    path.truncate(len);
                }
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                if item.is_object() || item.is_array() {
                    pointer::push(path, &pointer::Seg::Key(k));
                    note_unchecked_elements(op, item, path, depth + 1, out);
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
}

fn check_field(cx: &mut Cx<'_>, at: &str, spec: &Spec) {
    let typing = cx.typing();
    let mut failures: Vec<(String, String, Option<String>)> = Vec::new();
    pointer::for_each_match(cx.req, at, &mut |v, p| {
        if v.is_null() {
            return;
        }
        if let Some((msg, help)) = validators::check(spec, v, typing) {
            failures.push((p.to_owned(), msg, help));
        }
    });
    for (p, msg, help) in failures {
        let name = field_name(&p);
        cx.report_help(p, format!("`{name}` {msg}"), help);
    }
}

fn check_required(cx: &mut Cx<'_>, patterns: &[&str]) {
    let lenient = cx.typing() == Typing::Lenient;
    for pattern in patterns {
        let (parent, key) = pointer::parent_and_key(pattern);
        let mut missing: Vec<String> = Vec::new();
        cx.each(parent, |v, p| {
            if let Value::Object(map) = v {
                let absent = match map.get(key) {
                    None | Some(Value::Null) => true,
                    Some(Value::String(s)) => lenient && s.trim().is_empty(),
                    Some(_) => false,
                };
                if absent {
                    missing.push(pointer::join(p, [pointer::Seg::Key(key)]));
                }
            }
        });
        for p in missing {
            let what = if lenient {
                "is required and must not be empty"
            } else {
                "is required"
            };
            cx.report(p, format!("`{key}` {what}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_for_messages() {
        assert_eq!(field_name("/pool/members/0/role"), "role");
        assert_eq!(field_name("/pool/members/1"), "members/1");
        assert_eq!(field_name("/a~1b"), "a/b");
        assert_eq!(field_name(""), "request");
    }
}
