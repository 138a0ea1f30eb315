//! The fast path of [`super::parse_json`]: strict JSON read straight into a [`Value`], for the
//! texts that need nothing unusual, which is nearly every request.
//!
//! `serde_json`'s deserializer, driven through serde's visitor traits, was a third of a valid
//! pool request's instructions (callgrind), and for an Alibaba request it decoded the escaped
//! server list into a scratch buffer grown from empty, one reallocation at a time. This reader
//! answers only when it is sure: it gives up (`None`) on anything a strict reader rejects and on
//! whatever it does not model, and `parse_json` then hands the text to `serde_json`, which
//! decides. So the two never disagree on what is valid, and every error message and position
//! still comes from `serde_json`. It gives up on:
//! - any syntax error, or text after the value;
//! - nesting deeper than [`MAX_NEST`] (`serde_json` stops at 128 levels);
//! - numbers with a fraction or an exponent, `-0`, and integers beyond 64 bits (`serde_json`
//!   reads these as floats, with its own rounding);
//! - `\u` escapes of UTF-16 surrogates (lone ones are errors);
//! - duplicate member names (`serde_json`'s path also reports their pointers).

use std::borrow::Cow;

use crate::value::{Map, Value};

/// The deepest nesting read here; deeper texts go to `serde_json`.
const MAX_NEST: usize = 100;

/// The first capacity of an escaped string's buffer (at most the rest of the text): an Alibaba
/// server list of a few servers fits in one allocation.
const ESCAPED_FIRST_CAPACITY: usize = 512;

/// Reads `text` as one JSON value, or `None` when `serde_json` must decide.
pub(super) fn parse(text: &str) -> Option<Value<'_>> {
    let mut p = Reader {
        s: text,
        b: text.as_bytes(),
        i: 0,
    };
    let mut v = Value::Null;
    p.value(0, &mut v)?;
    p.ws();
    (p.i == p.b.len()).then_some(v)
}

struct Reader<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    #[inline]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The byte at the reader, after white space.
    #[inline]
    fn next(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    /// Reads one value into `slot` (which holds `Null`). Every value is written where it stays:
    /// returned through memory and copied into its parent, the value was stored a piece at a
    /// time and at once loaded whole, and a load that spans several pending stores waits for them
    /// (a "store forwarding" stall). Those copies were half of this function's time and a tenth of
    /// a valid member request's, by `perf`, although few instructions (callgrind).
    fn value(&mut self, depth: usize, slot: &mut Value<'a>) -> Option<()> {
        *slot = match self.next()? {
            b'"' => Value::String(self.string()?),
            b'{' => return self.object(depth + 1, slot),
            b'[' => return self.array(depth + 1, slot),
            b't' => self.literal("true", Value::Bool(true))?,
            b'f' => self.literal("false", Value::Bool(false))?,
            b'n' => self.literal("null", Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.integer()?),
            _ => return None,
        };
        Some(())
    }

    #[inline]
    fn literal(&mut self, word: &str, v: Value<'a>) -> Option<Value<'a>> {
        let end = self.i + word.len();
        (self.b.get(self.i..end)? == word.as_bytes()).then(|| {
            self.i = end;
            v
        })
    }

    /// An integer that fits 64 bits (`-?(0|[1-9][0-9]*)`), not followed by a fraction or an
    /// exponent: what `serde_json` reads as `u64` (not negative) or `i64` (negative).
    #[inline]
    fn integer(&mut self) -> Option<crate::value::Number> {
        let negative = self.b[self.i] == b'-';
        let start = self.i + usize::from(negative);
        let mut i = start;
        let mut n: u64 = 0;
        while let Some(&c @ b'0'..=b'9') = self.b.get(i) {
            n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
            i += 1;
        }
        let digits = i - start;
        if digits == 0 || (digits > 1 && self.b[start] == b'0') {
            return None;
        }
        if let Some(b'.' | b'e' | b'E') = self.b.get(i) {
            return None;
        }
        self.i = i;
        if negative {
            // `-0` is a float to serde_json; so is anything below `-i64::MAX` here.
            let n = i64::try_from(n).ok().filter(|&n| n != 0)?;
            Some((-n).into())
        } else {
            Some(n.into())
        }
    }

    /// A string at its opening quote: borrowed from the text unless it has escapes. Inlined, so
    /// that a borrowed string goes to its place in registers (see [`Reader::value`]); a string
    /// with escapes is decoded out of line.
    #[inline]
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.i + 1;
        let i = crate::swar::plain_run_end(self.b, start, b'"');
        if self.b.get(i) == Some(&b'"') {
            self.i = i + 1;
            // Both ends are at ASCII quotes: character boundaries.
            return self.s.get(start..i).map(Cow::Borrowed);
        }
        self.escaped(start, i).map(Cow::Owned)
    }

    /// The rest of a string whose plain run from `start` ends at `i`, at something other than
    /// its closing quote.
    #[inline(never)]
    fn escaped(&mut self, start: usize, mut i: usize) -> Option<String> {
        // Escapes: decoded in one pass, into a buffer of a first guess's size that grows for a
        // longer string and is cut back when far too large. Finding the end first, to allocate
        // once at the right size, was a second pass over the pieces: 6% of a valid Alibaba
        // request, whose server list is one escaped string (callgrind).
        // Decoded as bytes: every piece is either a run of the text between ASCII bytes (whole
        // characters) or an escape's UTF-8, so the result is UTF-8 and the check at the end
        // cannot fail. Pushing `char`s and slicing the `str` checked boundaries at every piece.
        let b = self.b;
        let mut out = Vec::with_capacity((b.len() - start).min(ESCAPED_FIRST_CAPACITY));
        out.extend_from_slice(b.get(start..i)?);
        loop {
            // Eight bytes at a time, each word copied whole and the copy cut back to the byte
            // that ends the plain run: the runs between the escapes of JSON text in a string
            // are a few bytes each, and finding each run's end then copying it (a call to
            // `memcpy`) was 80 instructions an escape, most of decoding a valid Alibaba
            // request's server list (callgrind).
            if let Some(w) = crate::swar::word(b, i) {
                out.extend_from_slice(&w.to_le_bytes());
                let hits = crate::swar::first_eq_mask(w, b'"')
                    | crate::swar::first_eq_mask(w, b'\\')
                    | crate::swar::first_below_mask(w, 0x20);
                if hits == 0 {
                    i += 8;
                    continue;
                }
                let k = crate::swar::first(hits);
                out.truncate(out.len() - 8 + k);
                i += k;
            }
            match *b.get(i)? {
                b'"' => {
                    self.i = i + 1;
                    // A text of many short escaped strings must not keep the first guess's
                    // capacity for each.
                    if out.capacity() > 2 * out.len() + 64 {
                        out.shrink_to_fit();
                    }
                    return String::from_utf8(out).ok();
                }
                b'\\' => match *b.get(i + 1)? {
                    b'u' => {
                        let hex = self.s.get(i + 2..i + 6)?;
                        if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                            return None;
                        }
                        // A surrogate (0xD800-0xDFFF) is no char: serde_json decides.
                        let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                        i += 6;
                    }
                    c => {
                        out.push(u8::try_from(crate::scan::short_escape(c)?).ok()?);
                        i += 2;
                    }
                },
                // A control character.
                c if c < 0x20 => return None,
                // The last bytes of the text, fewer than a word.
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
    }

    /// After a member or an element: `true` past the `close` that ends the container, `false`
    /// past a comma, `None` at anything else.
    #[inline]
    fn closes(&mut self, close: u8) -> Option<bool> {
        let c = self.next()?;
        self.i += 1;
        match c {
            b',' => Some(false),
            c if c == close => Some(true),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize, slot: &mut Value<'a>) -> Option<()> {
        if depth > MAX_NEST {
            return None;
        }
        self.i += 1;
        let mut members: Vec<(Cow<'a, str>, Value<'a>)> = Vec::with_capacity(8);
        if self.next()? == b'}' {
            self.i += 1;
        } else {
            loop {
                if self.next()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                if self.next()? != b':' {
                    return None;
                }
                self.i += 1;
                // Pushed empty and filled in place: a pushed `(key, value)` was built on the
                // stack a word at a time and copied whole (see `value`).
                members.resize_with(members.len() + 1, || (Cow::Borrowed(""), Value::Null));
                let (k, v) = members.last_mut()?;
                *k = key;
                self.value(depth, v)?;
                if self.closes(b'}')? {
                    break;
                }
            }
        }
        let (map, dups) = Map::from_entries(members);
        *slot = Value::Object(map);
        dups.is_empty().then_some(())
    }

    fn array(&mut self, depth: usize, slot: &mut Value<'a>) -> Option<()> {
        if depth > MAX_NEST {
            return None;
        }
        self.i += 1;
        let mut items = Vec::new();
        if self.next()? == b']' {
            self.i += 1;
        } else {
            let mut past = Value::Null;
            loop {
                // Past the elements the rules check only the length is kept (see `limits`).
                if items.len() < crate::limits::MAX_CHECKED_ELEMENTS {
                    items.push(Value::Null);
                    self.value(depth, items.last_mut()?)?;
                } else {
                    self.value(depth, &mut past)?;
                    past = Value::Null;
                    items.push(Value::Null);
                }
                if self.closes(b']')? {
                    break;
                }
            }
        }
        *slot = Value::Array(items);
        Some(())
    }
}

/// Whether two values are the same, members in the same order (`==` ignores the order).
pub(super) fn identical(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| identical(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((k, x), (l, y))| k == l && identical(x, y))
        }
        (Value::Number(x), Value::Number(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `serde_json` makes of a text: the value, when it is valid without duplicates.
    fn by_serde(text: &str) -> Option<Value<'_>> {
        super::super::parse_with_serde(text, false)
            .ok()
            .filter(|p| p.duplicates.is_empty())
            .map(|p| p.value)
    }

    /// The fast path answers only when serde_json agrees.
    fn check(text: &str) -> Option<Value<'_>> {
        let fast = parse(text);
        if let Some(v) = &fast {
            let serde = by_serde(text);
            assert!(
                serde.as_ref().is_some_and(|s| identical(s, v)),
                "fast {v:?} but serde_json {serde:?} for {text:?}"
            );
        }
        fast
    }

    #[test]
    fn reads_plain_json_as_serde_json_does() {
        for text in [
            r#"{"pool": {"name": "a", "members": [{"x": 1}, {"y": -2}], "on": true, "off": false, "n": null}}"#,
            " \t\r\n[ ] ",
            "{}",
            "[1, [2, [3, {}]], {\"a\": []}]",
            "0",
            "-1",
            "18446744073709551615",
            "-9223372036854775807",
            r#""plain""#,
            r#""esc \" \\ \/ \b \f \n \r \t \u00e9 \u0041 \u0000 end""#,
            r#"{"k\u00e9y": "v\nw", "\"": "\\"}"#,
            "\"\u{e9}t\u{e9} \u{1f600}\"",
            // Escapes next to raw multi-byte characters, and escapes that decode to them.
            "\"\u{4e2d}\\\"\u{6587}\\u4e2d\\n\u{1f600}\\u00e9\u{e9}\"",
            r#"{"a": 1, "b": {"a": 2}}"#,
        ] {
            assert!(check(text).is_some(), "{text:?}");
        }
    }

    /// Escaped strings on both sides of the first guess of a buffer's size, escapes straddling
    /// it; and a text of many short escaped strings keeps each at about its length.
    #[test]
    fn escaped_strings_of_any_length_decode_and_keep_their_size() {
        for n in [
            0, 1, 100, 500, 509, 510, 511, 512, 513, 1023, 1024, 1025, 5000,
        ] {
            for tail in [r"\n", r"\u00e9", r#"\"x"#, "\u{e9}\\t"] {
                let text = format!(r#""{}{tail}{}\"""#, "a".repeat(n), r"b\/".repeat(n % 7));
                assert!(check(&text).is_some(), "{n} {tail}");
            }
        }
        let text = format!(r#"[{}"\n"]"#, r#""a\nb", "#.repeat(900));
        let Some(Value::Array(items)) = check(&text) else {
            panic!("not read")
        };
        assert_eq!(items.len(), 901);
        for item in &items {
            let Value::String(Cow::Owned(s)) = item else {
                panic!("{item:?}")
            };
            assert!(
                s.capacity() <= 2 * s.len() + 64,
                "{} for {}",
                s.capacity(),
                s.len()
            );
        }
    }

    /// The decoder copies eight bytes at a time and cuts the copy back at the byte that ends
    /// the run: an escape, the closing quote or a control character at every place in a word,
    /// multi-byte characters across words, and strings that end the text (fewer than eight
    /// bytes left) all decode as `serde_json` decodes them.
    #[test]
    fn escapes_anywhere_in_a_word_decode_as_serde_json_does() {
        for k in 0..18 {
            let run = "ab\u{e9}cdefgh\u{4e2d}"
                .chars()
                .cycle()
                .take(k)
                .collect::<String>();
            for esc in [r#"\""#, r"\\", r"\n", r"\u00e9", r"\u4e2d", r"\/"] {
                for tail in ["", "x", "1234567", "12345678", "\u{e9}\u{e9}\u{e9}\u{e9}"] {
                    let text = format!(r#""{run}{esc}{tail}{esc}{run}""#);
                    let Some(Value::String(s)) = check(&text) else {
                        panic!("not read: {text:?}")
                    };
                    assert!(s.len() <= text.len(), "{text:?}");
                    // The same string as a member value, with text after it.
                    assert!(check(&format!(r#"{{"k": {text}, "n": 1}}"#)).is_some());
                }
                // A control character at any place after an escape is an error.
                for cut in 0..=k {
                    let mut bad = run.chars().take(cut).collect::<String>();
                    bad.push('\u{1}');
                    let text = format!(r#""{esc}{bad}{run}""#);
                    assert!(check(&text).is_none(), "{text:?}");
                }
                // Unclosed after an escape, at any length.
                assert!(check(&format!(r#""{run}{esc}{run}"#)).is_none());
            }
        }
    }

    #[test]
    fn leaves_to_serde_json_what_it_does_not_model() {
        for text in [
            "",
            "   ",
            "{",
            "[1,]",
            r#"{"a": 1,}"#,
            r#"{"a" 1}"#,
            r#"{a: 1}"#,
            "[1 2]",
            "01",
            "-",
            "-0",
            "1.5",
            "1e3",
            "2E-1",
            "18446744073709551616",
            "-9223372036854775808",
            "tru",
            "nul",
            "[true false]",
            "{} {}",
            "{}x",
            r#""\ud83d\ude00""#,
            r#""\udc00""#,
            r#""\u12g4""#,
            r#""\u+123""#,
            r#""\x""#,
            "\"tab\there\"",
            "\"ctrl\u{1}\"",
            r#""open"#,
            r#"{"a": 1, "a": 2}"#,
            r#"[{"x": [{"y": 1, "y": 1}]}]"#,
            "'single'",
        ] {
            assert!(check(text).is_none(), "{text:?}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_NEST + 1), "]".repeat(MAX_NEST + 1));
        assert!(check(&deep).is_none());
        let deep = format!("{}{}", "[".repeat(MAX_NEST), "]".repeat(MAX_NEST));
        assert!(check(&deep).is_some());
    }

    #[test]
    fn long_arrays_keep_their_length_but_not_their_tail() {
        let n = crate::limits::MAX_CHECKED_ELEMENTS + 3;
        let text = format!("[{}{{}}]", "{\"a\": [1]},".repeat(n - 1));
        let v = check(&text).expect("plain JSON");
        let a = v.as_array().expect("array");
        assert_eq!(a.len(), n);
        assert!(a[crate::limits::MAX_CHECKED_ELEMENTS - 1].is_object());
        assert!(a[crate::limits::MAX_CHECKED_ELEMENTS].is_null());
    }

    /// Every bundled request and fixture, and each of them changed one byte at a time at many
    /// places: wherever the fast path answers, serde_json gives the same value; and it answers
    /// for the bundled requests themselves.
    #[test]
    fn agrees_with_serde_json_on_the_corpus_and_its_mutations() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        let mut dirs = vec![
            root.join("examples"),
            root.join("tests"),
            root.join("benches"),
        ];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        texts.push((path, text));
                    }
                }
            }
        }
        assert!(texts.len() > 50, "found {} JSON files", texts.len());
        let mut answered = 0;
        let edits = [
            "\"", "\\", "{", "}", "[", "]", ",", ":", "0", "-", ".", "e", " ", "\n", "\u{1}", "u",
            "t", "", "\\u", "9", "\u{e9}",
        ];
        for (path, text) in &texts {
            if by_serde(text).is_some() && !text.contains('.') {
                assert!(check(text).is_some(), "{}", path.display());
            }
            let cuts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            let step = (cuts.len() / 150).max(1);
            for (n, &i) in cuts.iter().step_by(step).enumerate() {
                let edit = edits[n % edits.len()];
                let next = cuts.iter().find(|&&j| j > i).copied().unwrap_or(i);
                for mutated in [
                    format!("{}{edit}{}", &text[..i], &text[i..]),
                    format!("{}{edit}{}", &text[..i], &text[next..]),
                    text[..i].to_owned(),
                ] {
                    answered += usize::from(check(&mutated).is_some());
                }
            }
        }
        assert!(
            answered > 1000,
            "the fast path answered only {answered} times"
        );
    }
}
