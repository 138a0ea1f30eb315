//! The active/standby pool's own fields and its cross-field rules (CreateMasterSlavePool).

use super::fields::Field;
use crate::value::Value;

use super::{suggest, POOL_OP};
use crate::diagnostic::Severity;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators::{self, Spec};

/// Pool protocols that only the SDK (TLS) or the response table (HTTP, HTTPS) list.
pub(crate) const PROTOCOLS_CONFLICT: [&str; 3] = ["TLS", "HTTP", "HTTPS"];
/// Every pool protocol any source lists.
pub(crate) const ALL_PROTOCOLS: [&str; 6] = ["TCP", "UDP", "QUIC", "TLS", "HTTP", "HTTPS"];

/// The required pool fields.
pub static REQUIRED: Rule = Rule {
    id: "elb/pool-required",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`pool` has `lb_algorithm`, `protocol`, `members` and `healthmonitor`.",
    why: "The request table marks them mandatory; the service refuses a pool without them.",
    source: Source {
        doc: "002",
        quote: "lb_algorithm Yes String … protocol Yes String … members Yes Array of CreateMasterSlaveMemberOption objects … healthmonitor Yes CreateMasterSlaveHealthMonitorOption object",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/pool/healthmonitor")]),
    check: Check::Required(&[
        "/pool/lb_algorithm",
        "/pool/protocol",
        "/pool/members",
        "/pool/healthmonitor",
    ]),
};

/// lb_algorithm is one of four values.
pub static LB_ALGORITHM: Rule = Rule {
    id: "elb/pool-lb-algorithm",
    operations: POOL_OP,
    code: "ELB.6051",
    severity: Severity::Error,
    summary: "`lb_algorithm` is `ROUND_ROBIN`, `LEAST_CONNECTIONS`, `SOURCE_IP` or `QUIC_CID` (exact case).",
    why: "Any other value is an invalid load balancing algorithm (ELB.6051).",
    source: Source {
        doc: "002",
        quote: "The value can be one of the following: ROUND_ROBIN: weighted round robin; LEAST_CONNECTIONS: weighted least connections; SOURCE_IP: source IP hash; QUIC_CID: connection ID",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/lb_algorithm", "\"SOURCE_IP\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/lb_algorithm", "\"round_robin\"")]),
    check: Check::Field {
        at: "/pool/lb_algorithm",
        spec: Spec::Enum(&["ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "QUIC_CID"]),
    },
};

/// protocol is TCP, UDP or QUIC (TLS, HTTP and HTTPS: a warning).
pub static PROTOCOL: Rule = Rule {
    id: "elb/pool-protocol",
    operations: POOL_OP,
    code: "ELB.6071",
    severity: Severity::Error,
    summary: "`protocol` is `TCP`, `UDP` or `QUIC` (`TLS`, `HTTP`, `HTTPS`: see elb/pool-protocol-conflict).",
    why: "A protocol no source lists is an invalid backend protocol (ELB.6071).",
    source: Source {
        doc: "002",
        quote: "Specifies the protocol used by the backend server group to receive requests. The value can be TCP, UDP, or QUIC.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/protocol", "\"UDP\""), Set("/pool/healthmonitor/type", "\"UDP_CONNECT\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/protocol", "\"tcp\"")]),
    check: Check::Custom(|cx| {
        let Some(v) = cx.get(Field::Protocol) else { return };
        let Some(s) = v.as_str() else {
            cx.report(
                "/pool/protocol",
                format!("`protocol` must be a string, not {}; expected TCP, UDP or QUIC", validators::type_name(v)),
            );
            return;
        };
        if !ALL_PROTOCOLS.contains(&s) {
            cx.report_help(
                "/pool/protocol",
                format!("`protocol` {s:?} is not one of `TCP`, `UDP` or `QUIC`"),
                suggest(s, &ALL_PROTOCOLS),
            );
        }
    }),
};

/// TLS, HTTP, HTTPS pools: the sources disagree.
pub static PROTOCOL_CONFLICT: Rule = Rule {
    id: "elb/pool-protocol-conflict",
    operations: POOL_OP,
    code: "ELB.6071",
    severity: Severity::Warning,
    summary: "`protocol` `TLS`, `HTTP` or `HTTPS`: listed by the SDK or the response table, not by the request table.",
    why: "The request table of 002 lists TCP, UDP and QUIC; the SDK also lists TLS, and the response table and the health-check notes mention HTTP and HTTPS pools. lblint warns rather than rejects.",
    source: Source {
        doc: "provider-facts §0",
        quote: "Huawei pool `protocol`: the request table of 002 lists TCP, UDP, QUIC; the SDK also lists TLS; the health-check notes and the response table mention HTTP and HTTPS pools.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/protocol", "\"TLS\"")]),
    check: Check::Custom(|cx| {
        let Some(s) = cx.str_at(Field::Protocol) else { return };
        if PROTOCOLS_CONFLICT.contains(&s) {
            let other = if s == "TLS" { "the SDK lists TLS" } else { "the response table lists HTTP and HTTPS" };
            cx.report(
                "/pool/protocol",
                format!("`protocol` {s:?}: the request table allows only TCP, UDP or QUIC, but {other}"),
            );
        }
    }),
};

/// One rule per simple string field.
macro_rules! str_rule {
    ($name:ident, $id:literal, $at:literal, $min:literal, $max:literal, $summary:literal, $quote:literal, $pass:literal, $fail:literal) => {
        #[doc = $summary]
        pub static $name: Rule = Rule {
            id: $id,
            operations: POOL_OP,
            code: "ELB.8902",
            severity: Severity::Error,
            summary: $summary,
            why: "The service checks the documented length and refuses other values, and values that are not strings, as invalid input.",
            source: Source { doc: "002", quote: $quote },
            #[cfg(not(target_arch = "wasm32"))]
            pass: Example::patch(&[Set($at, $pass)]),
            #[cfg(not(target_arch = "wasm32"))]
            fail: Example::patch(&[Set($at, $fail)]),
            check: Check::Field {
                at: $at,
                spec: Spec::Str { min: $min, max: $max, charset: None },
            },
        };
    };
}

str_rule!(
    NAME,
    "elb/pool-name",
    "/pool/name",
    0,
    255,
    "`name` is a string of at most 255 characters.",
    "name No String Specifies the backend server group name. Minimum: 0 Maximum: 255",
    "\"\"",
    "7"
);
str_rule!(DESCRIPTION, "elb/pool-description", "/pool/description", 0, 255,
    "`description` is a string of at most 255 characters.",
    "description No String Specifies supplementary information about the active/standby backend server group. Minimum: 0 Maximum: 255",
    "\"primary web pair\"", "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"");
str_rule!(LOADBALANCER_ID, "elb/pool-loadbalancer-id", "/pool/loadbalancer_id", 1, 36,
    "`loadbalancer_id` is a string of 1 to 36 characters.",
    "loadbalancer_id No String Specifies the ID of the load balancer associated with the backend server group. Minimum: 1 Maximum: 36",
    "\"098b2f68-af1c-41a9-8efd-69958722af62\"", "\"\"");
str_rule!(LISTENER_ID, "elb/pool-listener-id", "/pool/listener_id", 1, 36,
    "`listener_id` is a string of 1 to 36 characters.",
    "listener_id No String Specifies the ID of the listener associated with the backend server group. Minimum: 1 Maximum: 36",
    "\"0b11747a-b139-492f-9692-2df0b1c87193\"", "\"0b11747a-b139-492f-9692-2df0b1c87193-0\"");
str_rule!(PROJECT_ID, "elb/pool-project-id", "/pool/project_id", 32, 32,
    "`project_id` is a string of exactly 32 characters.",
    "project_id No String Specifies the project ID of the backend server group. Minimum: 32 Maximum: 32",
    "\"99a3fff0d03c428eac3678da6a7d0f24\"", "\"99a3fff0-d03c-428e-ac36-78da6a7d0f24\"");
str_rule!(VPC_ID, "elb/pool-vpc-id", "/pool/vpc_id", 1, 36,
    "`vpc_id` is a string of 1 to 36 characters.",
    "vpc_id No String Specifies the ID of the VPC where the active/standby backend server group works. Minimum: 1 Maximum: 36",
    "null", "\"\"");

/// any_port_enable is a boolean.
pub static ANY_PORT_ENABLE: Rule = Rule {
    id: "elb/pool-any-port-enable",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`any_port_enable` is `true` or `false`.",
    why: "The API is typed: a string such as \"true\" is not a boolean and is refused as invalid input.",
    source: Source {
        doc: "002",
        quote: "any_port_enable No Boolean Specifies whether to enable Forward to Same Port for a backend server group.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/any_port_enable", "false")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/any_port_enable", "\"true\"")]),
    check: Check::Field { at: "/pool/any_port_enable", spec: Spec::Bool },
};

/// The ip_version values.
const IP_VERSIONS: [&str; 3] = ["dualstack", "v4", "v6"];

/// ip_version is dualstack, v4 or v6.
pub static IP_VERSION: Rule = Rule {
    id: "elb/pool-ip-version",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`ip_version` is `dualstack`, `v4` or `v6` (`v6`: see elb/pool-ip-version-v6).",
    why: "Other values (including `V4` or `ipv4`) are not IP versions the service knows.",
    source: Source {
        doc: "002",
        quote: "Dedicated load balancers: The value can be dualstack, v6, or v4. … Minimum: 1 Maximum: 20",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/ip_version", "\"dualstack\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/ip_version", "\"ipv4\"")]),
    check: Check::Field { at: "/pool/ip_version", spec: Spec::Enum(&IP_VERSIONS) },
};

/// ip_version v6: the request table allows it, the response table does not.
pub static IP_VERSION_V6: Rule = Rule {
    id: "elb/pool-ip-version-v6",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`ip_version` `v6`: allowed by the request table, not by the response table.",
    why: "The request table says dedicated pools take dualstack, v6 or v4; the response table says dualstack or v4. lblint warns rather than rejects.",
    source: Source {
        doc: "provider-facts §0",
        quote: "Huawei dedicated `ip_version`: request table allows dualstack, v6, v4; the response table says dualstack or v4.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/ip_version", "\"v4\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/ip_version", "\"v6\"")]),
    check: Check::Custom(|cx| {
        if cx.str_at(Field::IpVersion) == Some("v6") {
            cx.report(
                "/pool/ip_version",
                "`ip_version` \"v6\": the request table allows dualstack, v6 or v4, but the response table lists only dualstack or v4",
            );
        }
    }),
};

/// type is instance, ip or "".
pub static TYPE: Rule = Rule {
    id: "elb/pool-type",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`type` is `instance`, `ip` or `\"\"` (exact case).",
    why: "The value list names exactly these three types; any other value is refused.",
    source: Source {
        doc: "002",
        quote: "Values: instance: Any type of backend servers can be added. vpc_id is mandatory. ip: Only IP as backend servers can be added. vpc_id cannot be specified. \"\": Any type of backend servers can be added.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/type", "\"\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/type", "\"IP\"")]),
    check: Check::Field { at: "/pool/type", spec: Spec::Enum(&["instance", "ip", ""]) },
};

/// type "": the value list allows it, "Minimum: 1" does not.
pub static TYPE_EMPTY: Rule = Rule {
    id: "elb/pool-type-empty",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`type` `\"\"`: listed as a value, yet the field has \"Minimum: 1\".",
    why: "The same table lists \"\" as a value and gives the field a minimum length of 1; lblint warns rather than rejects. Omitting `type` (as terraform does) avoids the question when listener_id or loadbalancer_id is given.",
    source: Source {
        doc: "002",
        quote: "\"\": Any type of backend servers can be added. Minimum: 1 Maximum: 36",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/type", "\"\"")]),
    check: Check::Custom(|cx| {
        if cx.str_at(Field::Type) == Some("") {
            cx.report("/pool/type", "`type` is \"\": listed as a value, but the table also says Minimum: 1");
        }
    }),
};

/// At least one of listener_id, loadbalancer_id and type.
pub static ASSOCIATION: Rule = Rule {
    id: "elb/pool-association",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`pool` has at least one of `listener_id`, `loadbalancer_id` and `type`.",
    why: "The service must know where the pool belongs (a listener or a load balancer) or what it holds (its type).",
    source: Source {
        doc: "002",
        quote: "Note: Specify one of listener_id, loadbalancer_id, or type.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Remove("/pool/listener_id")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/pool/listener_id"), Remove("/pool/type")]),
    check: Check::Custom(|cx| {
        if !cx.req.get("pool").is_some_and(Value::is_object) {
            return;
        }
        if [Field::ListenerId, Field::LoadbalancerId, Field::Type].into_iter().all(|f| cx.get(f).is_none()) {
            cx.report_help(
                "/pool/type",
                "`pool` needs one of `listener_id`, `loadbalancer_id` or `type`",
                Some("add \"listener_id\" or \"loadbalancer_id\", or \"type\": \"ip\"".to_owned()),
            );
        }
    }),
};

/// type missing while listener_id or loadbalancer_id is given.
pub static TYPE_MISSING: Rule = Rule {
    id: "elb/pool-type-missing",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`type` is omitted while `listener_id` or `loadbalancer_id` is given.",
    why: "The table marks `type` mandatory, but its note says one of listener_id, loadbalancer_id or type is enough, and terraform omits it. lblint warns rather than rejects.",
    source: Source {
        doc: "002",
        quote: "type Yes String Specifies the type of the backend server group. … Note: Specify one of listener_id, loadbalancer_id, or type.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/pool/type")]),
    check: Check::Custom(|cx| {
        if cx.get(Field::Pool).is_some_and(Value::is_object)
            && cx.get(Field::Type).is_none()
            && (cx.get(Field::ListenerId).is_some() || cx.get(Field::LoadbalancerId).is_some())
        {
            cx.report(
                "/pool/type",
                "`type` is missing: the table marks it mandatory, but its note says listener_id or loadbalancer_id is enough",
            );
        }
    }),
};

/// vpc_id goes with type instance and only with it.
pub static VPC_ID_TYPE: Rule = Rule {
    id: "elb/pool-vpc-id-type",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`type` `instance` needs `vpc_id`; `vpc_id` needs `type` `instance` (with `ip` it cannot be specified).",
    why: "An instance pool is bound to a VPC, so the service requires it; an IP pool has no VPC and refuses one.",
    source: Source {
        doc: "002",
        quote: "instance: Any type of backend servers can be added. vpc_id is mandatory. ip: Only IP as backend servers can be added. vpc_id cannot be specified. … vpc_id … Note: type must be set to instance.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/type", "\"instance\""),
        Set("/pool/vpc_id", "\"3sae7086-a416-4666-9064-5b340e684012\""),
        Set("/pool/members/0/address", "\"172.16.0.210\""),
        Set("/pool/members/1/address", "\"172.16.0.211\""),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/vpc_id", "\"3sae7086-a416-4666-9064-5b340e684012\"")]),
    check: Check::Custom(|cx| {
        if !cx.get(Field::Pool).is_some_and(Value::is_object) {
            return;
        }
        let ty = cx.get(Field::Type);
        let has_vpc = cx.get(Field::VpcId).is_some();
        match (ty.and_then(Value::as_str), has_vpc) {
            (Some("instance"), false) => cx.report_help(
                "/pool/vpc_id",
                "`vpc_id` is required when `type` is \"instance\"",
                Some("add the VPC's id as \"vpc_id\"".to_owned()),
            ),
            (Some("instance"), true) | (_, false) => {}
            (Some(t), true) => cx.report(
                "/pool/vpc_id",
                format!("`vpc_id` cannot be specified when `type` is {t:?}; it requires `type` \"instance\""),
            ),
            (None, true) if ty.is_none() => cx.report(
                "/pool/vpc_id",
                "`vpc_id` requires `type` \"instance\", and `type` is missing",
            ),
            (None, true) => {}
        }
    }),
};

/// QUIC_CID only with QUIC pools.
pub static QUIC_CID_PROTOCOL: Rule = Rule {
    id: "elb/pool-quic-cid-protocol",
    operations: POOL_OP,
    code: "ELB.6051",
    severity: Severity::Error,
    summary: "`lb_algorithm` `QUIC_CID` only with `protocol` `QUIC`.",
    why: "Hashing on the QUIC connection ID needs QUIC traffic; with another protocol the algorithm is invalid (ELB.6051).",
    source: Source {
        doc: "002",
        quote: "QUIC_CID is supported only when the protocol of the backend server group is QUIC.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/protocol", "\"QUIC\""),
        Set("/pool/lb_algorithm", "\"QUIC_CID\""),
        Set("/pool/healthmonitor/type", "\"UDP_CONNECT\""),
        Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}"),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/lb_algorithm", "\"QUIC_CID\"")]),
    check: Check::Custom(|cx| {
        if cx.str_at(Field::LbAlgorithm) != Some("QUIC_CID") {
            return;
        }
        if let Some(p) = cx.str_at(Field::Protocol) {
            if p != "QUIC" {
                cx.report(
                    "/pool/lb_algorithm",
                    format!("`lb_algorithm` \"QUIC_CID\" is supported only for QUIC pools; this pool's protocol is {p:?}"),
                );
            }
        }
    }),
};

/// QUIC pools need session_persistence SOURCE_IP.
pub static QUIC_SESSION: Rule = Rule {
    id: "elb/pool-quic-session-persistence",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "A `QUIC` pool has `session_persistence` with `type` `SOURCE_IP`.",
    why: "The service requires sticky sessions on QUIC pools, and only by source IP.",
    source: Source {
        doc: "002",
        quote: "If the backend server group protocol is QUIC, sticky session must be enabled with type set to SOURCE_IP.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/protocol", "\"QUIC\""),
        Set("/pool/healthmonitor/type", "\"UDP_CONNECT\""),
        Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}"),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/protocol", "\"QUIC\""), Set("/pool/healthmonitor/type", "\"UDP_CONNECT\"")]),
    check: Check::Custom(|cx| {
        if cx.str_at(Field::Protocol) != Some("QUIC") {
            return;
        }
        match cx.get(Field::Session) {
            None => cx.report_help(
                "/pool/session_persistence",
                "a QUIC pool must enable sticky sessions: `session_persistence` is missing",
                Some("add \"session_persistence\": {\"type\": \"SOURCE_IP\"}".to_owned()),
            ),
            Some(Value::Object(_)) => {
                if let Some(t) = cx.str_at(Field::SessionType) {
                    if t != "SOURCE_IP" {
                        cx.report(
                            "/pool/session_persistence/type",
                            format!("a QUIC pool's sticky session `type` must be \"SOURCE_IP\", not {t:?}"),
                        );
                    }
                }
            }
            Some(_) => {}
        }
    }),
};

#[cfg(test)]
mod tests {
    use crate::{validate_json, Operation, Options};

    rule_tests! {
        lb_algorithm_pool_protocol_members_healthmonitor_are_mandatory => super::REQUIRED,
        lb_algorithm_is_round_robin_least_connections_source_ip_or_quic_cid => super::LB_ALGORITHM,
        the_value_can_be_tcp_udp_or_quic => super::PROTOCOL,
        the_sdk_lists_tls_and_the_response_table_http_and_https => super::PROTOCOL_CONFLICT,
        pool_name_minimum_0_maximum_255 => super::NAME,
        description_minimum_0_maximum_255 => super::DESCRIPTION,
        loadbalancer_id_minimum_1_maximum_36 => super::LOADBALANCER_ID,
        listener_id_minimum_1_maximum_36 => super::LISTENER_ID,
        project_id_minimum_32_maximum_32 => super::PROJECT_ID,
        vpc_id_minimum_1_maximum_36 => super::VPC_ID,
        any_port_enable_is_a_boolean => super::ANY_PORT_ENABLE,
        the_value_can_be_dualstack_v6_or_v4 => super::IP_VERSION,
        the_response_table_says_dualstack_or_v4 => super::IP_VERSION_V6,
        type_values_instance_ip_or_empty => super::TYPE,
        empty_type_is_listed_but_minimum_is_1 => super::TYPE_EMPTY,
        specify_one_of_listener_id_loadbalancer_id_or_type => super::ASSOCIATION,
        type_is_mandatory_but_the_note_makes_it_optional => super::TYPE_MISSING,
        instance_needs_vpc_id_and_ip_cannot_specify_it => super::VPC_ID_TYPE,
        quic_cid_is_supported_only_when_the_protocol_is_quic => super::QUIC_CID_PROTOCOL,
        quic_sticky_session_must_be_enabled_with_source_ip => super::QUIC_SESSION,
    }

    fn pool(fields: &str) -> String {
        format!(
            r#"{{"pool": {{"lb_algorithm": "ROUND_ROBIN", "protocol": "TCP", {fields}
              "members": [{{"address": "10.0.0.1", "protocol_port": 80, "role": "master"}},
                          {{"address": "10.0.0.2", "protocol_port": 80, "role": "slave"}}],
              "healthmonitor": {{"delay": 5, "max_retries": 3, "timeout": 3, "type": "TCP"}}}}}}"#
        )
    }

    fn rules(text: &str) -> Vec<String> {
        let r = validate_json(
            Some(Operation::HuaweiCreateMasterSlavePool),
            text,
            &Options::default(),
        )
        .unwrap();
        r.diagnostics
            .iter()
            .map(|d| format!("{} {}", d.rule, d.path))
            .collect()
    }

    #[test]
    fn type_ip_with_vpc_id_is_refused_and_a_missing_type_is_named() {
        let r = rules(&pool(r#""type": "ip", "vpc_id": "v-1","#));
        assert!(
            r.contains(&"elb/pool-vpc-id-type /pool/vpc_id".to_owned()),
            "{r:?}"
        );
        let r = rules(&pool(r#""vpc_id": "v-1","#));
        assert!(
            r.contains(&"elb/pool-vpc-id-type /pool/vpc_id".to_owned()),
            "{r:?}"
        );
    }

    #[test]
    fn protocol_typos_suggest_the_right_value() {
        let text =
            pool(r#""type": "ip", "protocol": "UPD","#).replace(r#""protocol": "TCP", "#, "");
        let r = validate_json(
            Some(Operation::HuaweiCreateMasterSlavePool),
            &text,
            &Options::default(),
        )
        .unwrap();
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.rule == "elb/pool-protocol")
            .unwrap();
        assert_eq!(d.code, "ELB.6071");
        assert_eq!(d.help.as_deref(), Some("did you mean `UDP`?"));
    }

    #[test]
    fn seed_002_example_has_no_errors_and_only_the_documented_warnings() {
        let r = validate_json(
            Some(Operation::HuaweiCreateMasterSlavePool),
            super::super::POOL_BASE_EXAMPLE,
            &Options::default(),
        )
        .unwrap();
        assert!(r.is_valid(), "{r}");
        let mut warned: Vec<&str> = r.warnings().map(|d| d.rule.as_ref()).collect();
        warned.dedup();
        assert_eq!(
            warned,
            [
                "elb/member-address-private",
                "elb/healthmonitor-timeout-delay"
            ]
        );
    }

    #[test]
    fn an_instance_pool_with_vpc_id_is_valid() {
        let text = pool(r#""type": "instance", "vpc_id": "3sae7086-a416-4666-9064-5b340e684012","#);
        let r = validate_json(
            Some(Operation::HuaweiCreateMasterSlavePool),
            &text,
            &Options::default(),
        )
        .unwrap();
        assert!(r.is_valid(), "{r}");
    }
}
