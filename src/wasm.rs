//! The WebAssembly exports behind the npm package in `pkg/` (feature `wasm`).
//!
//! Everything crosses the boundary as a string: the request and the context arrive as JSON text,
//! and every answer leaves as one JSON document that the JS glue (`pkg/index.js`) parses. That
//! keeps the boundary to one copy in each direction and lets the glue own the JS-facing types.
//!
//! Every export answers an *envelope*: `{"ok": ...}` on success, or
//! `{"error": {"kind": "operation" | "context" | "edition", "message": "..."}}` when the call
//! itself is wrong (an unknown operation, an invalid context). A request that is not valid never
//! produces an error envelope: its problems are diagnostics.
//!
//! The plain functions ([`validate_envelope`], [`operations_json`], [`catalogue_json`]) are the
//! logic and are tested natively; the `#[wasm_bindgen]` functions only forward to them.

use serde_json::{json, Value};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::catalogue;
use crate::context::{Context, Edition};
use crate::engine::Options;
use crate::operation::Operation;
use crate::validate::{self, Error};

/// How the request string passed to [`validate_envelope`] is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestForm {
    /// JSON text as the user wrote it: syntax errors and findings carry line and column.
    Text,
    /// A JS value serialised by `JSON.stringify`: findings carry no line or column.
    Value,
    /// The JS value could not be serialised (a cycle, a `BigInt`, too deep); the string is the
    /// reason, reported as a syntax diagnostic without position.
    Unserializable,
}

impl RequestForm {
    fn from_code(code: u8) -> RequestForm {
        match code {
            0 => RequestForm::Text,
            1 => RequestForm::Value,
            _ => RequestForm::Unserializable,
        }
    }
}

fn error_envelope(kind: &str, message: impl Into<String>) -> String {
    json!({"error": {"kind": kind, "message": message.into()}}).to_string()
}

fn ok_envelope(value: impl serde::Serialize) -> String {
    // Serialising a report or a catalogue cannot fail: every map key is a string.
    match serde_json::to_string(&value) {
        Ok(text) => format!("{{\"ok\":{text}}}"),
        Err(e) => error_envelope("internal", e.to_string()),
    }
}

/// Validates one request and answers the envelope with the report
/// (`{"operation", "diagnostics": [{code, rule, severity, path, message, help?, line?, column?}]}`).
///
/// - `operation`: an operation id, or empty to infer it from the content.
/// - `request`: the request, read as `form` says.
/// - `context`: the context as JSON text (the CLI's context file), or empty for none.
/// - `edition`: an Alibaba documentation edition name, or empty for the default.
pub fn validate_envelope(
    operation: &str,
    request: &str,
    form: RequestForm,
    context: &str,
    edition: &str,
) -> String {
    let op = if operation.is_empty() {
        None
    } else {
        match operation.parse::<Operation>() {
            Ok(op) => Some(op),
            Err(e) => return error_envelope("operation", e.to_string()),
        }
    };
    let mut opts = Options::default();
    if !context.trim().is_empty() {
        match Context::from_json(context) {
            Ok(c) => opts.context = c,
            Err(e) => return error_envelope("context", e.to_string()),
        }
    }
    if !edition.is_empty() {
        match edition.parse::<Edition>() {
            Ok(e) => opts.edition = e,
            Err(e) => return error_envelope("edition", e.to_string()),
        }
    }
    let report = match form {
        RequestForm::Text => validate::validate_json(op, request, &opts),
        RequestForm::Value => match serde_json::from_str::<Value>(request) {
            Ok(value) => validate::validate_value_auto(op, &value, &opts),
            Err(e) => Ok(unpositioned_syntax(op, &e.to_string())),
        },
        RequestForm::Unserializable => Ok(unpositioned_syntax(op, request)),
    };
    match report {
        Ok(report) => ok_envelope(report),
        Err(e @ Error::CannotInferOperation) => error_envelope(
            "operation",
            // The CLI's wording names its flag; here the caller passes the id as an argument.
            e.to_string()
                .replace("pass it with --operation", "pass the operation id"),
        ),
        Err(e) => error_envelope("operation", e.to_string()),
    }
}

/// A syntax report for a request that has no source text to point into.
fn unpositioned_syntax(op: Option<Operation>, message: &str) -> crate::Report {
    let mut report = validate::syntax_report(op, "", message, 1, 1);
    for d in &mut report.diagnostics {
        // `syntax_report` calls an empty Huawei body ELB.0002; an unreadable value is not empty.
        d.code = op
            .map(Operation::generic_code)
            .unwrap_or("InvalidJSON")
            .into();
        d.line = None;
        d.column = None;
    }
    report
}

/// The operations lblint knows, in catalogue order: `[{"id", "provider", "title"}]`.
pub fn operations_json() -> String {
    let ops: Vec<Value> = Operation::ALL
        .iter()
        .map(|op| json!({"id": op.id(), "provider": op.provider(), "title": op.title()}))
        .collect();
    ok_envelope(ops)
}

/// The rule catalogue (`lblint rules --format json`): `{"rules", "builtins", "known_codes"}`.
pub fn catalogue_json() -> String {
    ok_envelope(catalogue::json())
}

/// wasm export: [`validate_envelope`], with the request form as a number (0 text, 1 value,
/// 2 unserializable).
#[wasm_bindgen]
pub fn validate(operation: &str, request: &str, form: u8, context: &str, edition: &str) -> String {
    validate_envelope(
        operation,
        request,
        RequestForm::from_code(form),
        context,
        edition,
    )
}

/// wasm export: [`operations_json`].
#[wasm_bindgen]
pub fn operations() -> String {
    operations_json()
}

/// wasm export: [`catalogue_json`].
#[wasm_bindgen]
pub fn rules() -> String {
    catalogue_json()
}

/// wasm export for the package's own tests: panics, so that the tests can check that a trap
/// inside the module costs one call and not the module. Not part of the public JS API.
#[wasm_bindgen(js_name = "__selfTestPanic")]
pub fn self_test_panic() {
    panic!("lblint self-test panic");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(envelope: &str) -> Value {
        serde_json::from_str(envelope).unwrap()
    }

    const ALIYUN: &str = "aliyun.slb.CreateMasterSlaveServerGroup";

    #[test]
    fn text_requests_get_positions_and_value_requests_do_not() {
        let text = "{\n  \"RegionId\": \"cn-hangzhou\",\n  \"LoadBalancerId\": \"\"\n}";
        let with = parse(&validate_envelope(ALIYUN, text, RequestForm::Text, "", ""));
        let d = &with["ok"]["diagnostics"][0];
        assert_eq!(d["path"], "/LoadBalancerId");
        assert_eq!(d["line"], 3);
        let without = parse(&validate_envelope(ALIYUN, text, RequestForm::Value, "", ""));
        let d = &without["ok"]["diagnostics"][0];
        assert_eq!(d["path"], "/LoadBalancerId");
        assert!(d.get("line").is_none() && d.get("column").is_none(), "{d}");
        assert_eq!(without["ok"]["operation"], ALIYUN);
    }

    #[test]
    fn bad_json_is_a_diagnostic_not_an_error() {
        let r = parse(&validate_envelope(
            ALIYUN,
            "{\"a\":",
            RequestForm::Text,
            "",
            "",
        ));
        assert_eq!(r["ok"]["diagnostics"][0]["rule"], "lblint/syntax");
        assert_eq!(r["ok"]["diagnostics"][0]["code"], "InvalidParameter");
        let r = parse(&validate_envelope(
            "huaweicloud.elb.v3.CreateMember",
            "cyclic object value",
            RequestForm::Unserializable,
            "",
            "",
        ));
        let d = &r["ok"]["diagnostics"][0];
        assert_eq!(d["code"], "ELB.8902");
        assert!(d["message"].as_str().unwrap().contains("cyclic"));
        assert!(d.get("line").is_none());
    }

    #[test]
    fn unknown_operation_lists_the_valid_ids() {
        let r = parse(&validate_envelope("nope", "{}", RequestForm::Text, "", ""));
        assert_eq!(r["error"]["kind"], "operation");
        let m = r["error"]["message"].as_str().unwrap();
        for op in Operation::ALL {
            assert!(m.contains(op.id()), "{m}");
        }
        let r = parse(&validate_envelope(
            "",
            "{\"x\": 1}",
            RequestForm::Text,
            "",
            "",
        ));
        assert_eq!(r["error"]["kind"], "operation");
        assert!(!r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--operation"));
    }

    #[test]
    fn invalid_context_names_the_key() {
        let ctx = r#"{"listener": {"protocl": "TCP"}}"#;
        let r = parse(&validate_envelope(ALIYUN, "{}", RequestForm::Text, ctx, ""));
        assert_eq!(r["error"]["kind"], "context");
        assert!(r["error"]["message"].as_str().unwrap().contains("protocl"));
    }

    #[test]
    fn context_and_edition_shape_the_report() {
        let text = r#"{"RegionId": "r", "LoadBalancerId": "lb",
            "MasterSlaveBackendServers": [{"ServerId": "eni-1", "Type": "eni", "Port": 80, "Weight": 1, "ServerType": "Master"},
                                          {"ServerId": "eni-2", "Type": "eni", "Port": 80, "ServerType": "Slave"}]}"#;
        let ctx = r#"{"loadbalancer": {"edition": "shared"}}"#;
        let plain = parse(&validate_envelope(ALIYUN, text, RequestForm::Text, "", ""));
        let shared = parse(&validate_envelope(ALIYUN, text, RequestForm::Text, ctx, ""));
        let rules = |r: &Value| -> Vec<String> {
            r["ok"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap().to_owned())
                .collect()
        };
        assert!(!rules(&plain).contains(&"aliyun/eni-eci-needs-performance-instance".into()));
        assert!(rules(&shared).contains(&"aliyun/eni-eci-needs-performance-instance".into()));
        let v2024 = parse(&validate_envelope(
            ALIYUN,
            text,
            RequestForm::Text,
            "",
            "2024",
        ));
        assert!(rules(&v2024).contains(&"aliyun/server-weight-required".into()));
        let bad = parse(&validate_envelope(
            ALIYUN,
            text,
            RequestForm::Text,
            "",
            "1999",
        ));
        assert_eq!(bad["error"]["kind"], "edition");
    }

    #[test]
    fn operations_and_catalogue_come_from_the_registry() {
        let ops = parse(&operations_json());
        let ids: Vec<&str> = ops["ok"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, Operation::ALL.map(Operation::id));
        let cat = parse(&catalogue_json());
        assert_eq!(
            cat["ok"]["rules"].as_array().unwrap().len(),
            crate::rule::all().count()
        );
    }
}
