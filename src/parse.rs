//! Parsing request text into a [`crate::value::Value`], keeping what the rules need to know about
//! the text itself: duplicate keys (the provider may read either value) and syntax errors with
//! their position.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use crate::value::{Map, Number, Value};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::pointer::{self, Seg};

// Native only: in WebAssembly (opt-level "z") the fast path measured 0.8% more instructions per
// call than serde_json's path and 2 KB more gzipped (`benches/instructions.py --wasm`).
#[cfg(not(target_arch = "wasm32"))]
mod fast;

/// A syntax error with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// A parsed JSON document (its strings borrow from the text).
#[derive(Debug, Clone)]
pub struct Parsed<'a> {
    /// The value.
    pub value: Value<'a>,
    /// Pointers of object members that appear more than once (the last one wins, as in most
    /// JSON readers; the provider may read either).
    pub duplicates: Vec<String>,
    /// Whether the text started with a UTF-8 byte-order mark (which was skipped).
    pub had_bom: bool,
}

/// Parses strict JSON (RFC 8259). A leading byte-order mark is skipped; nesting deeper than 128
/// levels is a syntax error, as in `serde_json`.
pub fn parse_json(text: &str) -> Result<Parsed<'_>, SyntaxError> {
    let (text, had_bom) = match text.strip_prefix('\u{feff}') {
        Some(t) => (t, true),
        None => (text, false),
    };
    #[cfg(not(target_arch = "wasm32"))]
    if let Some(value) = fast::parse(text) {
        // Debug builds (every test, every fuzz run) check the fast path against serde_json.
        debug_assert!(
            matches!(parse_with_serde(text, had_bom), Ok(p)
                if p.duplicates.is_empty() && fast::identical(&p.value, &value)),
            "the fast path and serde_json disagree on {text:?}"
        );
        return Ok(Parsed {
            value,
            duplicates: Vec::new(),
            had_bom,
        });
    }
    parse_with_serde(text, had_bom)
}

/// Strict JSON read by the fast path, or `None` when it leaves the text to a general parser
/// (native builds; in WebAssembly it cost more than it saved). For Alibaba's server text, which
/// the lenient scanner reads when this does not: debug builds check that they agree.
pub(crate) fn plain_json(text: &str) -> Option<Value<'_>> {
    #[cfg(not(target_arch = "wasm32"))]
    return fast::parse(text);
    #[cfg(target_arch = "wasm32")]
    {
        let _ = text;
        None
    }
}

/// Whether two values are the same, members in the same order (for the debug checks of the
/// fast path against the general parsers).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn identical(a: &Value<'_>, b: &Value<'_>) -> bool {
    fast::identical(a, b)
}

/// The general path: `serde_json` decides what is valid, and says where and why not; duplicate
/// member names are collected with their pointers.
fn parse_with_serde(text: &str, had_bom: bool) -> Result<Parsed<'_>, SyntaxError> {
    let dups = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = ValueSeed {
        dups: &dups,
        parent: None,
    };
    let value = seed
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| syntax_error(&e, had_bom, text))?;
    Ok(Parsed {
        value,
        duplicates: dups.into_inner(),
        had_bom,
    })
}

fn syntax_error(e: &serde_json::Error, had_bom: bool, text: &str) -> SyntaxError {
    let mut message = e.to_string();
    // serde_json appends " at line L column C"; we carry the position separately.
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    if text.trim().is_empty() {
        message = "the file is empty: expected a JSON object".to_owned();
    }
    let line = e.line().max(1) as u32;
    // serde_json counts the column in bytes; lblint's columns count characters.
    let column_bytes = e.column().max(1);
    let mut column = match text.split('\n').nth(line as usize - 1) {
        Some(l) => {
            let mut end = (column_bytes - 1).min(l.len());
            while !l.is_char_boundary(end) {
                end -= 1;
            }
            l[..end].chars().count() as u32 + 1
        }
        None => column_bytes as u32,
    };
    if had_bom && line == 1 {
        column += 1;
    }
    SyntaxError {
        message,
        line,
        column,
    }
}

struct PathNode<'a> {
    parent: Option<&'a PathNode<'a>>,
    seg: Seg<'a>,
}

fn path_of(node: &PathNode<'_>) -> String {
    let mut segs = Vec::new();
    let mut cur = Some(node);
    while let Some(n) = cur {
        segs.push(n.seg);
        cur = n.parent;
    }
    segs.reverse();
    pointer::build(segs)
}

#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    dups: &'a RefCell<Vec<String>>,
    parent: Option<&'a PathNode<'a>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value<'de>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

/// A member name, borrowed from the text when it has no escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            if out.len() >= crate::limits::MAX_CHECKED_ELEMENTS {
                // Past the limit: parse, keep the length, do not store (see `limits`).
                match seq.next_element::<de::IgnoredAny>()? {
                    Some(_) => {
                        out.push(Value::Null);
                        continue;
                    }
                    None => break,
                }
            }
            let node = PathNode {
                parent: self.parent,
                seg: Seg::Index(out.len()),
            };
            let seed = ValueSeed {
                dups: self.dups,
                parent: Some(&node),
            };
            match seq.next_element_seed(seed)? {
                Some(v) => out.push(v),
                None => break,
            }
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let value = {
                let node = PathNode {
                    parent: self.parent,
                    seg: Seg::Key(&key),
                };
                map.next_value_seed(ValueSeed {
                    dups: self.dups,
                    parent: Some(&node),
                })?
            };
            entries.push((key, value));
        }
        let (out, dups) = Map::from_entries(entries);
        for key in dups {
            let node = PathNode {
                parent: self.parent,
                seg: Seg::Key(&key),
            };
            self.dups.borrow_mut().push(path_of(&node));
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_duplicate_keys_with_their_pointer() {
        let p =
            parse_json(r#"{"pool": {"name": "a", "m": [{"x": 1, "x": 2}], "name": "b"}}"#).unwrap();
        assert_eq!(p.duplicates, vec!["/pool/m/0/x", "/pool/name"]);
        assert_eq!(p.value["pool"]["name"], "b");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse_json("{\n  \"a\": [1,,]\n}").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.column > 1);
        let e = parse_json("   ").unwrap_err();
        assert!(e.message.contains("empty"));
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let p = parse_json("\u{feff}{\"a\": 1}").unwrap();
        assert!(p.had_bom);
        assert_eq!(p.value["a"].as_u64(), Some(1));
    }

    #[test]
    fn long_arrays_keep_their_length_but_not_their_tail() {
        let n = crate::limits::MAX_CHECKED_ELEMENTS + 5;
        let text = format!("[{}{{}}]", "{\"a\": 1},".repeat(n - 1));
        let p = parse_json(&text).unwrap();
        let a = p.value.as_array().unwrap();
        assert_eq!(a.len(), n);
        assert!(a[0].is_object());
        assert!(a[n - 1].is_null());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(200_000);
        assert!(parse_json(&text).is_err());
    }
}
