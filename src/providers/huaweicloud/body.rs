//! The request body: its top-level object, the shape of the nested objects, and unknown fields.

use super::fields::Field;
use crate::engine::{At, Cx};
use crate::value::Value;

use super::{suggest, BOTH};
use crate::diagnostic::Severity;
use crate::operation::Operation;
use crate::pointer::Seg;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators;

/// The body's one top-level field for the operation.
fn root(cx: &Cx<'_>) -> Field {
    match cx.op {
        Operation::HuaweiCreateMember => Field::Member,
        _ => Field::Pool,
    }
}

/// The body is an object holding `pool` (or `member`).
pub static REQUEST_BODY: Rule = Rule {
    id: "elb/request-body",
    operations: BOTH,
    code: "ELB.0002",
    severity: Severity::Error,
    summary: "The body is a JSON object holding `pool` (CreateMasterSlavePool) or `member` (CreateMember).",
    why: "The service reads the resource from that one key; a body that is not an object, is empty, or lacks the key is refused as an empty request.",
    source: Source {
        doc: "002",
        quote: "Table 3 Request body parameters: pool Yes CreateMasterSlavePoolOption object Specifies the request body for creating an active/standby backend server group.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("", "{}")]),
    check: Check::Custom(|cx| {
        let key = root(cx).ptr().trim_start_matches('/');
        match cx.raw {
            Value::Object(map) => match map.get(key) {
                None | Some(Value::Null) => cx.report_help(
                    format!("/{key}"),
                    format!("the request body has no `{key}` object; the body is {{\"{key}\": {{…}}}}"),
                    map.keys()
                        .find_map(|k| suggest(k, &[key]))
                        .or_else(|| Some(format!("wrap the fields in {{\"{key}\": {{…}}}}"))),
                ),
                Some(_) => {}
            },
            other => cx.report(
                "",
                format!(
                    "the request body must be a JSON object {{\"{key}\": {{…}}}}, not {}",
                    validators::type_name(other)
                ),
            ),
        }
    }),
};

/// Where an object is expected: a field, or (`true`) each element of the array a field holds.
const OBJECTS: [(Field, bool); 7] = [
    (Field::Pool, false),
    (Field::Member, false),
    (Field::Healthmonitor, false),
    (Field::Session, false),
    (Field::ConnectionDrain, false),
    (Field::QuicCidHashStrategy, false),
    (Field::Members, true),
];

/// Calls `f` with a field's value or, for `(field, true)`, each element of the array it holds.
fn visit<'a>(cx: &Cx<'a>, (field, elements): (Field, bool), f: impl FnMut(&'a Value<'a>, At)) {
    if elements {
        cx.each_element(field, f);
    } else {
        cx.each(field, f);
    }
}

/// Nested objects are objects and `members` is an array.
pub static OBJECT_SHAPE: Rule = Rule {
    id: "elb/object-shape",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`pool`, `member`, `healthmonitor`, `session_persistence`, `connection_drain`, `quic_cid_hash_strategy` and each member are objects; `members` is an array.",
    why: "The API is typed: a value of another JSON type cannot be read as the documented object or array and is refused as invalid input.",
    source: Source {
        doc: "002",
        quote: "members Yes Array of CreateMasterSlaveMemberOption objects … healthmonitor Yes CreateMasterSlaveHealthMonitorOption object … session_persistence No CreatePoolSessionPersistenceOption object",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members", "{\"address\": \"10.0.0.1\"}")]),
    check: Check::Custom(|cx| {
        let mut bad = Vec::new();
        // Only the operation's own body is read: the other operation's objects are not, and
        // UNKNOWN_FIELD flags them. A `null` field is absent (`Cx::each` skips it), but a `null`
        // member in the array is not a member.
        let root = root(cx);
        let own = |f: Field| f.is_within(root);
        for at in OBJECTS.into_iter().filter(|&(f, _)| own(f)) {
            visit(cx, at, |v, p| {
                if !v.is_object() {
                    bad.push((p.to_string(), "an object", validators::type_name(v)));
                }
            });
        }
        if own(Field::Members) {
            cx.each(Field::Members, |v, p| {
                if !v.is_array() {
                    bad.push((p.to_string(), "an array of member objects", validators::type_name(v)));
                }
            });
        }
        for (p, want, got) in bad {
            let message = format!("`{}` must be {want}, not {got}", crate::engine::field_name(&p));
            cx.report(p, message);
        }
    }),
};

/// The documented member names of one kind of object: the list, for messages and suggestions,
/// and (natively) a matcher of the same names. The matcher is the compiler's own comparisons of
/// each literal (its length first, then its bytes in a few words), where a loop over the list
/// called the general comparison for each: `elb/unknown-field` reads every key of every object.
/// In WebAssembly, built for size, the literals become calls to `memcmp` and the loop was
/// cheaper (866 instructions a pool request, `benches/instructions.py --wasm`).
struct Known {
    names: &'static [&'static str],
    #[cfg(not(target_arch = "wasm32"))]
    matcher: fn(&str) -> bool,
}

impl Known {
    /// Whether `k` is one of the names.
    fn has(&self, k: &str) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        return (self.matcher)(k);
        #[cfg(target_arch = "wasm32")]
        return self
            .names
            .iter()
            .any(|n| crate::value::same_key(n.as_bytes(), k.as_bytes()));
    }
}

/// Declares a [`Known`] from its names, written once for both.
macro_rules! known {
    ($(#[doc = $doc:literal])* $name:ident = [$($key:literal),* $(,)?];) => {
        $(#[doc = $doc])*
        const $name: Known = Known {
            names: &[$($key),*],
            #[cfg(not(target_arch = "wasm32"))]
            matcher: |k| matches!(k, $($key)|*),
        };
    };
}

known! {
    /// The body of CreateMasterSlavePool.
    POOL_TOP = ["pool"];
}
known! {
    /// The body of CreateMember.
    MEMBER_TOP = ["member"];
}
known! {
    POOL_KEYS = [
        "description",
        "lb_algorithm",
        "loadbalancer_id",
        "listener_id",
        "name",
        "project_id",
        "protocol",
        "session_persistence",
        "vpc_id",
        "type",
        "ip_version",
        "members",
        "healthmonitor",
        "any_port_enable",
        "connection_drain",
        "quic_cid_hash_strategy",
        "enterprise_project_id",
    ];
}
known! {
    /// `weight` is listed so that elb/member-weight-active-standby alone reports it.
    POOL_MEMBER_KEYS = [
        "address",
        "admin_state_up",
        "name",
        "protocol_port",
        "subnet_cidr_id",
        "role",
        "weight",
    ];
}
known! {
    MEMBER_KEYS = [
        "address",
        "admin_state_up",
        "name",
        "project_id",
        "protocol_port",
        "subnet_cidr_id",
        "weight",
    ];
}
known! {
    HEALTHMONITOR_KEYS = [
        "delay",
        "domain_name",
        "expected_codes",
        "http_method",
        "max_retries",
        "max_retries_down",
        "monitor_port",
        "name",
        "timeout",
        "type",
        "url_path",
        "admin_state_up",
    ];
}
known! {
    SESSION_KEYS = [
        "cookie_name",
        "type",
        "persistence_timeout",
    ];
}
known! {
    DRAIN_KEYS = [
        "enable",
        "timeout",
    ];
}
known! {
    QUIC_KEYS = [
        "len",
        "offset",
    ];
}

/// Fields the documentation and the SDK do not know.
pub static UNKNOWN_FIELD: Rule = Rule {
    id: "elb/unknown-field",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "Every field is one the request tables (or the SDK model) document.",
    why: "A misspelt field is not what the author meant: `lb_algoritm` leaves the required field missing, `persistance_timeout` silently keeps the default. The service's handling of unknown fields is undocumented, so this is a warning.",
    source: Source {
        doc: "provider-facts §3",
        quote: "Optional fields the seed page omits but the SDK has: connection_drain {enable, timeout 10-4000 s} (enable without timeout → ELB.8902), quic_cid_hash_strategy {len 1-20, offset 0-19} (only with QUIC_CID), enterprise_project_id.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/enterprise_project_id", "\"0\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/max_retry", "3")]),
    check: Check::Custom(|cx| {
        let member_op = cx.op == Operation::HuaweiCreateMember;
        let tables: &[((Field, bool), &Known)] = if member_op {
            &[((Field::Request, false), &MEMBER_TOP), ((Field::Member, false), &MEMBER_KEYS)]
        } else {
            &[
                ((Field::Request, false), &POOL_TOP),
                ((Field::Pool, false), &POOL_KEYS),
                ((Field::Members, true), &POOL_MEMBER_KEYS),
                ((Field::Healthmonitor, false), &HEALTHMONITOR_KEYS),
                ((Field::Session, false), &SESSION_KEYS),
                ((Field::ConnectionDrain, false), &DRAIN_KEYS),
                ((Field::QuicCidHashStrategy, false), &QUIC_KEYS),
            ]
        };
        let mut hits = Vec::new();
        for &(at, known) in tables {
            visit(cx, at, |v, p| {
                let Some(map) = v.as_object() else { return };
                for k in map.keys().filter(|k| !known.has(k)) {
                    let here = p.to_string();
                    let what = if here.is_empty() { "the request body" } else { here.as_str() };
                    hits.push((
                        crate::pointer::join(&here, [Seg::Key(k)]),
                        format!("`{k}` is not a documented field of {what}; known fields: {}", known.names.join(", ")),
                        suggest(k, known.names),
                    ));
                }
            });
        }
        for (p, msg, help) in hits {
            cx.report_help(p, msg, help);
        }
    }),
};

#[cfg(test)]
mod tests {
    use crate::{validate_json, Operation, Options};

    /// Each matcher says yes to exactly its list's names (the macro writes both from one list).
    #[test]
    fn known_names_match_exactly_their_list() {
        use super::*;
        let all = [
            &POOL_TOP,
            &MEMBER_TOP,
            &POOL_KEYS,
            &POOL_MEMBER_KEYS,
            &MEMBER_KEYS,
            &HEALTHMONITOR_KEYS,
            &SESSION_KEYS,
            &DRAIN_KEYS,
            &QUIC_KEYS,
        ];
        let every: Vec<&str> = all.iter().flat_map(|k| k.names.iter().copied()).collect();
        for known in all {
            for &name in &every {
                assert_eq!(known.has(name), known.names.contains(&name), "{name}");
                let longer = format!("{name}_");
                assert!(!known.has(&longer), "{longer}");
                assert!(!known.has(&name[1..]), "{name}");
                let upper = name.to_ascii_uppercase();
                assert!(!known.has(&upper), "{upper}");
            }
            assert!(!known.has(""));
        }
    }

    rule_tests! {
        the_request_body_holds_the_pool_object => super::REQUEST_BODY,
        members_is_an_array_of_member_objects => super::OBJECT_SHAPE,
        only_documented_and_sdk_fields_are_read => super::UNKNOWN_FIELD,
    }

    fn value_codes(op: Operation, value: serde_json::Value) -> Vec<String> {
        let r = crate::validate_value(op, &value, &Options::default());
        r.errors().map(|d| d.code.to_string()).collect()
    }

    fn codes(op: Operation, text: &str) -> Vec<String> {
        let r = validate_json(Some(op), text, &Options::default()).unwrap();
        r.errors()
            .map(|d| format!("{} {} {}", d.code, d.rule, d.path))
            .collect()
    }

    #[test]
    fn empty_and_non_object_bodies_are_elb_0002() {
        for op in [
            Operation::HuaweiCreateMasterSlavePool,
            Operation::HuaweiCreateMember,
        ] {
            for text in ["", "   ", "{}", "{\"pool\": null, \"member\": null}"] {
                let c = codes(op, text);
                assert!(
                    !c.is_empty() && c.iter().all(|c| c.starts_with("ELB.0002")),
                    "{op} {text:?}: {c:?}"
                );
            }
            // Not through validate_json: locating the root pointer "" is another module's job.
            for value in [
                serde_json::json!([]),
                serde_json::json!(null),
                serde_json::json!("pool"),
            ] {
                assert_eq!(value_codes(op, value.clone()), ["ELB.0002"], "{op} {value}");
            }
        }
    }

    #[test]
    fn a_misspelt_member_key_suggests_the_right_one() {
        let text =
            r#"{"member": {"adress": "10.0.0.1", "subnet_cidr_id": "s", "protocol_port": 80}}"#;
        let r = validate_json(
            Some(Operation::HuaweiCreateMember),
            text,
            &Options::default(),
        )
        .unwrap();
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.rule == "elb/unknown-field")
            .unwrap();
        assert_eq!(d.path, "/member/adress");
        assert_eq!(d.help.as_deref(), Some("did you mean `address`?"));
        assert!(r.has_code("ELB.2021"), "{r}");
    }

    #[test]
    fn a_pool_that_is_not_an_object_is_invalid_input() {
        let c = codes(Operation::HuaweiCreateMasterSlavePool, r#"{"pool": [1]}"#);
        assert_eq!(c, vec!["ELB.8902 elb/object-shape /pool"]);
    }

    #[test]
    fn shapes_and_unknown_fields_are_pointed_at_where_they_are() {
        let text = r#"{"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN",
            "session_persistence": null, "healthmonitor": "HTTP",
            "members": [{"address": "10.0.0.1", "protocol_port": 80, "role": "master", "port": 1},
                        null, "x"]}, "extra": 1}"#;
        let r = validate_json(
            Some(Operation::HuaweiCreateMasterSlavePool),
            text,
            &Options::default(),
        )
        .unwrap();
        let of = |rule: &str| -> Vec<&str> {
            let mut v: Vec<&str> = r
                .diagnostics
                .iter()
                .filter(|d| d.rule == rule)
                .map(|d| d.path.as_str())
                .collect();
            v.sort_unstable();
            v
        };
        // A `null` field is absent; a `null` member is not a member.
        assert_eq!(
            of("elb/object-shape"),
            ["/pool/healthmonitor", "/pool/members/1", "/pool/members/2"]
        );
        assert_eq!(of("elb/unknown-field"), ["/extra", "/pool/members/0/port"]);
        let body = r.diagnostics.iter().find(|d| d.path == "/extra").unwrap();
        assert!(
            body.message.contains("of the request body"),
            "{}",
            body.message
        );
    }

    #[test]
    fn each_operation_checks_the_shape_of_its_own_body_only() {
        let text = r#"{"member": {"address": "10.0.0.1", "subnet_cidr_id": "s", "protocol_port": 80},
            "pool": [1]}"#;
        let r = validate_json(
            Some(Operation::HuaweiCreateMember),
            text,
            &Options::default(),
        )
        .unwrap();
        let found: Vec<(&str, &str)> = r
            .diagnostics
            .iter()
            .map(|d| (d.rule.as_ref(), d.path.as_str()))
            .collect();
        assert_eq!(found, [("elb/unknown-field", "/pool")], "{r}");
        let c = codes(
            Operation::HuaweiCreateMasterSlavePool,
            r#"{"pool": {}, "member": 1}"#,
        );
        assert!(!c.iter().any(|c| c.ends_with(" /member")), "{c:?}");
    }
}
