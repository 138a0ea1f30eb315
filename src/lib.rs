//! # lblint
//!
//! Lints cloud load-balancer API requests before they are sent, and reports exactly what the
//! provider's API would reject, with the provider's own error code.
//!
//! ```
//! use lblint::{validate_json, Operation, Options};
//!
//! let text = r#"{"RegionId": "cn-hangzhou", "LoadBalancerId": "lb-1",
//!   "MasterSlaveBackendServers": "[{'ServerId':'i-a','Port':'80','ServerType':'Master'},{'ServerId':'i-b','Port':'80','ServerType':'Master'}]"}"#;
//! let report = validate_json(None, text, &Options::default()).unwrap();
//! assert_eq!(report.operation, Some(Operation::AliyunCreateMasterSlaveServerGroup));
//! assert!(report.has_code("BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE"));
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Generates one `#[test]` per rule that runs the rule's passing and failing examples. Name each
/// test after the documented sentence the rule encodes.
#[cfg(test)]
macro_rules! rule_tests {
    ($($name:ident => $rule:path),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                if let Err(e) = $crate::examples::verify(&$rule) {
                    panic!("{e}");
                }
            }
        )*
    };
}

pub mod catalogue;
pub mod context;
pub mod diagnostic;
pub mod engine;
pub mod examples;
pub mod operation;
pub mod parse;
pub mod pointer;
#[cfg(feature = "policy")]
pub mod policy;
pub mod providers;
pub mod rule;
pub mod scan;
pub mod schema;
pub mod validate;
pub mod validators;
#[cfg(feature = "wasm")]
pub mod wasm;

pub use context::{Context, Edition};
pub use diagnostic::{Diagnostic, Report, Severity};
pub use engine::Options;
pub use operation::Operation;
pub use validate::{validate_json, validate_value, validate_value_auto, Error};
