//! Each server's fields in `MasterSlaveBackendServers`.

use crate::value::Value;

use super::{servers, text, Key, ServerFields, OP};
use crate::context::{ClbEdition, Edition};
use crate::diagnostic::Severity;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators::{self, sets, Spec};

/// ServerId is required.
pub static SERVER_ID_REQUIRED: Rule = Rule {
    id: "aliyun/server-id-required",
    operations: OP,
    code: "BACKEND_SERVER_ID_CAN_NOT_EMPTY",
    severity: Severity::Error,
    summary: "Every server has a non-empty `ServerId`.",
    why: "The service cannot add a server it cannot identify.",
    source: Source {
        doc: "001",
        quote: "ServerId: required. The IDs of the backend servers.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/ServerId", "\"\"")]),
    check: Check::Required(&["/MasterSlaveBackendServers/*/ServerId"]),
};

/// Port is required.
pub static PORT_REQUIRED: Rule = Rule {
    id: "aliyun/server-port-required",
    operations: OP,
    code: "BACKEND_SERVER_PORT_CAN_NOT_EMPTY",
    severity: Severity::Error,
    summary: "Every server has a `Port`.",
    why: "The service has no default backend port for a primary/secondary group.",
    source: Source {
        doc: "000",
        quote: "Port: Required. Specify the port that is used by the backend server.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/MasterSlaveBackendServers/1/Port")]),
    check: Check::Required(&["/MasterSlaveBackendServers/*/Port"]),
};

/// Port is an integer from 1 to 65535.
pub static PORT_RANGE: Rule = Rule {
    id: "aliyun/server-port-range",
    operations: OP,
    code: "RealServerPortNotSupport",
    severity: Severity::Error,
    summary: "`Port` is an integer from 1 to 65535 (a numeric string is fine).",
    why: "Ports outside 1-65535 do not exist; the service answers RealServerPortNotSupport.",
    source: Source {
        doc: "000",
        quote: "Port: Required. Specify the port that is used by the backend server. The value must be of the INTEGER type. Valid values: 1 to 65535.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/MasterSlaveBackendServers/0/Port", "65535")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/Port", "\"70000\"")]),
    check: Check::Field {
        at: "/MasterSlaveBackendServers/*/Port",
        spec: Spec::Int { min: 1, max: 65535 },
    },
};

/// Weight is an integer from 0 to 100.
pub static WEIGHT_RANGE: Rule = Rule {
    id: "aliyun/server-weight-range",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "`Weight` is an integer from 0 to 100 (default 100).",
    why: "Weights outside 0-100 are rejected; 0 means the server receives no requests.",
    source: Source {
        doc: "001",
        quote:
            "Weight: the weight of the backend server. Valid values: 0 to 100. Default value: 100.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/MasterSlaveBackendServers/1/Weight", "0")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/1/Weight", "\"101\"")]),
    check: Check::Field {
        at: "/MasterSlaveBackendServers/*/Weight",
        spec: Spec::Int { min: 0, max: 100 },
    },
};

/// In the 2024 page Weight is required.
pub static WEIGHT_REQUIRED_2024: Rule = Rule {
    id: "aliyun/server-weight-required",
    operations: OP,
    code: "MissingParameter",
    severity: Severity::Error,
    summary: "Edition 2024-03-14 only: every server has a `Weight`.",
    why: "The 2024 page lists Weight as required; the 2026 page gives it a default of 100, so this runs only with `--edition 2024-03-14`.",
    source: Source {
        doc: "000",
        quote: "Weight: Required. Specify the weight of the backend server. The value must be of the INTEGER type. Valid values: 0 to 100.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_edition(&[], Edition::V2024),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_edition(&[Remove("/MasterSlaveBackendServers/0/Weight")], Edition::V2024),
    check: Check::Custom(|cx| {
        if cx.edition != Edition::V2024 {
            return;
        }
        let missing: Vec<String> = servers(cx)
            .filter(|(_, m, _)| text(m.get(Key::Weight)).is_none_or(|s| validators::blank(&s)))
            .map(|(_, _, p)| format!("{p}/Weight"))
            .collect();
        for p in missing {
            cx.report(p, "`Weight` is required by the 2024-03-14 page (the 2026 page defaults it to 100)");
        }
    }),
};

/// ServerType is Master or Slave.
pub static SERVER_TYPE: Rule = Rule {
    id: "aliyun/server-type",
    operations: OP,
    code: "INVALID_SERVER_TYPE",
    severity: Severity::Error,
    summary: "`ServerType` is exactly `Master` or `Slave`.",
    why: "Any other value, including another capitalisation, is an invalid server type.",
    source: Source {
        doc: "001",
        quote: "ServerType: Specify the primary and secondary backend servers in a string. Valid values: Master: primary server; Slave: secondary server",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/1/ServerType", "\"slave\"")]),
    check: Check::Field {
        at: "/MasterSlaveBackendServers/*/ServerType",
        spec: Spec::Enum(&["Master", "Slave"]),
    },
};

fn kinds(edition: Edition) -> &'static [&'static str] {
    match edition {
        Edition::V2026 => &["ecs", "eni", "eci"],
        Edition::V2024 | Edition::V2019 => &["ecs", "eni"],
    }
}

/// Type is ecs, eni or eci.
pub static TYPE_ENUM: Rule = Rule {
    id: "aliyun/server-kind",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "`Type` is `ecs`, `eni` or `eci` (`eci` only in the 2026 edition).",
    why: "The service knows ECS instances, elastic network interfaces and elastic container instances; the 2024 and older pages list only ecs and eni.",
    source: Source {
        doc: "001",
        quote: "Type: the type of the backend server. Valid values: ecs (default): ECS instance; eni: ENI; eci: elastic container instance",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/Type", "\"ECS\"")]),
    check: Check::Custom(|cx| {
        let allowed = kinds(cx.edition);
        for (_, m, p) in servers(cx) {
            if let Some(v) = m.get(Key::Type).filter(|v| !v.is_null()) {
                if !cx.check_value(format_args!("{p}/Type"), v, &Spec::Enum(allowed)) {
                    continue;
                }
            }
        }
    }),
};

fn id_kind(id: &str) -> Option<&'static str> {
    if id.starts_with("eni-") {
        Some("eni")
    } else if id.starts_with("eci-") {
        Some("eci")
    } else if id.starts_with("i-") {
        Some("ecs")
    } else {
        None
    }
}

/// ENI and ECI ids need Type.
pub static TYPE_REQUIRED: Rule = Rule {
    id: "aliyun/server-kind-required",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "A server whose ServerId is an ENI (`eni-…`) or an elastic container instance (`eci-…`) sets `Type`.",
    why: "Type defaults to ecs, so an ENI or ECI id without Type is looked up as an ECS instance and rejected.",
    source: Source {
        doc: "001",
        quote: "If you set ServerId to the IDs of ENIs or elastic container instances, you must configure the Type parameter.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/MasterSlaveBackendServers/0/ServerId", "\"eni-abc\""), Set("/MasterSlaveBackendServers/0/Type", "\"eni\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/ServerId", "\"eni-abc\""), Remove("/MasterSlaveBackendServers/0/Type")]),
    check: Check::Custom(|cx| {
        for (_, m, p) in servers(cx) {
            let Some(id) = text(m.get(Key::ServerId)) else { continue };
            let kind = id_kind(&id);
            if matches!(kind, Some("eni" | "eci")) && text(m.get(Key::Type)).is_none_or(|t| t.is_empty()) {
                let k = kind.unwrap_or_default();
                cx.report_help(
                    format!("{p}/ServerId"),
                    format!("ServerId {id:?} is an {} id, so `Type` must be set (it defaults to ecs)", k.to_uppercase()),
                    Some(format!("add \"Type\": \"{k}\"")),
                );
            }
        }
    }),
};

/// Type agrees with the id's prefix.
pub static TYPE_MISMATCH: Rule = Rule {
    id: "aliyun/server-kind-mismatch",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "`Type` agrees with the ServerId prefix (`i-` ecs, `eni-` eni, `eci-` eci).",
    why: "A Type that contradicts the id makes the service look the server up in the wrong place.",
    source: Source {
        doc: "001",
        quote: "You can specify the IDs of Elastic Compute Service (ECS) instances, elastic network interfaces (ENIs), and elastic container instances. If you set ServerId to the IDs of ENIs or elastic container instances, you must configure the Type parameter.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/Type", "\"eni\"")]),
    check: Check::Custom(|cx| {
        for (_, m, p) in servers(cx) {
            let (Some(id), Some(t)) = (text(m.get(Key::ServerId)), text(m.get(Key::Type))) else { continue };
            if let Some(k) = id_kind(&id) {
                if ["ecs", "eni", "eci"].contains(&&*t) && t != k {
                    cx.report(format!("{p}/Type"), format!("`Type` is {t:?} but ServerId {id:?} looks like an {k} id"));
                }
            }
        }
    }),
};

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Description is 1-80 of the allowed characters.
pub static DESCRIPTION: Rule = Rule {
    id: "aliyun/server-description",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "`Description` is 1-80 characters: letters, digits, `-`, `/`, `.`, `_`.",
    why: "Other characters and longer texts are rejected. (Chinese characters, allowed by the Chinese page, are a warning: see aliyun/server-description-chinese.)",
    source: Source {
        doc: "001",
        quote: "Description: optional. The description of the backend servers. Specify the description in a string. The description must be 1 to 80 characters in length, and can contain letters, digits, hyphens (-), forward slashes (/). periods (.), and underscores (_).",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/MasterSlaveBackendServers/0/Description", "\"web-01/primary.a_b\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/Description", "\"web 01\"")]),
    check: Check::Custom(|cx| {
        for (_, m, p) in servers(cx) {
            let Some(v) = m.get(Key::Description).filter(|v| !v.is_null()) else { continue };
            // Formatted only when reported: this runs for every server of every request.
            let path = || format!("{p}/Description");
            let s = match validators::as_text(v, cx.typing()) {
                Ok(s) => s,
                Err(e) => {
                    cx.report(path(), format!("`Description` {e}"));
                    continue;
                }
            };
            if let Some(msg) = validators::length(&s, 1, 80) {
                cx.report(path(), format!("`Description` {msg}"));
            } else if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !(sets::ALIYUN_DESCRIPTION.allows)(*c) && !is_cjk(*c)) {
                cx.report(path(), format!("`Description` contains {c:?} at character {}; allowed: {}", i + 1, sets::ALIYUN_DESCRIPTION.describe));
            }
        }
    }),
};

/// Chinese characters: allowed by one page, not the other.
pub static DESCRIPTION_CHINESE: Rule = Rule {
    id: "aliyun/server-description-chinese",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "`Description` with Chinese characters: the Chinese page allows them, the English page does not.",
    why: "The two language versions of the page disagree; lblint warns rather than rejects.",
    source: Source {
        doc: "provider-facts §2",
        quote: "Description: 1-80 characters; letters, digits, `-`, `/`, `.`, `_` (the Chinese page also allows Chinese characters).",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/Description", "\"主服务器\"")]),
    check: Check::Custom(|cx| {
        let hits: Vec<String> = servers(cx)
            .filter(|(_, m, _)| m.get(Key::Description).and_then(Value::as_str).is_some_and(|s| s.chars().any(is_cjk)))
            .map(|(_, _, p)| format!("{p}/Description"))
            .collect();
        for p in hits {
            cx.report(p, "`Description` contains Chinese characters: allowed by the Chinese page, not by the English one");
        }
    }),
};

/// ServerIp is an IP address.
pub static SERVER_IP: Rule = Rule {
    id: "aliyun/server-ip",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "`ServerIp` is an IPv4 or IPv6 address.",
    why: "The service adds the ENI or container at this address; anything else is an invalid parameter.",
    source: Source {
        doc: "001",
        quote: "ServerIp: the IP address of the ENI or elastic container instance.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/MasterSlaveBackendServers/0/ServerIp", "\"192.168.0.10\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/ServerIp", "\"192.168.0.300\"")]),
    check: Check::Custom(|cx| {
        for (_, m, p) in servers(cx) {
            let Some(v) = m.get(Key::ServerIp).filter(|v| !v.is_null()) else { continue };
            let path = || format!("{p}/ServerIp");
            match validators::as_text(v, cx.typing()) {
                Ok(s) if s.contains('*') => {} // a masked placeholder: aliyun/server-ip-placeholder
                Ok(s) => {
                    if validators::parse_ip(s.trim()).is_none() {
                        cx.report(path(), format!("`ServerIp` {s:?} is not an IP address"));
                    }
                }
                Err(e) => cx.report(path(), format!("`ServerIp` {e}")),
            }
        }
    }),
};

/// A masked placeholder copied from the documentation.
pub static SERVER_IP_PLACEHOLDER: Rule = Rule {
    id: "aliyun/server-ip-placeholder",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "`ServerIp` is not a masked placeholder such as `192.168.**.**`.",
    why: "The documentation's examples mask addresses; a copied placeholder is not an address the service can use.",
    source: Source {
        doc: "000",
        quote: "\"ServerIp\": \"192.168.**.**\"",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/MasterSlaveBackendServers/0/ServerIp", "\"192.168.0.10\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/ServerIp", "\"192.168.**.**\"")]),
    check: Check::Custom(|cx| {
        let hits: Vec<String> = servers(cx)
            .filter(|(_, m, _)| text(m.get(Key::ServerIp)).is_some_and(|s| s.contains('*')))
            .map(|(_, _, p)| format!("{p}/ServerIp"))
            .collect();
        for p in hits {
            cx.report(p, "`ServerIp` is a masked placeholder from the documentation, not an address");
        }
    }),
};

/// Unknown server keys (accepted by the service, at most a warning).
pub static UNKNOWN_KEY: Rule = Rule {
    id: "aliyun/server-unknown-key",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "Server objects use only ServerId, Port, Weight, Type, ServerType, Description and ServerIp.",
    why: "The service ignores other keys (terraform sends `IsBackup`), so a misspelt key such as `Serverype` silently falls back to the default.",
    source: Source {
        doc: "provider-facts §2",
        quote: "single quotes, numbers as strings and unknown keys are accepted (at most a warning)",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/1/Serverype", "\"Slave\"")]),
    check: Check::Custom(|cx| {
        let mut hits = Vec::new();
        for (_, m, p) in servers(cx) {
            for k in m.object().keys().filter(|k| Key::of(k).is_none()) {
                let help = validators::did_you_mean(k, Key::NAMES.iter().copied()).map(|s| format!("did you mean `{s}`?"));
                hits.push((crate::pointer::join(&p.to_string(), [crate::pointer::Seg::Key(k)]), k, help));
            }
        }
        for (p, k, help) in hits {
            cx.report_help(p, format!("`{k}` is not a documented server key; the service ignores it"), help);
        }
    }),
};

fn eni_or_eci(m: &ServerFields) -> Option<&'static str> {
    match text(m.get(Key::Type)).as_deref() {
        Some("eni") => Some("ENI"),
        Some("eci") => Some("ECI"),
        Some(_) => None,
        None => match text(m.get(Key::ServerId)).as_deref().and_then(id_kind) {
            Some("eni") => Some("ENI"),
            Some("eci") => Some("ECI"),
            _ => None,
        },
    }
}

/// ENI and ECI backends only on performance-guaranteed instances.
pub static PERFORMANCE_ONLY: Rule = Rule {
    id: "aliyun/eni-eci-needs-performance-instance",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "With `loadbalancer.edition` = `shared` in the context, no server is an ENI or an elastic container instance.",
    why: "ENIs and elastic container instances can back only high-performance (performance-guaranteed) CLB instances.",
    source: Source {
        doc: "001",
        quote: "You can specify ENIs and elastic container instances as backend servers only for high-performance CLB instances.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(&[Set("/MasterSlaveBackendServers/0/Type", "\"eni\""), Set("/MasterSlaveBackendServers/0/ServerId", "\"eni-a\"")], r#"{"loadbalancer": {"edition": "performance"}}"#),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(&[Set("/MasterSlaveBackendServers/0/Type", "\"eni\""), Set("/MasterSlaveBackendServers/0/ServerId", "\"eni-a\"")], r#"{"loadbalancer": {"edition": "shared"}}"#),
    check: Check::Custom(|cx| {
        if cx.context.clb_edition() != Some(ClbEdition::Shared) {
            return;
        }
        let hits: Vec<_> = servers(cx).filter_map(|(_, m, p)| eni_or_eci(m).map(|k| (p, k))).collect();
        for (p, k) in hits {
            cx.report(p, format!("an {k} backend needs a high-performance CLB instance; the context says the instance is shared-performance"));
        }
    }),
};

/// Without the instance edition, ENI and ECI backends are a warning.
pub static PERFORMANCE_UNKNOWN: Rule = Rule {
    id: "aliyun/eni-eci-instance-unknown",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "Without `loadbalancer.edition` in the context, an ENI or ECI server is a reminder that the instance must be high-performance.",
    why: "Whether ENIs and elastic container instances are allowed depends on the instance edition, which only the context can tell.",
    source: Source {
        doc: "001",
        quote: "You can specify ENIs and elastic container instances as backend servers only for high-performance CLB instances.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/0/Type", "\"eci\""), Set("/MasterSlaveBackendServers/0/ServerId", "\"eci-a\"")]),
    check: Check::Custom(|cx| {
        if cx.context.clb_edition().is_some() {
            return;
        }
        let hits: Vec<_> = servers(cx).filter_map(|(_, m, p)| eni_or_eci(m).map(|k| (p, k))).collect();
        for (p, k) in hits {
            cx.report_help(
                p,
                format!("an {k} backend is allowed only on a high-performance CLB instance"),
                Some("give the instance edition in the context: {\"loadbalancer\": {\"edition\": \"performance\"}}".to_owned()),
            );
        }
    }),
};

#[cfg(test)]
mod tests {
    use crate::{validate_json, Options};

    rule_tests! {
        server_id_required => super::SERVER_ID_REQUIRED,
        port_required => super::PORT_REQUIRED,
        port_valid_values_1_to_65535 => super::PORT_RANGE,
        weight_valid_values_0_to_100 => super::WEIGHT_RANGE,
        weight_required_in_the_2024_page => super::WEIGHT_REQUIRED_2024,
        server_type_valid_values_master_and_slave => super::SERVER_TYPE,
        type_valid_values_ecs_eni_eci => super::TYPE_ENUM,
        eni_or_eci_ids_must_configure_type => super::TYPE_REQUIRED,
        type_agrees_with_the_server_id => super::TYPE_MISMATCH,
        description_1_to_80_letters_digits_hyphens_slashes_periods_underscores => super::DESCRIPTION,
        the_chinese_page_also_allows_chinese_characters => super::DESCRIPTION_CHINESE,
        server_ip_is_the_ip_address_of_the_eni => super::SERVER_IP,
        masked_example_addresses_are_placeholders => super::SERVER_IP_PLACEHOLDER,
        unknown_keys_are_at_most_a_warning => super::UNKNOWN_KEY,
        enis_and_ecis_only_for_high_performance_instances => super::PERFORMANCE_ONLY,
        without_context_enis_and_ecis_are_a_warning => super::PERFORMANCE_UNKNOWN,
    }

    #[test]
    fn eci_is_not_in_the_2024_page() {
        let text = r#"{"RegionId":"r","LoadBalancerId":"lb","MasterSlaveBackendServers":[{"ServerId":"eci-a","Type":"eci","Port":80,"Weight":100,"ServerType":"Master"},{"ServerId":"eci-b","Type":"eci","Port":80,"Weight":100,"ServerType":"Slave"}]}"#;
        let opts = Options {
            edition: crate::Edition::V2024,
            ..Options::default()
        };
        assert!(validate_json(None, text, &opts)
            .unwrap()
            .has_rule("aliyun/server-kind"));
        assert!(!validate_json(None, text, &Options::default())
            .unwrap()
            .has_rule("aliyun/server-kind"));
    }

    #[test]
    fn fractions_and_garbage_ports_are_rejected() {
        for port in ["80.5", "\"8a\"", "true", "[80]", "0", "-1"] {
            let text = format!(
                r#"{{"RegionId":"r","LoadBalancerId":"lb","MasterSlaveBackendServers":[{{"ServerId":"i-a","Port":{port},"ServerType":"Master"}},{{"ServerId":"i-b","Port":80,"ServerType":"Slave"}}]}}"#
            );
            let r = validate_json(None, &text, &Options::default()).unwrap();
            assert!(r.has_code("RealServerPortNotSupport"), "{port}: {r}");
        }
    }
}
