//! Facts about the environment a request is sent into (the *context*), and documentation editions.
//!
//! Every key is optional: a rule that needs a fact runs only when the context supplies it.
//! Unknown keys are an error, so a typo in a context file never silently disables a rule.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

/// Facts about the environment. See the README for the file format.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The load balancer the request targets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loadbalancer: Option<LoadBalancerFacts>,
    /// The listener the pool will serve.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener: Option<ListenerFacts>,
    /// The existing pool a member is added to (Huawei CreateMember).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<PoolFacts>,
    /// Subnet CIDRs by `subnet_cidr_id`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub subnets: BTreeMap<String, IpNet>,
}

/// Facts about the load balancer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoadBalancerFacts {
    /// Huawei: shared or dedicated load balancer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<LoadBalancerKind>,
    /// Huawei: whether IP as a Backend is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_target_enable: Option<bool>,
    /// Alibaba: the CLB instance edition (performance-guaranteed or shared-performance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edition: Option<ClbEdition>,
}

/// Huawei load balancer kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadBalancerKind {
    /// Shared load balancer.
    Shared,
    /// Dedicated load balancer.
    Dedicated,
}

/// Alibaba CLB instance edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClbEdition {
    /// Performance-guaranteed (high-performance) instance.
    Performance,
    /// Shared-performance instance.
    Shared,
}

/// Facts about the listener.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListenerFacts {
    /// The listener protocol, e.g. `TCP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
}

/// Facts about an existing pool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolFacts {
    /// The pool protocol, e.g. `TCP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `v4`, `v6` or `dualstack`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_version: Option<String>,
    /// `ip`, `instance` or empty.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub pool_type: Option<String>,
    /// The pool's load balancing algorithm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lb_algorithm: Option<String>,
    /// Whether Forward to Same Port is enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_port_enable: Option<bool>,
    /// Members already in the pool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<MemberFacts>>,
}

/// An existing member of a pool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberFacts {
    /// The member's address.
    pub address: String,
    /// The member's port (absent when the pool forwards to the same port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_port: Option<u16>,
}

/// A context file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid context: {0}")]
pub struct ContextError(pub String);

impl Context {
    /// Parses a context from JSON text. Unknown keys are errors that name the key.
    pub fn from_json(text: &str) -> Result<Context, ContextError> {
        serde_json::from_str(text).map_err(|e| ContextError(e.to_string()))
    }

    /// Converts a JSON value into a context. Unknown keys are errors that name the key.
    pub fn from_value(value: serde_json::Value) -> Result<Context, ContextError> {
        serde_json::from_value(value).map_err(|e| ContextError(e.to_string()))
    }

    /// Whether the context holds no fact at all.
    pub fn is_empty(&self) -> bool {
        self == &Context::default()
    }

    /// The load balancer kind, when known.
    pub fn lb_kind(&self) -> Option<LoadBalancerKind> {
        self.loadbalancer.as_ref().and_then(|l| l.kind)
    }

    /// Whether IP as a Backend is enabled, when known.
    pub fn ip_target_enable(&self) -> Option<bool> {
        self.loadbalancer.as_ref().and_then(|l| l.ip_target_enable)
    }

    /// The Alibaba CLB edition, when known.
    pub fn clb_edition(&self) -> Option<ClbEdition> {
        self.loadbalancer.as_ref().and_then(|l| l.edition)
    }

    /// The listener protocol, when known.
    pub fn listener_protocol(&self) -> Option<&str> {
        self.listener.as_ref().and_then(|l| l.protocol.as_deref())
    }
}

/// The edition of the Alibaba documentation to validate against. The newest page is the default;
/// the older ones stay selectable where they differ (see the README).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Edition {
    /// The page last updated 2026-03-02 (seed 001).
    #[default]
    #[serde(rename = "2026-03-02")]
    V2026,
    /// The page last updated 2024-03-14 (seed 000).
    #[serde(rename = "2024-03-14")]
    V2024,
    /// The older page (about 2019, seed 003).
    #[serde(rename = "2019")]
    V2019,
}

impl Edition {
    /// Every edition, newest first.
    pub const ALL: [Edition; 3] = [Edition::V2026, Edition::V2024, Edition::V2019];

    /// The edition's name as accepted by `--edition`.
    pub const fn name(self) -> &'static str {
        match self {
            Edition::V2026 => "2026-03-02",
            Edition::V2024 => "2024-03-14",
            Edition::V2019 => "2019",
        }
    }

    /// The seed document the edition follows.
    pub const fn seed(self) -> &'static str {
        match self {
            Edition::V2026 => "001",
            Edition::V2024 => "000",
            Edition::V2019 => "003",
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An edition name that lblint does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown edition `{0}`; valid editions: 2026-03-02 (default, also `2026` or `latest`), 2024-03-14 (`2024`), 2019 (`legacy`)")]
pub struct UnknownEdition(pub String);

impl FromStr for Edition {
    type Err = UnknownEdition;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "2026-03-02" | "2026" | "latest" | "001" => Ok(Edition::V2026),
            "2024-03-14" | "2024" | "000" => Ok(Edition::V2024),
            "2019" | "legacy" | "003" => Ok(Edition::V2019),
            _ => Err(UnknownEdition(s.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_context() {
        let c = Context::from_json(
            r#"{
              "loadbalancer": {"kind": "shared", "ip_target_enable": true, "edition": "performance"},
              "listener": {"protocol": "TCP"},
              "pool": {"protocol": "TCP", "ip_version": "v4", "type": "ip", "lb_algorithm": "ROUND_ROBIN",
                       "any_port_enable": false, "members": [{"address": "10.0.0.5", "protocol_port": 80}]},
              "subnets": {"s1": "10.0.0.0/24"}
            }"#,
        )
        .unwrap();
        assert_eq!(c.lb_kind(), Some(LoadBalancerKind::Shared));
        assert_eq!(c.subnets["s1"].to_string(), "10.0.0.0/24");
        assert!(Context::default().is_empty());
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = Context::from_json(r#"{"listener": {"protocl": "TCP"}}"#).unwrap_err();
        assert!(e.to_string().contains("protocl"), "{e}");
        let e = Context::from_json(r#"{"subnets": {"a": "10.0.0.0/99"}}"#).unwrap_err();
        assert!(e.to_string().contains("invalid context"), "{e}");
    }

    #[test]
    fn editions_parse() {
        assert_eq!("2024".parse::<Edition>().unwrap(), Edition::V2024);
        assert_eq!("legacy".parse::<Edition>().unwrap(), Edition::V2019);
        assert!("1999".parse::<Edition>().is_err());
        assert_eq!(Edition::default(), Edition::V2026);
    }
}
