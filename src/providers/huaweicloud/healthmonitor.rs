//! The active/standby pool's health check (`/pool/healthmonitor`).

use crate::value::Value;

use super::POOL_OP;
use crate::diagnostic::Severity;
use crate::engine::Cx;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators::{self, sets, Spec};

use super::fields::Field;

/// The required health-check fields.
pub static REQUIRED: Rule = Rule {
    id: "elb/healthmonitor-required",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`healthmonitor` has `delay`, `max_retries`, `timeout` and `type`.",
    why: "The table marks them mandatory: the health check of an active/standby pool is always on, so it needs its interval, retries, timeout and protocol.",
    source: Source {
        doc: "002",
        quote: "delay Yes Integer … max_retries Yes Integer … timeout Yes Integer … type Yes String",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/pool/healthmonitor/max_retries")]),
    check: Check::Required(&[
        "/pool/healthmonitor/delay",
        "/pool/healthmonitor/max_retries",
        "/pool/healthmonitor/timeout",
        "/pool/healthmonitor/type",
    ]),
};

/// delay is 1 to 50 seconds (ELB.7001).
pub static DELAY: Rule = Rule {
    id: "elb/healthmonitor-delay",
    operations: POOL_OP,
    code: "ELB.7001",
    severity: Severity::Error,
    summary: "`delay` is an integer from 1 to 50 (seconds).",
    why: "Any other interval is an invalid health check interval (ELB.7001).",
    source: Source {
        doc: "002",
        quote: "delay Yes Integer Specifies the interval between health checks, in seconds. The value ranges from 1 to 50.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/delay", "50")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/delay", "0")]),
    check: Check::Field { at: "/pool/healthmonitor/delay", spec: Spec::Int { min: 1, max: 50 } },
};

/// timeout is 1 to 50 seconds.
pub static TIMEOUT: Rule = Rule {
    id: "elb/healthmonitor-timeout",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`timeout` is an integer from 1 to 50 (seconds).",
    why: "The service refuses other timeouts as invalid input.",
    source: Source {
        doc: "002",
        quote: "timeout Yes Integer Specifies the maximum time required for waiting for a response from the health check, in seconds. … Minimum: 1 Maximum: 50",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/timeout", "1")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/timeout", "51")]),
    check: Check::Field { at: "/pool/healthmonitor/timeout", spec: Spec::Int { min: 1, max: 50 } },
};

/// max_retries is 1 to 10.
pub static MAX_RETRIES: Rule = Rule {
    id: "elb/healthmonitor-max-retries",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`max_retries` is an integer from 1 to 10.",
    why: "The service refuses other values as invalid input.",
    source: Source {
        doc: "002",
        quote: "max_retries Yes Integer Specifies the number of consecutive health checks when the health check result of a backend server changes from OFFLINE to ONLINE. The value ranges from 1 to 10.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/max_retries", "10")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/max_retries", "\"3\"")]),
    check: Check::Field { at: "/pool/healthmonitor/max_retries", spec: Spec::Int { min: 1, max: 10 } },
};

/// max_retries_down is 1 to 10.
pub static MAX_RETRIES_DOWN: Rule = Rule {
    id: "elb/healthmonitor-max-retries-down",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`max_retries_down` is an integer from 1 to 10 (default 3).",
    why: "The service refuses other values as invalid input.",
    source: Source {
        doc: "002",
        quote: "max_retries_down No Integer … The value ranges from 1 to 10, and the default value is 3.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/max_retries_down", "3")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/max_retries_down", "0")]),
    check: Check::Field { at: "/pool/healthmonitor/max_retries_down", spec: Spec::Int { min: 1, max: 10 } },
};

/// monitor_port is 1 to 65535.
pub static MONITOR_PORT: Rule = Rule {
    id: "elb/healthmonitor-monitor-port",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`monitor_port` is an integer from 1 to 65535.",
    why: "Ports outside 1-65535 do not exist.",
    source: Source {
        doc: "002",
        quote: "monitor_port No Integer Specifies the port used for the health check. … The port number ranges from 1 to 65535.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/monitor_port", "8080")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/monitor_port", "65536")]),
    check: Check::Field { at: "/pool/healthmonitor/monitor_port", spec: Spec::Int { min: 1, max: 65535 } },
};

/// name is at most 255 characters.
pub static NAME: Rule = Rule {
    id: "elb/healthmonitor-name",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "The health check's `name` is a string of at most 255 characters.",
    why: "The service checks the documented length and type.",
    source: Source {
        doc: "002",
        quote: "name No String Specifies the health check name. Minimum: 0 Maximum: 255",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/name", "\"\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/name", "false")]),
    check: Check::Field {
        at: "/pool/healthmonitor/name",
        spec: Spec::Str {
            min: 0,
            max: 255,
            charset: None,
        },
    },
};

const TYPES: [&str; 4] = ["TCP", "UDP_CONNECT", "HTTP", "HTTPS"];

/// type is TCP, UDP_CONNECT, HTTP or HTTPS.
pub static TYPE: Rule = Rule {
    id: "elb/healthmonitor-type",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "The health check `type` is `TCP`, `UDP_CONNECT`, `HTTP` or `HTTPS` (exact case).",
    why: "The service knows these four health check protocols only.",
    source: Source {
        doc: "002",
        quote: "type Yes String Specifies the health check protocol. The value can be TCP, UDP_CONNECT, HTTP, or HTTPS.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/type", "\"TCP\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/type", "\"UDP\"")]),
    check: Check::Field { at: "/pool/healthmonitor/type", spec: Spec::Enum(&TYPES) },
};

/// The health check type fits the pool protocol.
pub static TYPE_PROTOCOL: Rule = Rule {
    id: "elb/healthmonitor-type-protocol",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "UDP and QUIC pools use `UDP_CONNECT` health checks; TCP, HTTP and HTTPS pools use `TCP`, `HTTP` or `HTTPS`.",
    why: "A health check must speak a protocol the backend answers; the service refuses mismatched pairs.",
    source: Source {
        doc: "002",
        quote: "If the protocol of the backend server group is QUIC, the value can only be UDP_CONNECT. If the protocol of the backend server group is UDP, the value can only be UDP_CONNECT. If the protocol of the backend server group is TCP, the value can only be TCP, HTTP, or HTTPS.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/type", "\"HTTPS\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/type", "\"UDP_CONNECT\"")]),
    check: Check::Custom(|cx| {
        let (Some(proto), Some(ty)) = (cx.str_at(Field::Protocol), cx.str_at(Field::HmType)) else { return };
        if !TYPES.contains(&ty) {
            return; // elb/healthmonitor-type
        }
        let allowed: &[&str] = match proto {
            "UDP" | "QUIC" => &["UDP_CONNECT"],
            "TCP" | "HTTP" | "HTTPS" => &["TCP", "HTTP", "HTTPS"],
            _ => return,
        };
        if !allowed.contains(&ty) {
            cx.report(
                "/pool/healthmonitor/type",
                format!("a {proto} pool's health check `type` can only be {}, not {ty:?}", validators::list(allowed)),
            );
        }
    }),
};

/// Health check cannot be disabled.
pub static ADMIN_STATE_UP: Rule = Rule {
    id: "elb/healthmonitor-admin-state-up",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "The health check's `admin_state_up`, when given, is `true`.",
    why: "The health check of an active/standby pool is what moves traffic to the standby; it cannot be disabled.",
    source: Source {
        doc: "002",
        quote: "healthmonitor Yes … Specifies the health check for active/standby backend server group. Health check is enabled by default and cannot be disabled.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/admin_state_up", "true")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/admin_state_up", "false")]),
    check: Check::Custom(|cx| {
        let p = Field::HmAdminStateUp.ptr();
        match cx.get(Field::HmAdminStateUp) {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => cx.report(p, "`admin_state_up` cannot be false: the health check is enabled by default and cannot be disabled"),
            Some(v) => cx.report(p, format!("`admin_state_up` must be true, not {}", validators::type_name(v))),
        }
    }),
};

/// timeout less than delay (a recommendation).
pub static TIMEOUT_DELAY: Rule = Rule {
    id: "elb/healthmonitor-timeout-delay",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`timeout` is less than `delay` (recommended).",
    why: "A check that may wait longer than the interval overlaps the next one. The page only recommends it (its own example has timeout 30 and delay 1), so this is a warning.",
    source: Source {
        doc: "002",
        quote: "It is recommended that you set the value less than that of parameter delay.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/delay", "10"), Set("/pool/healthmonitor/timeout", "5")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[]),
    check: Check::Custom(|cx| {
        let (Some(t), Some(d)) = (
            cx.get(Field::HmTimeout).and_then(Value::as_i64),
            cx.get(Field::HmDelay).and_then(Value::as_i64),
        ) else {
            return;
        };
        if t >= d && (1..=50).contains(&t) && (1..=50).contains(&d) {
            cx.report(
                "/pool/healthmonitor/timeout",
                format!("`timeout` ({t}) is not less than `delay` ({d}); a timeout below the interval is recommended"),
            );
        }
    }),
};

const METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PATCH",
];

/// http_method is an HTTP method.
pub static HTTP_METHOD: Rule = Rule {
    id: "elb/healthmonitor-http-method",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`http_method` is `GET`, `HEAD`, `POST`, `PUT`, `DELETE`, `TRACE`, `OPTIONS`, `CONNECT` or `PATCH`.",
    why: "Other values are not methods the service knows (the field itself is unsupported: see elb/healthmonitor-http-method-unsupported).",
    source: Source {
        doc: "002",
        quote: "Specifies the HTTP method. The value can be GET, HEAD, POST, PUT, DELETE, TRACE, OPTIONS, CONNECT, or PATCH. The default value is GET.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/http_method", "\"FETCH\"")]),
    check: Check::Field { at: "/pool/healthmonitor/http_method", spec: Spec::Enum(&METHODS) },
};

/// http_method should not be used.
pub static HTTP_METHOD_UNSUPPORTED: Rule = Rule {
    id: "elb/healthmonitor-http-method-unsupported",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`http_method` is not used.",
    why: "The page documents the field and, in the same entry, says it is unsupported.",
    source: Source {
        doc: "002",
        quote: "This parameter is unsupported. Please do not use it.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/http_method", "\"GET\"")]),
    check: Check::Custom(|cx| {
        if cx.get(Field::HmHttpMethod).is_some() {
            cx.report(
                "/pool/healthmonitor/http_method",
                "`http_method` is unsupported (\"Please do not use it.\"); remove it",
            );
        }
    }),
};

/// domain_name is 1-100 characters, letters, digits, `-`, `.`, starting with a letter or digit.
pub static DOMAIN_NAME: Rule = Rule {
    id: "elb/healthmonitor-domain-name",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`domain_name` is 1-100 letters, digits, hyphens and periods, starting with a letter or digit.",
    why: "The service refuses other host names for HTTP health checks.",
    source: Source {
        doc: "002",
        quote: "The value can contain only digits, letters, hyphens (-), and periods (.) and must start with a digit or letter. … Minimum: 1 Maximum: 100",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/domain_name", "\"www.example.com\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/domain_name", "\"-www.example.com\"")]),
    check: Check::Custom(|cx| {
        let p = Field::HmDomainName.ptr();
        let Some(v) = cx.get(Field::HmDomainName) else { return };
        if !cx.check_value(p, v, &Spec::Str { min: 1, max: 100, charset: Some(&sets::DOMAIN_NAME) }) {
            return;
        }
        if let Some(c) = v.as_str().and_then(|s| s.chars().next()) {
            if !c.is_ascii_alphanumeric() {
                cx.report(p, format!("`domain_name` must start with a letter or digit, not {c:?}"));
            }
        }
    }),
};

/// url_path starts with `/`, 1-80 characters of the documented set.
pub static URL_PATH: Rule = Rule {
    id: "elb/healthmonitor-url-path",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`url_path` is 1-80 characters of the documented set and starts with `/`.",
    why: "The service refuses other request paths for HTTP health checks.",
    source: Source {
        doc: "002",
        quote: "The value must start with a slash (/), and the default value is /. The value can contain letters, digits, hyphens (-), slashes (/), periods (.), percentage signs (%), question marks (?), pound signs (#), ampersand signs (&), and the extended character set _;~!()*[]@$^:',+. … Minimum: 1 Maximum: 80",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/url_path", "\"/health/check?probe#1\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/url_path", "\"health\"")]),
    check: Check::Custom(|cx| {
        let p = Field::HmUrlPath.ptr();
        let Some(v) = cx.get(Field::HmUrlPath) else { return };
        if !cx.check_value(p, v, &Spec::Str { min: 1, max: 80, charset: Some(&sets::URL_PATH) }) {
            return;
        }
        if v.as_str().is_some_and(|s| !s.starts_with('/')) {
            cx.report_help(p, "`url_path` must start with a slash (/)", Some(format!("use \"/{}\"", v.as_str().unwrap_or_default())));
        }
    }),
};

/// Whether a status-code item is three digits.
fn code3(s: &str) -> Option<u16> {
    (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Why an expected_codes value is malformed, if it is.
pub(crate) fn expected_codes_problem(s: &str) -> Option<String> {
    if let Some(m) = validators::length(s, 1, 64) {
        return Some(m);
    }
    for item in s.split(',') {
        let item = item.trim_matches(' ');
        if item.is_empty() {
            return Some(format!("{s:?} has an empty item; write one code (200), a list (200,202) or a range (200-204)"));
        }
        match item.split_once('-') {
            Some((a, b)) => match (code3(a), code3(b)) {
                (Some(a), Some(b)) if a <= b => {}
                (Some(_), Some(_)) => return Some(format!("the range {item:?} runs backwards")),
                _ => {
                    return Some(format!(
                        "{item:?} is not a range of 3-digit status codes such as 200-204"
                    ))
                }
            },
            None => {
                if code3(item).is_none() {
                    return Some(format!("{item:?} is not a 3-digit HTTP status code"));
                }
            }
        }
    }
    None
}

/// expected_codes is a code, a list or a range.
pub static EXPECTED_CODES: Rule = Rule {
    id: "elb/healthmonitor-expected-codes",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Error,
    summary: "`expected_codes` is a status code (200), a comma list (200,202 or 200, 202) or a range (200-204), 1-64 characters.",
    why: "The service parses the value as status codes; other text is refused.",
    source: Source {
        doc: "002",
        quote: "A specific value, for example, 200; A list of values that are separated with commas (,), for example, 200, 202; A value range, for example, 200-204 … Minimum: 1 Maximum: 64",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/expected_codes", "\"200, 202\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/expected_codes", "\"2xx\"")]),
    check: Check::Custom(|cx| {
        let p = Field::HmExpectedCodes.ptr();
        let Some(v) = cx.get(Field::HmExpectedCodes) else { return };
        match v.as_str() {
            Some(s) => {
                if let Some(m) = expected_codes_problem(s) {
                    cx.report(p, format!("`expected_codes` {m}"));
                }
            }
            None => cx.report(p, format!("`expected_codes` must be a string such as \"200\", not {}", validators::type_name(v))),
        }
    }),
};

/// HTTP-only fields on non-HTTP health checks.
pub static HTTP_ONLY_FIELD: Rule = Rule {
    id: "elb/healthmonitor-http-only-field",
    operations: POOL_OP,
    code: "ELB.8902",
    severity: Severity::Warning,
    summary: "`domain_name` only with `type` `HTTP`; `url_path`, `expected_codes` and `http_method` only with `HTTP` or `HTTPS`.",
    why: "These fields shape an HTTP request; on another health check type they do nothing.",
    source: Source {
        doc: "002",
        quote: "domain_name … This parameter is available only when type is set to HTTP. … expected_codes … This parameter will take effect only when type is set to HTTP or HTTPS. … url_path … Note: This parameter is available only when type is set to HTTP or HTTPS.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/pool/healthmonitor/url_path", "\"/\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/pool/healthmonitor/type", "\"TCP\""), Set("/pool/healthmonitor/url_path", "\"/\"")]),
    check: Check::Custom(|cx: &mut Cx<'_>| {
        let Some(ty) = cx.str_at(Field::HmType) else { return };
        if !TYPES.contains(&ty) {
            return;
        }
        let hm = cx.get(Field::Healthmonitor);
        let mut hits = Vec::new();
        for (key, types) in [
            ("domain_name", &["HTTP"][..]),
            ("url_path", &["HTTP", "HTTPS"][..]),
            ("expected_codes", &["HTTP", "HTTPS"][..]),
            ("http_method", &["HTTP", "HTTPS"][..]),
        ] {
            if !types.contains(&ty) && hm.and_then(|h| h.get(key)).is_some_and(|v| !v.is_null()) {
                hits.push((key, types));
            }
        }
        for (key, types) in hits {
            cx.report(
                format!("{}/{key}", Field::Healthmonitor.ptr()),
                format!("`{key}` takes effect only when the health check type is {}; here it is {ty:?}", validators::list(types)),
            );
        }
    }),
};

#[cfg(test)]
mod tests {
    use super::expected_codes_problem;

    rule_tests! {
        delay_max_retries_timeout_and_type_are_mandatory => super::REQUIRED,
        the_interval_between_health_checks_ranges_from_1_to_50 => super::DELAY,
        timeout_minimum_1_maximum_50 => super::TIMEOUT,
        max_retries_ranges_from_1_to_10 => super::MAX_RETRIES,
        max_retries_down_ranges_from_1_to_10 => super::MAX_RETRIES_DOWN,
        monitor_port_ranges_from_1_to_65535 => super::MONITOR_PORT,
        health_check_name_minimum_0_maximum_255 => super::NAME,
        type_can_be_tcp_udp_connect_http_or_https => super::TYPE,
        health_check_type_follows_the_pool_protocol => super::TYPE_PROTOCOL,
        health_check_is_enabled_by_default_and_cannot_be_disabled => super::ADMIN_STATE_UP,
        timeout_is_recommended_less_than_delay => super::TIMEOUT_DELAY,
        http_method_can_be_get_head_post_put_delete_trace_options_connect_patch => super::HTTP_METHOD,
        http_method_is_unsupported_please_do_not_use_it => super::HTTP_METHOD_UNSUPPORTED,
        domain_name_starts_with_a_digit_or_letter => super::DOMAIN_NAME,
        url_path_must_start_with_a_slash => super::URL_PATH,
        expected_codes_is_a_value_a_list_or_a_range => super::EXPECTED_CODES,
        http_fields_take_effect_only_for_http_health_checks => super::HTTP_ONLY_FIELD,
    }

    #[test]
    fn expected_codes_forms() {
        for ok in ["200", "200,202", "200, 202", "200-204", "200-204,301"] {
            assert_eq!(expected_codes_problem(ok), None, "{ok}");
        }
        for bad in ["", "2xx", "200,", "204-200", "20", "200 202", "200;202"] {
            assert!(expected_codes_problem(bad).is_some(), "{bad}");
        }
    }
}
