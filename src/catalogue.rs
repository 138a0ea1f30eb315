//! The rule catalogue as text: the README's rules table, `lblint rules` and `lblint explain`.

use serde_json::{json, Value};

#[cfg(not(target_arch = "wasm32"))]
use crate::examples;
use crate::operation::Operation;
use crate::rule::{self, Rule};
use crate::validate::BUILTINS;

/// One rule as JSON (the `lblint rules --format json` element and the wasm `rules()` element).
pub fn rule_json(r: &Rule) -> Value {
    json!({
        "id": r.id,
        "operations": r.operations.iter().map(|o| o.id()).collect::<Vec<_>>(),
        "code": r.code,
        "severity": r.severity,
        "summary": r.summary,
        "why": r.why,
        "source": {"doc": r.source.doc, "quote": r.source.quote},
    })
}

/// The whole catalogue as JSON: rules, input-level diagnostics and known unchecked codes.
pub fn json() -> Value {
    json!({
        "rules": rule::all().map(rule_json).collect::<Vec<_>>(),
        "builtins": BUILTINS,
        "known_codes": rule::known_codes(),
    })
}

fn short_ops(r: &Rule) -> String {
    r.operations
        .iter()
        .map(|o| o.id().rsplit('.').next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rules as human-readable lines (`lblint rules`).
pub fn human() -> String {
    let mut out = String::new();
    for op in Operation::ALL {
        out.push_str(&format!("{}  ({})\n", op.id(), op.title()));
        let idw = rule::for_operation(op)
            .map(|r| r.id.len())
            .max()
            .unwrap_or(0);
        let codew = rule::for_operation(op)
            .map(|r| r.code.len())
            .max()
            .unwrap_or(0);
        for r in rule::for_operation(op) {
            out.push_str(&format!(
                "  {:<idw$} {:<8} {:<codew$} {}\n",
                r.id,
                r.severity.as_str(),
                r.code,
                r.summary
            ));
        }
        out.push('\n');
    }
    out.push_str("input-level diagnostics\n");
    for b in BUILTINS {
        out.push_str(&format!(
            "  {:<44} {:<8} {}\n",
            b.id,
            b.severity.as_str(),
            b.summary
        ));
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The README's rules table (Markdown).
pub fn markdown() -> String {
    let mut out = String::from("| rule | operations | code | severity | what it checks | source |\n|---|---|---|---|---|---|\n");
    for r in rule::all() {
        out.push_str(&format!(
            "| `{}` | {} | `{}` | {} | {} | {} |\n",
            r.id,
            short_ops(r),
            r.code,
            r.severity.as_str(),
            cell(r.summary),
            cell(r.source.doc)
        ));
    }
    for b in BUILTINS {
        out.push_str(&format!(
            "| `{}` | all | {} | {} | {} | lblint |\n",
            b.id,
            cell(b.code),
            b.severity.as_str(),
            cell(b.summary)
        ));
    }
    out.push_str("\nDocumented codes that need the provider's live state (listed by `lblint explain CODE`, not checked):\n\n");
    for k in rule::known_codes() {
        out.push_str(&format!(
            "- `{}` ({}): {}\n",
            k.code,
            k.operation.id(),
            cell(k.note)
        ));
    }
    out
}

/// A rule's full documentation (`lblint explain RULE`).
#[cfg(not(target_arch = "wasm32"))]
pub fn explain(r: &Rule) -> String {
    let op = r.operations[0];
    let render = |ex: &rule::Example| {
        let (req, opts) = examples::build(op, ex);
        let mut s = serde_json::to_string_pretty(&req).unwrap_or_default();
        if !opts.context.is_empty() {
            s.push_str(&format!(
                "\n  with context: {}",
                serde_json::to_string(&opts.context).unwrap_or_default()
            ));
        }
        if ex.edition.is_some() {
            s.push_str(&format!("\n  with --edition {}", opts.edition));
        }
        s
    };
    format!(
        "{id}  [{sev}, code {code}]\n\n{summary}\n\nWhy: {why}\n\nOperations: {ops}\nSource ({doc}): \"{quote}\"\n\nPasses:\n{pass}\n\nFails:\n{fail}\n",
        id = r.id,
        sev = r.severity,
        code = r.code,
        summary = r.summary,
        why = r.why,
        ops = r.operations.iter().map(|o| o.id()).collect::<Vec<_>>().join(", "),
        doc = r.source.doc,
        quote = r.source.quote,
        pass = render(&r.pass),
        fail = render(&r.fail),
    )
}

/// Documentation for a rule id or a provider code; `None` when neither is known.
#[cfg(not(target_arch = "wasm32"))]
pub fn explain_query(q: &str) -> Option<String> {
    if let Some(r) = rule::find(q) {
        return Some(explain(r));
    }
    if let Some(b) = BUILTINS.iter().find(|b| b.id == q) {
        return Some(format!(
            "{}  [{}, code {}]\n\n{}\n",
            b.id, b.severity, b.code, b.summary
        ));
    }
    let rules = rule::by_code(q);
    let known: Vec<_> = rule::known_codes().iter().filter(|k| k.code == q).collect();
    if rules.is_empty() && known.is_empty() {
        return None;
    }
    let mut out = String::new();
    if !rules.is_empty() {
        out.push_str(&format!("{} rule(s) emit {q}:\n\n", rules.len()));
        for r in &rules {
            out.push_str(&format!(
                "  {:<44} {:<8} {}\n",
                r.id,
                r.severity.as_str(),
                r.summary
            ));
        }
        if rules.len() == 1 {
            out.push('\n');
            out.push_str(&explain(rules[0]));
        } else {
            out.push_str("\nRun `lblint explain RULE` for one of them.\n");
        }
    }
    for k in known {
        out.push_str(&format!(
            "{code} ({op}): \"{msg}\"\nNot checked before the call: {note}.\n",
            code = k.code,
            op = k.operation.id(),
            msg = k.message,
            note = k.note
        ));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explains_rules_codes_and_known_codes() {
        assert!(explain_query("aliyun/servers-count")
            .unwrap()
            .contains("BACKEND_SERVERS_NUM_MUST_BE_TWO"));
        assert!(explain_query("RealServerPortNotSupport")
            .unwrap()
            .contains("aliyun/server-port-range"));
        assert!(explain_query("Mismatched.ZoneId")
            .unwrap()
            .contains("Not checked"));
        assert!(explain_query("lblint/syntax").is_some());
        assert!(explain_query("nope").is_none());
    }

    #[test]
    fn tables_list_every_rule() {
        let md = markdown();
        let h = human();
        for r in rule::all() {
            assert!(md.contains(&format!("`{}`", r.id)));
            assert!(h.contains(r.id));
        }
        assert_eq!(
            json()["rules"].as_array().unwrap().len(),
            rule::all().count()
        );
    }
}
