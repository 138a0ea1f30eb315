//! Backend servers: the fields of each member (shared by both operations: `/pool/members/N` in
//! CreateMasterSlavePool, `/member` in CreateMember) and the active/standby pair.

use super::fields::Field;
use std::net::IpAddr;

use crate::value::Value;

use super::{
    any_port_enable, field, is_ip_member, member_field, member_port, members, pool_protocol,
    pool_type, Key, MemberPath, BOTH, MEMBER_OP, POOL_OP,
};
use crate::diagnostic::Severity;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators::{self, Spec};

/// address is present and not empty (ELB.2021).
pub static ADDRESS_REQUIRED: Rule = Rule {
    id: "elb/member-address-required",
    operations: BOTH,
    code: "ELB.2021",
    severity: Severity::Error,
    summary: "Every member has a non-empty `address`.",
    why: "A backend server is identified by its address; without one the service answers ELB.2021 (\"The member IP address is null.\").",
    source: Source {
        doc: "004",
        quote: "address Yes String Specifies the private IP address bound to the backend server.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/1/address", "\"\"")]),
    check: Check::Custom(|cx| {
        let mut missing = Vec::new();
        for (m, p, _) in members(cx) {
            match field(m, Key::Address) {
                None => missing.push((p.field("address"), "is required")),
                Some(Value::String(s)) if validators::blank(s) => {
                    missing.push((p.field("address"), "must not be empty"))
                }
                Some(_) => {}
            }
        }
        for (p, what) in missing {
            cx.report(p, format!("`address` {what}: give the backend server's private IP address"));
        }
    }),
};

/// address is an IP address of at most 64 characters.
pub static ADDRESS: Rule = Rule {
    id: "elb/member-address",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`address` is an IPv4 or IPv6 address (1 to 64 characters).",
    why: "The service binds the member to this IP address; text that is not one is invalid input.",
    source: Source {
        doc: "002",
        quote: "address Yes String Specifies the private IP address bound to the backend server. … Minimum: 1 Maximum: 64",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/0/address", "\"192.168.0.10\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/0/address", "\"192.168.0.300\"")]),
    check: Check::Custom(|cx| {
        let mut bad = Vec::new();
        for (m, p, ip) in members(cx) {
            let Some(v) = field(m, Key::Address) else { continue };
            let msg = match v {
                Value::String(s) if validators::blank(s) => continue, // elb/member-address-required
                // (`ip` is the address parsed, when it is an IP address.)
                Value::String(s) => validators::length(s, 1, 64)
                    .or_else(|| ip.is_none().then(|| validators::ip(s, validators::IpFamily::Any)).flatten()),
                other => Some(format!("must be a string, not {}", validators::type_name(other))),
            };
            if let Some(msg) = msg {
                bad.push((p.field("address"), msg));
            }
        }
        for (p, msg) in bad {
            cx.report(p, format!("`address` {msg}"));
        }
    }),
};

/// An IP backend (no subnet_cidr_id) has an IPv4 address.
pub static IP_BACKEND_IPV4: Rule = Rule {
    id: "elb/member-ip-backend-ipv4",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "A member without `subnet_cidr_id` (IP as a Backend) has an IPv4 `address`.",
    why: "Without a subnet the member is an IP backend, and IP backends are IPv4 only; an IPv6 member needs the IPv6 subnet it lives in.",
    source: Source {
        doc: "004",
        quote: "If subnet_cidr_id is left blank, IP as a Backend is enabled. In this case, the IP address must be an IPv4 address.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/0/address", "\"10.0.0.8\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/0/address", "\"2001:db8::8\"")]),
    check: Check::Custom(|cx| {
        let bad: Vec<String> = members(cx)
            .iter()
            .filter(|(m, _, ip)| is_ip_member(m) && matches!(ip, Some(IpAddr::V6(_))))
            .map(|(_, p, _)| p.field("address"))
            .collect();
        for p in bad {
            cx.report_help(
                p,
                "`address` is IPv6, but a member without `subnet_cidr_id` is an IP backend, which must be IPv4",
                Some("add the IPv6 subnet as \"subnet_cidr_id\", or use an IPv4 address".to_owned()),
            );
        }
    }),
};

/// Whether an address is a public IPv4 address. IPv6 addresses are not judged: the IPv6 subnets of
/// a VPC hand out global unicast addresses, so "private" has no IPv6 counterpart there.
fn is_public_v4(a: &IpAddr) -> bool {
    a.is_ipv4() && !validators::is_private(a)
}

/// The pools of an instance type take private addresses only.
pub static ADDRESS_PRIVATE_INSTANCE: Rule = Rule {
    id: "elb/member-address-private-instance",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "In a pool of `type` `instance` a member's IPv4 `address` is private (IPv6 VPC addresses are global, so not judged).",
    why: "Instance backends are bound to a NIC in the VPC, so a public address cannot belong to one.",
    source: Source {
        doc: "004",
        quote: "If type of the backend server is set to instance, address must be a private IP address that is not used by any load balancer.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/type", "\"instance\""),
        Set("/pool/vpc_id", "\"3sae7086-a416-4666-9064-5b340e684012\""),
        Set("/pool/members/0/address", "\"172.16.0.210\""),
        Set("/pool/members/1/address", "\"172.16.0.211\""),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[
        Set("/pool/type", "\"instance\""),
        Set("/pool/vpc_id", "\"3sae7086-a416-4666-9064-5b340e684012\""),
    ]),
    check: Check::Custom(|cx| {
        if pool_type(cx) != Some("instance") {
            return;
        }
        for (p, a) in public_addresses(cx) {
            cx.report(p, format!("`address` {a} is public; in a pool of type instance it must be a private IP address"));
        }
    }),
};

/// The members whose address is a public IPv4 address, with the address's pointer.
fn public_addresses(cx: &crate::engine::Cx<'_>) -> Vec<(String, IpAddr)> {
    members(cx)
        .iter()
        .filter_map(|(_, p, ip)| ip.filter(is_public_v4).map(|a| (p.field("address"), a)))
        .collect()
}

/// Public addresses where the page says private.
pub static ADDRESS_PRIVATE: Rule = Rule {
    id: "elb/member-address-private",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "A member's IPv4 `address` is a private IP address (IPv6 VPC addresses are global, so not judged).",
    why: "The tables describe the field as \"the private IP address bound to the backend server\", yet both pages' examples use public addresses, so lblint warns.",
    source: Source {
        doc: "002",
        quote: "address Yes String Specifies the private IP address bound to the backend server.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/0/address", "\"172.16.0.210\""), Set("/pool/members/1/address", "\"172.16.0.211\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[]),
    check: Check::Custom(|cx| {
        if pool_type(cx) == Some("instance") {
            return; // elb/member-address-private-instance
        }
        for (p, a) in public_addresses(cx) {
            cx.report(p, format!("`address` {a} is a public address; the field takes the backend server's private IP address"));
        }
    }),
};

/// protocol_port is required unless Forward to Same Port is on.
pub static PROTOCOL_PORT_REQUIRED: Rule = Rule {
    id: "elb/member-protocol-port-required",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "Every member has `protocol_port`, unless the pool's `any_port_enable` is true (CreateMember: only when the context says it is false).",
    why: "The service forwards to protocol_port unless Forward to Same Port is on; CreateMember marks it optional, so there it is checked only when the context says the pool does not forward to the same port.",
    source: Source {
        doc: "002",
        quote: "protocol_port Yes Integer … This parameter can be left blank because it does not take effect if any_port_enable is set to true for a backend server group.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/any_port_enable", "true"), Remove("/pool/members/0/protocol_port"), Remove("/pool/members/1/protocol_port")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/pool/members/1/protocol_port")]),
    check: Check::Custom(|cx| {
        if any_port_enable(cx) != Some(false) {
            return;
        }
        let missing: Vec<String> = members(cx)
            .iter()
            .filter(|(m, ..)| field(m, Key::ProtocolPort).is_none())
            .map(|(_, p, _)| p.field("protocol_port"))
            .collect();
        for p in missing {
            cx.report_help(
                p,
                "`protocol_port` is required when the pool's any_port_enable is false",
                Some("add the backend port, or enable Forward to Same Port with \"any_port_enable\": true".to_owned()),
            );
        }
    }),
};

/// protocol_port is an integer from 1 to 65535.
pub static PROTOCOL_PORT: Rule = Rule {
    id: "elb/member-protocol-port",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`protocol_port` is an integer from 1 to 65535.",
    why: "Ports outside 1-65535 do not exist; a string or a fraction is not an integer.",
    source: Source {
        doc: "002",
        quote: "protocol_port Yes Integer Specifies the port used by the backend server to receive requests. … Minimum: 1 Maximum: 65535",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/0/protocol_port", "65535")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/0/protocol_port", "\"89\"")]),
    check: Check::Custom(|cx| member_field(cx, Key::ProtocolPort, &Spec::Int { min: 1, max: 65535 })),
};

/// protocol_port does nothing when any_port_enable is true.
pub static PROTOCOL_PORT_IGNORED: Rule = Rule {
    id: "elb/member-protocol-port-ignored",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`protocol_port` is ignored when the pool's `any_port_enable` is true.",
    why: "With Forward to Same Port the listener's frontend port is used, so the port given here has no effect.",
    source: Source {
        doc: "002",
        quote: "This parameter can be left blank because it does not take effect if any_port_enable is set to true for a backend server group.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/any_port_enable", "true")]),
    check: Check::Custom(|cx| {
        if any_port_enable(cx) != Some(true) {
            return;
        }
        let hits: Vec<String> = members(cx)
            .iter()
            .filter(|(m, ..)| field(m, Key::ProtocolPort).is_some())
            .map(|(_, p, _)| p.field("protocol_port"))
            .collect();
        for p in hits {
            cx.report(p, "`protocol_port` does not take effect: the pool forwards to the same port (any_port_enable is true)");
        }
    }),
};

/// name is at most 255 characters.
pub static NAME: Rule = Rule {
    id: "elb/member-name",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "A member's `name` is a string of at most 255 characters.",
    why: "The service checks the documented length and type.",
    source: Source {
        doc: "002",
        quote: "name No String Specifies the backend server name. Minimum: 0 Maximum: 255",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/1/name", "\"\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/1/name", "[\"standby\"]")]),
    check: Check::Custom(|cx| {
        member_field(
            cx,
            Key::Name,
            &Spec::Str {
                min: 0,
                max: 255,
                charset: None,
            },
        )
    }),
};

/// subnet_cidr_id is 1 to 36 characters.
pub static SUBNET_CIDR_ID: Rule = Rule {
    id: "elb/member-subnet-cidr-id",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`subnet_cidr_id` is a string of 1 to 36 characters.",
    why: "The service looks the subnet up by this id; the documented length is 1 to 36.",
    source: Source {
        doc: "002",
        quote: "subnet_cidr_id No String Specifies the ID of the IPv4 or IPv6 subnet where the backend server resides. … Minimum: 1 Maximum: 36",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/0/subnet_cidr_id", "\"c09f620e-3492-4429-ac15-445d5dd9ca74\""), Set("/pool/type", "\"\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/0/subnet_cidr_id", "\"c09f620e-3492-4429-ac15-445d5dd9ca74-1\""), Set("/pool/type", "\"\"")]),
    check: Check::Custom(|cx| member_field(cx, Key::SubnetCidrId, &Spec::Str { min: 1, max: 36, charset: None })),
};

/// admin_state_up is a boolean.
pub static ADMIN_STATE_UP: Rule = Rule {
    id: "elb/member-admin-state-up",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "A member's `admin_state_up` is `true` or `false`.",
    why: "The API is typed: a string such as \"true\" is not a boolean.",
    source: Source {
        doc: "004",
        quote: "admin_state_up No Boolean Specifies the administrative status of the backend server. The value can be true or false.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/0/admin_state_up", "true")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/0/admin_state_up", "\"true\"")]),
    check: Check::Custom(|cx| member_field(cx, Key::AdminStateUp, &Spec::Bool)),
};

/// Active/standby members are administratively up.
pub static ADMIN_STATE_UP_TRUE: Rule = Rule {
    id: "elb/member-admin-state-up-true",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "An active/standby member's `admin_state_up`, when given, is `true`.",
    why: "The active/standby member table allows only true; an administratively down standby would defeat the pair.",
    source: Source {
        doc: "002",
        quote: "admin_state_up No Boolean Specifies the administrative status of the backend server. The value can only be true.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/1/admin_state_up", "true")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/1/admin_state_up", "false")]),
    check: Check::Custom(|cx| {
        let bad: Vec<String> = members(cx)
            .iter()
            .filter(|(m, ..)| field(m, Key::AdminStateUp) == Some(&Value::Bool(false)))
            .map(|(_, p, _)| p.field("admin_state_up"))
            .collect();
        for p in bad {
            cx.report(p, "`admin_state_up` must be true for an active/standby member (\"The value can only be true.\")");
        }
    }),
};

/// role is required.
pub static ROLE_REQUIRED: Rule = Rule {
    id: "elb/member-role-required",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "Every active/standby member has a `role`.",
    why: "The service must know which member is active and which is standby.",
    source: Source {
        doc: "002",
        quote: "role Yes String Specifies the type of the backend server. Values: master: active backend server; slave: standby backend server",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/pool/members/1/role")]),
    check: Check::Required(&["/pool/members/*/role"]),
};

/// role is master or slave.
pub static ROLE: Rule = Rule {
    id: "elb/member-role",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`role` is `master` or `slave` (lower case).",
    why: "The roles are exactly these two values; `Master` (Alibaba's spelling) or `backup` is refused.",
    source: Source {
        doc: "002",
        quote: "role Yes String Specifies the type of the backend server. Values: master: active backend server; slave: standby backend server",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/1/role", "\"Slave\"")]),
    check: Check::Field { at: "/pool/members/*/role", spec: Spec::Enum(&["master", "slave"]) },
};

/// Exactly two members.
pub static COUNT: Rule = Rule {
    id: "elb/members-count",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`members` lists exactly two backend servers.",
    why: "An active/standby pool is one active and one standby server; no public source documents a specific code, so the service's generic ELB.8902 is used.",
    source: Source {
        doc: "002",
        quote: "Only two backend servers can be added, one serving as the active server and the other as the standby server.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/2", "{\"address\": \"10.0.0.3\", \"protocol_port\": 89, \"role\": \"slave\"}")]),
    check: Check::Custom(|cx| {
        let Some(Value::Array(items)) = cx.get(Field::Members) else { return };
        let n = items.len();
        if n != 2 {
            let at = if n > 2 { "/pool/members/2".to_owned() } else { "/pool/members".to_owned() };
            cx.report(at, format!("`members` must list exactly 2 backend servers (one master, one slave), got {n}"));
        }
    }),
};

/// One master and one slave.
pub static ROLES: Rule = Rule {
    id: "elb/members-roles",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "Exactly one member is `master` and one is `slave`.",
    why: "The pool needs one active and one standby server; two of either role is refused.",
    source: Source {
        doc: "002",
        quote: "Only two backend servers can be added, one serving as the active server and the other as the standby server.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/1/role", "\"master\"")]),
    check: Check::Custom(|cx| {
        let list = members(cx);
        if list.len() < 2 {
            return;
        }
        let mut masters = Vec::new();
        let mut slaves = Vec::new();
        for (m, p, _) in list {
            match field(m, Key::Role).and_then(Value::as_str) {
                Some("master") => masters.push(p),
                Some("slave") => slaves.push(p),
                _ => return, // missing or invalid: elb/member-role-required, elb/member-role
            }
        }
        let (at, help) = if masters.len() > 1 {
            (masters[1], "set \"role\": \"slave\" on the standby server")
        } else if slaves.len() > 1 {
            (slaves[1], "set \"role\": \"master\" on the active server")
        } else {
            return;
        };
        cx.report_help(
            at.field("role"),
            format!(
                "the pool needs exactly one master and one slave; found {} master and {} slave",
                masters.len(),
                slaves.len()
            ),
            Some(help.to_owned()),
        );
    }),
};

/// The two members differ in address or port.
pub static UNIQUE: Rule = Rule {
    id: "elb/members-unique",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "The two members differ in `address` or `protocol_port`.",
    why: "The same backend on the same port cannot be both active and standby.",
    source: Source {
        doc: "004",
        quote: "Two backend servers in the same backend server group must have different IP addresses and ports.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/members/1/address", "\"120.10.10.16\""), Set("/pool/members/1/protocol_port", "90")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/1/address", "\"120.10.10.16\"")]),
    check: Check::Custom(|cx| {
        let keyed = members(cx).iter().enumerate().map(|(i, (m, p, ip))| {
            let port_ok = field(m, Key::ProtocolPort).is_none() || member_port(m).is_some();
            let key = ip.filter(|_| port_ok).map(|a| (a, member_port(m)));
            ((i, p), key)
        });
        for group in validators::duplicates_by(keyed) {
            let first = group[0].0;
            for (i, p) in &group[1..] {
                cx.report(
                    p.field("address"),
                    format!("members {first} and {i} have the same address and protocol_port; the two servers must differ"),
                );
            }
        }
    }),
};

/// Active/standby members have no weight.
pub static WEIGHT_ACTIVE_STANDBY: Rule = Rule {
    id: "elb/member-weight-active-standby",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "Active/standby members have no `weight`.",
    why: "CreateMasterSlaveMemberOption has no weight field (traffic goes to the active server, then the standby), so a weight is refused.",
    source: Source {
        doc: "provider-facts §3",
        quote: "Member (CreateMasterSlaveMemberOption) has no `weight` field; role is `master` or `slave`.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/0/weight", "1")]),
    check: Check::Custom(|cx| {
        let hits: Vec<String> = members(cx)
            .iter()
            .filter(|(m, ..)| m.has(Key::Weight))
            .map(|(_, p, _)| p.field("weight"))
            .collect();
        for p in hits {
            cx.report(p, "`weight` is not a field of active/standby members: the active server takes the traffic, the standby takes over");
        }
    }),
};

/// CreateMember weight is 0 to 100.
pub static WEIGHT: Rule = Rule {
    id: "elb/member-weight",
    operations: MEMBER_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`weight` is an integer from 0 to 100 (0: no new requests).",
    why: "Weights outside 0-100 are refused; 0 is valid and stops new requests to the server.",
    source: Source {
        doc: "004",
        quote: "The value ranges from 0 to 100, and the default value is 1. … If the weight is set to 0, the backend server will not accept new requests.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/member/weight", "0")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/member/weight", "101")]),
    check: Check::Field { at: "/member/weight", spec: Spec::Int { min: 0, max: 100 } },
};

/// weight has no effect with SOURCE_IP or QUIC_CID.
pub static WEIGHT_IGNORED: Rule = Rule {
    id: "elb/member-weight-ignored",
    operations: MEMBER_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`weight` has no effect when the pool's `lb_algorithm` (context) is `SOURCE_IP` or `QUIC_CID`.",
    why: "Hash algorithms ignore weights, so the value given here does nothing.",
    source: Source {
        doc: "004",
        quote: "If lb_algorithm is set to SOURCE_IP or QUIC_CID, this parameter will not take effect.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(&[Set("/member/weight", "5")], r#"{"pool": {"lb_algorithm": "ROUND_ROBIN"}}"#),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(&[Set("/member/weight", "5")], r#"{"pool": {"lb_algorithm": "SOURCE_IP"}}"#),
    check: Check::Custom(|cx| {
        let Some(alg) = cx.context.pool.as_ref().and_then(|p| p.lb_algorithm.as_deref()) else { return };
        if matches!(alg, "SOURCE_IP" | "QUIC_CID") && cx.get(Field::MemberWeight).is_some() {
            cx.report("/member/weight", format!("`weight` does not take effect: the pool's lb_algorithm is {alg}"));
        }
    }),
};

/// CreateMember project_id is 1 to 32 characters.
pub static PROJECT_ID: Rule = Rule {
    id: "elb/member-project-id",
    operations: MEMBER_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`project_id` is a string of 1 to 32 characters.",
    why: "The service checks the documented length.",
    source: Source {
        doc: "provider-facts §4",
        quote: "Lengths (Open Telekom Cloud's copy of the same API reference): address 1-64, name 0-255, project_id 1-32, subnet_cidr_id 1-36, protocol_port 1-65535, weight 0-100 (default 1).",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/member/project_id", "\"99a3fff0d03c428eac3678da6a7d0f24\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/member/project_id", "\"\"")]),
    check: Check::Field { at: "/member/project_id", spec: Spec::Str { min: 1, max: 32, charset: None } },
};

/// Pool protocols that take IP members in the constraints list.
const IP_PROTOCOLS: [&str; 3] = ["TCP", "HTTP", "HTTPS"];
/// Pool protocols only the field note lists for IP members.
const IP_PROTOCOLS_NOTE: [&str; 4] = ["UDP", "TLS", "QUIC", "GRPC"];

/// IP members need a pool protocol that takes them.
pub static IP_BACKEND_PROTOCOL: Rule = Rule {
    id: "elb/member-ip-backend-protocol",
    operations: BOTH,
    code: "ELB.8938",
    severity: Severity::Error,
    summary: "A member without `subnet_cidr_id` (IP backend) is in a pool whose protocol takes IP members (TCP, UDP, TLS, HTTP, HTTPS, QUIC or GRPC).",
    why: "IP as a Backend is supported only for some pool protocols (ELB.8938). CreateMember reads the pool protocol from the context.",
    source: Source {
        doc: "004",
        quote: "If ip_target_enable is set to true, this parameter can be left blank. In this case, IP as backend servers must use private IPv4 addresses, and the protocol of the backend server group must be TCP, UDP, TLS, HTTP, HTTPS, QUIC, or GRPC.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/protocol", "\"SCTP\"")]),
    check: Check::Custom(|cx| {
        let Some(proto) = pool_protocol(cx) else { return };
        if IP_PROTOCOLS.contains(&proto) || IP_PROTOCOLS_NOTE.contains(&proto) {
            return;
        }
        let hits: Vec<MemberPath> = members(cx)
            .iter()
            .filter(|(m, ..)| is_ip_member(m))
            .map(|&(_, p, _)| p)
            .collect();
        for p in hits {
            cx.report_help(
                p.field("address"),
                format!("IP members (no subnet_cidr_id) are supported only when the pool protocol is TCP, UDP, TLS, HTTP, HTTPS, QUIC or GRPC; the pool's protocol is {proto:?}"),
                Some("give the member's subnet as \"subnet_cidr_id\"".to_owned()),
            );
        }
    }),
};

/// IP members in UDP, TLS, QUIC or GRPC pools: the pages disagree.
pub static IP_BACKEND_PROTOCOL_CONFLICT: Rule = Rule {
    id: "elb/member-ip-backend-protocol-conflict",
    operations: BOTH,
    code: "ELB.8938",
    severity: Severity::Warning,
    summary: "A member without `subnet_cidr_id` in a UDP, TLS, QUIC or GRPC pool: allowed by the field note, not by the constraints list.",
    why: "004's constraints (and 002's subnet_cidr_id note) say IP backends need a TCP, HTTP or HTTPS pool; 004's field note also lists UDP, TLS, QUIC and GRPC. lblint warns rather than rejects.",
    source: Source {
        doc: "provider-facts §0",
        quote: "Huawei IP backends (004): the constraints list says pool protocol TCP, HTTP or HTTPS; the field note lists TCP, UDP, TLS, HTTP, HTTPS, QUIC, GRPC.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/protocol", "\"UDP\""), Set("/pool/healthmonitor/type", "\"UDP_CONNECT\"")]),
    check: Check::Custom(|cx| {
        let Some(proto) = pool_protocol(cx) else { return };
        if !IP_PROTOCOLS_NOTE.contains(&proto) {
            return;
        }
        let hits: Vec<MemberPath> = members(cx)
            .iter()
            .filter(|(m, ..)| is_ip_member(m))
            .map(|&(_, p, _)| p)
            .collect();
        for p in hits {
            cx.report(
                p.field("address"),
                [
                    "an IP member in a ",
                    proto,
                    " pool: the constraints say IP backends need a TCP, HTTP or HTTPS pool, the field note also allows ",
                    proto,
                ]
                .concat(),
            );
        }
    }),
};

/// An ip pool takes only IP members.
pub static IP_POOL_SUBNET: Rule = Rule {
    id: "elb/member-ip-pool-subnet",
    operations: BOTH,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "In a pool of `type` `ip` members have no `subnet_cidr_id` (only IP backends).",
    why: "A member with a subnet is a server in the VPC, which an `ip` pool does not take. CreateMember reads the pool type from the context.",
    source: Source {
        doc: "002",
        quote: "ip: Only IP as backend servers can be added. vpc_id cannot be specified.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/members/0/subnet_cidr_id", "\"c09f620e-3492-4429-ac15-445d5dd9ca74\"")]),
    check: Check::Custom(|cx| {
        if pool_type(cx) != Some("ip") {
            return;
        }
        let hits: Vec<String> = members(cx)
            .iter()
            .filter(|(m, ..)| !is_ip_member(m))
            .map(|(_, p, _)| p.field("subnet_cidr_id"))
            .collect();
        for p in hits {
            cx.report_help(
                p,
                "a pool of type ip takes only IP backends, so a member cannot have `subnet_cidr_id`",
                Some("remove subnet_cidr_id, or create the pool with \"type\": \"\" or \"instance\"".to_owned()),
            );
        }
    }),
};

#[cfg(test)]
mod tests {
    use crate::{validate_json, Context, Operation, Options};

    rule_tests! {
        the_member_ip_address_is_null => super::ADDRESS_REQUIRED,
        address_is_an_ip_address_minimum_1_maximum_64 => super::ADDRESS,
        if_subnet_cidr_id_is_left_blank_the_ip_address_must_be_ipv4 => super::IP_BACKEND_IPV4,
        type_instance_address_must_be_a_private_ip_address => super::ADDRESS_PRIVATE_INSTANCE,
        specifies_the_private_ip_address_bound_to_the_backend_server => super::ADDRESS_PRIVATE,
        protocol_port_can_be_left_blank_only_with_any_port_enable => super::PROTOCOL_PORT_REQUIRED,
        protocol_port_minimum_1_maximum_65535 => super::PROTOCOL_PORT,
        protocol_port_does_not_take_effect_if_any_port_enable_is_true => super::PROTOCOL_PORT_IGNORED,
        member_name_minimum_0_maximum_255 => super::NAME,
        subnet_cidr_id_minimum_1_maximum_36 => super::SUBNET_CIDR_ID,
        admin_state_up_can_be_true_or_false => super::ADMIN_STATE_UP,
        admin_state_up_the_value_can_only_be_true => super::ADMIN_STATE_UP_TRUE,
        role_is_mandatory => super::ROLE_REQUIRED,
        role_values_master_and_slave => super::ROLE,
        only_two_backend_servers_can_be_added => super::COUNT,
        one_active_server_and_the_other_the_standby_server => super::ROLES,
        two_backend_servers_must_have_different_ip_addresses_and_ports => super::UNIQUE,
        create_master_slave_member_option_has_no_weight => super::WEIGHT_ACTIVE_STANDBY,
        weight_ranges_from_0_to_100 => super::WEIGHT,
        weight_does_not_take_effect_with_source_ip_or_quic_cid => super::WEIGHT_IGNORED,
        member_project_id_is_1_to_32_characters => super::PROJECT_ID,
        ip_backends_need_a_pool_protocol_that_takes_them => super::IP_BACKEND_PROTOCOL,
        ip_backend_protocols_differ_between_constraints_and_field_note => super::IP_BACKEND_PROTOCOL_CONFLICT,
        an_ip_pool_takes_only_ip_backends => super::IP_POOL_SUBNET,
    }

    fn report(op: Operation, text: &str, context: &str) -> crate::Report {
        let context = if context.is_empty() {
            Context::default()
        } else {
            Context::from_json(context).unwrap()
        };
        validate_json(Some(op), text, &Options::with_context(context)).unwrap()
    }

    #[test]
    fn three_members_with_two_masters_point_at_the_offenders() {
        let text = r#"{"pool": {"lb_algorithm": "ROUND_ROBIN", "protocol": "TCP", "type": "ip",
          "members": [{"address": "10.0.0.1", "protocol_port": 80, "role": "master"},
                      {"address": "10.0.0.2", "protocol_port": 80, "role": "master"},
                      {"address": "10.0.0.3", "protocol_port": 80, "role": "slave"}],
          "healthmonitor": {"delay": 5, "max_retries": 3, "timeout": 3, "type": "TCP"}}}"#;
        let r = report(Operation::HuaweiCreateMasterSlavePool, text, "");
        let paths: Vec<_> = r
            .errors()
            .map(|d| (d.rule.to_string(), d.path.clone()))
            .collect();
        assert!(
            paths.contains(&("elb/members-count".into(), "/pool/members/2".into())),
            "{paths:?}"
        );
        assert!(
            paths.contains(&("elb/members-roles".into(), "/pool/members/1/role".into())),
            "{paths:?}"
        );
    }

    #[test]
    fn create_member_port_is_required_only_when_the_context_says_so() {
        let text = r#"{"member": {"address": "10.0.0.1", "subnet_cidr_id": "s-1"}}"#;
        assert!(report(Operation::HuaweiCreateMember, text, "").is_valid());
        let r = report(
            Operation::HuaweiCreateMember,
            text,
            r#"{"pool": {"any_port_enable": false}}"#,
        );
        assert!(r.has_rule("elb/member-protocol-port-required"), "{r}");
        let r = report(
            Operation::HuaweiCreateMember,
            text,
            r#"{"pool": {"any_port_enable": true}}"#,
        );
        assert!(r.is_valid(), "{r}");
    }

    #[test]
    fn weight_zero_is_valid_and_a_fraction_is_not() {
        let ok = r#"{"member": {"address": "10.0.0.1", "subnet_cidr_id": "s-1", "protocol_port": 80, "weight": 0}}"#;
        assert!(report(Operation::HuaweiCreateMember, ok, "").is_valid());
        let bad = ok.replace("\"weight\": 0", "\"weight\": 1.5");
        assert!(report(Operation::HuaweiCreateMember, &bad, "").has_rule("elb/member-weight"));
    }

    #[test]
    fn seed_004_example_2_has_no_errors() {
        let text =
            r#"{"member": {"protocol_port": 89, "name": "My member", "address": "120.10.10.16"}}"#;
        let r = report(Operation::HuaweiCreateMember, text, "");
        assert!(r.is_valid(), "{r}");
    }

    #[test]
    fn seed_004_example_1_has_no_errors() {
        let r = report(
            Operation::HuaweiCreateMember,
            super::super::MEMBER_BASE_EXAMPLE,
            "",
        );
        assert!(r.is_valid(), "{r}");
    }
}
