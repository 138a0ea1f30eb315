//! The providers' rules. Each operation's rules live in its provider's module, grouped by the
//! object they check; `RULES` in each provider module is its part of the registry.

use crate::value::Value;

use crate::operation::{Operation, Provider};

/// Declares the keys of an object (a Huawei member, an Alibaba server) that rules read by name,
/// as an enum: a misspelt key is a compile error. Writes, from one list of `Variant = "name"`:
/// `NAMES` (the names in order), `COUNT`, `name` and `of` (a name's key: a `match` the compiler
/// turns into one matcher), for a table of the object's values indexed by key
/// ([`crate::value::Map::pick`]).
macro_rules! object_keys {
    ($(#[doc = $doc:literal])* $vis:vis enum $name:ident { $($variant:ident = $key:literal),* $(,)? }) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        $vis enum $name {
            $($variant),*
        }

        // Not every object uses every one of these.
        #[allow(dead_code)]
        impl $name {
            /// Every key's name in the object, in declaration order.
            pub(crate) const NAMES: &'static [&'static str] = &[$($key),*];
            /// The number of keys.
            pub(crate) const COUNT: usize = $name::NAMES.len();
            /// Every key, in declaration order.
            pub(crate) const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The key's name in the object.
            pub(crate) const fn name(self) -> &'static str {
                $name::NAMES[self as usize]
            }

            /// The key of a name, if rules read it.
            pub(crate) fn of(key: &str) -> Option<$name> {
                match key {
                    $($key => Some($name::$variant),)*
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use object_keys;

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
