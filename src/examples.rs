//! Rule examples: each rule's passing and failing request, built by patching its operation's base
//! example. `lblint explain` prints them and the test suite runs every one of them.

use serde_json::Value;

use crate::context::Context;
use crate::engine::{self, Options};
use crate::operation::Operation;
use crate::pointer;
use crate::providers;
use crate::rule::{Example, Patch, Rule};

/// Builds an example's request and options for an operation.
///
/// # Panics
/// Never for the examples in the registry (a test checks every one); an example whose patch or
/// context is not valid JSON panics with a message naming it, since it is a bug in the registry.
pub fn build(op: Operation, example: &Example) -> (Value, Options) {
    let mut value: Value =
        serde_json::from_str(providers::base_example(op)).expect("base example is JSON");
    for p in example.patch {
        apply(&mut value, p);
    }
    let context = if example.context.is_empty() {
        Context::default()
    } else {
        Context::from_json(example.context).expect("example context is valid")
    };
    let opts = Options {
        context,
        edition: example.edition.unwrap_or_default(),
        ..Options::default()
    };
    (value, opts)
}

/// Applies one patch to a value.
pub fn apply(value: &mut Value, patch: &Patch) {
    match patch {
        Patch::Set(ptr, json) => {
            let new: Value = serde_json::from_str(json).expect("patch value is JSON");
            let segs = pointer::split(ptr).expect("patch pointer");
            if segs.is_empty() {
                *value = new;
                return;
            }
            let mut cur = value;
            for (i, seg) in segs.iter().enumerate() {
                let last = i + 1 == segs.len();
                cur = match cur {
                    Value::Array(items) => {
                        let idx: usize = seg.parse().expect("array index");
                        if idx >= items.len() {
                            items.resize(idx + 1, Value::Object(Default::default()));
                        }
                        &mut items[idx]
                    }
                    other => {
                        if !other.is_object() {
                            *other = Value::Object(Default::default());
                        }
                        let map = other.as_object_mut().expect("object");
                        map.entry(seg.clone()).or_insert(Value::Null)
                    }
                };
                if last {
                    *cur = new;
                    return;
                }
            }
        }
        Patch::Remove(ptr) => {
            let (parent, key) = pointer::parent_and_key(ptr);
            match value.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&*crate::pointer::unescape(key));
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = key.parse::<usize>() {
                        if i < items.len() {
                            items.remove(i);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Runs a rule's examples: the passing one must produce no diagnostic of the rule and no error at
/// all; the failing one must produce a diagnostic of the rule with its code and severity.
/// Returns a description of the first problem.
pub fn verify(rule: &Rule) -> Result<(), String> {
    for &op in rule.operations.iter().take(1) {
        let (req, opts) = build(op, &rule.pass);
        let diags = engine::run(op, &req.clone().into(), &opts);
        if let Some(d) = diags.iter().find(|d| d.rule == rule.id || d.is_error()) {
            return Err(format!(
                "{}: the passing example of {} produced {d}\nrequest: {req}",
                rule.id,
                op.id()
            ));
        }
        let (req, opts) = build(op, &rule.fail);
        let diags = engine::run(op, &req.clone().into(), &opts);
        match diags.iter().find(|d| d.rule == rule.id) {
            Some(d) if d.code == rule.code && d.severity == rule.severity => {}
            Some(d) => return Err(format!("{}: failing example produced {d}", rule.id)),
            None => {
                return Err(format!(
                    "{}: the failing example of {} was not reported; got {diags:?}\nrequest: {req}",
                    rule.id,
                    op.id()
                ))
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule;

    #[test]
    fn every_base_example_is_valid() {
        for op in Operation::ALL {
            let (req, opts) = build(op, &Example::patch(&[]));
            let diags = engine::run(op, &req.clone().into(), &opts);
            assert!(!diags.iter().any(|d| d.is_error()), "{op}: {diags:?}");
        }
    }

    #[test]
    fn every_rule_is_registered_once_and_documented() {
        let mut ids = std::collections::HashSet::new();
        for r in rule::all() {
            assert!(ids.insert(r.id), "duplicate rule id {}", r.id);
            assert!(!r.summary.is_empty() && !r.why.is_empty(), "{}", r.id);
            assert!(!r.source.quote.is_empty(), "{}", r.id);
            assert!(!r.operations.is_empty(), "{}", r.id);
        }
    }

    #[test]
    fn patches_set_and_remove() {
        let mut v = serde_json::json!({"a": [{"b": 1}]});
        apply(&mut v, &Patch::Set("/a/1/c", "2"));
        apply(&mut v, &Patch::Remove("/a/0/b"));
        assert_eq!(v, serde_json::json!({"a": [{}, {"c": 2}]}));
    }
}
