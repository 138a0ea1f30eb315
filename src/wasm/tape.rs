//! A JS object's request as a *tape*: the glue (`pkg/index.js`, `writeTape`) walks the object
//! and writes its values straight into the module's input buffer, and this reads them into the
//! engine's [`Value`] without any JSON in between.
//!
//! Before, an object went through `JSON.stringify` in JS and a JSON parse in the module: for the
//! seed 002 pool request, 1.0 µs of stringify and encoding plus 1.3 µs of parsing, out of a
//! 6.2 µs call (`npm --prefix pkg run bench`). The walk costs about half of the stringify, and
//! reading a tape needs no scanning for quotes and escapes and no number parsing.
//!
//! The tape is what `JSON.stringify` would have written, with the same values: the glue writes
//! only plain objects, arrays, strings, numbers, booleans and `null`, skips the members that
//! `JSON.stringify` skips, and gives anything else (a `toJSON` method, a class instance, a lone
//! surrogate, a `BigInt`, deep nesting, a throwing getter) to the `JSON.stringify` path, which
//! decides as before. Numbers come as the `f64` they are, read here as `serde_json` reads the
//! digits `JSON.stringify` writes for them ([`number`]).
//!
//! Layout, little-endian, each value a tag byte then its content:
//!
//! | tag | value | content |
//! |---|---|---|
//! | 0 | `null` | |
//! | 1 | `false` | |
//! | 2 | `true` | |
//! | 3 | string | `u32` byte length, UTF-8 bytes |
//! | 4 | number | `f64` |
//! | 5 | array | `u32` count, the values |
//! | 6 | object | `u32` count, then per member: `u32` key length, key bytes, the value |
//!
//! The reader trusts nothing: a malformed tape (which the glue never writes) is `None`, never a
//! panic, and nesting deeper than [`MAX_DEPTH`] is refused as `serde_json` refuses it.

use std::borrow::Cow;

use crate::value::{Map, Number, Value};

/// Containers nested deeper than this are refused (`serde_json`'s recursion limit; the glue
/// hands such a value to `JSON.stringify` long before, at 100).
pub const MAX_DEPTH: usize = 128;

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const STRING: u8 = 3;
const NUMBER: u8 = 4;
const ARRAY: u8 = 5;
const OBJECT: u8 = 6;

/// Reads a whole tape; `None` when it is malformed (or has bytes after its value).
pub fn read(tape: &[u8]) -> Option<Value<'_>> {
    let mut r = Reader { tape, at: 0 };
    let value = r.value(0)?;
    (r.at == tape.len()).then_some(value)
}

struct Reader<'a> {
    tape: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let bytes = self.tape.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(bytes)
    }

    fn u32(&mut self) -> Option<usize> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    fn str(&mut self) -> Option<Cow<'a, str>> {
        let n = self.u32()?;
        std::str::from_utf8(self.take(n)?).ok().map(Cow::Borrowed)
    }

    /// Room for `n` items, each at least one byte: a count larger than the rest of the tape is
    /// malformed, and must not reserve memory for it.
    fn items(&mut self) -> Option<usize> {
        let n = self.u32()?;
        (n <= self.tape.len() - self.at).then_some(n)
    }

    fn value(&mut self, depth: usize) -> Option<Value<'a>> {
        let tag = self.take(1)?[0];
        Some(match tag {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            STRING => Value::String(self.str()?),
            NUMBER => {
                let b = self.take(8)?;
                number(f64::from_le_bytes(b.try_into().ok()?))
            }
            ARRAY | OBJECT if depth >= MAX_DEPTH => return None,
            ARRAY => {
                let n = self.items()?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            OBJECT => {
                let n = self.items()?;
                let mut entries = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = self.str()?;
                    entries.push((key, self.value(depth + 1)?));
                }
                // A JS object's keys are unique; a tape that repeats one keeps the last value.
                Value::Object(Map::from_entries(entries).0)
            }
            _ => return None,
        })
    }
}

/// The number `serde_json` reads from the text `JSON.stringify` writes for `x`: an integral
/// value below 2^64 (or from -2^63) is written in digits and read as an integer, anything else
/// as a float, and a NaN or an infinity is written `null`.
pub fn number(x: f64) -> Value<'static> {
    const TWO_64: f64 = 18_446_744_073_709_551_616.0;
    const MINUS_TWO_63: f64 = -9_223_372_036_854_775_808.0;
    if x.fract() == 0.0 {
        if (0.0..TWO_64).contains(&x) {
            return Value::Number((x as u64).into());
        }
        if (MINUS_TWO_63..0.0).contains(&x) {
            return Value::Number((x as i64).into());
        }
    }
    Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// A tape of `v`, as the glue writes it from the JS value (for the tests).
#[cfg(test)]
pub(crate) fn write_for_tests(v: &Value<'_>) -> Vec<u8> {
    fn bytes(s: &str, out: &mut Vec<u8>) {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    fn write(v: &Value<'_>, out: &mut Vec<u8>) {
        match v {
            Value::Null => out.push(NULL),
            Value::Bool(b) => out.push(if *b { TRUE } else { FALSE }),
            Value::Number(n) => {
                out.push(NUMBER);
                out.extend_from_slice(&n.as_f64().unwrap_or(f64::NAN).to_le_bytes());
            }
            Value::String(s) => {
                out.push(STRING);
                bytes(s, out);
            }
            Value::Array(items) => {
                out.push(ARRAY);
                out.extend_from_slice(&(items.len() as u32).to_le_bytes());
                items.iter().for_each(|i| write(i, out));
            }
            Value::Object(map) => {
                out.push(OBJECT);
                out.extend_from_slice(&(map.len() as u32).to_le_bytes());
                for (k, v) in map.iter() {
                    bytes(k, out);
                    write(v, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    write(v, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tape(v: &serde_json::Value) -> Vec<u8> {
        write_for_tests(&Value::from(v))
    }

    #[test]
    fn a_tape_reads_back_as_the_json_it_stands_for() {
        let v = serde_json::json!({
            "pool": {"name": "é ü", "members": [{"weight": 1, "x": -3, "f": 1.5}, null, true, false],
                     "empty": {}, "none": []}
        });
        let bytes = tape(&v);
        let back = read(&bytes).expect("a well-formed tape");
        assert_eq!(back.to_serde(), v);
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_what_json_stringify_writes() {
        // JSON.stringify: 5 -> "5", -0 -> "0", 1e21 -> "1e+21", 2**64 -> "18446744073709552000",
        // NaN -> "null"; serde_json reads digits as integers when they fit.
        for (x, text) in [
            (5.0, "5"),
            (-0.0, "0"),
            (-7.0, "-7"),
            (1.5, "1.5"),
            (1e21, "1e21"),
            (18_446_744_073_709_551_616.0, "18446744073709552000"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (-9_223_372_036_854_775_808.0, "-9223372036854775808"),
            (-1e19, "-10000000000000000000"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            let expected: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(number(x).to_serde(), expected, "{x}");
        }
    }

    #[test]
    fn a_malformed_tape_is_refused_without_a_panic() {
        let good = tape(&serde_json::json!({"a": [1, "b", {"c": null}]}));
        assert!(read(&good).is_some());
        // Every truncation, every byte changed to every tag value, and trailing bytes.
        for cut in 0..good.len() {
            assert!(read(&good[..cut]).is_none(), "cut at {cut}");
        }
        for at in 0..good.len() {
            for b in [0, 3, 5, 6, 7, 0x80, 0xff] {
                let mut bad = good.clone();
                bad[at] = b;
                let _ = read(&bad);
            }
        }
        let mut longer = good.clone();
        longer.push(NULL);
        assert!(read(&longer).is_none());
        // A count far beyond the tape reserves nothing.
        assert!(read(&[ARRAY, 0xff, 0xff, 0xff, 0xff]).is_none());
        // Invalid UTF-8 in a string.
        assert!(read(&[STRING, 1, 0, 0, 0, 0xff]).is_none());
    }

    #[test]
    fn random_bytes_never_panic() {
        // A fixed xorshift stream: 20,000 tapes of up to 64 bytes, mostly small tags and counts
        // so that the reader gets past the first byte.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut read_some = 0;
        for _ in 0..20_000 {
            let len = (next() % 64) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next() % 4 {
                    0 => (next() % 8) as u8,
                    1 => 0,
                    2 => b'a',
                    _ => next() as u8,
                })
                .collect();
            read_some += usize::from(read(&bytes).is_some());
        }
        assert!(read_some > 100, "{read_some}");
    }

    #[test]
    fn nesting_deeper_than_serde_json_allows_is_refused() {
        let nested = |depth: usize| {
            let mut t = [ARRAY, 1, 0, 0, 0].repeat(depth);
            t.push(NULL);
            t
        };
        assert!(read(&nested(MAX_DEPTH)).is_some());
        assert!(read(&nested(MAX_DEPTH + 1)).is_none());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(serde_json::from_str::<serde_json::Value>(&deep).is_err());
    }
}
