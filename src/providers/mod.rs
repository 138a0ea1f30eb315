//! The providers' rules. Each operation's rules live in its provider's module, grouped by the
//! object they check; `RULES` in each provider module is its part of the registry.

use crate::value::Value;

use crate::operation::{Operation, Provider};

pub mod aliyun;
pub mod huaweicloud;

/// Turns the request as written into the form the rules read, when they differ (Alibaba's
/// `MasterSlaveBackendServers` JSON text becomes an array). `None` when no change is needed.
pub fn prepare<'a>(op: Operation, raw: &'a Value<'a>) -> Option<Value<'a>> {
    match op.provider() {
        Provider::Aliyun => aliyun::prepare(raw),
        Provider::HuaweiCloud => None,
    }
}

/// What several rules of a request read, found once per request (the rules get it through
/// [`crate::engine::Cx`]).
#[derive(Debug, Default)]
pub(crate) struct Shared<'a> {
    /// Huawei: the member objects with their pointers and addresses (see
    /// [`huaweicloud::members`]): CreateMember's one member, without an allocation (its malloc
    /// and free were 128 of a valid member request's 7,000 instructions, by callgrind), or the
    /// pool's members.
    pub(crate) members: huaweicloud::Members<'a, 'a>,
    /// Alibaba: the server objects with their places and fields (see [`aliyun::servers`]).
    pub(crate) servers: Vec<(usize, aliyun::ServerFields<'a, 'a>)>,
    /// Alibaba: the tags of both forms and their shape problems (see [`aliyun::tags`]).
    pub(crate) tags: aliyun::tags::Collected<'a>,
    /// The fields the rules read by name, each found once (see [`huaweicloud::fields`]).
    pub(crate) fields: huaweicloud::fields::Table<'a>,
}

impl<'a> Shared<'a> {
    /// Finds the shared facts of a request: `raw` as written, `req` as the rules read it.
    pub(crate) fn of(op: Operation, raw: &'a Value, req: &'a Value) -> Shared<'a> {
        match op.provider() {
            Provider::Aliyun => Shared {
                tags: aliyun::tags::collect(raw),
                servers: aliyun::find_servers(req),
                ..Shared::default()
            },
            Provider::HuaweiCloud => Shared {
                members: huaweicloud::find_members(op, req),
                ..Shared::default()
            },
        }
    }
}

/// The operation's base example: a valid request (from the seed page's own example) that rule
/// examples patch.
pub fn base_example(op: Operation) -> &'static str {
    match op {
        Operation::AliyunCreateMasterSlaveServerGroup => aliyun::BASE_EXAMPLE,
        Operation::HuaweiCreateMasterSlavePool => huaweicloud::POOL_BASE_EXAMPLE,
        Operation::HuaweiCreateMember => huaweicloud::MEMBER_BASE_EXAMPLE,
    }
}

/// Adds to an operation's generated JSON Schema what its custom rules can express (item counts,
/// alternatives, `if`/`then` between fields). See [`crate::schema`].
pub fn schema_extras(op: Operation, schema: &mut serde_json::Value) {
    match op.provider() {
        Provider::Aliyun => aliyun::schema_extras(schema),
        Provider::HuaweiCloud => huaweicloud::schema_extras(op, schema),
    }
}
