//! `MasterSlaveBackendServers` as a whole: its syntax, the number of servers, their roles and
//! their identity.

use crate::value::Value;

use super::{servers, text, Key, ServerFields, OP, SERVERS, SERVERS_PTR};
use crate::diagnostic::Severity;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::scan;
use crate::validators;

/// The servers are a JSON list of objects (as text or as an array).
pub static SYNTAX: Rule = Rule {
    id: "aliyun/servers-syntax",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "`MasterSlaveBackendServers` is a JSON list of server objects (text or array; single quotes are accepted).",
    why: "The service parses the parameter as JSON; text it cannot parse, or a value that is not a list of objects, is rejected as an invalid parameter.",
    source: Source {
        doc: "000",
        quote: "The value of this parameter must be a STRING list in the JSON format.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set(
        "/MasterSlaveBackendServers",
        r#""[{'ServerId':'i-a','Port':'80','Weight':'100','Type':'ecs','ServerType':'Master','IsBackup':'0'},{'ServerId':'i-b','Port':'80','Weight':'100','Type':'ecs','ServerType':'Slave'}]""#,
    )]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set(
        "/MasterSlaveBackendServers",
        r#""[{'ServerId':'vm-233','Port':'80','Weight':'100','ServerType':'Master'},{'ServerId':'vm-232','Port':'90','Weight':'100''ServerType':'Slave'}]""#,
    )]),
    check: Check::Custom(|cx| {
        let path = SERVERS_PTR;
        let list = match cx.raw.get(SERVERS) {
            None | Some(Value::Null) => return,
            Some(Value::String(s)) => {
                if validators::blank(s) {
                    cx.report(path, format!("`{SERVERS}` is empty; omit it to create an empty group, or list one Master and one Slave"));
                    return;
                }
                // `prepare` already parsed the text when it could: only a failure is parsed again,
                // for its message.
                if let Some(parsed @ Value::Array(_)) = cx.req.get(SERVERS) {
                    return check_list(cx, parsed, path);
                }
                match scan::parse_lenient(s) {
                    Ok(p) => p.value,
                    Err(e) => {
                        let at = s[..e.offset.min(s.len())].chars().count() + 1;
                        cx.report_help(
                            path,
                            format!("`{SERVERS}` is not valid JSON: {} (character {at} of the text)", e.message),
                            Some("write a JSON list such as [{\"ServerId\":\"i-a\",\"Port\":80,\"ServerType\":\"Master\"},{\"ServerId\":\"i-b\",\"Port\":80,\"ServerType\":\"Slave\"}]".to_owned()),
                        );
                        return;
                    }
                }
            }
            Some(v) => v.clone(),
        };
        check_list(cx, &list, path);
    }),
};

/// The servers must be a list of objects.
fn check_list(cx: &mut crate::engine::Cx<'_>, list: &Value, path: &str) {
    match list {
        Value::Array(items) => {
            for (i, item) in items
                .iter()
                .enumerate()
                .take(crate::limits::MAX_CHECKED_ELEMENTS)
            {
                if !item.is_object() {
                    cx.report(
                        format!("{path}/{i}"),
                        format!(
                            "each server must be an object with ServerId, Port, …, not {}",
                            validators::type_name(item)
                        ),
                    );
                }
            }
        }
        other => cx.report(
            path,
            format!(
                "`{SERVERS}` must be a list of servers, not {}",
                validators::type_name(other)
            ),
        ),
    }
}

/// Exactly two servers.
pub static COUNT: Rule = Rule {
    id: "aliyun/servers-count",
    operations: OP,
    code: "BACKEND_SERVERS_NUM_MUST_BE_TWO",
    severity: Severity::Error,
    summary: "The group lists exactly two servers.",
    why: "A primary/secondary group is one primary and one secondary server; any other number is refused.",
    source: Source {
        doc: "001",
        quote: "Each primary/secondary server group consists of two backend servers.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/MasterSlaveBackendServers/1")]),
    check: Check::Custom(|cx| {
        if let Some(Value::Array(items)) = cx.req.get(SERVERS) {
            if items.len() != 2 {
                cx.report(
                    SERVERS_PTR,
                    format!("a primary/secondary group has exactly 2 servers (one Master, one Slave), got {}", items.len()),
                );
            }
        }
    }),
};

/// One Master and one Slave.
pub static ROLES: Rule = Rule {
    id: "aliyun/servers-roles",
    operations: OP,
    code: "BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE",
    severity: Severity::Error,
    summary: "Exactly one server is `Master` and one is `Slave`; a server without ServerType is a Master.",
    why: "The service needs one primary and one secondary; two of either role is refused. ServerType defaults to Master, so two servers without it are two Masters.",
    source: Source {
        doc: "003",
        quote: "The active/standby server group can contain only one active server and one standby server. … Valid values: Master | Slave. Default value: Master.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/MasterSlaveBackendServers/1/ServerType")]),
    check: Check::Custom(|cx| {
        // Each server's effective role: a missing ServerType is Master (its documented default);
        // `None` for an invalid one, which is its own rule.
        let role = |m: &ServerFields| match m.get(Key::ServerType) {
            None | Some(Value::Null) => Some("Master"),
            Some(Value::String(s)) if s == "Master" => Some("Master"),
            Some(Value::String(s)) if s == "Slave" => Some("Slave"),
            _ => None,
        };
        // The usual answer, one of each, is found by counting; collecting the servers and their
        // roles first took two of a valid request's 14 allocations (callgrind).
        let (mut n, mut masters, mut slaves) = (0, 0, 0);
        for (_, m, _) in servers(cx) {
            n += 1;
            match role(m) {
                Some("Master") => masters += 1,
                Some(_) => slaves += 1,
                None => return,
            }
        }
        if n < 2 || (masters == 1 && slaves == 1) {
            return;
        }
        let list: Vec<_> = servers(cx).collect();
        let roles: Vec<&str> = list.iter().map(|(_, m, _)| role(m).unwrap_or("Master")).collect();
        let defaulted = list
            .iter()
            .filter(|(_, m, _)| m.get(Key::ServerType).is_none_or(Value::is_null))
            .count();
        let note = if defaulted > 0 {
            format!(" ({defaulted} without ServerType, which defaults to Master)")
        } else {
            String::new()
        };
        // Point at the second server of the role there are too many of.
        let extra = if masters > 1 { "Master" } else { "Slave" };
        let at = match roles.iter().enumerate().filter(|(_, r)| **r == extra).nth(1) {
            Some((i, _)) if masters > 1 || slaves > 1 => {
                let (_, m, p) = &list[i];
                if m.get(Key::ServerType).is_none_or(Value::is_null) {
                    p.to_string()
                } else {
                    format!("{p}/ServerType")
                }
            }
            _ => SERVERS_PTR.to_owned(),
        };
        cx.report_help(
            at,
            format!(
                "the group needs exactly one Master and one Slave; found {masters} Master{note} and {slaves} Slave"
            ),
            Some("set \"ServerType\": \"Slave\" on the standby server".to_owned()),
        );
    }),
};

/// No two servers are the same backend.
pub static UNIQUE: Rule = Rule {
    id: "aliyun/servers-unique",
    operations: OP,
    code: "BACKEND_SERVERS_HAVE_SAME_PORT_AND_SERVERID",
    severity: Severity::Error,
    summary: "The two servers differ in ServerId, Port or (where given) ServerIp.",
    why: "The same server on the same port cannot be both primary and secondary. The same ECS on two ports is fine, and ENI entries with one id and port but different ServerIp are distinct.",
    source: Source {
        doc: "003",
        quote: "BACKEND_SERVERS_HAVE_SAME_PORT_AND_SERVERID: A virtual server with the same port and server ID already exists in the backend VServer group.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveBackendServers/1/Port", "82")]),
    check: Check::Custom(|cx| {
        let keyed = servers(cx).map(|(i, m, p)| {
            let id = text(m.get(Key::ServerId)).filter(|s| !validators::blank(s));
            // A port compares as its number when it reads as one ("80", " 80", 80), else as text.
            let port = m.get(Key::Port).and_then(|v| {
                v.as_i64().map(Ok).or_else(|| {
                    text(Some(v)).map(|s| s.trim().parse::<i64>().map_err(|_| s))
                })
            });
            let ip = text(m.get(Key::ServerIp));
            // A masked documentation placeholder such as 192.168.**.** says nothing about identity.
            let key = match (id, port, &ip) {
                (_, _, Some(ip)) if ip.contains('*') => None,
                (Some(id), Some(port), _) => Some((id, port, ip)),
                _ => None,
            };
            ((i, p), key)
        });
        for group in validators::duplicates_by(keyed) {
            let first = group[0].0;
            for (i, p) in &group[1..] {
                cx.report(
                    *p,
                    format!("servers {first} and {i} are the same backend (same ServerId, Port and ServerIp)"),
                );
            }
        }
    }),
};

#[cfg(test)]
mod tests {
    use crate::{validate_json, Options};

    rule_tests! {
        the_value_must_be_a_string_list_in_the_json_format => super::SYNTAX,
        each_group_consists_of_two_backend_servers => super::COUNT,
        only_one_active_server_and_one_standby_server => super::ROLES,
        same_port_and_server_id_already_exists => super::UNIQUE,
    }

    #[test]
    fn the_2019_example_with_a_missing_comma_is_invalid_parameter_at_its_position() {
        let text = "{\"RegionId\":\"cn-hangzhou\",\"LoadBalancerId\":\"lb-1\",\n\"MasterSlaveBackendServers\":\"[{'ServerId':'vm-233','Port':'80','Weight':'100','ServerType':'Master'},{'ServerId':'vm-232','Port':'90','Weight':'100''ServerType':'Slave'}]\"}";
        let r = validate_json(None, text, &Options::default()).unwrap();
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.rule == "aliyun/servers-syntax")
            .unwrap();
        assert_eq!(d.code, "InvalidParameter");
        assert_eq!(d.line, Some(2));
    }

    #[test]
    fn paths_inside_the_text_point_at_the_element() {
        let text = "{\"RegionId\":\"r\",\"LoadBalancerId\":\"lb\",\"MasterSlaveBackendServers\":\"[{\\\"ServerId\\\":\\\"i-a\\\",\\\"Port\\\":80},{\\\"ServerId\\\":\\\"i-b\\\",\\\"Port\\\":0,\\\"ServerType\\\":\\\"Slave\\\"}]\"}";
        let r = validate_json(None, text, &Options::default()).unwrap();
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "RealServerPortNotSupport")
            .unwrap();
        assert_eq!(d.path, "/MasterSlaveBackendServers/1/Port");
        let col = d.column.unwrap() as usize;
        assert_eq!(&text[col - 1..col], "0");
    }

    /// One of each role passes; two of either role, or a role missing, does not (a missing
    /// ServerType counts as Master); an invalid ServerType is left to its own rule.
    #[test]
    fn roles_are_counted_with_the_default_master() {
        let roles = |types: &[&str]| {
            let servers: Vec<String> = types
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let role = if t.is_empty() {
                        String::new()
                    } else {
                        format!(",'ServerType':'{t}'")
                    };
                    format!("{{'ServerId':'i-{i}','Port':80,'Weight':100{role}}}")
                })
                .collect();
            let text = format!("{{\"RegionId\":\"r\",\"LoadBalancerId\":\"lb\",\"MasterSlaveBackendServers\":\"[{}]\"}}", servers.join(","));
            validate_json(None, &text, &Options::default())
                .unwrap()
                .has_rule("aliyun/servers-roles")
        };
        for ok in [
            &["Master", "Slave"][..],
            &["", "Slave"],
            &["Slave", "Master"],
            &["Master"],
            &["Master", "Bogus"],
        ] {
            assert!(!roles(ok), "{ok:?}");
        }
        for bad in [
            &["Master", "Slave", "Slave"][..],
            &["Master", "Master"],
            &["", "Master"],
            &["Slave", "Slave"],
            &["", ""],
        ] {
            assert!(roles(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_non_list_is_invalid_parameter() {
        for v in ["{\"ServerId\":\"i-a\"}", "5", "\"5\"", "[1, 2]"] {
            let text = format!("{{\"RegionId\":\"r\",\"LoadBalancerId\":\"lb\",\"MasterSlaveBackendServers\":{v}}}");
            let r = validate_json(None, &text, &Options::default()).unwrap();
            assert!(r.has_rule("aliyun/servers-syntax"), "{v}: {r}");
        }
    }
}
