//! Top-level parameters of `CreateMasterSlaveServerGroup`.

use crate::value::Value;

use super::{OP, SERVERS, SERVERS_PTR};
use crate::context::Edition;
use crate::diagnostic::Severity;
use crate::engine::Cx;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators::{self, sets};

/// The request must be an object of parameters.
pub static REQUEST_OBJECT: Rule = Rule {
    id: "aliyun/request-object",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "The request is a JSON object of the API's parameters.",
    why: "An RPC call carries named parameters; an array or a scalar cannot be sent as one.",
    source: Source {
        doc: "001",
        quote: "Request parameters: RegionId, LoadBalancerId, MasterSlaveServerGroupName, MasterSlaveBackendServers, Tag",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("", "[]")]),
    check: Check::Custom(|cx| {
        if !cx.raw.is_object() {
            let what = validators::type_name(cx.raw);
            cx.report("", format!("the request must be a JSON object of API parameters, not {what}"));
        }
    }),
};

/// RegionId and LoadBalancerId are required.
pub static REQUIRED_PARAMETERS: Rule = Rule {
    id: "aliyun/required-parameters",
    operations: OP,
    code: "MissingParameter",
    severity: Severity::Error,
    summary: "`RegionId` and `LoadBalancerId` are required and must not be empty.",
    why: "The gateway rejects a call without a mandatory parameter with MissingParameter before the service sees it.",
    source: Source {
        doc: "001",
        quote: "RegionId string Yes The region ID of the Classic Load Balancer (CLB) instance. LoadBalancerId string Yes The CLB instance ID.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/RegionId"), Set("/LoadBalancerId", "\"\"")]),
    check: Check::Required(&["/RegionId", "/LoadBalancerId"]),
};

const STRING_PARAMS: [&str; 4] = [
    "RegionId",
    "LoadBalancerId",
    "MasterSlaveServerGroupName",
    "Action",
];

/// String parameters must be strings.
pub static PARAMETER_TYPE: Rule = Rule {
    id: "aliyun/parameter-type",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "`RegionId`, `LoadBalancerId`, `MasterSlaveServerGroupName` and `Action` are strings.",
    why: "Query parameters are text; an object or array has no text form the API accepts.",
    source: Source {
        doc: "001",
        quote: "RegionId string … LoadBalancerId string … MasterSlaveServerGroupName string",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveServerGroupName", "{\"name\": \"g\"}")]),
    check: Check::Custom(|cx| {
        for key in STRING_PARAMS {
            if let Some(v @ (Value::Object(_) | Value::Array(_))) = cx.raw.get(key) {
                cx.report(
                    format!("/{key}"),
                    format!("`{key}` must be a string, not {}", validators::type_name(v)),
                );
            }
        }
    }),
};

/// Action, when present, names this operation.
pub static ACTION: Rule = Rule {
    id: "aliyun/action",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "`Action`, when present, is `CreateMasterSlaveServerGroup`.",
    why: "A different Action calls a different API; these rules would not describe it.",
    source: Source {
        doc: "003",
        quote: "Action String Yes CreateMasterSlaveServerGroup The name of this action. Value: CreateMasterSlaveServerGroup",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/Action", "\"CreateMasterSlaveServerGroup\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/Action", "\"CreateVServerGroup\"")]),
    check: Check::Custom(|cx| {
        if let Some(a) = cx.raw.get("Action").and_then(Value::as_str) {
            if a != "CreateMasterSlaveServerGroup" {
                let help = validators::did_you_mean(a, ["CreateMasterSlaveServerGroup"].into_iter())
                    .map(|m| format!("did you mean `{m}`?"));
                cx.report_help(
                    "/Action",
                    format!("`Action` is {a:?}; this request is validated as CreateMasterSlaveServerGroup"),
                    help,
                );
            }
        }
    }),
};

const KNOWN: [&str; 6] = [
    "RegionId",
    "LoadBalancerId",
    "MasterSlaveServerGroupName",
    SERVERS,
    "Tag",
    "Action",
];

/// Alibaba's common RPC parameters, which may appear in a captured request.
const COMMON: [&str; 15] = [
    "Format",
    "Version",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
    "ResourceOwnerAccount",
    "ResourceOwnerId",
    "OwnerAccount",
    "OwnerId",
    "ResourceGroupId",
];

/// Parameters the operation does not have.
pub static UNKNOWN_PARAMETER: Rule = Rule {
    id: "aliyun/unknown-parameter",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "Every top-level key is a parameter of the operation (or a common RPC parameter).",
    why: "The gateway ignores parameters it does not know, so a misspelt one is silently lost.",
    source: Source {
        doc: "001",
        quote: "Request parameters: RegionId, LoadBalancerId, MasterSlaveServerGroupName, MasterSlaveBackendServers, Tag",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/Tag.2.Key", "\"env\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/LoadBalancerID", "\"lb-1\"")]),
    check: Check::Custom(|cx| {
        let Some(map) = cx.raw.as_object() else { return };
        let mut unknown = Vec::new();
        for k in map.keys() {
            if !KNOWN.contains(&k) && !COMMON.contains(&k) && !k.starts_with("Tag.") {
                unknown.push(k);
            }
        }
        for k in unknown {
            let help = validators::did_you_mean(k, KNOWN.into_iter()).map(|m| format!("did you mean `{m}`?"));
            cx.report_help(
                crate::pointer::build([crate::pointer::Seg::Key(k)]),
                format!("`{k}` is not a parameter of CreateMasterSlaveServerGroup; the API ignores it"),
                help,
            );
        }
    }),
};

/// The group name follows the sibling VServerGroupName rule (a warning: undocumented here).
pub static GROUP_NAME: Rule = Rule {
    id: "aliyun/group-name",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "`MasterSlaveServerGroupName` is 1-80 letters, digits, `-`, `/`, `.` or `_` (as VServerGroupName).",
    why: "No edition documents a rule for this name; the sibling VServerGroupName is 1-80 of these characters, so other names may be refused.",
    source: Source {
        doc: "provider-facts §2",
        quote: "MasterSlaveServerGroupName: no documented rule in any edition. The sibling VServerGroupName is documented as 1-80 characters of letters, digits, `-`, `/`, `.`, `_`: at most a warning.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/MasterSlaveServerGroupName", "\"web/primary-1.a_b\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/MasterSlaveServerGroupName", "\"my group!\"")]),
    check: Check::Custom(|cx| {
        let Some(Value::String(name)) = cx.raw.get("MasterSlaveServerGroupName") else { return };
        if let Some(m) = validators::length(name, 1, 80).or_else(|| validators::chars(name, &sets::ALIYUN_DESCRIPTION)) {
            cx.report("/MasterSlaveServerGroupName", format!("`MasterSlaveServerGroupName` {m} (the documented rule for VServerGroupName)"));
        }
    }),
};

/// The older pages mark the servers required and also describe omitting them.
pub static SERVERS_REQUIRED_CONFLICT: Rule = Rule {
    id: "aliyun/servers-required-conflict",
    operations: OP,
    code: "MissingParameter",
    severity: Severity::Warning,
    summary: "Editions 2024-03-14 and 2019 mark `MasterSlaveBackendServers` required, yet describe omitting it.",
    why: "The same page says both \"Required: Yes\" and \"if you do not specify this parameter, an empty group is created\"; the 2026 page makes it optional. lblint warns instead of rejecting.",
    source: Source {
        doc: "000",
        quote: "MasterSlaveBackendServers string Yes … If you do not specify this parameter, an empty primary/secondary server group is created.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_edition(&[], Edition::V2024),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_edition(&[Remove("/MasterSlaveBackendServers")], Edition::V2024),
    check: Check::Custom(|cx| {
        if cx.edition == Edition::V2026 || !cx.raw.is_object() || cx.raw.get(SERVERS).is_some() {
            return;
        }
        cx.report(
            SERVERS_PTR,
            format!(
                "`{SERVERS}` is missing: the {} page marks it required but also says an empty group is created without it",
                cx.edition
            ),
        );
    }),
};

/// Master/slave groups serve only TCP and UDP listeners.
pub static LISTENER_PROTOCOL: Rule = Rule {
    id: "aliyun/listener-protocol",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Warning,
    summary: "With a listener protocol in the context, it is TCP or UDP.",
    why: "Primary/secondary server groups can only be attached to TCP and UDP listeners; a group made for an HTTP listener cannot be used by it.",
    source: Source {
        doc: "provider-facts §2",
        quote: "Context rules (need facts about the instance): master/slave groups serve only TCP/UDP listeners",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::with_context(&[], r#"{"listener": {"protocol": "UDP"}}"#),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::with_context(&[], r#"{"listener": {"protocol": "HTTP"}}"#),
    check: Check::Custom(|cx: &mut Cx<'_>| {
        if let Some(p) = cx.context.listener_protocol() {
            if !p.eq_ignore_ascii_case("TCP") && !p.eq_ignore_ascii_case("UDP") {
                cx.report("", format!("the context's listener protocol is {p}; primary/secondary server groups serve only TCP and UDP listeners"));
            }
        }
    }),
};

#[cfg(test)]
mod tests {
    rule_tests! {
        request_parameters_form_an_object => super::REQUEST_OBJECT,
        region_id_and_load_balancer_id_are_required => super::REQUIRED_PARAMETERS,
        parameters_are_strings => super::PARAMETER_TYPE,
        action_value_is_create_master_slave_server_group => super::ACTION,
        only_documented_parameters_are_read => super::UNKNOWN_PARAMETER,
        vserver_group_name_is_1_to_80_characters => super::GROUP_NAME,
        if_you_do_not_specify_this_parameter_an_empty_group_is_created => super::SERVERS_REQUIRED_CONFLICT,
        master_slave_groups_serve_only_tcp_udp_listeners => super::LISTENER_PROTOCOL,
    }
}
