//! Huawei Cloud ELB v3: `CreateMasterSlavePool` (seed 002) and `CreateMember` (seed 004), plus
//! provider-facts §3 and §4.
//!
//! Rules are grouped by what they check:
//! - [`body`]: the request body, object shapes and unknown fields;
//! - [`pool`]: the pool's own fields and its cross-field rules (CreateMasterSlavePool);
//! - [`members`]: member fields, shared by both operations, and the active/standby pair;
//! - [`healthmonitor`]: the health check (CreateMasterSlavePool);
//! - [`session`]: `session_persistence`, `connection_drain`, `quic_cid_hash_strategy`;
//! - [`context_rules`]: rules that need facts from the context (listener, load balancer, pool,
//!   subnets).

use self::fields::Field;
use std::net::IpAddr;

use crate::value::{Map, Value};

use crate::engine::Cx;
use crate::operation::Operation;
use crate::rule::Rule;
use crate::validators::{self, Spec};

pub mod body;
pub mod context_rules;
pub mod fields;
pub mod healthmonitor;
pub mod members;
pub mod pool;
pub mod session;

/// The seed 002 example request: it must validate without errors.
pub const POOL_BASE_EXAMPLE: &str = r#"{
  "pool" : {
    "name" : "My pool",
    "lb_algorithm" : "LEAST_CONNECTIONS",
    "listener_id" : "0b11747a-b139-492f-9692-2df0b1c87193",
    "protocol" : "TCP",
    "type" : "ip",
    "members" : [ {
      "protocol_port" : 89,
      "name" : "My member",
      "address" : "120.10.10.16",
      "role" : "master"
    }, {
      "protocol_port" : 89,
      "address" : "110.4.10.16",
      "role" : "slave"
    } ],
    "healthmonitor" : {
      "name" : "My Healthmonitor",
      "max_retries" : 3,
      "type" : "HTTP",
      "timeout" : 30,
      "delay" : 1
    }
  }
}"#;

/// The seed 004 example 1 request: it must validate without errors.
pub const MEMBER_BASE_EXAMPLE: &str = r#"{
  "member" : {
    "subnet_cidr_id" : "c09f620e-3492-4429-ac15-445d5dd9ca74",
    "protocol_port" : 89,
    "name" : "My member",
    "address" : "120.10.10.16"
  }
}"#;

crate::rule::registry! {
    /// Every Huawei rule, grouped by module.
    [
        body::REQUEST_BODY,
        body::OBJECT_SHAPE,
        body::UNKNOWN_FIELD,
        pool::REQUIRED,
        pool::LB_ALGORITHM,
        pool::PROTOCOL,
        pool::PROTOCOL_CONFLICT,
        pool::ANY_PORT_ENABLE,
        pool::IP_VERSION,
        pool::IP_VERSION_V6,
        pool::TYPE,
        pool::TYPE_EMPTY,
        pool::ASSOCIATION,
        pool::TYPE_MISSING,
        pool::VPC_ID_TYPE,
        pool::QUIC_CID_PROTOCOL,
        pool::QUIC_SESSION,
        pool::NAME,
        pool::DESCRIPTION,
        pool::LOADBALANCER_ID,
        pool::LISTENER_ID,
        pool::PROJECT_ID,
        pool::VPC_ID,
        members::ADDRESS_REQUIRED,
        members::ADDRESS,
        members::IP_BACKEND_IPV4,
        members::ADDRESS_PRIVATE_INSTANCE,
        members::ADDRESS_PRIVATE,
        members::PROTOCOL_PORT_REQUIRED,
        members::PROTOCOL_PORT,
        members::PROTOCOL_PORT_IGNORED,
        members::NAME,
        members::SUBNET_CIDR_ID,
        members::ADMIN_STATE_UP,
        members::ADMIN_STATE_UP_TRUE,
        members::ROLE_REQUIRED,
        members::ROLE,
        members::COUNT,
        members::ROLES,
        members::UNIQUE,
        members::WEIGHT_ACTIVE_STANDBY,
        members::WEIGHT,
        members::WEIGHT_IGNORED,
        members::PROJECT_ID,
        members::IP_BACKEND_PROTOCOL,
        members::IP_BACKEND_PROTOCOL_CONFLICT,
        members::IP_POOL_SUBNET,
        healthmonitor::REQUIRED,
        healthmonitor::DELAY,
        healthmonitor::TIMEOUT,
        healthmonitor::MAX_RETRIES,
        healthmonitor::MAX_RETRIES_DOWN,
        healthmonitor::MONITOR_PORT,
        healthmonitor::NAME,
        healthmonitor::TYPE,
        healthmonitor::TYPE_PROTOCOL,
        healthmonitor::ADMIN_STATE_UP,
        healthmonitor::TIMEOUT_DELAY,
        healthmonitor::HTTP_METHOD,
        healthmonitor::HTTP_METHOD_UNSUPPORTED,
        healthmonitor::DOMAIN_NAME,
        healthmonitor::URL_PATH,
        healthmonitor::EXPECTED_CODES,
        healthmonitor::HTTP_ONLY_FIELD,
        session::TYPE_REQUIRED,
        session::TYPE,
        session::TYPE_TCP_UDP,
        session::APP_COOKIE_CONFLICT,
        session::COOKIE_NAME_TYPE,
        session::COOKIE_NAME,
        session::COOKIE_NAME_LENGTH_CONFLICT,
        session::PERSISTENCE_TIMEOUT,
        session::PERSISTENCE_TIMEOUT_APP_COOKIE,
        session::DRAIN_ENABLE,
        session::DRAIN_TIMEOUT,
        session::DRAIN_TIMEOUT_REQUIRED,
        session::QUIC_CID_LEN,
        session::QUIC_CID_OFFSET,
        session::QUIC_CID_ALGORITHM,
        context_rules::LISTENER_POOL_PROTOCOL,
        context_rules::LISTENER_POOL_PROTOCOL_CONFLICT,
        context_rules::SHARED_IP_VERSION,
        context_rules::DEDICATED_HTTP_SOURCE_IP,
        context_rules::IP_TARGET_DISABLED,
        context_rules::MEMBER_SUBNET,
        context_rules::MEMBER_IPV6_POOL,
        context_rules::MEMBER_CONFLICT,
    ]
}

/// CreateMasterSlavePool only.
pub(crate) const POOL_OP: &[Operation] = &[Operation::HuaweiCreateMasterSlavePool];
/// CreateMember only.
pub(crate) const MEMBER_OP: &[Operation] = &[Operation::HuaweiCreateMember];
/// Both operations (member rules).
pub(crate) const BOTH: &[Operation] = &[
    Operation::HuaweiCreateMasterSlavePool,
    Operation::HuaweiCreateMember,
];

/// A JSON object.
pub(crate) type Obj<'a> = Map<'a>;

/// The pointer of a member: `/pool/members/N` or `/member`. Formats only when shown, so
/// iterating members costs no allocation per rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct MemberPath(Option<usize>);

impl std::fmt::Display for MemberPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut digits = [0; 20];
        let (head, index) = self.pieces(&mut digits);
        f.write_str(head)?;
        f.write_str(index)
    }
}

impl MemberPath {
    /// The pointer's pieces: `/pool/members/` and the index, or `/member` and nothing.
    fn pieces(self, digits: &mut [u8; 20]) -> (&'static str, &str) {
        match self.0 {
            Some(i) => ("/pool/members/", crate::pointer::digits(i as u64, digits)),
            None => ("/member", ""),
        }
    }

    /// The pointer of one of the member's fields, `/pool/members/N/key` (written at its length,
    /// where `format!("{p}/key")` grew the string twice).
    pub(crate) fn field(self, key: &str) -> String {
        let mut digits = [0; 20];
        let (head, index) = self.pieces(&mut digits);
        [head, index, "/", key].concat()
    }
}

impl From<MemberPath> for String {
    fn from(p: MemberPath) -> String {
        p.to_string()
    }
}

/// A member's fields, its pointer, and its address parsed when it is a valid IP address (parsed
/// once: five rules read it, and parsing was 6% of a valid pool request's instructions).
pub(crate) type Member<'v, 'a> = (MemberFields<'v, 'a>, MemberPath, Option<IpAddr>);

crate::providers::object_keys! {
    /// The member fields that rules read, by name.
    pub(crate) enum Key {
        Address = "address",
        ProtocolPort = "protocol_port",
        Name = "name",
        SubnetCidrId = "subnet_cidr_id",
        AdminStateUp = "admin_state_up",
        Role = "role",
        Weight = "weight",
    }
}

/// A member's values of the fields in [`Key`], found in one pass over the member object when
/// the members are found: the member rules read about twenty of them a member, each a search
/// of the object's keys when they looked them up themselves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MemberFields<'v, 'a> {
    values: [Option<&'v Value<'a>>; Key::COUNT],
}

impl<'v, 'a> MemberFields<'v, 'a> {
    fn of(m: &'v Obj<'a>) -> Self {
        MemberFields {
            values: m.pick(|k| Key::of(k).map(|key| key as usize)),
        }
    }

    /// Whether the member has the field, whatever its value (`null` too).
    pub(crate) fn has(&self, key: Key) -> bool {
        self.values[key as usize].is_some()
    }
}

/// The member objects of the request with their pointers (`/pool/members/N` for
/// CreateMasterSlavePool, `/member` for CreateMember) and addresses. Non-objects are skipped
/// (the shape rule reports them).
pub(crate) fn members<'a>(cx: &Cx<'a>) -> &'a [Member<'a, 'a>] {
    match &cx.shared.members {
        Members::One(m) => m.as_slice(),
        Members::Many(all) => all,
    }
}

/// The members of a request, found once (see [`crate::providers::Shared`]).
#[derive(Debug)]
pub(crate) enum Members<'v, 'a> {
    /// CreateMember's `member`, when it is an object.
    One(Option<Member<'v, 'a>>),
    /// CreateMasterSlavePool's `pool.members` that are objects.
    Many(Vec<Member<'v, 'a>>),
}

impl Default for Members<'_, '_> {
    fn default() -> Self {
        Members::One(None)
    }
}

/// Finds the members once per request (see [`crate::providers::Shared`]).
pub(crate) fn find_members<'v, 'a>(op: Operation, req: &'v Value<'a>) -> Members<'v, 'a> {
    let member = |m: &'v Obj<'a>, at: Option<usize>| {
        let fields = MemberFields::of(m);
        (fields, MemberPath(at), member_ip(&fields))
    };
    match op {
        Operation::HuaweiCreateMember => Members::One(
            req.get("member")
                .and_then(Value::as_object)
                .map(|m| member(m, None)),
        ),
        _ => Members::Many(
            req.get("pool")
                .and_then(|p| p.get("members"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .take(crate::limits::MAX_CHECKED_ELEMENTS)
                .enumerate()
                .filter_map(|(i, v)| v.as_object().map(|m| member(m, Some(i))))
                .collect(),
        ),
    }
}

/// A member field's value, `None` when absent or `null`.
pub(crate) fn field<'v, 'a>(m: &MemberFields<'v, 'a>, key: Key) -> Option<&'v Value<'a>> {
    m.values[key as usize].filter(|v| !v.is_null())
}

/// Whether a member is an IP backend: `subnet_cidr_id` absent, `null` or empty ("left blank").
pub(crate) fn is_ip_member(m: &MemberFields) -> bool {
    match field(m, Key::SubnetCidrId) {
        None => true,
        Some(Value::String(s)) => s.is_empty(),
        Some(_) => false,
    }
}

/// A member's address, parsed, when it is a valid IP address (rules read it from
/// [`members`]).
fn member_ip(m: &MemberFields) -> Option<IpAddr> {
    crate::validators::parse_ip(field(m, Key::Address)?.as_str()?)
}

/// A member's port when it is an integer.
pub(crate) fn member_port(m: &MemberFields) -> Option<i64> {
    field(m, Key::ProtocolPort)?.as_i64()
}

/// Checks a member field against a spec, in every member of the request.
pub(crate) fn member_field(cx: &mut Cx<'_>, key: Key, spec: &Spec) {
    for (m, p, _) in members(cx) {
        if let Some(v) = field(m, key) {
            cx.check_value(format_args!("{p}/{}", key.name()), v, spec);
        }
    }
}

/// The pool protocol: the request's for CreateMasterSlavePool, the context's for CreateMember.
pub(crate) fn pool_protocol<'a>(cx: &Cx<'a>) -> Option<&'a str> {
    match cx.op {
        Operation::HuaweiCreateMember => cx.context.pool.as_ref()?.protocol.as_deref(),
        _ => cx.str_at(Field::Protocol),
    }
}

/// The pool type (`ip`, `instance` or empty): the request's or the context's.
pub(crate) fn pool_type<'a>(cx: &Cx<'a>) -> Option<&'a str> {
    match cx.op {
        Operation::HuaweiCreateMember => cx.context.pool.as_ref()?.pool_type.as_deref(),
        _ => cx.str_at(Field::Type),
    }
}

/// The pool's ip_version: the request's or the context's.
pub(crate) fn pool_ip_version<'a>(cx: &Cx<'a>) -> Option<&'a str> {
    match cx.op {
        Operation::HuaweiCreateMember => cx.context.pool.as_ref()?.ip_version.as_deref(),
        _ => cx.str_at(Field::IpVersion),
    }
}

/// Whether Forward to Same Port is on: the request's for CreateMasterSlavePool (default false),
/// the context's for CreateMember (`None` when the context does not say).
pub(crate) fn any_port_enable(cx: &Cx<'_>) -> Option<bool> {
    match cx.op {
        Operation::HuaweiCreateMember => cx.context.pool.as_ref()?.any_port_enable,
        _ => Some(
            cx.get(Field::AnyPortEnable)
                .and_then(Value::as_bool)
                .unwrap_or(false),
        ),
    }
}

/// The session_persistence type of the request, when it is a string.
pub(crate) fn session_type<'a>(cx: &Cx<'a>) -> Option<&'a str> {
    cx.str_at(Field::SessionType)
}

/// A did-you-mean help for a value among candidates.
pub(crate) fn suggest(s: &str, candidates: &[&str]) -> Option<String> {
    validators::did_you_mean(s, candidates.iter().copied()).map(|m| format!("did you mean `{m}`?"))
}

/// Schema keywords for the custom rules that a schema can express: member fields, item counts,
/// the protocol enum, and `if`/`then` between fields. The differential test in tests/schemas.rs
/// checks that none of them rejects a request the rules accept.
pub fn schema_extras(op: crate::operation::Operation, schema: &mut serde_json::Value) {
    use crate::operation::Operation;
    use crate::schema::node_at;
    use serde_json::json;

    let ann = |r: &Rule| json!({"x-lblint-rule": r.id, "x-lblint-code": r.code});
    let merge = |node: &mut serde_json::Value, extra: serde_json::Value| {
        if let (Some(n), serde_json::Value::Object(e)) = (node.as_object_mut(), extra) {
            n.extend(e);
        }
    };
    let member_fields = |node: &mut serde_json::Value, pool_member: bool| {
        let mut fields = vec![
            (
                "address",
                json!({
                    "type": ["string", "null"], "minLength": 1, "maxLength": 64,
                    "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}, {"type": "null"}],
                    "description": "Specifies the private IP address bound to the backend server. Minimum: 1 Maximum: 64",
                    "x-lblint-rule": [members::ADDRESS_REQUIRED.id, members::ADDRESS.id],
                    "x-lblint-code": [members::ADDRESS_REQUIRED.code, members::ADDRESS.code],
                }),
            ),
            (
                "protocol_port",
                json!({
                    "type": ["integer", "null"], "minimum": 1, "maximum": 65535,
                    "description": "Specifies the port used by the backend server to receive requests. Minimum: 1 Maximum: 65535",
                    "x-lblint-rule": members::PROTOCOL_PORT.id, "x-lblint-code": members::PROTOCOL_PORT.code,
                }),
            ),
            (
                "name",
                json!({
                    "type": ["string", "null"], "maxLength": 255,
                    "description": "Specifies the backend server name. Minimum: 0 Maximum: 255",
                    "x-lblint-rule": members::NAME.id, "x-lblint-code": members::NAME.code,
                }),
            ),
            (
                "subnet_cidr_id",
                json!({
                    "type": ["string", "null"], "minLength": 1, "maxLength": 36,
                    "description": "Specifies the ID of the IPv4 or IPv6 subnet where the backend server resides. Minimum: 1 Maximum: 36",
                    "x-lblint-rule": members::SUBNET_CIDR_ID.id, "x-lblint-code": members::SUBNET_CIDR_ID.code,
                }),
            ),
        ];
        if pool_member {
            fields.push(("admin_state_up", json!({
                "enum": [true, null],
                "description": "Specifies the administrative status of the backend server. The value can only be true.",
                "x-lblint-rule": members::ADMIN_STATE_UP_TRUE.id, "x-lblint-code": members::ADMIN_STATE_UP_TRUE.code,
            })));
        } else {
            fields.push(("admin_state_up", json!({
                "type": ["boolean", "null"],
                "description": "Specifies the administrative status of the backend server. The value can be true or false.",
                "x-lblint-rule": members::ADMIN_STATE_UP.id, "x-lblint-code": members::ADMIN_STATE_UP.code,
            })));
        }
        let obj = node.as_object_mut().expect("member node is an object");
        obj.insert("type".into(), json!("object"));
        let props = obj.entry("properties").or_insert_with(|| json!({}));
        for (k, v) in fields {
            let slot = props
                .as_object_mut()
                .expect("properties")
                .entry(k)
                .or_insert_with(|| json!({}));
            if let (Some(slot), serde_json::Value::Object(v)) = (slot.as_object_mut(), v) {
                for (kk, vv) in v {
                    slot.insert(kk, vv);
                }
            }
        }
        let req = obj.entry("required").or_insert_with(|| json!([]));
        if let Some(a) = req.as_array_mut() {
            if !a.iter().any(|x| x == "address") {
                a.push(json!("address"));
            }
        }
        if pool_member {
            obj.insert("not".into(), json!({"required": ["weight"]}));
        }
    };

    match op {
        Operation::HuaweiCreateMember => {
            member_fields(node_at(schema, "/member"), false);
            push_required(schema, "member");
        }
        Operation::HuaweiCreateMasterSlavePool => {
            push_required(schema, "pool");
            member_fields(node_at(schema, "/pool/members/*"), true);
            let members_node = node_at(schema, "/pool/members");
            merge(members_node, json!({"minItems": 2, "maxItems": 2}));
            merge(members_node, ann(&members::COUNT));
            let protocol = node_at(schema, "/pool/protocol");
            merge(
                protocol,
                json!({
                    "enum": ["TCP", "UDP", "QUIC", "TLS", "HTTP", "HTTPS", null],
                    "description": "Specifies the protocol used by the backend server group to receive requests. The value can be TCP, UDP, or QUIC. (TLS, HTTP and HTTPS appear in other sources: lblint warns.)",
                }),
            );
            merge(protocol, ann(&pool::PROTOCOL));
            let sp = node_at(schema, "/pool/session_persistence");
            merge(
                sp,
                json!({"allOf": [{
                    "if": {"properties": {"type": {"enum": ["SOURCE_IP", "HTTP_COOKIE"]}}, "required": ["type"]},
                    "then": {"properties": {"cookie_name": {"type": "null"}}},
                    "x-lblint-rule": session::COOKIE_NAME_TYPE.id,
                    "x-lblint-code": session::COOKIE_NAME_TYPE.code,
                }]}),
            );
            let pool_node = node_at(schema, "/pool");
            merge(
                pool_node,
                json!({
                    "anyOf": [
                        {"required": ["listener_id"]},
                        {"required": ["loadbalancer_id"]},
                        {"required": ["type"]}
                    ],
                    "allOf": [
                        {
                            "if": {"properties": {"protocol": {"enum": ["UDP", "QUIC"]}}, "required": ["protocol"]},
                            "then": {"properties": {"healthmonitor": {"properties": {"type": {"enum": ["UDP_CONNECT", null]}}}}},
                            "x-lblint-rule": healthmonitor::TYPE_PROTOCOL.id, "x-lblint-code": healthmonitor::TYPE_PROTOCOL.code
                        },
                        {
                            "if": {"properties": {"protocol": {"enum": ["TCP", "HTTP", "HTTPS"]}}, "required": ["protocol"]},
                            "then": {"properties": {"healthmonitor": {"properties": {"type": {"enum": ["TCP", "HTTP", "HTTPS", null]}}}}},
                            "x-lblint-rule": healthmonitor::TYPE_PROTOCOL.id, "x-lblint-code": healthmonitor::TYPE_PROTOCOL.code
                        },
                        {
                            "if": {"properties": {"protocol": {"const": "QUIC"}}, "required": ["protocol"]},
                            "then": {
                                "required": ["session_persistence"],
                                "properties": {"session_persistence": {"properties": {"type": {"enum": ["SOURCE_IP", null]}}}}
                            },
                            "x-lblint-rule": pool::QUIC_SESSION.id, "x-lblint-code": pool::QUIC_SESSION.code
                        },
                        {
                            "if": {"properties": {"lb_algorithm": {"const": "QUIC_CID"}}, "required": ["lb_algorithm"]},
                            "then": {"properties": {"protocol": {"anyOf": [{"not": {"type": "string"}}, {"const": "QUIC"}]}}},
                            "x-lblint-rule": pool::QUIC_CID_PROTOCOL.id, "x-lblint-code": pool::QUIC_CID_PROTOCOL.code
                        },
                        {
                            "if": {"properties": {"type": {"enum": ["ip", ""]}}, "required": ["type"]},
                            "then": {"properties": {"vpc_id": {"type": "null"}}},
                            "x-lblint-rule": pool::VPC_ID_TYPE.id, "x-lblint-code": pool::VPC_ID_TYPE.code
                        },
                        {
                            "if": {"properties": {"type": {"const": "instance"}}, "required": ["type"]},
                            "then": {"required": ["vpc_id"]},
                            "x-lblint-rule": pool::VPC_ID_TYPE.id, "x-lblint-code": pool::VPC_ID_TYPE.code
                        }
                    ],
                    "x-lblint-rule": pool::ASSOCIATION.id,
                    "x-lblint-code": pool::ASSOCIATION.code,
                }),
            );
        }
        Operation::AliyunCreateMasterSlaveServerGroup => {}
    }

    fn push_required(schema: &mut serde_json::Value, key: &str) {
        if let Some(o) = schema.as_object_mut() {
            let req = o.entry("required").or_insert_with(|| json!([]));
            if let Some(a) = req.as_array_mut() {
                if !a.iter().any(|x| x == key) {
                    a.push(json!(key));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{field, Key, MemberFields, MemberPath};
    use crate::value::Value;

    /// Each key's value is found in its own place, as a lookup by name finds it; `null` counts
    /// as present for `has` and absent for `field`, and keys that differ only in case, or that
    /// rules do not read, fill nothing.
    #[test]
    fn member_fields_are_found_as_a_lookup_by_name_finds_them() {
        for (i, &key) in Key::ALL.iter().enumerate() {
            let text = format!(
                r#"{{"Address": 0, "other": 1, "{}": {i}, "weight2": 2}}"#,
                key.name()
            );
            let v = crate::parse::parse_json(&text).unwrap().value;
            let m = v.as_object().unwrap();
            let fields = MemberFields::of(m);
            for &other in Key::ALL {
                assert_eq!(
                    field(&fields, other),
                    m.get(other.name()),
                    "{key:?}: {other:?}"
                );
                assert_eq!(fields.has(other), other == key, "{key:?}: {other:?}");
            }
            let null = format!(r#"{{"{}": null}}"#, key.name());
            let v = crate::parse::parse_json(&null).unwrap().value;
            let fields = MemberFields::of(v.as_object().unwrap());
            assert_eq!(field(&fields, key), None::<&Value>);
            assert!(fields.has(key));
        }
    }

    #[test]
    fn member_paths_and_their_fields_are_pointers() {
        for p in [
            MemberPath(None),
            MemberPath(Some(0)),
            MemberPath(Some(1234)),
        ] {
            assert_eq!(p.field("address"), format!("{p}/address"));
            assert_eq!(String::from(p), p.to_string());
        }
        assert_eq!(MemberPath(Some(7)).field("role"), "/pool/members/7/role");
        assert_eq!(MemberPath(None).field("weight"), "/member/weight");
    }
}
