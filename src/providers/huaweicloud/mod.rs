//! Huawei Cloud ELB v3: `CreateMasterSlavePool` (seed 002) and `CreateMember` (seed 004), plus
//! provider-facts §3 and §4.

use crate::rule::Rule;

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

/// Every Huawei rule.
pub static RULES: &[&Rule] = &[];

/// Schema keywords for the custom rules (added with the Huawei rules).
pub fn schema_extras(_op: crate::operation::Operation, _schema: &mut serde_json::Value) {}
