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
    /// Huawei: the member objects with their pointers (see [`huaweicloud::members`]).
    pub(crate) members: Vec<(&'a crate::value::Map<'a>, huaweicloud::MemberPath)>,
    /// Alibaba: the tags of both forms and their shape problems (see [`aliyun::tags`]).
    pub(crate) tags: aliyun::tags::Collected<'a>,
    /// The objects most rules read from (`/pool`, `/pool/healthmonitor`, …), found once, deepest
    /// first: a rule's pointer below one of them is resolved from there.
    anchors: [Option<(&'static str, &'a Value<'a>)>; POOL_ANCHORS.len()],
    /// [`crate::engine::Cx::get`]'s answers so far. Rules ask for the same few fields again and
    /// again (`/pool/protocol` eight times in a pool request).
    memo: Memo<'a>,
}

/// Slots of [`Shared`]'s memo (a power of two). Colliding pointers take turns in a slot.
const MEMO_SLOTS: usize = 64;

/// One memo slot: a pointer text and its value. Every asker passes a `'static` text.
type MemoSlot<'a> = std::cell::Cell<Option<(&'static str, Option<&'a Value<'a>>)>>;

/// A direct-mapped memo of pointer texts and their values.
#[derive(Debug)]
struct Memo<'a>([MemoSlot<'a>; MEMO_SLOTS]);

impl Default for Memo<'_> {
    fn default() -> Self {
        Memo([const { std::cell::Cell::new(None) }; MEMO_SLOTS])
    }
}

/// The objects of each Huawei operation that many rules read below, deepest first (kept in a
/// fixed array: no list as long as the pool's).
const POOL_ANCHORS: &[&str] = &["/pool/healthmonitor", "/pool/session_persistence", "/pool"];
const MEMBER_ANCHORS: &[&str] = &["/member"];
const _: () = assert!(MEMBER_ANCHORS.len() <= POOL_ANCHORS.len());

impl<'a> Shared<'a> {
    /// Finds the shared facts of a request: `raw` as written, `req` as the rules read it.
    pub(crate) fn of(op: Operation, raw: &'a Value, req: &'a Value) -> Shared<'a> {
        match op.provider() {
            Provider::Aliyun => Shared {
                tags: aliyun::tags::collect(raw),
                ..Shared::default()
            },
            Provider::HuaweiCloud => Shared {
                members: huaweicloud::find_members(op, req),
                anchors: {
                    let mut found = [None; POOL_ANCHORS.len()];
                    let wanted = match op {
                        Operation::HuaweiCreateMember => MEMBER_ANCHORS,
                        _ => POOL_ANCHORS,
                    };
                    let present = wanted
                        .iter()
                        .filter_map(|p| Some((*p, crate::pointer::resolve(req, p)?)));
                    for (slot, anchor) in found.iter_mut().zip(present) {
                        *slot = Some(anchor);
                    }
                    found
                },
                ..Shared::default()
            },
        }
    }

    /// The value at a plain pointer in `req`, resolved once per request and pointer text.
    #[inline]
    pub(crate) fn resolve(&self, req: &'a Value<'a>, ptr: &'static str) -> Option<&'a Value<'a>> {
        // By address: a `'static` text is never freed, so one address and length is one text.
        // (With LTO one text is at one address; without it each use of a literal may have its
        // own. Keying on the contents to catch those cost more than it saved.) A multiplicative
        // hash spreads the addresses, which lie close together. Probing a few slots, or 128
        // slots, cost more than the collisions they avoided (callgrind).
        let addr = ptr.as_ptr() as usize;
        let slot = &self.memo.0[addr.wrapping_mul(0x9E37_79B9) >> 26 & (MEMO_SLOTS - 1)];
        if let Some((key, v)) = slot.get() {
            if std::ptr::eq(key, ptr) {
                return v;
            }
        }
        let (base, rest) = self.anchor(req, ptr);
        let v = crate::pointer::resolve(base, rest);
        slot.set(Some((ptr, v)));
        v
    }

    /// The deepest anchor above `ptr` and the rest of the pointer below it (`req` and `ptr`
    /// when there is none).
    #[inline(always)]
    pub(crate) fn anchor<'p>(&self, req: &'a Value<'a>, ptr: &'p str) -> (&'a Value<'a>, &'p str) {
        let q = ptr.as_bytes();
        for &(prefix, v) in self.anchors.iter().flatten() {
            let p = prefix.as_bytes();
            if q.len() >= p.len()
                && q.get(p.len()).is_none_or(|&b| b == b'/')
                && crate::value::same_key(p, &q[..p.len()])
            {
                // `p.len()` is at the end of `ptr` or at a '/': a character boundary.
                if let Some(rest) = ptr.get(p.len()..) {
                    return (v, rest);
                }
            }
        }
        (req, ptr)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memoised_pointers_answer_as_a_fresh_resolve_does() {
        let text = r#"{"pool": {"protocol": "TCP", "type": "ip", "healthmonitor": {"delay": 5},
            "session_persistence": null, "members": [{"role": "master"}]}}"#;
        let req = crate::parse::parse_json(text).expect("json").value;
        let fields = [
            "protocol",
            "type",
            "healthmonitor",
            "session_persistence",
            "members",
        ];
        // More texts than slots, so that pointers share slots and take turns in them; each text
        // leaked so that it is `'static`, as rules' pointers are.
        let mut ptrs: Vec<&'static str> = Vec::new();
        for i in 0..3 * MEMO_SLOTS {
            let p = match i % 7 {
                6 => format!("/pool/absent{i}"),
                5 => "/pool/healthmonitor/delay".to_owned(),
                k => format!("/pool/{}", fields[k % fields.len()]),
            };
            ptrs.push(Box::leak(p.into_boxed_str()));
        }
        let shared = Shared::of(Operation::HuaweiCreateMasterSlavePool, &req, &req);
        for round in 0..3 {
            for &p in ptrs.iter().rev().step_by(round + 1).chain(&ptrs) {
                let fresh = crate::pointer::resolve(&req, p);
                let memo = shared.resolve(&req, p);
                assert_eq!(
                    memo.map(|v| v as *const _),
                    fresh.map(|v| v as *const _),
                    "{p}"
                );
            }
        }
        assert_eq!(
            shared
                .resolve(&req, "/pool/healthmonitor/delay")
                .and_then(Value::as_u64),
            Some(5)
        );
        assert!(shared.resolve(&req, "/pool/absent").is_none());
        // One address, two lengths: two texts.
        let long: &'static str = "/pool/typeX";
        let short = &long[..long.len() - 1];
        assert!(shared.resolve(&req, long).is_none());
        assert_eq!(
            shared.resolve(&req, short).and_then(Value::as_str),
            Some("ip")
        );
        assert!(shared.resolve(&req, long).is_none());
    }
}
