//! Typed request models and builders, for Rust users (for example in `cargo test`).
//!
//! Each model serializes to the request's JSON with the provider's wire names and takes the same
//! path as a request file: [`crate::validate_value`] with the model's operation. So a model's
//! [`Report`] is exactly what `lblint check` prints for the same JSON.
//!
//! | operation | model | builder |
//! |---|---|---|
//! | `aliyun.slb.CreateMasterSlaveServerGroup` | [`AliyunServerGroup`] | [`ServerGroupBuilder`] |
//! | `huaweicloud.elb.v3.CreateMasterSlavePool` | [`PoolRequest`] | [`PoolBuilder`] |
//! | `huaweicloud.elb.v3.CreateMember` | [`MemberRequest`] | [`MemberBuilder`] |
//!
//! # Representing invalid requests
//!
//! The models exist to write tests, so they can hold what the provider rejects:
//!
//! - every field is optional (`Option<T>`, skipped when `None`), so a missing required field is
//!   representable;
//! - integers are `i64`, so out-of-range values (port `0`, `70000`, a negative weight) are
//!   representable;
//! - enumerated values (`protocol`, `role`, `ServerType`…) are `String`s, so a wrong spelling
//!   (`"Master"` for Huawei, `"round_robin"`) is representable;
//! - every object has an `extra` map (`#[serde(flatten)]`) for fields the model does not know:
//!   they are serialized as they are, so the rules' unknown-field warnings report them, and
//!   deserializing a request never silently drops a field;
//! - for a value of the wrong JSON type (a port as a string, `members` as an object), every
//!   request model and builder has an escape hatch, [`set`](PoolRequest::set) /
//!   [`remove`](PoolRequest::remove) at a JSON Pointer: the [`RawEdits`] are applied to the JSON
//!   after the typed fields are serialized, whenever the model becomes JSON (its `Serialize`
//!   implementation, `to_value`, `validate`).
//!
//! ```
//! use lblint::model::PoolBuilder;
//! use serde_json::json;
//!
//! let pool = PoolBuilder::tcp()
//!     .set("/pool/members/1/protocol_port", json!("80")) // a string where an integer belongs
//!     .build();
//! let report = pool.validate(&Default::default());
//! assert!(report.has_rule("elb/member-protocol-port"), "{report}");
//! ```

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::context::Context;
use crate::diagnostic::Report;
use crate::engine::Options;
use crate::operation::Operation;
use crate::pointer;

pub mod aliyun;
pub mod huaweicloud;

pub use aliyun::{AliyunServer, AliyunServerGroup, AliyunTag, ServerGroupBuilder};
pub use huaweicloud::{
    ConnectionDrain, HealthMonitor, Member, MemberBuilder, MemberRequest, Pool, PoolBuilder,
    PoolMember, PoolRequest, QuicCidHashStrategy, SessionPersistence,
};

/// Fields a model does not know, by wire name, serialized next to the known ones.
pub type Extra = BTreeMap<String, Value>;

/// One raw change to a request's JSON.
#[derive(Debug, Clone, PartialEq)]
pub enum RawEdit {
    /// Set the value at a JSON Pointer, creating missing parents.
    Set {
        /// Where (`""` is the whole request).
        pointer: String,
        /// The new value, of any JSON type.
        value: Value,
    },
    /// Remove the value at a JSON Pointer (nothing happens when it is absent).
    Remove {
        /// Where.
        pointer: String,
    },
}

/// Raw changes applied, in order, to a request's JSON after its typed fields are serialized: the
/// escape hatch for values of the wrong JSON type.
///
/// Pointers follow RFC 6901 (`~1` is `/`, `~0` is `~`); a pointer without a leading `/` is read
/// as if it had one (`pool/name` is `/pool/name`). Setting creates missing parents: objects, or
/// array elements up to the index (padded with `null`, at most 1000 past the end), and `-` appends
/// to an array. A parent that is a scalar, or an array addressed by a key that is not such an
/// index, is replaced by an object.
///
/// ```
/// use lblint::model::RawEdits;
/// use serde_json::json;
///
/// let mut edits = RawEdits::default();
/// edits.set("/pool/members/0/protocol_port", json!("80"));
/// edits.remove("/pool/name");
/// let mut v = json!({"pool": {"name": "p", "members": [{"protocol_port": 80}]}});
/// edits.apply(&mut v);
/// assert_eq!(v, json!({"pool": {"members": [{"protocol_port": "80"}]}}));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEdits(Vec<RawEdit>);

impl RawEdits {
    /// Records setting `value` at `pointer`.
    pub fn set(&mut self, pointer: impl Into<String>, value: impl Into<Value>) {
        self.0.push(RawEdit::Set {
            pointer: normalize(pointer.into()),
            value: value.into(),
        });
    }

    /// Records removing the value at `pointer`.
    pub fn remove(&mut self, pointer: impl Into<String>) {
        self.0.push(RawEdit::Remove {
            pointer: normalize(pointer.into()),
        });
    }

    /// Whether there is no edit.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The edits, in the order they apply.
    pub fn iter(&self) -> impl Iterator<Item = &RawEdit> {
        self.0.iter()
    }

    /// Applies the edits to a JSON value.
    pub fn apply(&self, value: &mut Value) {
        for edit in &self.0 {
            match edit {
                RawEdit::Set { pointer, value: v } => set_at(value, pointer, v.clone()),
                RawEdit::Remove { pointer } => remove_at(value, pointer),
            }
        }
    }
}

fn normalize(pointer: String) -> String {
    if pointer.is_empty() || pointer.starts_with('/') {
        pointer
    } else {
        format!("/{pointer}")
    }
}

/// How far past the end of an array [`RawEdits::set`] pads with `null`.
const MAX_PADDING: usize = 1000;

fn set_at(root: &mut Value, ptr: &str, new: Value) {
    let segs = pointer::split(ptr).unwrap_or_default();
    let mut cur = root;
    for seg in &segs {
        let index = match &*cur {
            Value::Array(items) if seg == "-" => Some(items.len()),
            // Padding is bounded, so a typo such as `/members/10000000000` cannot exhaust memory.
            Value::Array(items) => seg
                .parse::<usize>()
                .ok()
                .filter(|i| *i <= items.len() + MAX_PADDING),
            _ => None,
        };
        cur = match (index, cur) {
            (Some(idx), Value::Array(items)) => {
                if idx >= items.len() {
                    items.resize(idx + 1, Value::Null);
                }
                &mut items[idx]
            }
            (_, other) => {
                if !other.is_object() {
                    *other = Value::Object(Default::default());
                }
                match other {
                    Value::Object(map) => map.entry(seg.clone()).or_insert(Value::Null),
                    _ => return,
                }
            }
        };
    }
    *cur = new;
}

fn remove_at(root: &mut Value, ptr: &str) {
    let Some(mut segs) = pointer::split(ptr) else {
        return;
    };
    let Some(last) = segs.pop() else {
        *root = Value::Null;
        return;
    };
    let mut cur = root;
    for seg in &segs {
        let next = match cur {
            Value::Object(map) => map.get_mut(seg.as_str()),
            Value::Array(items) => match seg.parse::<usize>() {
                Ok(i) => items.get_mut(i),
                Err(_) => None,
            },
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    match cur {
        Value::Object(map) => {
            map.remove(last.as_str());
        }
        Value::Array(items) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

/// Serializes `wire`, then applies `edits` (only then does it go through a [`Value`]).
pub(crate) fn serialize_edited<T: Serialize, S: Serializer>(
    wire: &T,
    edits: &RawEdits,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if edits.is_empty() {
        return wire.serialize(serializer);
    }
    let mut v = serde_json::to_value(wire).map_err(serde::ser::Error::custom)?;
    edits.apply(&mut v);
    v.serialize(serializer)
}

/// A typed request of one operation.
///
/// The request models implement it; the same methods also exist as inherent methods, so calling
/// them does not need this trait in scope. Generic code (and [`crate::testing::IntoRequest`])
/// uses the trait.
pub trait Request: Serialize {
    /// The operation the model is a request of.
    const OPERATION: Operation;

    /// The request's JSON, as the rules (and the provider) see it.
    fn to_value(&self) -> Value {
        // The models' maps have string keys, so serializing to a `Value` cannot fail.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Validates the request with a context and the default edition.
    fn validate(&self, context: &Context) -> Report {
        self.validate_with(&Options::with_context(context.clone()))
    }

    /// Validates the request with full options (context, edition, disabled rules…).
    fn validate_with(&self, options: &Options) -> Report {
        crate::validate::validate_value(Self::OPERATION, &self.to_value(), options)
    }
}

/// Inherent `to_value`, `validate`, `validate_with`, `set` and `remove` for a request model.
macro_rules! request_methods {
    ($ty:ty) => {
        impl $ty {
            /// The request's JSON, as the rules (and the provider) see it: typed fields, `extra`
            /// fields, then the raw edits.
            pub fn to_value(&self) -> serde_json::Value {
                <Self as $crate::model::Request>::to_value(self)
            }

            /// Validates the request with a context (use `&Context::default()` for none) and the
            /// default edition: the same [`Report`](crate::Report) `lblint check` prints.
            pub fn validate(&self, context: &$crate::Context) -> $crate::Report {
                <Self as $crate::model::Request>::validate(self, context)
            }

            /// Validates the request with full [`Options`](crate::Options).
            pub fn validate_with(&self, options: &$crate::Options) -> $crate::Report {
                <Self as $crate::model::Request>::validate_with(self, options)
            }

            /// Sets any JSON value at a JSON Pointer of the serialized request (see
            /// [`RawEdits`](crate::model::RawEdits)): the escape hatch for wrong types.
            pub fn set(
                &mut self,
                pointer: impl Into<String>,
                value: impl Into<serde_json::Value>,
            ) -> &mut Self {
                self.edits.set(pointer, value);
                self
            }

            /// Removes the value at a JSON Pointer of the serialized request (see
            /// [`RawEdits`](crate::model::RawEdits)).
            pub fn remove(&mut self, pointer: impl Into<String>) -> &mut Self {
                self.edits.remove(pointer);
                self
            }
        }
    };
}
pub(crate) use request_methods;

/// Builder setters: `name(value)` sets one optional field of the request being built to
/// `Some(value.into())` and returns the builder. Each entry keeps its own documentation.
macro_rules! setters {
    ($($(#[$doc:meta])* fn $name:ident($arg:ident: $ty:ty) => $($path:ident).+;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(mut self, $arg: $ty) -> Self {
                self.$($path).+ = Some($arg.into());
                self
            }
        )*
    };
}
pub(crate) use setters;

/// The builders' raw edits: `set` and `remove` at a JSON Pointer of the built request (see
/// [`RawEdits`]).
macro_rules! builder_edits {
    () => {
        /// Sets any JSON value at a pointer of the built request (see
        /// [`RawEdits`](crate::model::RawEdits)), e.g. a string where a number belongs.
        pub fn set(
            mut self,
            pointer: impl Into<String>,
            value: impl Into<serde_json::Value>,
        ) -> Self {
            self.req.edits.set(pointer, value);
            self
        }

        /// Removes the value at a pointer of the built request (see
        /// [`RawEdits`](crate::model::RawEdits)).
        pub fn remove(mut self, pointer: impl Into<String>) -> Self {
            self.req.edits.remove(pointer);
            self
        }
    };
}
pub(crate) use builder_edits;

/// `Arbitrary` helpers for the fields whose types do not implement it (`serde_json::Value`).
#[cfg(feature = "arbitrary")]
pub(crate) mod arb {
    use arbitrary::{Arbitrary, Result, Unstructured};
    use serde_json::Value;

    use super::Extra;

    /// A scalar JSON value: what an unknown field usually holds.
    pub fn scalar(u: &mut Unstructured<'_>) -> Result<Value> {
        Ok(match u.int_in_range(0u8..=3)? {
            0 => Value::Null,
            1 => Value::Bool(bool::arbitrary(u)?),
            2 => Value::from(i64::arbitrary(u)?),
            _ => Value::String(String::arbitrary(u)?),
        })
    }

    /// Up to three unknown fields with scalar values.
    pub fn extra(u: &mut Unstructured<'_>) -> Result<Extra> {
        let n = u.int_in_range(0u8..=3)?;
        let mut map = Extra::new();
        for _ in 0..n {
            map.insert(String::arbitrary(u)?, scalar(u)?);
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn edits_set_create_parents_and_pad_arrays() {
        let mut e = RawEdits::default();
        e.set("a/b/2", json!(1)); // no leading slash: read as `/a/b/2`
        e.set("/x/0", json!(1)); // a missing parent is created as an object
        e.set("/a/c/-", json!("x"));
        e.set("/n/k", json!(true)); // a scalar parent becomes an object
        e.set("/l/k", json!(0)); // an array addressed by a key becomes an object
        e.set("/m/99999999999", json!(0)); // so does one addressed far past its end
        let mut v = json!({"a": {"b": [], "c": []}, "n": 5, "l": [1], "m": []});
        e.apply(&mut v);
        assert_eq!(
            v,
            json!({"a": {"b": [null, null, 1], "c": ["x"]}, "n": {"k": true}, "l": {"k": 0},
                   "x": {"0": 1},
                   "m": {"99999999999": 0}})
        );
    }

    #[test]
    fn edits_remove_is_quiet_when_absent_and_replaces_the_root() {
        let mut e = RawEdits::default();
        e.remove("/x/y/z");
        e.remove("/a/5");
        e.remove("/a/0");
        e.remove("/m~1n");
        let mut v = json!({"a": [1, 2], "m/n": 1});
        e.apply(&mut v);
        assert_eq!(v, json!({"a": [2]}));
        let mut e = RawEdits::default();
        e.set("", json!([1]));
        e.apply(&mut v);
        assert_eq!(v, json!([1]));
        let mut e = RawEdits::default();
        e.remove("");
        e.apply(&mut v);
        assert_eq!(v, Value::Null);
    }
}

#[cfg(all(test, feature = "arbitrary"))]
mod arbitrary_tests {
    use super::*;
    use arbitrary::{Arbitrary, Unstructured};

    #[test]
    fn arbitrary_requests_serialize_and_validate_without_panicking() {
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let mut u = Unstructured::new(&bytes);
        let opts = Options::default();
        for _ in 0..20 {
            let pool = PoolRequest::arbitrary(&mut u).unwrap_or_default();
            let member = MemberRequest::arbitrary(&mut u).unwrap_or_default();
            let group = AliyunServerGroup::arbitrary(&mut u).unwrap_or_default();
            assert_eq!(
                pool.validate_with(&opts).operation,
                Some(PoolRequest::OPERATION)
            );
            assert_eq!(
                member.validate_with(&opts).operation,
                Some(MemberRequest::OPERATION)
            );
            assert_eq!(
                group.validate_with(&opts).operation,
                Some(AliyunServerGroup::OPERATION)
            );
        }
    }
}
