//! Alibaba Cloud CLB (SLB, API 2014-05-15) `CreateMasterSlaveServerGroup`.
//!
//! Seeds 000 (2024-03-14), 001 (2026-03-02, the default edition) and 003 (about 2019), plus
//! provider-facts §2. Rules are grouped by what they check:
//! - [`params`]: the top-level parameters;
//! - [`servers`]: the server list as a whole (syntax, count, roles, identity);
//! - [`server`]: each server's fields;
//! - [`tags`]: `Tag` in both its array and its wire (`Tag.N.Key`) forms.

use serde_json::Value;

use crate::operation::Operation;
use crate::rule::{KnownCode, Rule};
use crate::scan;

pub mod params;
pub mod server;
pub mod servers;
pub mod tags;

/// The operation these rules apply to.
pub(crate) const OP: &[Operation] = &[Operation::AliyunCreateMasterSlaveServerGroup];

/// The parameter that holds the servers.
pub const SERVERS: &str = "MasterSlaveBackendServers";

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

/// Every Alibaba rule.
pub static RULES: &[&Rule] = &[
    &params::REQUEST_OBJECT,
    &params::REQUIRED_PARAMETERS,
    &params::PARAMETER_TYPE,
    &params::ACTION,
    &params::UNKNOWN_PARAMETER,
    &params::GROUP_NAME,
    &params::SERVERS_REQUIRED_CONFLICT,
    &params::LISTENER_PROTOCOL,
    &servers::SYNTAX,
    &servers::COUNT,
    &servers::ROLES,
    &servers::UNIQUE,
    &server::SERVER_ID_REQUIRED,
    &server::PORT_REQUIRED,
    &server::PORT_RANGE,
    &server::WEIGHT_RANGE,
    &server::WEIGHT_REQUIRED_2024,
    &server::SERVER_TYPE,
    &server::TYPE_ENUM,
    &server::TYPE_REQUIRED,
    &server::TYPE_MISMATCH,
    &server::DESCRIPTION,
    &server::DESCRIPTION_CHINESE,
    &server::SERVER_IP,
    &server::SERVER_IP_PLACEHOLDER,
    &server::UNKNOWN_KEY,
    &server::PERFORMANCE_ONLY,
    &server::PERFORMANCE_UNKNOWN,
    &tags::SHAPE,
    &tags::COUNT,
    &tags::KEY_REQUIRED,
    &tags::KEY,
    &tags::VALUE,
];

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
pub fn prepare(raw: &Value) -> Option<Value> {
    let text = raw.get(SERVERS)?.as_str()?;
    let parsed = scan::parse_lenient(text).ok()?;
    let mut copy = raw.clone();
    copy[SERVERS] = parsed.value;
    Some(copy)
}

/// Iterates the server objects of a prepared request: (index, object, pointer).
pub(crate) fn servers(req: &Value) -> impl Iterator<Item = (usize, &serde_json::Map<String, Value>, String)> {
    req.get(SERVERS)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, v)| v.as_object().map(|m| (i, m, format!("/{SERVERS}/{i}"))))
}

/// A scalar server field as text (numbers given as numbers read as their text).
pub(crate) fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
