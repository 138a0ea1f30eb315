//! Alibaba Cloud CLB (SLB, API 2014-05-15) `CreateMasterSlaveServerGroup`.
//!
//! Seeds 000 (2024-03-14), 001 (2026-03-02, the default edition) and 003 (about 2019), plus
//! provider-facts §2. Rules are grouped by what they check:
//! - [`params`]: the top-level parameters;
//! - [`servers`]: the server list as a whole (syntax, count, roles, identity);
//! - [`server`]: each server's fields;
//! - [`tags`]: `Tag` in both its array and its wire (`Tag.N.Key`) forms.

use crate::value::Value;

use crate::engine::Cx;
use crate::operation::Operation;
use crate::rule::KnownCode;
use crate::scan;

pub mod params;
pub mod server;
pub mod servers;
pub mod tags;

/// The operation these rules apply to.
pub(crate) const OP: &[Operation] = &[Operation::AliyunCreateMasterSlaveServerGroup];

/// The parameter that holds the servers.
pub const SERVERS: &str = "MasterSlaveBackendServers";

/// The pointer of [`SERVERS`].
pub(crate) const SERVERS_PTR: &str = "/MasterSlaveBackendServers";

/// A valid request built from seed 001's example (servers as a real array so examples can patch
/// them).
pub const BASE_EXAMPLE: &str = r#"{
  "RegionId": "cn-hangzhou",
  "LoadBalancerId": "lb-bp1hv944r69al4j******",
  "MasterSlaveServerGroupName": "Group1",
  "MasterSlaveBackendServers": [
    { "ServerId": "i-xxxxxxxxx", "Weight": "100", "Type": "ecs", "Port": "82", "ServerType": "Master", "Description": "test-112" },
    { "ServerId": "i-xxxxxxxxx", "Weight": "100", "Type": "ecs", "Port": "84", "ServerType": "Slave", "Description": "test-112" }
  ],
  "Tag": [{ "Key": "test", "Value": "1" }]
}"#;

crate::rule::registry! {
    /// Every Alibaba rule.
    [
        params::REQUEST_OBJECT,
        params::REQUIRED_PARAMETERS,
        params::PARAMETER_TYPE,
        params::ACTION,
        params::UNKNOWN_PARAMETER,
        params::GROUP_NAME,
        params::SERVERS_REQUIRED_CONFLICT,
        params::LISTENER_PROTOCOL,
        servers::SYNTAX,
        servers::COUNT,
        servers::ROLES,
        servers::UNIQUE,
        server::SERVER_ID_REQUIRED,
        server::PORT_REQUIRED,
        server::PORT_RANGE,
        server::WEIGHT_RANGE,
        server::WEIGHT_REQUIRED_2024,
        server::SERVER_TYPE,
        server::TYPE_ENUM,
        server::TYPE_REQUIRED,
        server::TYPE_MISMATCH,
        server::DESCRIPTION,
        server::DESCRIPTION_CHINESE,
        server::SERVER_IP,
        server::SERVER_IP_PLACEHOLDER,
        server::UNKNOWN_KEY,
        server::PERFORMANCE_ONLY,
        server::PERFORMANCE_UNKNOWN,
        tags::SHAPE,
        tags::COUNT,
        tags::KEY_REQUIRED,
        tags::KEY,
        tags::VALUE,
    ]
}

/// Documented codes that depend on the provider's live state: in the catalogue, not checked.
pub static KNOWN_CODES: &[KnownCode] = &[
    KnownCode {
        operation: Operation::AliyunCreateMasterSlaveServerGroup,
        code: "Mismatched.ZoneId",
        message: "The zone of the server is not matched with the cloud box loadbalancer.",
        note: "needs the zones of the servers and of a CloudBox load balancer; the context has no such facts",
    },
    KnownCode {
        operation: Operation::AliyunCreateMasterSlaveServerGroup,
        code: "OperationUnsupported.CreateMasterSlaveServerGroup",
        message: "This type of backend server is not allowed to attached to singleTunnel or anyTunnel lb.",
        note: "needs the load balancer's tunnel type; the context has no such fact",
    },
    KnownCode {
        operation: Operation::AliyunCreateMasterSlaveServerGroup,
        code: "IncorrectStatus.RSByPassToas",
        message: "%s.",
        note: "depends on the live status of the backend servers",
    },
    KnownCode {
        operation: Operation::AliyunCreateMasterSlaveServerGroup,
        code: "OperationFailed.ActionNotSupport",
        message: "The loadbalancer does not support such action.",
        note: "depends on the load balancer's live configuration",
    },
    KnownCode {
        operation: Operation::AliyunCreateMasterSlaveServerGroup,
        code: "RsTunnelIp2VmNameConflict",
        message: "%s.",
        note: "depends on the servers' live tunnel addresses",
    },
    KnownCode {
        operation: Operation::AliyunCreateMasterSlaveServerGroup,
        code: "NetworkConflict",
        message: "%s.",
        note: "depends on the networks of the load balancer and the servers (on a VPC instance only servers of the same VPC can be added)",
    },
];

/// Replaces a `MasterSlaveBackendServers` JSON text by the array it holds, so rules read one
/// form. Paths do not change: `/MasterSlaveBackendServers/1/Port` points inside the text.
pub fn prepare<'a>(raw: &'a Value<'a>) -> Option<Value<'a>> {
    let map = raw.as_object()?;
    let text = map.get(SERVERS)?.as_str()?;
    let servers = match crate::parse::plain_json(text) {
        // Strict JSON (the usual text) by the fast path: the scanner took three times as long.
        Some(v) => {
            #[cfg(not(target_arch = "wasm32"))]
            debug_assert!(
                matches!(scan::parse_lenient(text), Ok(p) if crate::parse::identical(&p.value, &v)),
                "the fast path and the lenient scanner disagree on {text:?}"
            );
            v
        }
        None => scan::parse_lenient(text).ok()?.value,
    };
    // Copy every parameter but the (possibly large) server text. The names are borrowed from
    // the request: `to_owned` allocated each, 4 of a valid request's 18 allocations (callgrind).
    // They are already unique (the parser merges repeated names), so none is searched for.
    let mut copy = crate::value::Map::with_capacity(map.len());
    for (k, v) in map {
        if k != SERVERS {
            copy.push_new(k.into(), v.clone());
        }
    }
    copy.push_new(SERVERS.into(), servers);
    Some(Value::Object(copy))
}

/// The pointer of a server, `/MasterSlaveBackendServers/N`, formatted only when shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ServerPath(usize);

impl std::fmt::Display for ServerPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "/{SERVERS}/{}", self.0)
    }
}

impl From<ServerPath> for String {
    fn from(p: ServerPath) -> String {
        p.to_string()
    }
}

crate::providers::object_keys! {
    /// The documented server keys, which rules read by name (`aliyun/server-unknown-key` warns
    /// about any other).
    pub(crate) enum Key {
        ServerId = "ServerId",
        Port = "Port",
        Weight = "Weight",
        Type = "Type",
        ServerType = "ServerType",
        Description = "Description",
        ServerIp = "ServerIp",
    }
}

/// A server's values of the fields in [`Key`] (`null` ones too), found in one pass over the
/// server object when the request's servers are found: the server rules read about ten of them
/// a server, each a search of the object's keys when they looked them up themselves.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ServerFields<'v, 'a> {
    object: &'v crate::value::Map<'a>,
    values: [Option<&'v Value<'a>>; Key::COUNT],
}

impl<'v, 'a> ServerFields<'v, 'a> {
    fn of(m: &'v crate::value::Map<'a>) -> Self {
        let values = m.pick(|k| Key::of(k).map(|key| key as usize));
        ServerFields { object: m, values }
    }

    /// The server object itself.
    pub(crate) fn object(&self) -> &'v crate::value::Map<'a> {
        self.object
    }

    /// The field's value as the object holds it (`null` too), as `Map::get` answers.
    pub(crate) fn get(&self, key: Key) -> Option<&'v Value<'a>> {
        self.values[key as usize]
    }
}

/// The server objects of a prepared request with their places, found once per request (see
/// [`crate::providers::Shared`]). Non-objects are skipped (the shape rule reports them).
pub(crate) fn find_servers<'v, 'a>(req: &'v Value<'a>) -> Vec<(usize, ServerFields<'v, 'a>)> {
    req.get(SERVERS)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .take(crate::limits::MAX_CHECKED_ELEMENTS)
        .enumerate()
        .filter_map(|(i, v)| v.as_object().map(|m| (i, ServerFields::of(m))))
        .collect()
}

/// Iterates the server objects of the request: (index, fields, pointer).
pub(crate) fn servers<'a>(
    cx: &Cx<'a>,
) -> impl Iterator<Item = (usize, &'a ServerFields<'a, 'a>, ServerPath)> {
    cx.shared
        .servers
        .iter()
        .map(|(i, m)| (*i, m, ServerPath(*i)))
}

/// A scalar server field as text (numbers given as numbers read as their text).
pub(crate) fn text<'v>(v: Option<&'v Value<'_>>) -> Option<std::borrow::Cow<'v, str>> {
    match v? {
        Value::String(s) => Some(std::borrow::Cow::Borrowed(s)),
        Value::Number(n) => Some(n.to_string().into()),
        Value::Bool(b) => Some(b.to_string().into()),
        _ => None,
    }
}

/// Schema keywords for the custom rules: the two forms of the server list with exactly two
/// servers, the server `Type` enum of the default edition, and the tag rules.
pub fn schema_extras(schema: &mut serde_json::Value) {
    use crate::schema::node_at;
    use serde_json::json;
    let mut list = node_at(schema, SERVERS_PTR).take();
    if let Some(items) = list.get_mut("items") {
        if let Some(m) = items.as_object_mut() {
            m.insert("type".into(), json!("object"));
            m.insert("description".into(), json!("A backend server: ServerId, Port, Weight, Type, ServerType, Description, ServerIp."));
            let props = m.entry("properties").or_insert_with(|| json!({}));
            props["Type"] = json!({
                "enum": ["ecs", "eni", "eci", null],
                "description": "ecs (default): ECS instance; eni: ENI; eci: elastic container instance (2026 page).",
                "x-lblint-rule": server::TYPE_ENUM.id,
                "x-lblint-code": server::TYPE_ENUM.code,
            });
        }
    }
    let obj = list.as_object_mut();
    if let Some(m) = obj {
        m.insert("minItems".into(), json!(2));
        m.insert("maxItems".into(), json!(2));
        m.insert(
            "x-lblint-rule".into(),
            json!([servers::COUNT.id, servers::SYNTAX.id]),
        );
        m.insert(
            "x-lblint-code".into(),
            json!([servers::COUNT.code, servers::SYNTAX.code]),
        );
    }
    *node_at(schema, SERVERS_PTR) = json!({
        "description": "The primary/secondary servers: the JSON text the API takes (single quotes and numbers as strings are accepted), or the same list as a JSON array. Exactly two servers, one Master and one Slave.",
        "anyOf": [
            {
                "type": "string",
                "pattern": "\\S",
                "contentMediaType": "application/json",
                "contentSchema": list.clone(),
            },
            list,
            {"type": "null"}
        ]
    });
    let tag_text = |max: u32, rule: &crate::rule::Rule| {
        json!({
            "type": ["string", "number", "boolean"],
            "maxLength": max,
            "not": {"anyOf": [{"type": "string", "pattern": "^(aliyun|acs:)"}, {"type": "string", "pattern": "https?://"}]},
            "x-lblint-rule": rule.id,
            "x-lblint-code": rule.code,
        })
    };
    let mut key = tag_text(64, &tags::KEY);
    key["minLength"] = json!(1);
    key["description"] = json!(tags::KEY.source.quote);
    let mut value = tag_text(128, &tags::VALUE);
    value["description"] = json!(tags::VALUE.source.quote);
    value["type"] = json!(["string", "number", "boolean", "null"]);
    *node_at(schema, "/Tag") = json!({
        "description": "The tags (Tag.N.Key / Tag.N.Value on the wire), at most 20.",
        "type": ["array", "null"],
        "maxItems": tags::MAX_TAGS,
        "x-lblint-rule": tags::COUNT.id,
        "x-lblint-code": tags::COUNT.code,
        "items": {
            "type": "object",
            "required": ["Key"],
            "additionalProperties": false,
            "properties": {"Key": key.clone(), "Value": value.clone()},
            "x-lblint-rule": tags::SHAPE.id,
        }
    });
    schema["patternProperties"] = json!({
        "^Tag\\.[0-9]+\\.Key$": key,
        "^Tag\\.[0-9]+\\.Value$": value,
    });
    for (k, text) in [
        (
            "RegionId",
            "The region ID of the Classic Load Balancer (CLB) instance.",
        ),
        ("LoadBalancerId", "The CLB instance ID."),
        (
            "MasterSlaveServerGroupName",
            "The name of the primary/secondary server group.",
        ),
        (
            "Action",
            "The name of this action. Value: CreateMasterSlaveServerGroup",
        ),
    ] {
        let n = node_at(schema, &format!("/{k}"));
        n["description"] = json!(text);
        n["not"] = json!({"type": ["object", "array"]});
    }
    let action = node_at(schema, "/Action");
    action["if"] = json!({"type": "string"});
    action["then"] = json!({"const": "CreateMasterSlaveServerGroup"});
    action["x-lblint-rule"] = json!(params::ACTION.id);
    action["x-lblint-code"] = json!(params::ACTION.code);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each documented server field (the list `aliyun/server-unknown-key` knows) is found as a
    /// lookup by name finds it (`null` too), in its own place; other keys and keys that differ in
    /// case are not read, and non-objects are skipped with their places kept.
    #[test]
    fn server_fields_are_found_as_a_lookup_by_name_finds_them() {
        let names = Key::NAMES;
        let text = r#"{"MasterSlaveBackendServers": [7, {"serverid": 0, "ServerId": 1, "Port": 2,
            "Weight": 3, "Type": 4, "ServerType": 5, "Description": 6, "ServerIp": null, "X": 8}]}"#;
        let req = crate::parse::parse_json(text).unwrap().value;
        let found = find_servers(&req);
        assert_eq!(found.len(), 1);
        let (i, fields) = &found[0];
        assert_eq!(*i, 1);
        let m = req.get(SERVERS).unwrap().as_array().unwrap()[1]
            .as_object()
            .unwrap();
        assert!(std::ptr::eq(fields.object(), m));
        for (&name, &key) in names.iter().zip(Key::ALL) {
            assert_eq!(Key::of(name), Some(key));
            assert_eq!(fields.get(key), m.get(name), "{name}");
            assert!(fields.get(key).is_some(), "{name}");
        }
        assert_eq!(names.len(), Key::COUNT);
        assert_eq!(Key::of("serverid"), None);
        assert_eq!(Key::of("X"), None);
    }

    #[test]
    fn the_servers_pointer_names_the_servers_parameter() {
        assert_eq!(SERVERS_PTR, format!("/{SERVERS}"));
        assert_eq!(ServerPath(1).to_string(), format!("{SERVERS_PTR}/1"));
    }
}
