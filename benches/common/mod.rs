//! The requests every benchmark measures (benches/requests/), shared by the benchmark targets.

use lblint::Operation;

/// Each operation's typical valid and invalid request: (name, operation, text).
pub const CASES: &[(&str, Operation, &str)] = &[
    (
        "aliyun-valid",
        Operation::AliyunCreateMasterSlaveServerGroup,
        include_str!("../requests/aliyun-valid.json"),
    ),
    (
        "aliyun-invalid",
        Operation::AliyunCreateMasterSlaveServerGroup,
        include_str!("../requests/aliyun-invalid.json"),
    ),
    (
        "pool-valid",
        Operation::HuaweiCreateMasterSlavePool,
        include_str!("../requests/pool-valid.json"),
    ),
    (
        "pool-invalid",
        Operation::HuaweiCreateMasterSlavePool,
        include_str!("../requests/pool-invalid.json"),
    ),
    (
        "member-valid",
        Operation::HuaweiCreateMember,
        include_str!("../requests/member-valid.json"),
    ),
    (
        "member-invalid",
        Operation::HuaweiCreateMember,
        include_str!("../requests/member-invalid.json"),
    ),
];

/// The three ways every benchmark compares, by name: `serde` (`serde_json::from_str::<Value>`,
/// the floor), `lblint` (parse, validate, position every diagnostic) and `jsonschema` (parse,
/// then every error of lblint's generated schema, compiled here, before any call).
#[allow(dead_code)] // (each benchmark target compiles this module and uses part of it)
pub const WAYS: [&str; 3] = ["serde", "lblint", "jsonschema"];

/// A checker for one way and request: each call checks the text once and returns a count that
/// depends on the result (so that nothing is optimised away). `None` for an unknown way.
#[allow(dead_code)] // (each benchmark target compiles this module and uses part of it)
pub fn checker(way: &str, op: Operation, text: &'static str) -> Option<Box<dyn FnMut() -> usize>> {
    use std::hint::black_box;
    Some(match way {
        "serde" => Box::new(move || {
            let v: serde_json::Value = serde_json::from_str(black_box(text)).expect("json");
            usize::from(v.is_object())
        }),
        "lblint" => {
            let opts = lblint::Options::default();
            Box::new(move || {
                lblint::validate_json(Some(op), black_box(text), &opts)
                    .expect("report")
                    .diagnostics
                    .len()
            })
        }
        "jsonschema" => {
            let validator =
                jsonschema::validator_for(&lblint::schema::generate(op)).expect("schema");
            Box::new(move || {
                let v: serde_json::Value = serde_json::from_str(black_box(text)).expect("json");
                validator.iter_errors(&v).count()
            })
        }
        _ => return None,
    })
}
