//! Rules that need facts from the context: the listener, the load balancer, the existing pool and
//! the subnets. Each runs only when the context supplies the fact it depends on.

use super::fields::Field;
use std::net::IpAddr;

use crate::value::Value;

use super::pool::ALL_PROTOCOLS;
use super::{
    field, is_ip_member, member_port, members, pool_ip_version, session_type, Key, BOTH, MEMBER_OP,
    POOL_OP,
};
use crate::context::LoadBalancerKind;
use crate::diagnostic::Severity;
use crate::engine::Cx;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};

/// How a listener protocol and a pool protocol pair up.
#[derive(Debug, PartialEq, Eq)]
enum Pairing {
    /// The SDK (or the request table) allows it.
    Allowed,
    /// Only the 002 response table allows it.
    ResponseTableOnly,
    /// No source allows it; the text says what would be allowed.
    Forbidden(String),
}

fn pairing(listener: &str, pool: &str, ip_version: Option<&str>) -> Pairing {
    match (listener, pool) {
        ("TCP", "TCP") | ("UDP", "UDP" | "QUIC") | ("TLS", "TLS") => Pairing::Allowed,
        ("TLS", "TCP") if ip_version == Some("v4") => Pairing::Allowed,
        ("TLS", "TCP") => Pairing::Forbidden(
            "a TLS listener takes a TLS pool, or a TCP pool with ip_version \"v4\"".to_owned(),
        ),
        ("HTTP", "HTTP") | ("HTTPS", "HTTP" | "HTTPS") | ("TERMINATED_HTTPS", "HTTP") => {
            Pairing::ResponseTableOnly
        }
        ("TCP", _) => Pairing::Forbidden("a TCP listener takes a TCP pool".to_owned()),
        ("UDP", _) => Pairing::Forbidden("a UDP listener takes a UDP or QUIC pool".to_owned()),
        ("TLS", _) => Pairing::Forbidden(
            "a TLS listener takes a TLS pool, or a TCP pool with ip_version \"v4\"".to_owned(),
        ),
        ("HTTP" | "TERMINATED_HTTPS", _) => Pairing::Forbidden(format!(
            "a {listener} listener takes only an HTTP pool (and only by the response table)"
        )),
        ("HTTPS", _) => Pairing::Forbidden(
            "an HTTPS listener takes only an HTTP or HTTPS pool (and only by the response table)".to_owned(),
        ),
        _ => Pairing::Forbidden(format!(
            "active/standby pools serve TCP, UDP and TLS listeners (the response table adds HTTP, HTTPS and TERMINATED_HTTPS), not {listener}"
        )),
    }
}

/// The listener and pool protocols of a CreateMasterSlavePool request, when both are known.
fn protocols(cx: &Cx<'_>) -> Option<(String, String)> {
    let listener = cx.context.listener_protocol()?.to_ascii_uppercase();
    let pool = cx
        .str_at(Field::Protocol)
        .filter(|p| ALL_PROTOCOLS.contains(p))?;
    Some((listener, pool.to_owned()))
}

/// The listener protocol takes the pool protocol.
pub static LISTENER_POOL_PROTOCOL: Rule = Rule {
    id: "elb/listener-pool-protocol",
    operations: POOL_OP,
    code: "ELB.6071",
    severity: Severity::Error,
    summary: "With the listener protocol in the context: TCP → TCP pool; UDP → UDP or QUIC; TLS → TLS, or TCP with ip_version v4.",
    why: "A listener forwards only to pools of a matching backend protocol; other pairs are an invalid backend protocol (ELB.6071). Pairs only the response table allows are warnings (elb/listener-pool-protocol-conflict).",
    source: Source {
        doc: "002",
        quote: "If the listener's protocol is UDP, the protocol of the backend server group must be UDP or QUIC. If the listener's protocol is TCP, the protocol of the backend server group must be TCP.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(&[], r#"{"listener": {"protocol": "TCP"}}"#),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(&[], r#"{"listener": {"protocol": "UDP"}}"#),
    check: Check::Custom(|cx| {
        let Some((listener, pool)) = protocols(cx) else { return };
        if let Pairing::Forbidden(allowed) = pairing(&listener, &pool, cx.str_at(Field::IpVersion)) {
            cx.report(
                "/pool/protocol",
                format!("a {pool} pool cannot serve the context's {listener} listener: {allowed}"),
            );
        }
    }),
};

/// Pairs that only the response table allows.
pub static LISTENER_POOL_PROTOCOL_CONFLICT: Rule = Rule {
    id: "elb/listener-pool-protocol-conflict",
    operations: POOL_OP,
    code: "ELB.6071",
    severity: Severity::Warning,
    summary: "With the listener protocol in the context: HTTP → HTTP, HTTPS → HTTP or HTTPS, TERMINATED_HTTPS → HTTP are allowed only by the response table.",
    why: "The 002 response table lists these pairs; the request table and the SDK know only TCP, UDP and TLS listeners for active/standby pools. lblint warns rather than rejects.",
    source: Source {
        doc: "002",
        quote: "If the listener's protocol is HTTP, the protocol of the backend server group must be HTTP. If the listener's protocol is HTTPS, the protocol of the backend server group can be HTTP or HTTPS. If the listener's protocol is TERMINATED_HTTPS, the protocol of the backend server group must be HTTP.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(&[], r#"{"listener": {"protocol": "TCP"}}"#),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(
        &[Set("/pool/protocol", "\"HTTP\"")],
        r#"{"listener": {"protocol": "HTTP"}}"#,
    ),
    check: Check::Custom(|cx| {
        let Some((listener, pool)) = protocols(cx) else { return };
        if pairing(&listener, &pool, cx.str_at(Field::IpVersion)) == Pairing::ResponseTableOnly {
            cx.report(
                "/pool/protocol",
                format!("a {pool} pool for a {listener} listener: allowed by the response table of 002, not by its request table or the SDK"),
            );
        }
    }),
};

/// Shared load balancers: ip_version v4 only.
pub static SHARED_IP_VERSION: Rule = Rule {
    id: "elb/shared-ip-version",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "On a shared load balancer (context) `ip_version` is `v4`.",
    why: "Shared load balancers are IPv4 only.",
    source: Source {
        doc: "002",
        quote: "Shared load balancers: The value is fixed at v4.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(
        &[Set("/pool/ip_version", "\"v4\"")],
        r#"{"loadbalancer": {"kind": "shared"}}"#,
    ),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(
        &[Set("/pool/ip_version", "\"dualstack\"")],
        r#"{"loadbalancer": {"kind": "shared"}}"#,
    ),
    check: Check::Custom(|cx| {
        if cx.context.lb_kind() != Some(LoadBalancerKind::Shared) {
            return;
        }
        if let Some(v @ ("dualstack" | "v6")) = cx.str_at(Field::IpVersion) {
            cx.report(
                "/pool/ip_version",
                format!("`ip_version` is fixed at \"v4\" on shared load balancers, not {v:?}"),
            );
        }
    }),
};

/// Dedicated HTTP/HTTPS pools: cookie sticky sessions only.
pub static DEDICATED_HTTP_SOURCE_IP: Rule = Rule {
    id: "elb/dedicated-http-session-type",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "On a dedicated load balancer (context) an HTTP or HTTPS pool's sticky session `type` is `HTTP_COOKIE` or `APP_COOKIE`.",
    why: "Dedicated load balancers keep HTTP sessions sticky by cookie; SOURCE_IP is refused there.",
    source: Source {
        doc: "002",
        quote: "For dedicated load balancers, if the protocol of the backend server group is HTTP or HTTPS, the value can be HTTP_COOKIE or APP_COOKIE.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(
        &[Set("/pool/protocol", "\"HTTP\""), Set("/pool/session_persistence", "{\"type\": \"HTTP_COOKIE\"}")],
        r#"{"loadbalancer": {"kind": "dedicated"}}"#,
    ),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(
        &[Set("/pool/protocol", "\"HTTP\""), Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}")],
        r#"{"loadbalancer": {"kind": "dedicated"}}"#,
    ),
    check: Check::Custom(|cx| {
        if cx.context.lb_kind() != Some(LoadBalancerKind::Dedicated) {
            return;
        }
        let (Some(proto @ ("HTTP" | "HTTPS")), Some("SOURCE_IP")) = (cx.str_at(Field::Protocol), session_type(cx)) else {
            return;
        };
        cx.report_help(
            "/pool/session_persistence/type",
            format!("on a dedicated load balancer a {proto} pool's sticky session type can be HTTP_COOKIE or APP_COOKIE, not \"SOURCE_IP\""),
            Some("use \"HTTP_COOKIE\"".to_owned()),
        );
    }),
};

/// IP members need ip_target_enable.
pub static IP_TARGET_DISABLED: Rule = Rule {
    id: "elb/member-ip-target-enable",
    operations: BOTH,
    code: "ELB.8939",
    severity: Severity::Error,
    summary: "When the context says the load balancer's `ip_target_enable` is false, every member has `subnet_cidr_id`.",
    why: "A member without a subnet is an IP backend, which needs IP as a Backend enabled on the load balancer (ELB.8939).",
    source: Source {
        doc: "004",
        quote: "If ip_target_enable is set to false, this parameter must be specified.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(&[], r#"{"loadbalancer": {"ip_target_enable": true}}"#),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(&[], r#"{"loadbalancer": {"ip_target_enable": false}}"#),
    check: Check::Custom(|cx| {
        if cx.context.ip_target_enable() != Some(false) {
            return;
        }
        let hits: Vec<String> = members(cx)
            .iter()
            .filter(|(m, ..)| is_ip_member(m))
            .map(|(_, p, _)| p.field("subnet_cidr_id"))
            .collect();
        for p in hits {
            cx.report_help(
                p,
                "`subnet_cidr_id` is required: the load balancer's ip_target_enable is false, so IP members cannot be added",
                Some("give the member's subnet, or enable IP as a Backend on the load balancer".to_owned()),
            );
        }
    }),
};

/// The member address lies in its subnet.
pub static MEMBER_SUBNET: Rule = Rule {
    id: "elb/member-subnet-cidr",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "With the subnet's CIDR in the context, a member's `address` lies inside it (and is of its IP version).",
    why: "The service binds the member to an address of the subnet given by subnet_cidr_id; an address elsewhere is refused.",
    source: Source {
        doc: "002",
        quote: "If subnet_cidr_id is not left blank, the IP address can be IPv4 or IPv6. It must be in the subnet specified by subnet_cidr_id and can only be bound to the primary NIC of the backend server.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(
        &[
            Set("/pool/type", "\"\""),
            Set("/pool/members/0/subnet_cidr_id", "\"s1\""),
            Set("/pool/members/0/address", "\"10.0.0.5\""),
        ],
        r#"{"subnets": {"s1": "10.0.0.0/24"}}"#,
    ),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(
        &[
            Set("/pool/type", "\"\""),
            Set("/pool/members/0/subnet_cidr_id", "\"s1\""),
            Set("/pool/members/0/address", "\"10.0.1.5\""),
        ],
        r#"{"subnets": {"s1": "10.0.0.0/24"}}"#,
    ),
    check: Check::Custom(|cx| {
        if cx.context.subnets.is_empty() {
            return;
        }
        let mut bad = Vec::new();
        for (m, p, ip) in members(cx) {
            let (Some(addr), Some(id)) = (*ip, field(m, Key::SubnetCidrId).and_then(Value::as_str)) else {
                continue;
            };
            let Some(net) = cx.context.subnets.get(id) else { continue };
            if !net.contains(&addr) {
                let family = match (addr, net) {
                    (IpAddr::V4(_), ipnet::IpNet::V6(_)) => " (an IPv4 address in an IPv6 subnet)",
                    (IpAddr::V6(_), ipnet::IpNet::V4(_)) => " (an IPv6 address in an IPv4 subnet)",
                    _ => "",
                };
                bad.push((p.field("address"), format!("`address` {addr} is not in subnet {id} ({net}){family}")));
            }
        }
        for (p, msg) in bad {
            cx.report(p, msg);
        }
    }),
};

/// IPv6 members only in pools that are not IPv4-only.
pub static MEMBER_IPV6_POOL: Rule = Rule {
    id: "elb/member-ipv6-pool",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "An IPv6 member is not added to an IPv4-only pool (`ip_version` `v4`: the request's for CreateMasterSlavePool, the context's for CreateMember).",
    why: "A pool that supports only IPv4 takes only IPv4 addresses; IPv6 members need a dual-stack pool.",
    source: Source {
        doc: "004",
        quote: "If the backend server group supports IPv4/IPv6 dual stack, address can be an IPv4 address or an IPv6 address. If the backend server group supports only IPv4, address can only be an IPv4 address.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/type", "\"\""),
        Set("/pool/ip_version", "\"dualstack\""),
        Set("/pool/members/0/subnet_cidr_id", "\"s6\""),
        Set("/pool/members/0/address", "\"fd00::5\""),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[
        Set("/pool/type", "\"\""),
        Set("/pool/ip_version", "\"v4\""),
        Set("/pool/members/0/subnet_cidr_id", "\"s6\""),
        Set("/pool/members/0/address", "\"fd00::5\""),
    ]),
    check: Check::Custom(|cx| {
        if pool_ip_version(cx) != Some("v4") {
            return;
        }
        let hits: Vec<String> = members(cx)
            .iter()
            .filter(|(_, _, ip)| matches!(ip, Some(IpAddr::V6(_))))
            .map(|(_, p, _)| p.field("address"))
            .collect();
        for p in hits {
            cx.report(p, "`address` is IPv6, but the pool supports only IPv4 (ip_version \"v4\"); IPv6 members need a dual-stack pool");
        }
    }),
};

/// The new member does not clash with an existing one.
pub static MEMBER_CONFLICT: Rule = Rule {
    id: "elb/member-conflict",
    operations: MEMBER_OP,
    code: "ELB.8907",
    severity: Severity::Error,
    summary: "With the pool's members in the context, the new member's (`address`, `protocol_port`) is not already used.",
    why: "Two backend servers of one pool must differ in address or port; a clash is a data conflict (ELB.8907).",
    source: Source {
        doc: "004",
        quote: "Two backend servers in the same backend server group must have different IP addresses and ports.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(&[], r#"{"pool": {"members": [{"address": "120.10.10.16", "protocol_port": 90}]}}"#),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(&[], r#"{"pool": {"members": [{"address": "120.10.10.16", "protocol_port": 89}]}}"#),
    check: Check::Custom(|cx| {
        let Some(existing) = cx.context.pool.as_ref().and_then(|p| p.members.as_ref()) else { return };
        let Some((m, p, ip)) = members(cx).iter().next() else { return };
        let Some(addr) = *ip else { return };
        if field(m, Key::ProtocolPort).is_some() && member_port(m).is_none() {
            return; // elb/member-protocol-port
        }
        let port = member_port(m);
        let clash = existing.iter().any(|e| {
            crate::validators::parse_ip(e.address.trim()) == Some(addr)
                && e.protocol_port.map(i64::from) == port
        });
        if clash {
            let port_text = port.map_or_else(|| "no port".to_owned(), |n| format!("port {n}"));
            cx.report(
                p.field("address"),
                format!("the pool already has a member at {addr} with {port_text}; address and protocol_port must differ from every existing member"),
            );
        }
    }),
};

#[cfg(test)]
mod tests {
    use super::{pairing, Pairing};
    use crate::{validate_json, Context, Operation, Options};

    rule_tests! {
        listener_tcp_takes_tcp_pools_and_udp_takes_udp_or_quic => super::LISTENER_POOL_PROTOCOL,
        the_response_table_pairs_http_https_and_terminated_https => super::LISTENER_POOL_PROTOCOL_CONFLICT,
        shared_load_balancers_ip_version_is_fixed_at_v4 => super::SHARED_IP_VERSION,
        dedicated_http_pools_take_http_cookie_or_app_cookie => super::DEDICATED_HTTP_SOURCE_IP,
        if_ip_target_enable_is_false_subnet_cidr_id_must_be_specified => super::IP_TARGET_DISABLED,
        the_address_must_be_in_the_subnet_specified_by_subnet_cidr_id => super::MEMBER_SUBNET,
        an_ipv4_only_pool_takes_only_ipv4_addresses => super::MEMBER_IPV6_POOL,
        two_members_must_have_different_ip_addresses_and_ports => super::MEMBER_CONFLICT,
    }

    #[test]
    fn listener_pairings() {
        assert_eq!(pairing("TLS", "TCP", Some("v4")), Pairing::Allowed);
        assert!(matches!(pairing("TLS", "TCP", None), Pairing::Forbidden(_)));
        assert_eq!(pairing("HTTPS", "HTTP", None), Pairing::ResponseTableOnly);
        assert!(matches!(
            pairing("HTTP", "TCP", None),
            Pairing::Forbidden(_)
        ));
        assert!(matches!(
            pairing("QUIC", "QUIC", None),
            Pairing::Forbidden(_)
        ));
        assert_eq!(pairing("UDP", "QUIC", None), Pairing::Allowed);
    }

    fn member(text: &str, context: &str) -> crate::Report {
        let opts = Options::with_context(Context::from_json(context).unwrap());
        validate_json(Some(Operation::HuaweiCreateMember), text, &opts).unwrap()
    }

    #[test]
    fn create_member_context_rules() {
        let ip_member = r#"{"member": {"address": "10.0.0.5", "protocol_port": 80}}"#;
        let r = member(
            ip_member,
            r#"{"loadbalancer": {"ip_target_enable": false}}"#,
        );
        assert_eq!(
            r.errors().map(|d| d.code.to_string()).collect::<Vec<_>>(),
            ["ELB.8939"]
        );
        let r = member(ip_member, r#"{"pool": {"protocol": "SCTP"}}"#);
        assert_eq!(
            r.errors().map(|d| d.code.to_string()).collect::<Vec<_>>(),
            ["ELB.8938"]
        );
        let r = member(
            ip_member,
            r#"{"pool": {"members": [{"address": "10.0.0.5", "protocol_port": 80}]}}"#,
        );
        assert_eq!(
            r.errors().map(|d| d.code.to_string()).collect::<Vec<_>>(),
            ["ELB.8907"]
        );
        let v6 = r#"{"member": {"address": "2001:db8::5", "subnet_cidr_id": "s6", "protocol_port": 80}}"#;
        assert!(member(v6, r#"{"pool": {"ip_version": "v4"}}"#).has_rule("elb/member-ipv6-pool"));
        assert!(member(
            v6,
            r#"{"pool": {"ip_version": "dualstack"}, "subnets": {"s6": "2001:db8::/64"}}"#
        )
        .is_valid());
        let r = member(v6, r#"{"subnets": {"s6": "10.0.0.0/24"}}"#);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.rule == "elb/member-subnet-cidr")
            .unwrap();
        assert!(d.message.contains("IPv6 address in an IPv4 subnet"), "{d}");
    }
}
