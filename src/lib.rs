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
//!
//! The operations ([`Operation`]):
//!
//! | operation id | request | typed model |
//! |---|---|---|
//! | `aliyun.slb.CreateMasterSlaveServerGroup` | the API's parameters as a JSON object | [`model::AliyunServerGroup`] |
//! | `huaweicloud.elb.v3.CreateMasterSlavePool` | `{"pool": {...}}` | [`model::PoolRequest`] |
//! | `huaweicloud.elb.v3.CreateMember` | `{"member": {...}}` | [`model::MemberRequest`] |
//!
//! ## CLI and CI users
//!
//! The `lblint` command (`lblint check FILE...`, `lblint rules`, `lblint explain`) is documented in
//! the crate's `README.md` (sections "Using the CLI" onwards): output formats, exit codes, the
//! context file, documentation editions, JSON Schemas and organisation policies. Install it with
//! `cargo install lblint` (the default features).
//!
//! ## `cargo test` users: builders and assertions
//!
//! Add lblint as a dev-dependency without the CLI (`lblint = { version = "0.1",
//! default-features = false }`), build requests with the [`model`] builders, and assert with the
//! [`testing`] macros. Every builder's defaults validate without errors; change one field to make
//! the request invalid:
//!
//! ```
//! use lblint::model::{MemberBuilder, PoolBuilder, ServerGroupBuilder};
//! use lblint::{assert_rejects, assert_valid, Context};
//!
//! assert_valid!(PoolBuilder::tcp().member("10.0.0.5", 80).member("10.0.0.6", 80).build());
//! // Two masters: the provider answers ELB.8902; name the path, or the rule id.
//! assert_rejects!(
//!     PoolBuilder::tcp().master("10.0.0.5", 80).master("10.0.0.6", 80).build(),
//!     "ELB.8902",
//!     "elb/members-roles"
//! );
//! assert_rejects!(
//!     ServerGroupBuilder::new().master("i-a", 80).slave("i-b", 70000).build(),
//!     "RealServerPortNotSupport",
//!     "/MasterSlaveBackendServers/1/Port"
//! );
//! // Rules that need facts about the environment take a context.
//! let ctx = Context::from_json(r#"{"subnets": {"sub-1": "10.0.0.0/24"}}"#).unwrap();
//! assert_rejects!(
//!     MemberBuilder::new("192.168.0.9", 80).subnet_cidr_id("sub-1").build(),
//!     context = ctx,
//!     "ELB.8902",
//!     "/member/address"
//! );
//! ```
//!
//! A failed assertion panics with the diagnostics in the CLI's human format. The models can hold
//! invalid requests (missing fields, out-of-range integers, wrong spellings, unknown fields, and
//! values of the wrong JSON type through [`model::RawEdits`]); see [`model`]. A model's
//! `validate(&context)` returns the same [`Report`] the CLI prints:
//!
//! ```
//! use lblint::model::PoolBuilder;
//! use lblint::Context;
//! use serde_json::json;
//!
//! let pool = PoolBuilder::tcp().set("/pool/members/0/protocol_port", json!("80")).build();
//! let report = pool.validate(&Context::default());
//! let d = report.errors().next().unwrap();
//! assert_eq!((d.code.as_ref(), d.path.as_str()), ("ELB.8902", "/pool/members/0/protocol_port"));
//! ```
//!
//! ## Untyped requests: a `serde_json::Value` or JSON text
//!
//! [`validate_value`] takes a value and an operation, [`validate_value_auto`] infers the
//! operation from the content, [`validate_json`] and [`validate_str`] take text (syntax errors
//! become diagnostics, and every diagnostic gets a line and column). [`Options`] carries the
//! [`Context`], the Alibaba documentation [`Edition`], disabled rules and severity overrides:
//!
//! ```
//! use lblint::{validate_str, validate_value, Context, Operation, Options};
//! use serde_json::json;
//!
//! let opts = Options::with_context(
//!     Context::from_json(r#"{"pool": {"any_port_enable": false}}"#).unwrap(),
//! );
//! let member = json!({"member": {"address": "10.0.0.5"}});
//! let report = validate_value(Operation::HuaweiCreateMember, &member, &opts);
//! assert!(report.has_rule("elb/member-protocol-port-required"));
//!
//! let report = validate_str(
//!     "huaweicloud.elb.v3.CreateMember",
//!     "{\"member\": {\"address\": \"10.0.0.5\",\n \"protocol_port\": \"80\"}}",
//!     &Options::default(),
//! ).unwrap();
//! let d = report.errors().next().unwrap();
//! assert_eq!((d.line, d.column), (Some(2), Some(19)));
//! ```
//!
//! ## The rule catalogue
//!
//! Every rule has a stable id, the provider code it emits, a severity, the documented sentence it
//! encodes, and a passing and a failing example: [`rule::all`], [`rule::find`],
//! [`rule::by_code`], [`rule::for_operation`].
//!
//! ```
//! let rule = lblint::rule::find("elb/members-roles").unwrap();
//! assert_eq!(rule.code, "ELB.8902");
//! assert!(lblint::rule::all().count() > 50);
//! assert!(lblint::rule::by_code("BACKEND_SERVERS_NUM_MUST_BE_TWO")
//!     .iter()
//!     .all(|r| r.id.starts_with("aliyun/")));
//! ```
//!
//! ## Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `cli` | yes | the `lblint` binary's argument parsing (`clap`), YAML, and [`render`]: the CLI's input path and output formats as functions (the fuzz targets use them) |
//! | `policy` | yes | organisation policies ([`Options`]`::policies`), a team's JSON Schemas applied with the `jsonschema` crate (native only) |
//! | `arbitrary` | no | `arbitrary::Arbitrary` for the typed models, for structure-aware fuzzing |
//! | `yaml` | with `cli` | YAML request files (`validate_yaml`) |
//! | `wasm` | no | the WebAssembly exports behind the npm package in `pkg/` (`wasm-bindgen`, pinned) |
//!
//! With `default-features = false` you get the engine, the rules, the typed models and builders,
//! and the [`testing`] assertions, with only `serde`, `serde_json`, `thiserror` and `ipnet` as
//! dependencies. The binary needs `cli` and `policy`.
//!
//! ## Minimum supported Rust version
//!
//! Rust 1.85 (`rust-version` in `Cargo.toml`), edition 2021.
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
#[cfg(not(target_arch = "wasm32"))]
pub mod examples;
mod hash;
pub mod limits;
mod locate;
pub mod model;
pub mod operation;
pub mod parse;
pub mod pointer;
#[cfg(feature = "policy")]
pub mod policy;
pub mod providers;
#[cfg(feature = "cli")]
pub mod render;
pub mod rule;
pub mod scan;
pub mod schema;
mod swar;
pub mod testing;
pub mod validate;
pub mod validators;
pub mod value;
#[cfg(feature = "wasm")]
pub mod wasm;
#[cfg(feature = "yaml")]
pub mod yaml;

pub use context::{Context, Edition};
pub use diagnostic::{Diagnostic, Report, Severity};
pub use engine::Options;
pub use operation::Operation;
pub use validate::{validate_json, validate_str, validate_value, validate_value_auto, Error};
#[cfg(feature = "yaml")]
pub use yaml::validate_yaml;
