//! The request as the rules read it: a JSON value whose objects keep their members in a vector,
//! in the order written.
//!
//! `serde_json::Value` keeps objects in a `BTreeMap`: building one allocates tree nodes, and every
//! lookup compares the key with several others through `memcmp`. A request object has a dozen
//! members at most, and the ~100 rules look keys up hundreds of times per request, so a vector
//! searched by length first and bytes second is both faster to build and faster to read. Profiling
//! the engine (callgrind, a typical pool request) put map lookups and map building at about half
//! of the instructions before this type.
//!
//! Strings and member names borrow from the parsed text where they have no escapes (and from a
//! caller's `serde_json::Value` when converted from one), so reading a request allocates one
//! vector per object or array and nothing per string: profiling a typical pool request put the
//! allocation and freeing of its ~40 strings at about a seventh of the whole validation.
//!
//! The public entry points still take and give `serde_json::Value` where a caller holds one
//! ([`crate::validate_value`], the typed models): [`Value::from`] converts.

use std::borrow::Cow;
use std::fmt;

use crate::swar::{word, word4};

pub use serde_json::Number;

/// A JSON value (see the module documentation for why this is not `serde_json::Value`).
#[derive(Debug, Clone, Default)]
pub enum Value<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string (borrowed from the text unless it had escapes).
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object.
    Object(Map<'a>),
}

/// A JSON object: members in the order written, each key once (the last of duplicates wins, at
/// the place of the first, as in `serde_json`).
#[derive(Debug, Clone, Default)]
pub struct Map<'a> {
    entries: Vec<(Cow<'a, str>, Value<'a>)>,
}

static NULL: Value<'static> = Value::Null;

/// Key equality for short keys without a call to `memcmp` (whose call costs more than comparing
/// the dozen bytes of a request key inline): length first, then words of up to eight bytes (a
/// byte loop cost a sixth of a valid pool request's instructions, by callgrind, as rules and the
/// plan look keys up in objects and in lists of known names). Always inlined, with plain loops:
/// the WebAssembly build is optimised for size, which otherwise leaves this and the iterator
/// adapters as calls on the engine's hottest path (a tenth of a call, by `perf`).
#[inline(always)]
pub(crate) fn same_key(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > 32 {
        return a == b;
    }
    // Eight bytes at a time, the last word overlapping the one before it; a key shorter than
    // eight bytes is compared as two overlapping four-byte words, or byte by byte under four.
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            if word(a, i) != word(b, i) {
                return false;
            }
            i += 8;
        }
        return word(a, n - 8) == word(b, n - 8);
    }
    if n >= 4 {
        return word4(a, 0) == word4(b, 0) && word4(a, n - 4) == word4(b, n - 4);
    }
    let mut i = 0;
    while i < n {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

impl<'a> Map<'a> {
    /// An empty object.
    pub fn new() -> Map<'a> {
        Map::default()
    }

    /// An empty object with room for `n` members.
    pub fn with_capacity(n: usize) -> Map<'a> {
        Map {
            entries: Vec::with_capacity(n),
        }
    }

    fn position(&self, key: &str) -> Option<usize> {
        let k = key.as_bytes();
        self.entries
            .iter()
            .position(|(e, _)| same_key(e.as_bytes(), k))
    }

    /// The value of a member.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.get_bytes(key.as_bytes())
    }

    /// The value of a member, by the bytes of its name.
    #[inline]
    pub(crate) fn get_bytes(&self, k: &[u8]) -> Option<&Value<'a>> {
        for (e, v) in &self.entries {
            if same_key(e.as_bytes(), k) {
                return Some(v);
            }
        }
        None
    }

    /// A member, name and value (the name as the parser left it: a slice of the text when it
    /// held no escape). Its own inline loop, as `get_bytes` has: through `position`, which is not
    /// inlined, placing the invalid pool request's findings cost 700 instructions more (callgrind).
    #[inline]
    pub(crate) fn entry(&self, key: &str) -> Option<(&str, &Value<'a>)> {
        let k = key.as_bytes();
        self.entries
            .iter()
            .find(|(e, _)| same_key(e.as_bytes(), k))
            .map(|(e, v)| (e.as_ref(), v))
    }

    /// The value of a member, looking from place `hint` onwards and then from the start, and
    /// the place it was found at (for the next lookup's hint). When keys are looked up in the
    /// order they were written, each is found at the first place looked at.
    #[inline]
    pub(crate) fn get_from(&self, key: &str, hint: usize) -> Option<(usize, &Value<'a>)> {
        let k = key.as_bytes();
        let hint = hint.min(self.entries.len());
        let (before, after) = self.entries.split_at(hint);
        for (i, (e, v)) in after.iter().enumerate() {
            if same_key(e.as_bytes(), k) {
                return Some((hint + i, v));
            }
        }
        for (i, (e, v)) in before.iter().enumerate() {
            if same_key(e.as_bytes(), k) {
                return Some((i, v));
            }
        }
        None
    }

    /// Whether the object has a member.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Sets a member; returns the previous value when the key was present (which keeps its place).
    pub fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Value<'a>) -> Option<Value<'a>> {
        let key = key.into();
        match self.position(&key) {
            Some(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// The values of the members whose names `slot` gives a place, each in its place, found in
    /// one pass over the members: the tables of the fields that rules read by name (a member's
    /// or a server's), where looking each field up was a search of the names every time.
    #[inline]
    pub(crate) fn pick<const N: usize>(
        &self,
        slot: impl Fn(&str) -> Option<usize>,
    ) -> [Option<&Value<'a>>; N] {
        let mut out = [None; N];
        for (k, v) in &self.entries {
            if let Some(s) = slot(k).and_then(|i| out.get_mut(i)) {
                *s = Some(v);
            }
        }
        out
    }

    /// Appends a member whose key the caller knows is not present (as [`Map::insert`] would,
    /// without searching the keys first).
    pub(crate) fn push_new(&mut self, key: Cow<'a, str>, value: Value<'a>) {
        debug_assert!(self.position(&key).is_none(), "{key:?} is already present");
        self.entries.push((key, value));
    }

    /// Removes a member.
    pub fn remove(&mut self, key: &str) -> Option<Value<'a>> {
        let i = self.position(key)?;
        Some(self.entries.remove(i).1)
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The members, in the order written.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value<'a>)> {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }

    /// The keys, in the order written.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> {
        self.entries.iter().map(|(k, _)| &**k)
    }

    /// The values, in the order written.
    pub fn values(&self) -> impl ExactSizeIterator<Item = &Value<'a>> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Builds an object from members in the order written, keeping the last value of a
    /// duplicated key (at the place of the first). Returns the object and the duplicated keys,
    /// once per repetition. Linear for the small objects of requests; sorts for large ones, so
    /// that a hostile object with many keys costs `n log n`, not `n²`.
    #[allow(clippy::type_complexity)]
    pub fn from_entries(
        mut entries: Vec<(Cow<'a, str>, Value<'a>)>,
    ) -> (Map<'a>, Vec<Cow<'a, str>>) {
        let n = entries.len();
        let mut dups = Vec::new();
        if n < 2 {
            return (Map { entries }, dups);
        }
        // Index of the first occurrence of each key, and of later ones that must merge into it.
        let mut merge: Vec<(usize, usize)> = Vec::new();
        if n <= 16 {
            // A key is compared with the earlier ones only when one of them has its fingerprint
            // (a bit of 64 chosen by its length and last byte): comparing each with all before
            // it took 1,015 instructions of a valid pool request, this 543 (callgrind).
            let mut seen = 0u64;
            for j in 0..n {
                let key = entries[j].0.as_bytes();
                let bit =
                    1u64 << ((key.len() * 7 + usize::from(key.last().copied().unwrap_or(0))) & 63);
                if seen & bit != 0 {
                    if let Some(i) = (0..j).find(|&i| same_key(entries[i].0.as_bytes(), key)) {
                        merge.push((i, j));
                    }
                }
                seen |= bit;
            }
        } else {
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by(|&a, &b| entries[a].0.cmp(&entries[b].0).then(a.cmp(&b)));
            for w in order.windows(2) {
                if entries[w[0]].0 == entries[w[1]].0 {
                    merge.push((w[0], w[1]));
                }
            }
        }
        if merge.is_empty() {
            return (Map { entries }, dups);
        }
        // A later duplicate moves its value to the first occurrence of its key (in order of
        // appearance, so the last one wins) and is then dropped.
        let mut first_of: Vec<usize> = (0..n).collect();
        for &(i, j) in &merge {
            first_of[j] = first_of[i];
        }
        // By the later index (unique), as (later, first) pairs: the one sort of pairs that
        // `scan` and `locate` use too.
        let mut merge: Vec<(usize, usize)> = merge.into_iter().map(|(i, j)| (j, i)).collect();
        merge.sort_unstable();
        let mut drop = vec![false; n];
        for &(j, _) in &merge {
            let target = first_of[j];
            let v = std::mem::take(&mut entries[j].1);
            entries[target].1 = v;
            drop[j] = true;
            dups.push(entries[j].0.clone());
        }
        let mut i = 0;
        entries.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
        (Map { entries }, dups)
    }
}

type Entry<'a> = (Cow<'a, str>, Value<'a>);

impl<'m, 'a> IntoIterator for &'m Map<'a> {
    type Item = (&'m str, &'m Value<'a>);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'m, Entry<'a>>,
        fn(&'m Entry<'a>) -> (&'m str, &'m Value<'a>),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (&**k, v))
    }
}

impl PartialEq for Map<'_> {
    /// Objects are equal when they have the same members, in any order.
    fn eq(&self, other: &Map<'_>) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl PartialEq for Value<'_> {
    fn eq(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq<str> for Value<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl<'a> Value<'a> {
    /// The string, if this is one.
    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    #[inline]
    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The array, if this is one.
    #[inline]
    pub fn as_array(&self) -> Option<&Vec<Value<'a>>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as `u64`, if it is a non-negative integer in range.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The number as `i64`, if it is an integer in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The number as `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// Whether this is `null`.
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Whether this is an array.
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is a number.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    /// Whether this is a boolean.
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    /// A member of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object()?.get(key)
    }

    /// The same value owning all its strings (for keeping it past the text it was read from).
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(a) => Value::Array(a.into_iter().map(Value::into_owned).collect()),
            Value::Object(m) => Value::Object(Map {
                entries: m
                    .entries
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            }),
        }
    }

    /// The equivalent `serde_json::Value` (for policies and callers that want one).
    pub fn to_serde(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(a) => serde_json::Value::Array(a.iter().map(Value::to_serde).collect()),
            Value::Object(m) => serde_json::Value::Object(
                m.iter()
                    .map(|(k, v)| (k.to_owned(), v.to_serde()))
                    .collect(),
            ),
        }
    }
}

impl<'a> std::ops::Index<&str> for Value<'a> {
    type Output = Value<'a>;

    /// A member of an object, or `null` (like `serde_json::Value`).
    fn index(&self, key: &str) -> &Value<'a> {
        self.get(key).unwrap_or(&NULL)
    }
}

impl<'a> From<&'a serde_json::Value> for Value<'a> {
    /// Borrows the strings and member names of `v`.
    fn from(v: &'a serde_json::Value) -> Value<'a> {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.clone()),
            serde_json::Value::String(s) => Value::String(Cow::Borrowed(s)),
            serde_json::Value::Array(a) => Value::Array(a.iter().map(Value::from).collect()),
            serde_json::Value::Object(m) => Value::Object(Map {
                entries: m
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Value::from(v)))
                    .collect(),
            }),
        }
    }
}

impl From<serde_json::Value> for Value<'static> {
    fn from(v: serde_json::Value) -> Value<'static> {
        Value::from(&v).into_owned()
    }
}

impl fmt::Display for Value<'_> {
    /// Compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_serde(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entries<'a>(keys: &[&'a str]) -> Vec<(Cow<'a, str>, Value<'a>)> {
        keys.iter()
            .enumerate()
            .map(|(i, k)| (Cow::Borrowed(*k), Value::Number(i.into())))
            .collect()
    }

    #[test]
    fn same_key_agrees_with_slice_equality_at_every_length_and_position() {
        for n in 0..48usize {
            let a: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(same_key(&a, &a.clone()), "{n}");
            assert!(!same_key(&a, &a[..n.saturating_sub(1)]) || n == 0, "{n}");
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 0x20;
                assert!(!same_key(&a, &b), "length {n}, byte {i}");
            }
        }
    }

    #[test]
    fn lookups_compare_whole_keys() {
        let (m, dups) = Map::from_entries(entries(&["name", "names", "nam", ""]));
        assert!(dups.is_empty());
        assert_eq!(m.get("names").and_then(Value::as_u64), Some(1));
        assert_eq!(m.get("").and_then(Value::as_u64), Some(3));
        assert_eq!(m.get("nme"), None);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["name", "names", "nam", ""]);
    }

    #[test]
    fn a_lookup_from_a_hint_finds_what_a_lookup_from_the_start_finds() {
        let (m, _) = Map::from_entries(entries(&["name", "type", "members", "", "typ"]));
        for key in ["name", "type", "members", "", "typ", "types", "x"] {
            for hint in 0..=m.len() + 2 {
                let got = m.get_from(key, hint);
                assert_eq!(
                    got.map(|(_, v)| v as *const _),
                    m.get(key).map(|v| v as *const _)
                );
                if let Some((at, _)) = got {
                    assert_eq!(Some(at), m.position(key), "{key} from {hint}");
                }
            }
        }
    }

    #[test]
    fn the_last_duplicate_wins_at_the_place_of_the_first() {
        for n in [3usize, 40] {
            let mut keys: Vec<String> = (0..n).map(|i| format!("k{i}")).collect();
            keys.push("k1".to_owned());
            keys.push("k1".to_owned());
            keys.push("k0".to_owned());
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            let (m, dups) = Map::from_entries(entries(&refs));
            assert_eq!(m.len(), n, "{n}");
            assert_eq!(m.get("k1").and_then(Value::as_u64), Some(n as u64 + 1));
            assert_eq!(m.get("k0").and_then(Value::as_u64), Some(n as u64 + 2));
            assert_eq!(m.keys().next(), Some("k0"));
            assert_eq!(dups, ["k1", "k1", "k0"]);
        }
    }

    /// Keys that share a fingerprint (same length, same last byte) are told apart, and a
    /// duplicate is found behind them; so is a repeated empty key.
    #[test]
    fn keys_of_one_fingerprint_are_compared_whole() {
        let (m, dups) = Map::from_entries(entries(&["ab", "cb", "xb", "cb", "", ""]));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["ab", "cb", "xb", ""]);
        assert_eq!(dups, ["cb", ""]);
        assert_eq!(m.get("cb").and_then(Value::as_u64), Some(3));
        let (m, dups) = Map::from_entries(entries(&["ab", "cb", "xb"]));
        assert!(dups.is_empty());
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn converts_to_and_from_serde_json() {
        let s =
            json!({"pool": {"members": [{"address": "10.0.0.1", "w": 1.5}], "x": null, "b": true}});
        let v = Value::from(&s);
        assert_eq!(v.to_serde(), s);
        assert_eq!(v["pool"]["members"].as_array().map(Vec::len), Some(1));
        assert_eq!(v["pool"]["missing"], Value::Null);
        assert!(v["pool"]["x"].is_null());
        assert_eq!(v.to_string(), s.to_string());
    }

    #[test]
    fn insert_and_remove_keep_one_entry_per_key() {
        let mut m = Map::new();
        assert_eq!(m.insert("a", Value::Bool(true)), None);
        assert_eq!(m.insert("a", Value::Null), Some(Value::Bool(true)));
        assert_eq!(m.len(), 1);
        assert_eq!(m.remove("a"), Some(Value::Null));
        assert!(m.is_empty());
        assert!(!m.contains_key("a"));
    }
}
