//! Alibaba Cloud CLB `CreateMasterSlaveServerGroup` ([`AliyunServerGroup`], built with
//! [`ServerGroupBuilder`]).
//!
//! Rust names are snake_case; the wire names are the API's PascalCase (`RegionId`,
//! `MasterSlaveBackendServers`, `ServerType`…). `MasterSlaveBackendServers` is a typed list that
//! serializes to a JSON array (the rules accept an array); the API itself takes it as JSON text,
//! which [`AliyunServerGroup::servers_text`], [`AliyunServerGroup::to_wire_value`] and
//! [`AliyunServerGroup::to_query`] render. Tags are a typed list that serializes to
//! `Tag: [{"Key", "Value"}]`; the wire renders them as `Tag.N.Key` / `Tag.N.Value`, and
//! [`AliyunServerGroup::from_value`] reads both forms.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::{builder_edits, request_methods, serialize_edited, setters, Extra, RawEdits, Request};
use crate::operation::Operation;

/// The parameters of `CreateMasterSlaveServerGroup`.
///
/// ```
/// use lblint::model::AliyunServerGroup;
/// use serde_json::json;
///
/// // Servers given as the API's JSON text (single quotes, numbers as strings) and tags in the
/// // wire form are both read.
/// let group = AliyunServerGroup::from_value(json!({
///     "RegionId": "cn-hangzhou",
///     "LoadBalancerId": "lb-1",
///     "MasterSlaveBackendServers":
///         "[{'ServerId':'i-a','Port':'80','ServerType':'Master'},{'ServerId':'i-b','Port':'80','ServerType':'Slave'}]",
///     "Tag.1.Key": "env", "Tag.1.Value": "prod",
/// })).unwrap();
/// let servers = group.servers.as_deref().unwrap();
/// assert_eq!(servers[1].port, Some(80));
/// assert_eq!(group.tags.as_deref().unwrap()[0].key.as_deref(), Some("env"));
/// assert_eq!(group.to_value()["MasterSlaveBackendServers"][1]["ServerType"], "Slave");
/// assert!(group.validate(&Default::default()).is_valid());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct AliyunServerGroup {
    /// `RegionId` (required).
    #[serde(default, rename = "RegionId")]
    pub region_id: Option<String>,
    /// `LoadBalancerId` (required).
    #[serde(default, rename = "LoadBalancerId")]
    pub load_balancer_id: Option<String>,
    /// `MasterSlaveServerGroupName`: 1-80 characters.
    #[serde(default, rename = "MasterSlaveServerGroupName")]
    pub group_name: Option<String>,
    /// `MasterSlaveBackendServers`: exactly one `Master` and one `Slave`. Deserializes from an
    /// array or from the API's JSON text.
    #[serde(
        default,
        rename = "MasterSlaveBackendServers",
        deserialize_with = "servers_from_array_or_text"
    )]
    pub servers: Option<Vec<AliyunServer>>,
    /// `Tag`: up to 20 tags.
    #[serde(default, rename = "Tag")]
    pub tags: Option<Vec<AliyunTag>>,
    /// `Action`: `CreateMasterSlaveServerGroup` when given.
    #[serde(default, rename = "Action")]
    pub action: Option<String>,
    /// Other parameters (common RPC parameters, `Tag.N.Key` when it could not be read as a tag,
    /// misspellings), serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
    /// Raw edits applied after serialization (see [`RawEdits`]). Never deserialized. Pointers
    /// address the array form, e.g. `/MasterSlaveBackendServers/0/Port`.
    #[serde(skip)]
    #[cfg_attr(feature = "arbitrary", arbitrary(default))]
    pub edits: RawEdits,
}

#[derive(Serialize)]
struct GroupWire<'a> {
    #[serde(rename = "RegionId", skip_serializing_if = "Option::is_none")]
    region_id: &'a Option<String>,
    #[serde(rename = "LoadBalancerId", skip_serializing_if = "Option::is_none")]
    load_balancer_id: &'a Option<String>,
    #[serde(
        rename = "MasterSlaveServerGroupName",
        skip_serializing_if = "Option::is_none"
    )]
    group_name: &'a Option<String>,
    #[serde(
        rename = "MasterSlaveBackendServers",
        skip_serializing_if = "Option::is_none"
    )]
    servers: &'a Option<Vec<AliyunServer>>,
    #[serde(rename = "Tag", skip_serializing_if = "Option::is_none")]
    tags: &'a Option<Vec<AliyunTag>>,
    #[serde(rename = "Action", skip_serializing_if = "Option::is_none")]
    action: &'a Option<String>,
    #[serde(flatten)]
    extra: &'a Extra,
}

impl Serialize for AliyunServerGroup {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wire = GroupWire {
            region_id: &self.region_id,
            load_balancer_id: &self.load_balancer_id,
            group_name: &self.group_name,
            servers: &self.servers,
            tags: &self.tags,
            action: &self.action,
            extra: &self.extra,
        };
        serialize_edited(&wire, &self.edits, serializer)
    }
}

impl Request for AliyunServerGroup {
    const OPERATION: Operation = Operation::AliyunCreateMasterSlaveServerGroup;
}
request_methods!(AliyunServerGroup);

impl AliyunServerGroup {
    /// Reads a request value: `MasterSlaveBackendServers` as an array or as the API's JSON text,
    /// tags as `Tag: [...]` or as `Tag.N.Key` / `Tag.N.Value` (N from 1, without gaps; otherwise
    /// they stay in [`extra`](AliyunServerGroup::extra), where the rules still see them).
    ///
    /// # Errors
    /// When a known parameter has a type the model cannot hold (for example a `Port` that is not
    /// an integer or a numeric string): validate such a request as a [`Value`] instead.
    pub fn from_value(value: Value) -> Result<AliyunServerGroup, serde_json::Error> {
        let mut group: AliyunServerGroup = serde_json::from_value(value)?;
        if group.tags.is_none() {
            group.tags = take_wire_tags(&mut group.extra);
        }
        Ok(group)
    }

    /// `MasterSlaveBackendServers` as the JSON text the API takes, when there are servers.
    pub fn servers_text(&self) -> Option<String> {
        let servers = self.servers.as_ref()?;
        serde_json::to_string(servers).ok()
    }

    /// The request as it goes over the wire, still as a JSON object: `MasterSlaveBackendServers`
    /// as JSON text and tags as `Tag.N.Key` / `Tag.N.Value`. It validates the same as
    /// [`to_value`](AliyunServerGroup::to_value). Raw edits are applied before the conversion,
    /// so their pointers address the array form.
    pub fn to_wire_value(&self) -> Value {
        let mut v = self.to_value();
        let Value::Object(map) = &mut v else { return v };
        if let Some(servers) = map.get_mut(SERVERS) {
            if servers.is_array() {
                let text = servers.to_string();
                *servers = Value::String(text);
            }
        }
        if let Some(Value::Array(tags)) = map.get("Tag").cloned() {
            let all_objects = tags.iter().all(Value::is_object);
            if all_objects {
                map.remove("Tag");
                for (i, tag) in tags.iter().enumerate() {
                    for (field, value) in tag.as_object().into_iter().flatten() {
                        map.insert(format!("Tag.{}.{field}", i + 1), value.clone());
                    }
                }
            }
        }
        v
    }

    /// The request's query parameters: [`to_wire_value`](AliyunServerGroup::to_wire_value) with
    /// every value as text (strings as they are, anything else as its JSON text), sorted by name.
    ///
    /// ```
    /// use lblint::model::ServerGroupBuilder;
    ///
    /// let q = ServerGroupBuilder::new().tag("env", "prod").build().to_query();
    /// assert!(q.contains(&("Tag.1.Key".to_string(), "env".to_string())));
    /// let servers = &q.iter().find(|(k, _)| k == "MasterSlaveBackendServers").unwrap().1;
    /// assert!(servers.starts_with("[{\"Port\":80,"));
    /// ```
    pub fn to_query(&self) -> Vec<(String, String)> {
        match self.to_wire_value() {
            Value::Object(map) => map
                .into_iter()
                .map(|(k, v)| {
                    let text = match v {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    (k, text)
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

const SERVERS: &str = crate::providers::aliyun::SERVERS;

/// Moves `Tag.N.Key` / `Tag.N.Value` out of `extra` when they form tags 1..=n without gaps and
/// nothing else; otherwise leaves `extra` alone.
fn take_wire_tags(extra: &mut Extra) -> Option<Vec<AliyunTag>> {
    let mut tags: Vec<AliyunTag> = Vec::new();
    let keys: Vec<String> = extra
        .keys()
        .filter(|k| k.starts_with("Tag."))
        .cloned()
        .collect();
    if keys.is_empty() {
        return None;
    }
    for k in &keys {
        let mut parts = k.splitn(3, '.').skip(1);
        let n: usize = parts.next()?.parse().ok().filter(|n| *n >= 1)?;
        let field = parts.next()?;
        let text = extra.get(k)?.as_str()?.to_owned();
        if tags.len() < n {
            tags.resize(n, AliyunTag::default());
        }
        match field {
            "Key" => tags[n - 1].key = Some(text),
            "Value" => tags[n - 1].value = Some(text),
            _ => return None,
        }
    }
    if tags.iter().any(|t| t.key.is_none() && t.value.is_none()) {
        return None;
    }
    for k in keys {
        extra.remove(&k);
    }
    Some(tags)
}

fn servers_from_array_or_text<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<AliyunServer>>, D::Error> {
    use serde::de::Error;
    let v = Option::<Value>::deserialize(d)?;
    let v = match v {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(text)) => crate::scan::parse_lenient(&text)
            .map_err(|e| {
                D::Error::custom(format!(
                    "{SERVERS} is not JSON text: {} (at byte {})",
                    e.message, e.offset
                ))
            })?
            .value
            .to_serde(),
        Some(other) => other,
    };
    serde_json::from_value(v)
        .map(Some)
        .map_err(D::Error::custom)
}

/// An integer that may be given as a numeric string (as Alibaba accepts), read into `i64`.
fn lenient_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::de::Error;
    match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("{n} is not an integer"))),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{s:?} is not an integer"))),
        Some(other) => Err(D::Error::custom(format!("{other} is not an integer"))),
    }
}

/// One server of `MasterSlaveBackendServers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct AliyunServer {
    /// `ServerId` (required): an ECS instance (`i-…`), ENI (`eni-…`) or ECI (`eci-…`).
    #[serde(default, rename = "ServerId", skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
    /// `Port` (required): 1-65535. Deserializes from a number or a numeric string.
    #[serde(
        default,
        rename = "Port",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub port: Option<i64>,
    /// `Weight`: 0-100 (default 100). Deserializes from a number or a numeric string.
    #[serde(
        default,
        rename = "Weight",
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_int"
    )]
    pub weight: Option<i64>,
    /// `ServerType`: `Master` (the default) or `Slave`.
    #[serde(
        default,
        rename = "ServerType",
        skip_serializing_if = "Option::is_none"
    )]
    pub server_type: Option<String>,
    /// `Type`: `ecs` (the default), `eni` or `eci`.
    #[serde(default, rename = "Type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `Description`: 1-80 characters.
    #[serde(
        default,
        rename = "Description",
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
    /// `ServerIp`: an IPv4 or IPv6 address.
    #[serde(default, rename = "ServerIp", skip_serializing_if = "Option::is_none")]
    pub server_ip: Option<String>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

impl AliyunServer {
    /// A server with an id, a port, a `ServerType` and `Weight` 100 (required by the 2024-03-14
    /// edition of the documentation).
    pub fn new(server_id: impl Into<String>, port: i64, server_type: impl Into<String>) -> Self {
        AliyunServer {
            server_id: Some(server_id.into()),
            port: Some(port),
            weight: Some(100),
            server_type: Some(server_type.into()),
            ..AliyunServer::default()
        }
    }

    /// The primary server (`ServerType` `Master`).
    pub fn master(server_id: impl Into<String>, port: i64) -> Self {
        AliyunServer::new(server_id, port, "Master")
    }

    /// The secondary server (`ServerType` `Slave`).
    pub fn slave(server_id: impl Into<String>, port: i64) -> Self {
        AliyunServer::new(server_id, port, "Slave")
    }
}

/// One tag.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct AliyunTag {
    /// `Key` (required): at most 64 characters.
    #[serde(default, rename = "Key", skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `Value`: at most 128 characters.
    #[serde(default, rename = "Value", skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Fields the model does not know, serialized as they are.
    #[serde(flatten)]
    #[cfg_attr(feature = "arbitrary", arbitrary(with = super::arb::extra))]
    pub extra: Extra,
}

impl AliyunTag {
    /// A tag.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> AliyunTag {
        AliyunTag {
            key: Some(key.into()),
            value: Some(value.into()),
            extra: Extra::new(),
        }
    }
}

/// Builds a valid [`AliyunServerGroup`]; change one field to make it invalid.
///
/// Defaults: `RegionId` `cn-hangzhou`, `LoadBalancerId` `lb-bp1example0000000000`,
/// `MasterSlaveServerGroupName` `group-1`. When no server is added, [`build`](Self::build) adds
/// `i-bp1master00000000000:80` as `Master` and `i-bp1slave000000000000:80` as `Slave` (both with
/// `Weight` 100). The default request validates without any diagnostic under every edition.
///
/// ```
/// use lblint::model::ServerGroupBuilder;
///
/// let group = ServerGroupBuilder::new()
///     .master("i-bp1aaa", 80)
///     .slave("i-bp1bbb", 80)
///     .build();
/// assert!(group.validate(&Default::default()).diagnostics.is_empty());
///
/// let two_masters = ServerGroupBuilder::new().master("i-a", 80).master("i-b", 80).build();
/// assert!(two_masters
///     .validate(&Default::default())
///     .has_code("BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE"));
/// ```
#[derive(Debug, Clone)]
pub struct ServerGroupBuilder {
    req: AliyunServerGroup,
    servers_given: bool,
}

impl ServerGroupBuilder {
    /// A group with the defaults above.
    pub fn new() -> ServerGroupBuilder {
        ServerGroupBuilder {
            req: AliyunServerGroup {
                region_id: Some("cn-hangzhou".into()),
                load_balancer_id: Some("lb-bp1example0000000000".into()),
                group_name: Some("group-1".into()),
                ..AliyunServerGroup::default()
            },
            servers_given: false,
        }
    }

    setters! {
        /// Sets `RegionId`.
        fn region_id(region_id: impl Into<String>) => req.region_id;

        /// Sets `LoadBalancerId`.
        fn load_balancer_id(id: impl Into<String>) => req.load_balancer_id;

        /// Sets `MasterSlaveServerGroupName`.
        fn group_name(name: impl Into<String>) => req.group_name;

        /// Sets `Action`.
        fn action(action: impl Into<String>) => req.action;
    }

    /// Adds a `Master` server (with `Weight` 100).
    pub fn master(self, server_id: impl Into<String>, port: i64) -> Self {
        self.server(AliyunServer::master(server_id, port))
    }

    /// Adds a `Slave` server (with `Weight` 100).
    pub fn slave(self, server_id: impl Into<String>, port: i64) -> Self {
        self.server(AliyunServer::slave(server_id, port))
    }

    /// Adds a server as it is.
    pub fn server(mut self, server: AliyunServer) -> Self {
        if !self.servers_given {
            self.req.servers = Some(Vec::new());
            self.servers_given = true;
        }
        self.req.servers.get_or_insert_with(Vec::new).push(server);
        self
    }

    /// Replaces the servers (an empty list gives `"MasterSlaveBackendServers": []`).
    pub fn servers(mut self, servers: impl IntoIterator<Item = AliyunServer>) -> Self {
        self.req.servers = Some(servers.into_iter().collect());
        self.servers_given = true;
        self
    }

    /// Leaves `MasterSlaveBackendServers` out.
    pub fn without_servers(mut self) -> Self {
        self.req.servers = None;
        self.servers_given = true;
        self
    }

    /// Adds a tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.req
            .tags
            .get_or_insert_with(Vec::new)
            .push(AliyunTag::new(key, value));
        self
    }

    /// Adds a parameter the model does not know.
    pub fn extra(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.req.extra.insert(key.into(), value.into());
        self
    }

    /// Changes the request in place: any field, including setting one to `None` (servers added
    /// so far are in `servers`; the default pair is added by `build` only if none was).
    pub fn with(mut self, f: impl FnOnce(&mut AliyunServerGroup)) -> Self {
        f(&mut self.req);
        self
    }

    builder_edits!();

    /// The request.
    pub fn build(self) -> AliyunServerGroup {
        let mut req = self.req;
        if !self.servers_given {
            req.servers = Some(vec![
                AliyunServer::master("i-bp1master00000000000", 80),
                AliyunServer::slave("i-bp1slave000000000000", 80),
            ]);
        }
        req
    }
}

impl Default for ServerGroupBuilder {
    /// [`ServerGroupBuilder::new`].
    fn default() -> Self {
        ServerGroupBuilder::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::{Context, Edition};
    use crate::engine::Options;
    use serde_json::json;

    #[test]
    fn the_default_group_has_no_diagnostic_in_any_edition() {
        let g = ServerGroupBuilder::new().tag("env", "prod").build();
        for edition in Edition::ALL {
            let opts = Options {
                edition,
                ..Options::default()
            };
            for v in [g.to_value(), g.to_wire_value()] {
                let r = crate::validate_value(AliyunServerGroup::OPERATION, &v, &opts);
                assert!(r.diagnostics.is_empty(), "{edition}: {r}");
            }
        }
    }

    #[test]
    fn the_seed_example_reads_and_round_trips() {
        let v: Value = serde_json::from_str(crate::providers::aliyun::BASE_EXAMPLE).unwrap();
        let g = AliyunServerGroup::from_value(v).unwrap();
        let servers = g.servers.as_deref().unwrap();
        assert_eq!(servers[0].port, Some(82));
        assert_eq!(servers[1].server_type.as_deref(), Some("Slave"));
        assert_eq!(servers[1].kind.as_deref(), Some("ecs"));
        assert!(g.validate(&Context::default()).is_valid());
        let again = AliyunServerGroup::from_value(g.to_wire_value()).unwrap();
        assert_eq!(again, g);
    }

    #[test]
    fn wire_tags_with_gaps_stay_where_the_rules_see_them() {
        let g = AliyunServerGroup::from_value(json!({
            "RegionId": "cn-hangzhou", "LoadBalancerId": "lb-1",
            "Tag.1.Key": "a", "Tag.3.Key": "c"
        }))
        .unwrap();
        assert!(g.tags.is_none());
        assert_eq!(g.extra.len(), 2);
        let g =
            AliyunServerGroup::from_value(json!({"Tag.1.Key": "a", "Tag.1.Value": "b"})).unwrap();
        assert_eq!(g.tags, Some(vec![AliyunTag::new("a", "b")]));
        assert!(g.extra.is_empty());
    }

    #[test]
    fn unreadable_ports_are_deserialization_errors_not_panics() {
        for bad in [
            json!({"MasterSlaveBackendServers": "[{'Port': 'eighty'}]"}),
            json!({"MasterSlaveBackendServers": "[{"}),
            json!({"MasterSlaveBackendServers": [{"Port": 1.5}]}),
            json!({"MasterSlaveBackendServers": [{"Weight": true}]}),
            json!({"MasterSlaveBackendServers": {}}),
        ] {
            assert!(AliyunServerGroup::from_value(bad).is_err());
        }
    }

    #[test]
    fn one_changed_field_gives_the_provider_code() {
        let ctx = Context::default();
        let r = ServerGroupBuilder::new()
            .master("i-a", 80)
            .slave("i-b", 0)
            .build()
            .validate(&ctx);
        assert!(r.has_code("RealServerPortNotSupport"), "{r}");
        let r = ServerGroupBuilder::new()
            .with(|g| g.region_id = None)
            .build()
            .validate(&ctx);
        assert!(r.has_code("MissingParameter"), "{r}");
        let r = ServerGroupBuilder::new()
            .set("/MasterSlaveBackendServers/0/Port", json!("eighty"))
            .build()
            .validate(&ctx);
        assert!(r.has_rule("aliyun/server-port-range"), "{r}");
        let r = ServerGroupBuilder::new()
            .extra("LoadBalancerID", "lb-1")
            .build()
            .validate(&ctx);
        assert!(r.has_rule("aliyun/unknown-parameter"), "{r}");
        let r = ServerGroupBuilder::new()
            .master("i-a", 80)
            .build()
            .validate(&ctx);
        assert!(r.has_code("BACKEND_SERVERS_NUM_MUST_BE_TWO"), "{r}");
    }
}
