//! Structured requests per operation, from the typed models' `Arbitrary` implementations (see
//! `invariants::check_request`).
#![no_main]

#[path = "invariants.rs"]
mod invariants;

use arbitrary::Arbitrary;
use lblint::model::{AliyunServerGroup, MemberRequest, PoolRequest};
use lblint::Operation;
use serde_json::Value;

#[derive(Debug, Arbitrary)]
enum Request {
    Pool(PoolRequest),
    Member(MemberRequest),
    Aliyun {
        group: AliyunServerGroup,
        /// `MasterSlaveBackendServers` as the API's JSON text instead of an array.
        servers_as_text: bool,
        /// That text with single quotes, as the service and terraform accept.
        single_quotes: bool,
    },
}

#[derive(Debug, Arbitrary)]
struct Input {
    request: Request,
    options: u8,
}

libfuzzer_sys::fuzz_target!(|input: Input| {
    let opts = invariants::options(input.options);
    let (op, value) = match input.request {
        Request::Pool(r) => (Operation::HuaweiCreateMasterSlavePool, r.to_value()),
        Request::Member(r) => (Operation::HuaweiCreateMember, r.to_value()),
        Request::Aliyun {
            group,
            servers_as_text,
            single_quotes,
        } => {
            let mut v = group.to_value();
            if servers_as_text {
                if let Some(servers) = v.get_mut("MasterSlaveBackendServers") {
                    let mut text = servers.to_string();
                    if single_quotes && !text.contains(['\'', '\\']) {
                        text = text.replace('"', "'");
                    }
                    *servers = Value::String(text);
                }
            }
            (Operation::AliyunCreateMasterSlaveServerGroup, v)
        }
    };
    invariants::check_request(op, &value, &opts);
});
