//! Huawei Cloud ELB v3: `CreateMasterSlavePool` ([`PoolRequest`], built with [`PoolBuilder`]) and
//! `CreateMember` ([`MemberRequest`], built with [`MemberBuilder`]).
//!
//! Field names are the API's own (snake_case); `type` is `pool_type`, `monitor_type` or
//! `persistence_type` in Rust. See the [module docs](crate::model) for how invalid values are
//! represented.

use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::{builder_edits, request_methods, serialize_edited, setters, Extra, RawEdits, Request};
use crate::operation::Operation;

/// The body of `CreateMasterSlavePool`: `{"pool": {...}}`.
///
/// ```
/// use lblint::model::PoolRequest;
///
/// let req: PoolRequest = serde_json::from_str(
///     r#"{"pool": {"protocol": "TCP", "lb_algorithm": "ROUND_ROBIN", "lb_algoritm": "x"}}"#,
/// ).unwrap();
/// assert_eq!(req.pool.protocol.as_deref(), Some("TCP"));
/// // The misspelt field is kept, so the unknown-field rule still reports it.
/// assert!(req.pool.extra.contains_key("lb_algoritm"));
/// assert!(req.validate(&Default::default()).has_rule("elb/unknown-field"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PoolRequest {
    /// The pool.
    pub pool: Pool,
    /// Top-level fields besides `pool`.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
    /// Raw edits applied after serialization (see [`RawEdits`]). Never deserialized.
    #[serde(skip)]
    #[cfg_attr(feature = "arbitrary", arbitrary(default))]
    pub edits: RawEdits,
}

impl Serialize for PoolRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            pool: &'a Pool,
            #[serde(flatten)]
            extra: &'a Extra,
        }
        let wire = Wire {
            pool: &self.pool,
            extra: &self.extra,
        };
        serialize_edited(&wire, &self.edits, serializer)
    }
}

impl Request for PoolRequest {
    const OPERATION: Operation = Operation::HuaweiCreateMasterSlavePool;
}
request_methods!(PoolRequest);

/// The `pool` object of `CreateMasterSlavePool`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Pool {
    /// `name`: up to 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`: up to 255 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `lb_algorithm` (required): `ROUND_ROBIN`, `LEAST_CONNECTIONS`, `SOURCE_IP` or `QUIC_CID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lb_algorithm: Option<String>,
    /// `protocol` (required): `TCP`, `UDP` or `QUIC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// `listener_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listener_id: Option<String>,
    /// `loadbalancer_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loadbalancer_id: Option<String>,
    /// `project_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// `vpc_id` (only with `type` `instance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// `type`: `instance`, `ip` or `""`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub pool_type: Option<String>,
    /// `ip_version`: `dualstack`, `v4` or `v6`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_version: Option<String>,
    /// `members` (required): exactly one `master` and one `slave`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<PoolMember>>,
    /// `healthmonitor` (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthmonitor: Option<HealthMonitor>,
    /// `any_port_enable`: Forward to Same Port.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any_port_enable: Option<bool>,
    /// `session_persistence`: sticky sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_persistence: Option<SessionPersistence>,
    /// `connection_drain` (SDK model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_drain: Option<ConnectionDrain>,
    /// `quic_cid_hash_strategy` (SDK model; only with `QUIC_CID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quic_cid_hash_strategy: Option<QuicCidHashStrategy>,
    /// `enterprise_project_id` (SDK model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_project_id: Option<String>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

/// One element of `pool.members` (an active/standby member: it has a `role`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct PoolMember {
    /// `address` (required): an IPv4 or IPv6 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// `protocol_port`: 1-65535 (required unless `any_port_enable` is true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_port: Option<i64>,
    /// `role` (required): `master` or `slave`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `subnet_cidr_id`: the IPv4 or IPv6 subnet; absent for IP as a Backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_cidr_id: Option<String>,
    /// `admin_state_up`: only `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_state_up: Option<bool>,
    /// `weight`: not allowed on active/standby members (kept so a test can set it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

impl PoolMember {
    /// A member with an address, a port and a role.
    pub fn new(address: impl Into<String>, port: i64, role: impl Into<String>) -> PoolMember {
        PoolMember {
            address: Some(address.into()),
            protocol_port: Some(port),
            role: Some(role.into()),
            ..PoolMember::default()
        }
    }

    /// The active member (`role` `master`).
    pub fn master(address: impl Into<String>, port: i64) -> PoolMember {
        PoolMember::new(address, port, "master")
    }

    /// The standby member (`role` `slave`).
    pub fn slave(address: impl Into<String>, port: i64) -> PoolMember {
        PoolMember::new(address, port, "slave")
    }
}

/// `pool.healthmonitor`: the health check.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct HealthMonitor {
    /// `type` (required): `TCP`, `UDP_CONNECT`, `HTTP` or `HTTPS`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub monitor_type: Option<String>,
    /// `delay` (required): 1-50 seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<i64>,
    /// `timeout` (required): 1-50 seconds, less than `delay`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// `max_retries` (required): 1-10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<i64>,
    /// `max_retries_down`: 1-10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries_down: Option<i64>,
    /// `monitor_port`: 1-65535.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitor_port: Option<i64>,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `admin_state_up`: only `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_state_up: Option<bool>,
    /// `domain_name` (HTTP checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_name: Option<String>,
    /// `url_path` (HTTP and HTTPS checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_path: Option<String>,
    /// `expected_codes` (HTTP and HTTPS checks), e.g. `200` or `200-204`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_codes: Option<String>,
    /// `http_method` (HTTP and HTTPS checks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_method: Option<String>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

impl HealthMonitor {
    /// A health check of a type with lblint's test defaults: `delay` 5, `timeout` 3,
    /// `max_retries` 3.
    pub fn new(monitor_type: impl Into<String>) -> HealthMonitor {
        HealthMonitor {
            monitor_type: Some(monitor_type.into()),
            delay: Some(5),
            timeout: Some(3),
            max_retries: Some(3),
            ..HealthMonitor::default()
        }
    }

    /// The right default check for a pool protocol: `UDP_CONNECT` for UDP and QUIC pools, `TCP`
    /// otherwise.
    pub fn for_protocol(protocol: &str) -> HealthMonitor {
        match protocol {
            "UDP" | "QUIC" => HealthMonitor::new("UDP_CONNECT"),
            _ => HealthMonitor::new("TCP"),
        }
    }
}

/// `pool.session_persistence`: sticky sessions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct SessionPersistence {
    /// `type` (required): `SOURCE_IP`, `HTTP_COOKIE` or `APP_COOKIE`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub persistence_type: Option<String>,
    /// `cookie_name` (only with `APP_COOKIE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookie_name: Option<String>,
    /// `persistence_timeout` in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub persistence_timeout: Option<i64>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

impl SessionPersistence {
    /// Sticky sessions of a type.
    pub fn new(persistence_type: impl Into<String>) -> SessionPersistence {
        SessionPersistence {
            persistence_type: Some(persistence_type.into()),
            ..SessionPersistence::default()
        }
    }
}

/// `pool.connection_drain` (SDK model).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ConnectionDrain {
    /// `enable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable: Option<bool>,
    /// `timeout`: 10-4000 seconds, required when enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

/// `pool.quic_cid_hash_strategy` (SDK model).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct QuicCidHashStrategy {
    /// `len`: 1-20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub len: Option<i64>,
    /// `offset`: 0-19.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

/// Builds a valid [`PoolRequest`] in a few lines; change one field to make it invalid.
///
/// Defaults: `lb_algorithm` `ROUND_ROBIN`, `type` `ip` (IP as a Backend: members without
/// `subnet_cidr_id`), the health check of [`HealthMonitor::for_protocol`], and for QUIC a
/// `SOURCE_IP` sticky session. When no member is added, [`build`](PoolBuilder::build) adds
/// `10.0.0.5:80` as `master` and `10.0.0.6:80` as `slave`; [`member`](PoolBuilder::member) adds
/// the first member as `master` and every later one as `slave`. Every default request validates
/// without any error (a test checks it); a TCP pool without any diagnostic at all, while UDP and
/// QUIC pools get the `elb/member-ip-backend-protocol-conflict` warning for their IP-backend
/// members (the documentation disagrees with itself there; add `subnet_cidr_id` to the members
/// and use `type` `instance` with a `vpc_id` to avoid it).
///
/// ```
/// use lblint::model::PoolBuilder;
///
/// let pool = PoolBuilder::tcp().member("10.0.0.5", 80).member("10.0.0.6", 80).build();
/// assert!(pool.validate(&Default::default()).diagnostics.is_empty());
///
/// let broken = PoolBuilder::tcp().member("10.0.0.5", 80).member("10.0.0.5", 80).build();
/// assert!(broken.validate(&Default::default()).has_rule("elb/members-unique"));
/// ```
#[derive(Debug, Clone)]
pub struct PoolBuilder {
    req: PoolRequest,
    members_given: bool,
}

impl PoolBuilder {
    /// A pool of a protocol with the defaults above.
    pub fn new(protocol: impl Into<String>) -> PoolBuilder {
        let protocol = protocol.into();
        let mut pool = Pool {
            lb_algorithm: Some("ROUND_ROBIN".into()),
            pool_type: Some("ip".into()),
            healthmonitor: Some(HealthMonitor::for_protocol(&protocol)),
            ..Pool::default()
        };
        if protocol == "QUIC" {
            pool.session_persistence = Some(SessionPersistence::new("SOURCE_IP"));
        }
        pool.protocol = Some(protocol);
        PoolBuilder {
            req: PoolRequest {
                pool,
                ..PoolRequest::default()
            },
            members_given: false,
        }
    }

    /// A TCP pool.
    pub fn tcp() -> PoolBuilder {
        PoolBuilder::new("TCP")
    }

    /// A UDP pool (`UDP_CONNECT` health check).
    pub fn udp() -> PoolBuilder {
        PoolBuilder::new("UDP")
    }

    /// A QUIC pool (`UDP_CONNECT` health check, `SOURCE_IP` sticky session).
    pub fn quic() -> PoolBuilder {
        PoolBuilder::new("QUIC")
    }

    setters! {
        /// Sets `name`.
        fn name(name: impl Into<String>) => req.pool.name;

        /// Sets `description`.
        fn description(description: impl Into<String>) => req.pool.description;

        /// Sets `lb_algorithm`.
        fn lb_algorithm(lb_algorithm: impl Into<String>) => req.pool.lb_algorithm;

        /// Sets `protocol` (the health check is left as it is).
        fn protocol(protocol: impl Into<String>) => req.pool.protocol;

        /// Sets `listener_id`.
        fn listener_id(listener_id: impl Into<String>) => req.pool.listener_id;

        /// Sets `loadbalancer_id`.
        fn loadbalancer_id(loadbalancer_id: impl Into<String>) => req.pool.loadbalancer_id;

        /// Sets `project_id`.
        fn project_id(project_id: impl Into<String>) => req.pool.project_id;

        /// Sets `vpc_id`.
        fn vpc_id(vpc_id: impl Into<String>) => req.pool.vpc_id;

        /// Sets `type` (`instance`, `ip` or `""`).
        fn pool_type(pool_type: impl Into<String>) => req.pool.pool_type;

        /// Sets `ip_version`.
        fn ip_version(ip_version: impl Into<String>) => req.pool.ip_version;

        /// Sets `any_port_enable`.
        fn any_port_enable(enable: bool) => req.pool.any_port_enable;

        /// Sets `enterprise_project_id`.
        fn enterprise_project_id(id: impl Into<String>) => req.pool.enterprise_project_id;

        /// Sets `session_persistence`.
        fn session_persistence(session: SessionPersistence) => req.pool.session_persistence;

        /// Sets `connection_drain`.
        fn connection_drain(drain: ConnectionDrain) => req.pool.connection_drain;

        /// Sets `quic_cid_hash_strategy`.
        fn quic_cid_hash_strategy(strategy: QuicCidHashStrategy) => req.pool.quic_cid_hash_strategy;

        /// Replaces the health check.
        fn healthmonitor(healthmonitor: HealthMonitor) => req.pool.healthmonitor;
    }

    /// Changes the health check in place (it is created empty when there is none).
    pub fn healthmonitor_with(mut self, f: impl FnOnce(&mut HealthMonitor)) -> Self {
        f(self
            .req
            .pool
            .healthmonitor
            .get_or_insert_with(Default::default));
        self
    }

    /// Leaves `healthmonitor` out.
    pub fn without_healthmonitor(mut self) -> Self {
        self.req.pool.healthmonitor = None;
        self
    }

    /// Adds a member: the first one as `master`, every later one as `slave`.
    pub fn member(self, address: impl Into<String>, port: i64) -> Self {
        let first = !self.members_given
            || self
                .req
                .pool
                .members
                .as_ref()
                .is_none_or(|members| members.is_empty());
        let role = if first { "master" } else { "slave" };
        self.push_member(PoolMember::new(address, port, role))
    }

    /// Adds a `master` member.
    pub fn master(self, address: impl Into<String>, port: i64) -> Self {
        self.push_member(PoolMember::master(address, port))
    }

    /// Adds a `slave` member.
    pub fn slave(self, address: impl Into<String>, port: i64) -> Self {
        self.push_member(PoolMember::slave(address, port))
    }

    /// Adds a member as it is.
    pub fn push_member(mut self, member: PoolMember) -> Self {
        if !self.members_given {
            self.req.pool.members = Some(Vec::new());
            self.members_given = true;
        }
        self.req
            .pool
            .members
            .get_or_insert_with(Vec::new)
            .push(member);
        self
    }

    /// Replaces the members (an empty list gives `"members": []`).
    pub fn members(mut self, members: impl IntoIterator<Item = PoolMember>) -> Self {
        self.req.pool.members = Some(members.into_iter().collect());
        self.members_given = true;
        self
    }

    /// Leaves `members` out.
    pub fn without_members(mut self) -> Self {
        self.req.pool.members = None;
        self.members_given = true;
        self
    }

    /// Adds a field the model does not know to the `pool` object.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.req.pool.extra.insert(key.into(), value.into());
        self
    }

    /// Changes the pool in place: any field, including setting one to `None`.
    pub fn with(mut self, f: impl FnOnce(&mut Pool)) -> Self {
        f(&mut self.req.pool);
        self
    }

    builder_edits!();

    /// The request.
    pub fn build(self) -> PoolRequest {
        let mut req = self.req;
        if !self.members_given {
            req.pool.members = Some(vec![
                PoolMember::master("10.0.0.5", 80),
                PoolMember::slave("10.0.0.6", 80),
            ]);
        }
        req
    }
}

impl Default for PoolBuilder {
    /// [`PoolBuilder::tcp`].
    fn default() -> Self {
        PoolBuilder::tcp()
    }
}

/// The body of `CreateMember`: `{"member": {...}}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct MemberRequest {
    /// The member.
    pub member: Member,
    /// Top-level fields besides `member`.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
    /// Raw edits applied after serialization (see [`RawEdits`]). Never deserialized.
    #[serde(skip)]
    #[cfg_attr(feature = "arbitrary", arbitrary(default))]
    pub edits: RawEdits,
}

impl Serialize for MemberRequest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Wire<'a> {
            member: &'a Member,
            #[serde(flatten)]
            extra: &'a Extra,
        }
        let wire = Wire {
            member: &self.member,
            extra: &self.extra,
        };
        serialize_edited(&wire, &self.edits, serializer)
    }
}

impl Request for MemberRequest {
    const OPERATION: Operation = Operation::HuaweiCreateMember;
}
request_methods!(MemberRequest);

/// The `member` object of `CreateMember`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Member {
    /// `address` (required): an IPv4 or IPv6 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// `protocol_port`: 1-65535 (required unless the pool forwards to the same port).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol_port: Option<i64>,
    /// `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `subnet_cidr_id`: absent for IP as a Backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subnet_cidr_id: Option<String>,
    /// `admin_state_up`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_state_up: Option<bool>,
    /// `weight`: 0-100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// `project_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

/// Builds a valid [`MemberRequest`]: an address and a port (default `10.0.0.5:80`, an IP
/// backend, i.e. without `subnet_cidr_id`), plus setters for every field.
///
/// ```
/// use lblint::model::MemberBuilder;
/// use lblint::Context;
///
/// let ctx = Context::from_json(r#"{"subnets": {"sub-1": "10.0.0.0/24"}}"#).unwrap();
/// let ok = MemberBuilder::new("10.0.0.9", 8080).subnet_cidr_id("sub-1").build();
/// assert!(ok.validate(&ctx).is_valid());
/// let outside = MemberBuilder::new("10.1.0.9", 8080).subnet_cidr_id("sub-1").build();
/// assert!(!outside.validate(&ctx).is_valid());
/// ```
#[derive(Debug, Clone)]
pub struct MemberBuilder {
    req: MemberRequest,
}

impl MemberBuilder {
    /// A member with an address and a port.
    pub fn new(address: impl Into<String>, port: i64) -> MemberBuilder {
        MemberBuilder {
            req: MemberRequest {
                member: Member {
                    address: Some(address.into()),
                    protocol_port: Some(port),
                    ..Member::default()
                },
                ..MemberRequest::default()
            },
        }
    }

    setters! {
        /// Sets `address`.
        fn address(address: impl Into<String>) => req.member.address;

        /// Sets `protocol_port`.
        fn protocol_port(port: i64) => req.member.protocol_port;
    }

    /// Leaves `protocol_port` out.
    pub fn without_protocol_port(mut self) -> Self {
        self.req.member.protocol_port = None;
        self
    }

    setters! {
        /// Sets `name`.
        fn name(name: impl Into<String>) => req.member.name;

        /// Sets `subnet_cidr_id`.
        fn subnet_cidr_id(id: impl Into<String>) => req.member.subnet_cidr_id;

        /// Sets `admin_state_up`.
        fn admin_state_up(up: bool) => req.member.admin_state_up;

        /// Sets `weight`.
        fn weight(weight: i64) => req.member.weight;

        /// Sets `project_id`.
        fn project_id(id: impl Into<String>) => req.member.project_id;
    }

    /// Adds a field the model does not know to the `member` object.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.req.member.extra.insert(key.into(), value.into());
        self
    }

    /// Changes the member in place: any field, including setting one to `None`.
    pub fn with(mut self, f: impl FnOnce(&mut Member)) -> Self {
        f(&mut self.req.member);
        self
    }

    builder_edits!();

    /// The request.
    pub fn build(self) -> MemberRequest {
        self.req
    }
}

impl Default for MemberBuilder {
    /// `MemberBuilder::new("10.0.0.5", 80)`.
    fn default() -> Self {
        MemberBuilder::new("10.0.0.5", 80)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::Context;
    use crate::engine::Options;
    use serde_json::json;

    fn none(report: &crate::Report) {
        assert!(report.diagnostics.is_empty(), "{report}");
    }

    #[test]
    fn default_pools_have_no_diagnostic_at_all() {
        let ctx = Context::default();
        let b = PoolBuilder::tcp();
        none(&b.clone().build().validate(&ctx));
        none(
            &b.member("10.0.0.7", 80)
                .member("10.0.0.8", 443)
                .build()
                .validate(&ctx),
        );
        none(&PoolBuilder::default().build().validate(&ctx));
    }

    #[test]
    fn default_udp_and_quic_pools_have_no_error_and_only_the_ip_backend_conflict() {
        for b in [PoolBuilder::udp(), PoolBuilder::quic()] {
            let r = b.build().validate(&Context::default());
            assert!(r.is_valid(), "{r}");
            assert!(r.diagnostics.len() == 2, "{r}");
            assert!(
                r.diagnostics
                    .iter()
                    .all(|d| d.rule == "elb/member-ip-backend-protocol-conflict"),
                "{r}"
            );
        }
    }

    #[test]
    fn default_members_have_no_diagnostic_at_all() {
        none(
            &MemberBuilder::default()
                .build()
                .validate(&Context::default()),
        );
        let full = MemberBuilder::new("192.168.1.10", 443)
            .name("web-1")
            .subnet_cidr_id("c09f620e-3492-4429-ac15-445d5dd9ca74")
            .admin_state_up(true)
            .weight(10)
            .project_id("99a3fff0d03c428eac3678da6a7d0f24")
            .build();
        none(&full.validate(&Context::default()));
    }

    #[test]
    fn the_seed_examples_round_trip_through_the_models() {
        for (op_text, is_pool) in [
            (crate::providers::huaweicloud::POOL_BASE_EXAMPLE, true),
            (crate::providers::huaweicloud::MEMBER_BASE_EXAMPLE, false),
        ] {
            let v: Value = serde_json::from_str(op_text).unwrap();
            let back = if is_pool {
                serde_json::from_value::<PoolRequest>(v.clone())
                    .unwrap()
                    .to_value()
            } else {
                serde_json::from_value::<MemberRequest>(v.clone())
                    .unwrap()
                    .to_value()
            };
            assert_eq!(back, v);
        }
    }

    #[test]
    fn unknown_fields_round_trip_everywhere_and_are_reported() {
        let v = json!({"pool": {"protocol": "TCP", "lb_algoritm": "ROUND_ROBIN",
            "members": [{"address": "10.0.0.5", "adress": 1}],
            "healthmonitor": {"max_retry": 3},
            "session_persistence": {"typ": "SOURCE_IP"},
            "connection_drain": {"enabled": true},
            "quic_cid_hash_strategy": {"length": 2}}, "top": null});
        let req: PoolRequest = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(req.to_value(), v);
        let report = req.validate(&Context::default());
        let unknown: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "elb/unknown-field")
            .map(|d| d.path.as_str())
            .collect();
        assert_eq!(
            unknown,
            [
                "/pool/connection_drain/enabled",
                "/pool/healthmonitor/max_retry",
                "/pool/lb_algoritm",
                "/pool/members/0/adress",
                "/pool/quic_cid_hash_strategy/length",
                "/pool/session_persistence/typ",
                "/top",
            ]
        );
    }

    #[test]
    fn one_changed_field_makes_the_pool_invalid_with_the_provider_code() {
        let ctx = Context::default();
        let r = PoolBuilder::tcp()
            .lb_algorithm("round_robin")
            .build()
            .validate(&ctx);
        assert!(r.has_code("ELB.6051"), "{r}");
        let r = PoolBuilder::tcp()
            .healthmonitor_with(|h| h.delay = Some(0))
            .build()
            .validate(&ctx);
        assert!(r.has_rule("elb/healthmonitor-delay"), "{r}");
        let r = PoolBuilder::tcp().without_members().build().validate(&ctx);
        assert!(r.has_rule("elb/pool-required"), "{r}");
        let r = PoolBuilder::tcp()
            .member("10.0.0.5", 80)
            .member("10.0.0.6", 80)
            .member("10.0.0.7", 80)
            .build()
            .validate(&ctx);
        assert!(r.has_rule("elb/members-count"), "{r}");
        let r = MemberBuilder::default()
            .protocol_port(0)
            .build()
            .validate(&ctx);
        assert!(r.has_rule("elb/member-protocol-port"), "{r}");
    }

    #[test]
    fn raw_edits_reach_serialization_and_validation() {
        let mut req = PoolBuilder::tcp().set("/pool/members", json!({})).build();
        assert_eq!(
            serde_json::to_value(&req).unwrap()["pool"]["members"],
            json!({})
        );
        assert!(req
            .validate(&Context::default())
            .has_rule("elb/object-shape"));
        req.edits = RawEdits::default();
        req.remove("/pool/protocol");
        let r = req.validate_with(&Options::default());
        assert!(r.has_rule("elb/pool-required"), "{r}");
        let m = MemberBuilder::default()
            .set("member/protocol_port", "80")
            .remove("/member/address")
            .build();
        let r = m.validate(&Context::default());
        assert!(r.has_rule("elb/member-protocol-port"), "{r}");
        assert!(r.has_rule("elb/member-address-required"), "{r}");
    }
}
