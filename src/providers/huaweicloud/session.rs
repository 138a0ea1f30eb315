//! Sticky sessions (`session_persistence`) and the SDK's `connection_drain` and
//! `quic_cid_hash_strategy` (CreateMasterSlavePool).

use crate::value::Value;

use super::{session_type, POOL_OP};
use crate::context::LoadBalancerKind;
use crate::diagnostic::Severity;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators::{self, sets, Spec};

use super::fields::Field;

/// session_persistence has a type.
pub static TYPE_REQUIRED: Rule = Rule {
    id: "elb/session-persistence-type-required",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`session_persistence` has a `type`.",
    why: "A sticky session without a type is not one the service can configure.",
    source: Source {
        doc: "002",
        quote: "type Yes String Specifies the sticky session type. The value can be SOURCE_IP, HTTP_COOKIE, or APP_COOKIE.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/session_persistence", "{\"persistence_timeout\": 5}")]),
    check: Check::Required(&["/pool/session_persistence/type"]),
};

const TYPES: [&str; 3] = ["SOURCE_IP", "HTTP_COOKIE", "APP_COOKIE"];

/// type is SOURCE_IP, HTTP_COOKIE or APP_COOKIE.
pub static TYPE: Rule = Rule {
    id: "elb/session-persistence-type",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "The sticky session `type` is `SOURCE_IP`, `HTTP_COOKIE` or `APP_COOKIE` (exact case).",
    why: "The service knows these three sticky session types only.",
    source: Source {
        doc: "002",
        quote: "Specifies the sticky session type. The value can be SOURCE_IP, HTTP_COOKIE, or APP_COOKIE.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"source_ip\"}")]),
    check: Check::Field { at: "/pool/session_persistence/type", spec: Spec::Enum(&TYPES) },
};

/// TCP and UDP pools: only SOURCE_IP takes effect.
pub static TYPE_TCP_UDP: Rule = Rule {
    id: "elb/session-persistence-tcp-udp",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "On TCP and UDP pools only `SOURCE_IP` sticky sessions take effect.",
    why: "Cookies are an HTTP concept; on a TCP or UDP pool a cookie-based sticky session does nothing.",
    source: Source {
        doc: "002",
        quote: "If the protocol of the backend server group is TCP or UDP, only SOURCE_IP takes effect.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"HTTP_COOKIE\"}")]),
    check: Check::Custom(|cx| {
        let (Some(proto), Some(t)) = (cx.str_at(Field::Protocol), session_type(cx)) else { return };
        if matches!(proto, "TCP" | "UDP") && matches!(t, "HTTP_COOKIE" | "APP_COOKIE") {
            cx.report(
                Field::SessionType.ptr(),
                format!("sticky session type {t:?} does not take effect on a {proto} pool; only SOURCE_IP does"),
            );
        }
    }),
};

/// APP_COOKIE on HTTP/HTTPS pools: the request and response tables disagree.
pub static APP_COOKIE_CONFLICT: Rule = Rule {
    id: "elb/session-persistence-app-cookie-conflict",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`APP_COOKIE` on an HTTP or HTTPS pool of a dedicated load balancer: the request table allows it, the response table does not.",
    why: "The request table says dedicated HTTP/HTTPS pools take HTTP_COOKIE or APP_COOKIE; the response table says only HTTP_COOKIE. lblint warns rather than rejects (unless the context says the load balancer is shared, where neither note applies).",
    source: Source {
        doc: "provider-facts §0",
        quote: "Huawei `session_persistence.type` for dedicated HTTP/HTTPS pools: request table says HTTP_COOKIE or APP_COOKIE; the response table says only HTTP_COOKIE.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/protocol", "\"HTTP\""),
        Set("/pool/session_persistence", "{\"type\": \"HTTP_COOKIE\"}"),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[
        Set("/pool/protocol", "\"HTTP\""),
        Set("/pool/session_persistence", "{\"type\": \"APP_COOKIE\", \"cookie_name\": \"sid\"}"),
    ]),
    check: Check::Custom(|cx| {
        if cx.context.lb_kind() == Some(LoadBalancerKind::Shared) {
            return;
        }
        let (Some(proto), Some(t)) = (cx.str_at(Field::Protocol), session_type(cx)) else { return };
        if matches!(proto, "HTTP" | "HTTPS") && t == "APP_COOKIE" {
            cx.report(
                Field::SessionType.ptr(),
                format!(
                    "APP_COOKIE on a {proto} pool{}: for dedicated load balancers the request table allows HTTP_COOKIE or APP_COOKIE, the response table only HTTP_COOKIE",
                    if cx.context.lb_kind().is_none() { " (if the load balancer is dedicated)" } else { " of a dedicated load balancer" }
                ),
            );
        }
    }),
};

/// cookie_name only with APP_COOKIE.
pub static COOKIE_NAME_TYPE: Rule = Rule {
    id: "elb/session-persistence-cookie-name-type",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`cookie_name` is given only when the sticky session `type` is `APP_COOKIE`.",
    why: "Only application cookies have a name chosen by the user; with another type the service returns an error.",
    source: Source {
        doc: "002",
        quote: "This parameter will take effect only when type is set to APP_COOKIE. Otherwise, an error will be returned.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\", \"cookie_name\": \"sid\"}")]),
    check: Check::Custom(|cx| {
        let Some(t) = session_type(cx) else { return };
        if TYPES.contains(&t) && t != "APP_COOKIE" && cx.get(Field::CookieName).is_some() {
            cx.report_help(
                Field::CookieName.ptr(),
                format!("`cookie_name` is allowed only when the sticky session type is APP_COOKIE, not {t:?}"),
                Some("remove cookie_name, or use \"type\": \"APP_COOKIE\"".to_owned()),
            );
        }
    }),
};

/// The cookie name: the page's limits with the context's kind, the SDK's 1024 without.
pub static COOKIE_NAME: Rule = Rule {
    id: "elb/session-persistence-cookie-name",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`cookie_name`: shared load balancers at most 64 of letters, digits, `_`, `-`; dedicated at most 255 of those and `.`; never over 1024.",
    why: "The service refuses longer names and other characters. Without the load balancer kind in the context, only what both kinds refuse is an error (over 1024 characters, characters outside the dedicated set).",
    source: Source {
        doc: "002",
        quote: "For shared load balancers, the name can contain a maximum of 64 characters, including letters, digits, underscores (_), and hyphens (-). For dedicated load balancers, the name can contain a maximum of 255 characters, including letters, digits, underscores (_), hyphens (-), and periods (.).",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/protocol", "\"HTTP\""),
        Set("/pool/session_persistence", "{\"type\": \"APP_COOKIE\", \"cookie_name\": \"JSESSION.ID-1\"}"),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(
        &[
            Set("/pool/protocol", "\"HTTP\""),
            Set("/pool/session_persistence", "{\"type\": \"APP_COOKIE\", \"cookie_name\": \"JSESSION.ID\"}"),
        ],
        r#"{"loadbalancer": {"kind": "shared"}}"#,
    ),
    check: Check::Custom(|cx| {
        let p = Field::CookieName.ptr();
        let Some(v) = cx.get(Field::CookieName) else { return };
        let (max, set, what) = match cx.context.lb_kind() {
            Some(LoadBalancerKind::Shared) => (64, &sets::COOKIE_SHARED, "on a shared load balancer "),
            Some(LoadBalancerKind::Dedicated) => (255, &sets::COOKIE_DEDICATED, "on a dedicated load balancer "),
            None => (1024, &sets::COOKIE_DEDICATED, ""),
        };
        let Some(s) = v.as_str() else {
            cx.report(p, format!("`cookie_name` must be a string, not {}", validators::type_name(v)));
            return;
        };
        if let Some(m) = validators::length(s, 1, max).or_else(|| validators::chars(s, set)) {
            cx.report(p, format!("`cookie_name` {what}{m}"));
        }
    }),
};

/// Cookie names of 256-1024 characters without context: the page and the SDK disagree.
pub static COOKIE_NAME_LENGTH_CONFLICT: Rule = Rule {
    id: "elb/session-persistence-cookie-name-length-conflict",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`cookie_name` of 256 to 1024 characters (load balancer kind unknown): the page allows at most 255, the SDK 1024.",
    why: "The page caps cookie names at 64 (shared) or 255 (dedicated); the SDK documents up to 1024. Without the kind in the context lblint warns.",
    source: Source {
        doc: "provider-facts §0",
        quote: "Huawei `cookie_name`: 64 (shared) / 255 (dedicated) on the page; the SDK says up to 1024.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/protocol", "\"HTTP\""),
        Set("/pool/session_persistence", "{\"type\": \"APP_COOKIE\", \"cookie_name\": \"sid\"}"),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[
        Set("/pool/protocol", "\"HTTP\""),
        Set(
            "/pool/session_persistence",
            "{\"type\": \"APP_COOKIE\", \"cookie_name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}",
        ),
    ]),
    check: Check::Custom(|cx| {
        if cx.context.lb_kind().is_some() {
            return;
        }
        let p = Field::CookieName.ptr();
        let Some(n) = cx.str_at(Field::CookieName).map(crate::validators::char_len) else { return };
        if (256..=1024).contains(&n) {
            cx.report(p, format!("`cookie_name` has {n} characters: the page allows at most 255 (64 on shared load balancers), the SDK up to 1024"));
        }
    }),
};

/// persistence_timeout range by pool protocol.
pub static PERSISTENCE_TIMEOUT: Rule = Rule {
    id: "elb/session-persistence-timeout",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`persistence_timeout` (minutes) is 1-60 for TCP, UDP and QUIC pools and 1-1440 for HTTP and HTTPS pools.",
    why: "The service refuses stickiness durations outside the protocol's range. With an unknown protocol the wider range applies.",
    source: Source {
        doc: "002",
        quote: "If the protocol of the backend server group is TCP or UDP, the value ranges from 1 to 60, and the default value is 1. If the protocol of the backend server group is HTTP or HTTPS, the value ranges from 1 to 1440, and the default value is 1440.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\", \"persistence_timeout\": 60}")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\", \"persistence_timeout\": 61}")]),
    check: Check::Custom(|cx| {
        let p = Field::PersistenceTimeout.ptr();
        let Some(v) = cx.get(Field::PersistenceTimeout) else { return };
        let max = match cx.str_at(Field::Protocol) {
            Some("TCP" | "UDP" | "QUIC") => 60,
            _ => 1440,
        };
        cx.check_value(p, v, &Spec::Int { min: 1, max });
    }),
};

/// persistence_timeout does nothing with APP_COOKIE.
pub static PERSISTENCE_TIMEOUT_APP_COOKIE: Rule = Rule {
    id: "elb/session-persistence-timeout-app-cookie",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`persistence_timeout` has no effect with `APP_COOKIE`.",
    why: "The application's cookie decides how long a session sticks; the duration given here is ignored.",
    source: Source {
        doc: "002",
        quote: "This parameter will not take effect when type is set to APP_COOKIE.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/protocol", "\"HTTP\""),
        Set("/pool/session_persistence", "{\"type\": \"HTTP_COOKIE\", \"persistence_timeout\": 30}"),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[
        Set("/pool/protocol", "\"HTTP\""),
        Set("/pool/session_persistence", "{\"type\": \"APP_COOKIE\", \"cookie_name\": \"sid\", \"persistence_timeout\": 30}"),
    ]),
    check: Check::Custom(|cx| {
        let p = Field::PersistenceTimeout.ptr();
        if session_type(cx) == Some("APP_COOKIE") && cx.get(Field::PersistenceTimeout).is_some() {
            cx.report(p, "`persistence_timeout` does not take effect when the sticky session type is APP_COOKIE");
        }
    }),
};

/// connection_drain.enable is a boolean.
pub static DRAIN_ENABLE: Rule = Rule {
    id: "elb/connection-drain-enable",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`connection_drain.enable` is `true` or `false`.",
    why: "The API is typed: a string is not a boolean.",
    source: Source {
        doc: "provider-facts §3",
        quote: "connection_drain {enable, timeout 10-4000 s} (enable without timeout → ELB.8902)",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/connection_drain", "{\"enable\": false}")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set(
        "/pool/connection_drain",
        "{\"enable\": \"yes\", \"timeout\": 60}",
    )]),
    check: Check::Field {
        at: "/pool/connection_drain/enable",
        spec: Spec::Bool,
    },
};

/// connection_drain.timeout is 10 to 4000 seconds.
pub static DRAIN_TIMEOUT: Rule = Rule {
    id: "elb/connection-drain-timeout",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`connection_drain.timeout` is an integer from 10 to 4000 (seconds).",
    why: "The service refuses drain timeouts outside 10-4000 seconds.",
    source: Source {
        doc: "provider-facts §3",
        quote: "connection_drain {enable, timeout 10-4000 s} (enable without timeout → ELB.8902)",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set(
        "/pool/connection_drain",
        "{\"enable\": true, \"timeout\": 4000}",
    )]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set(
        "/pool/connection_drain",
        "{\"enable\": true, \"timeout\": 5}",
    )]),
    check: Check::Field {
        at: "/pool/connection_drain/timeout",
        spec: Spec::Int { min: 10, max: 4000 },
    },
};

/// Enabled draining needs a timeout.
pub static DRAIN_TIMEOUT_REQUIRED: Rule = Rule {
    id: "elb/connection-drain-timeout-required",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`connection_drain` with `enable` true has a `timeout`.",
    why: "The service has no default drain timeout; it answers \"Connection drain timeout must be explict defined.\"",
    source: Source {
        doc: "provider-facts §1",
        quote: "Observed in the wild: {\"error_code\":\"ELB.8902\",\"error_msg\":\"Connection drain timeout must be explict defined.\"} for a pool whose connection_drain is enabled without a timeout.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/connection_drain", "{\"enable\": true, \"timeout\": 300}")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/connection_drain", "{\"enable\": true}")]),
    check: Check::Custom(|cx| {
        if cx.get(Field::DrainEnable) == Some(&Value::Bool(true))
            && cx.get(Field::DrainTimeout).is_none()
        {
            cx.report_help(
                "/pool/connection_drain/timeout",
                "Connection drain timeout must be explict defined: `timeout` is required when `enable` is true",
                Some("add \"timeout\" in seconds, from 10 to 4000".to_owned()),
            );
        }
    }),
};

/// quic_cid_hash_strategy.len is 1 to 20.
pub static QUIC_CID_LEN: Rule = Rule {
    id: "elb/quic-cid-hash-strategy-len",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`quic_cid_hash_strategy.len` is an integer from 1 to 20.",
    why: "The hashed part of the connection ID is 1 to 20 bytes long.",
    source: Source {
        doc: "provider-facts §3",
        quote: "quic_cid_hash_strategy {len 1-20, offset 0-19} (only with QUIC_CID)",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set(
        "/pool/quic_cid_hash_strategy",
        "{\"len\": 21, \"offset\": 0}",
    )]),
    check: Check::Field {
        at: "/pool/quic_cid_hash_strategy/len",
        spec: Spec::Int { min: 1, max: 20 },
    },
};

/// quic_cid_hash_strategy.offset is 0 to 19.
pub static QUIC_CID_OFFSET: Rule = Rule {
    id: "elb/quic-cid-hash-strategy-offset",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`quic_cid_hash_strategy.offset` is an integer from 0 to 19.",
    why: "The hashed part starts within the 20-byte connection ID.",
    source: Source {
        doc: "provider-facts §3",
        quote: "quic_cid_hash_strategy {len 1-20, offset 0-19} (only with QUIC_CID)",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set(
        "/pool/quic_cid_hash_strategy",
        "{\"len\": 4, \"offset\": 20}",
    )]),
    check: Check::Field {
        at: "/pool/quic_cid_hash_strategy/offset",
        spec: Spec::Int { min: 0, max: 19 },
    },
};

/// quic_cid_hash_strategy only with QUIC_CID.
pub static QUIC_CID_ALGORITHM: Rule = Rule {
    id: "elb/quic-cid-hash-strategy-algorithm",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`quic_cid_hash_strategy` is given only with `lb_algorithm` `QUIC_CID`.",
    why: "The strategy says which part of the QUIC connection ID is hashed; with another algorithm it has no meaning and is refused.",
    source: Source {
        doc: "provider-facts §3",
        quote: "quic_cid_hash_strategy {len 1-20, offset 0-19} (only with QUIC_CID)",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[
        Set("/pool/protocol", "\"QUIC\""),
        Set("/pool/lb_algorithm", "\"QUIC_CID\""),
        Set("/pool/healthmonitor/type", "\"UDP_CONNECT\""),
        Set("/pool/session_persistence", "{\"type\": \"SOURCE_IP\"}"),
        Set("/pool/quic_cid_hash_strategy", "{\"len\": 4, \"offset\": 1}"),
    ]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/quic_cid_hash_strategy", "{\"len\": 4, \"offset\": 1}")]),
    check: Check::Custom(|cx| {
        if cx.get(Field::QuicCidHashStrategy).is_none() {
            return;
        }
        if let Some(alg) = cx.str_at(Field::LbAlgorithm) {
            if alg != "QUIC_CID" {
                cx.report(
                    "/pool/quic_cid_hash_strategy",
                    format!("`quic_cid_hash_strategy` applies only with lb_algorithm QUIC_CID, not {alg:?}"),
                );
            }
        }
    }),
};

#[cfg(test)]
mod tests {
    use crate::{validate_json, Context, Operation, Options};

    rule_tests! {
        sticky_session_type_is_mandatory => super::TYPE_REQUIRED,
        the_value_can_be_source_ip_http_cookie_or_app_cookie => super::TYPE,
        if_the_protocol_is_tcp_or_udp_only_source_ip_takes_effect => super::TYPE_TCP_UDP,
        dedicated_http_pools_app_cookie_per_request_table_only => super::APP_COOKIE_CONFLICT,
        cookie_name_only_with_app_cookie_otherwise_an_error_will_be_returned => super::COOKIE_NAME_TYPE,
        cookie_name_maximum_64_shared_255_dedicated => super::COOKIE_NAME,
        cookie_name_sdk_says_up_to_1024 => super::COOKIE_NAME_LENGTH_CONFLICT,
        persistence_timeout_1_to_60_for_tcp_udp_1_to_1440_for_http => super::PERSISTENCE_TIMEOUT,
        persistence_timeout_does_not_take_effect_with_app_cookie => super::PERSISTENCE_TIMEOUT_APP_COOKIE,
        connection_drain_enable_is_a_boolean => super::DRAIN_ENABLE,
        connection_drain_timeout_10_to_4000 => super::DRAIN_TIMEOUT,
        connection_drain_timeout_must_be_explict_defined => super::DRAIN_TIMEOUT_REQUIRED,
        quic_cid_hash_strategy_len_1_to_20 => super::QUIC_CID_LEN,
        quic_cid_hash_strategy_offset_0_to_19 => super::QUIC_CID_OFFSET,
        quic_cid_hash_strategy_only_with_quic_cid => super::QUIC_CID_ALGORITHM,
    }

    fn rules(session: &str, protocol: &str, context: &str) -> Vec<String> {
        let text = format!(
            r#"{{"pool": {{"lb_algorithm": "ROUND_ROBIN", "protocol": "{protocol}", "type": "ip",
              "members": [{{"address": "10.0.0.1", "protocol_port": 80, "role": "master"}},
                          {{"address": "10.0.0.2", "protocol_port": 80, "role": "slave"}}],
              "healthmonitor": {{"delay": 5, "max_retries": 3, "timeout": 3, "type": "TCP"}},
              "session_persistence": {session}}}}}"#
        );
        let context = if context.is_empty() {
            Context::default()
        } else {
            Context::from_json(context).unwrap()
        };
        let r = validate_json(
            Some(Operation::HuaweiCreateMasterSlavePool),
            &text,
            &Options::with_context(context),
        )
        .unwrap();
        r.diagnostics
            .iter()
            .map(|d| format!("{} {}", d.severity, d.rule))
            .collect()
    }

    #[test]
    fn cookie_name_limits_follow_the_load_balancer_kind() {
        let name = |n: usize| {
            format!(
                r#"{{"type": "APP_COOKIE", "cookie_name": "{}"}}"#,
                "a".repeat(n)
            )
        };
        let err = "error elb/session-persistence-cookie-name".to_owned();
        let warn = "warning elb/session-persistence-cookie-name-length-conflict".to_owned();
        assert!(!rules(&name(255), "HTTP", "").contains(&err));
        assert!(rules(&name(300), "HTTP", "").contains(&warn));
        assert!(!rules(&name(300), "HTTP", "").contains(&err));
        assert!(rules(&name(1025), "HTTP", "").contains(&err));
        assert!(rules(&name(65), "HTTP", r#"{"loadbalancer": {"kind": "shared"}}"#).contains(&err));
        assert!(!rules(
            &name(255),
            "HTTP",
            r#"{"loadbalancer": {"kind": "dedicated"}}"#
        )
        .contains(&err));
        assert!(rules(
            &name(256),
            "HTTP",
            r#"{"loadbalancer": {"kind": "dedicated"}}"#
        )
        .contains(&err));
        assert!(rules(
            r#"{"type": "APP_COOKIE", "cookie_name": "a b"}"#,
            "HTTP",
            ""
        )
        .contains(&err));
    }

    #[test]
    fn persistence_timeout_of_1440_is_fine_for_http_only() {
        let s = r#"{"type": "HTTP_COOKIE", "persistence_timeout": 1440}"#;
        assert!(!rules(s, "HTTP", "").contains(&"error elb/session-persistence-timeout".to_owned()));
        let s = r#"{"type": "SOURCE_IP", "persistence_timeout": 1440}"#;
        assert!(rules(s, "QUIC", "").contains(&"error elb/session-persistence-timeout".to_owned()));
    }
}
