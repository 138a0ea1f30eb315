//! The operations lblint knows, their ids, and detection from a request's content.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An API operation whose requests lblint validates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Operation {
    /// Alibaba Cloud CLB (SLB, API 2014-05-15) `CreateMasterSlaveServerGroup`.
    #[serde(rename = "aliyun.slb.CreateMasterSlaveServerGroup")]
    AliyunCreateMasterSlaveServerGroup,
    /// Huawei Cloud ELB v3 `CreateMasterSlavePool` (`POST /v3/{project_id}/elb/master-slave-pools`).
    #[serde(rename = "huaweicloud.elb.v3.CreateMasterSlavePool")]
    HuaweiCreateMasterSlavePool,
    /// Huawei Cloud ELB v3 `CreateMember` (`POST /v3/{project_id}/elb/pools/{pool_id}/members`).
    #[serde(rename = "huaweicloud.elb.v3.CreateMember")]
    HuaweiCreateMember,
}

impl Operation {
    /// Every operation, in catalogue order.
    pub const ALL: [Operation; 3] = [
        Operation::AliyunCreateMasterSlaveServerGroup,
        Operation::HuaweiCreateMasterSlavePool,
        Operation::HuaweiCreateMember,
    ];

    /// The stable operation id, e.g. `huaweicloud.elb.v3.CreateMasterSlavePool`.
    pub const fn id(self) -> &'static str {
        match self {
            Operation::AliyunCreateMasterSlaveServerGroup => {
                "aliyun.slb.CreateMasterSlaveServerGroup"
            }
            Operation::HuaweiCreateMasterSlavePool => "huaweicloud.elb.v3.CreateMasterSlavePool",
            Operation::HuaweiCreateMember => "huaweicloud.elb.v3.CreateMember",
        }
    }

    /// The provider part of the id (`aliyun` or `huaweicloud`).
    pub const fn provider(self) -> Provider {
        match self {
            Operation::AliyunCreateMasterSlaveServerGroup => Provider::Aliyun,
            _ => Provider::HuaweiCloud,
        }
    }

    /// One line describing the operation.
    pub const fn title(self) -> &'static str {
        match self {
            Operation::AliyunCreateMasterSlaveServerGroup => {
                "Alibaba Cloud CLB: create a primary/secondary server group"
            }
            Operation::HuaweiCreateMasterSlavePool => {
                "Huawei Cloud ELB v3: create an active/standby backend server group"
            }
            Operation::HuaweiCreateMember => "Huawei Cloud ELB v3: add a backend server",
        }
    }

    /// The generic "invalid request" code of the operation's provider.
    pub const fn generic_code(self) -> &'static str {
        match self.provider() {
            Provider::Aliyun => "InvalidParameter",
            Provider::HuaweiCloud => "ELB.8902",
        }
    }

    /// Infers the operation from a request's content: an `Action` key, a top-level `pool` or
    /// `member` object, or Alibaba parameter names.
    pub fn detect(request: &Value) -> Option<Operation> {
        let obj = request.as_object()?;
        Operation::detect_from(
            obj.get("Action").and_then(Value::as_str),
            obj.get("pool").is_some_and(Value::is_object),
            obj.get("member").is_some_and(Value::is_object),
            obj.keys().map(String::as_str),
        )
    }

    /// [`Operation::detect`] for the engine's own value type.
    pub fn detect_value(request: &crate::value::Value) -> Option<Operation> {
        use crate::value::Value;
        let obj = request.as_object()?;
        Operation::detect_from(
            obj.get("Action").and_then(Value::as_str),
            obj.get("pool").is_some_and(Value::is_object),
            obj.get("member").is_some_and(Value::is_object),
            obj.keys(),
        )
    }

    fn detect_from<'k>(
        action: Option<&str>,
        has_pool: bool,
        has_member: bool,
        mut keys: impl Iterator<Item = &'k str>,
    ) -> Option<Operation> {
        if let Some(action) = action {
            return (action == "CreateMasterSlaveServerGroup")
                .then_some(Operation::AliyunCreateMasterSlaveServerGroup);
        }
        match (has_pool, has_member) {
            (true, false) => return Some(Operation::HuaweiCreateMasterSlavePool),
            (false, true) => return Some(Operation::HuaweiCreateMember),
            _ => {}
        }
        const ALIYUN_KEYS: [&str; 4] = [
            "MasterSlaveBackendServers",
            "MasterSlaveServerGroupName",
            "LoadBalancerId",
            "RegionId",
        ];
        if keys.any(|k| ALIYUN_KEYS.contains(&k)) {
            return Some(Operation::AliyunCreateMasterSlaveServerGroup);
        }
        None
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An operation id that lblint does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown operation `{0}`; valid operations: aliyun.slb.CreateMasterSlaveServerGroup, huaweicloud.elb.v3.CreateMasterSlavePool, huaweicloud.elb.v3.CreateMember")]
pub struct UnknownOperation(pub String);

impl FromStr for Operation {
    type Err = UnknownOperation;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Operation::ALL
            .into_iter()
            .find(|o| o.id() == s)
            .ok_or_else(|| UnknownOperation(s.to_owned()))
    }
}

/// A cloud provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Alibaba Cloud.
    Aliyun,
    /// Huawei Cloud.
    #[serde(rename = "huaweicloud")]
    HuaweiCloud,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_round_trip() {
        for op in Operation::ALL {
            assert_eq!(op.id().parse::<Operation>().unwrap(), op);
            assert_eq!(
                serde_json::to_value(op).unwrap(),
                Value::String(op.id().into())
            );
        }
        let e = "x".parse::<Operation>().unwrap_err().to_string();
        assert!(e.contains("huaweicloud.elb.v3.CreateMember"));
    }

    #[test]
    fn detects_from_content() {
        use Operation::*;
        assert_eq!(
            Operation::detect(&json!({"Action": "CreateMasterSlaveServerGroup"})),
            Some(AliyunCreateMasterSlaveServerGroup)
        );
        assert_eq!(
            Operation::detect(&json!({"Action": "CreateVServerGroup"})),
            None
        );
        assert_eq!(
            Operation::detect(&json!({"pool": {}})),
            Some(HuaweiCreateMasterSlavePool)
        );
        assert_eq!(
            Operation::detect(&json!({"member": {}})),
            Some(HuaweiCreateMember)
        );
        assert_eq!(
            Operation::detect(&json!({"RegionId": "cn-hangzhou"})),
            Some(AliyunCreateMasterSlaveServerGroup)
        );
        assert_eq!(Operation::detect(&json!({"foo": 1})), None);
        assert_eq!(Operation::detect(&json!([1])), None);
    }
}
