//! Organisation policies: a team's own JSON Schemas (e.g. names must match `^prod-`, ports limited
//! to a set), applied with the `jsonschema` crate on top of the provider rules. Native only.
//!
//! ```
//! use lblint::policy::Policy;
//! use serde_json::json;
//!
//! let policy = Policy::from_value(
//!     "prod.schema.json",
//!     json!({"properties": {"pool": {"properties": {"name": {"pattern": "^prod-"}}}}}),
//! )
//! .unwrap();
//! let diags = policy.check(&json!({"pool": {"name": "test-pool"}}));
//! assert_eq!(diags[0].code, "POLICY");
//! assert_eq!(diags[0].path, "/pool/name");
//! assert_eq!(diags[0].rule, "/properties/pool/properties/name/pattern");
//! ```

use std::sync::Arc;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Severity};

/// The code of every policy diagnostic.
pub const CODE: &str = "POLICY";

/// A compiled policy schema.
#[derive(Clone)]
pub struct Policy {
    name: String,
    validator: Arc<jsonschema::Validator>,
}

impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Policy").field("name", &self.name).finish()
    }
}

impl PartialEq for Policy {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && Arc::ptr_eq(&self.validator, &other.validator)
    }
}

/// A policy schema that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid policy {name}: {message}")]
pub struct PolicyError {
    /// The policy's name (its file).
    pub name: String,
    /// What is wrong.
    pub message: String,
}

impl Policy {
    /// Compiles a policy from JSON text. `name` (usually the file path) appears in messages.
    pub fn from_json(name: &str, text: &str) -> Result<Policy, PolicyError> {
        let value: Value = serde_json::from_str(text).map_err(|e| PolicyError {
            name: name.to_owned(),
            message: format!("not valid JSON: {e}"),
        })?;
        Policy::from_value(name, value)
    }

    /// Compiles a policy schema. The schema is meta-validated first, and formats are asserted.
    pub fn from_value(name: &str, schema: Value) -> Result<Policy, PolicyError> {
        let err = |message: String| PolicyError {
            name: name.to_owned(),
            message,
        };
        if !(schema.is_object() || schema.is_boolean()) {
            return Err(err(
                "a JSON Schema must be an object or a boolean".to_owned()
            ));
        }
        if let Err(e) = jsonschema::meta::validate(&schema) {
            return Err(err(format!(
                "not a valid JSON Schema: {e} (at {})",
                e.instance_path().as_str()
            )));
        }
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .map_err(|e| err(e.to_string()))?;
        Ok(Policy {
            name: name.to_owned(),
            validator: Arc::new(validator),
        })
    }

    /// The policy's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every violation as a diagnostic: code `POLICY`, rule = the schema keyword location, path =
    /// the instance path.
    pub fn check(&self, request: &Value) -> Vec<Diagnostic> {
        self.validator
            .iter_errors(request)
            .map(|e| {
                let keyword = e.schema_path().as_str().to_owned();
                Diagnostic::new(
                    CODE,
                    if keyword.is_empty() {
                        "/".to_owned()
                    } else {
                        keyword
                    },
                    Severity::Error,
                    e.instance_path().as_str().to_owned(),
                    format!("policy {}: {e}", self.name),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_broken_policy_is_a_clear_error() {
        let e = Policy::from_value("p.json", json!({"type": "strin"})).unwrap_err();
        assert!(e.to_string().contains("p.json"), "{e}");
        assert!(Policy::from_json("p.json", "{").is_err());
        assert!(Policy::from_value("p.json", json!(5)).is_err());
    }

    #[test]
    fn violations_carry_paths_and_keyword_locations() {
        let p = Policy::from_value(
            "ports.json",
            json!({"properties": {"member": {"properties": {"protocol_port": {"enum": [80, 443]}}}}}),
        )
        .unwrap();
        assert!(p
            .check(&json!({"member": {"protocol_port": 443}}))
            .is_empty());
        let d = p.check(&json!({"member": {"protocol_port": 8080}}));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "/member/protocol_port");
        assert_eq!(
            d[0].rule,
            "/properties/member/properties/protocol_port/enum"
        );
    }
}
