//! A small JSON scanner that knows where every value starts.
//!
//! It serves two purposes:
//! - parsing the *lenient* JSON that Alibaba's `MasterSlaveBackendServers` accepts (single-quoted
//!   strings, as terraform-provider-alicloud and the older seed page write it), and
//! - locating JSON Pointers in source text, lazily, only when a diagnostic needs a line and
//!   column. Pointers that go *inside* a string value (a JSON document embedded in a string) are
//!   followed into the string.
//!
//! The scanner never recurses deeper than [`MAX_DEPTH`] levels and never panics on any input.

use std::collections::HashMap;

use crate::value::{Map, Number, Value};

use crate::pointer::{self, Seg};

/// The deepest nesting the scanner accepts (the same limit as `serde_json`).
pub const MAX_DEPTH: usize = crate::limits::MAX_DEPTH;

/// A syntax error found by the scanner, with its byte offset in the scanned text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// The result of a lenient parse (strings without escapes borrow from the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<'a> {
    /// The value.
    pub value: Value<'a>,
    /// Pointers of duplicated object members (the last one wins).
    pub duplicates: Vec<String>,
    /// Whether any string used single quotes.
    pub single_quoted: bool,
    /// Byte offset where each value starts, by pointer (only with [`parse_lenient_spans`]).
    pub spans: HashMap<String, usize>,
}

/// Parses JSON that may use single-quoted strings.
pub fn parse_lenient(text: &str) -> Result<Lenient<'_>, ScanError> {
    run_parse(text, false)
}

/// Like [`parse_lenient`], also recording where every value starts.
pub fn parse_lenient_spans(text: &str) -> Result<Lenient<'_>, ScanError> {
    run_parse(text, true)
}

fn run_parse(text: &str, spans: bool) -> Result<Lenient<'_>, ScanError> {
    let mut w = Walker::new(text, Mode::Build { spans });
    w.ws();
    let value = w.value()?.unwrap_or(Value::Null);
    w.ws();
    if w.pos < w.b.len() {
        return Err(w.err("unexpected text after the end of the value"));
    }
    Ok(Lenient {
        value,
        duplicates: w.dups,
        single_quoted: w.single_quoted,
        spans: w.found,
    })
}

/// Converts byte offsets into 1-based (line, column) pairs in one pass over the text (the offsets
/// need not be sorted); see [`line_col`].
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<(u32, u32)> {
    let mut out = vec![(1, 1); offsets.len()];
    each_line_col(
        text,
        offsets.len(),
        |i| Some(offsets[i]),
        |i, pos| out[i] = pos,
    );
    out
}

/// [`line_cols`] of the offsets found, `None` staying `None`: the positions of a report's
/// findings, without the copies of the offsets and of the answer that `line_cols` needs there.
pub fn line_cols_found(text: &str, found: &[Option<usize>]) -> Vec<Option<(u32, u32)>> {
    let mut out = vec![None; found.len()];
    each_line_col(text, found.len(), |i| found[i], |i, pos| out[i] = Some(pos));
    out
}

/// Calls `put` with the (line, column) of each of `n` offsets that `offset` gives, in the order of
/// the offsets, counting lines in one pass. The order is kept on the stack for up to 32 offsets
/// (a report's usual few): as a `Vec`, it and the copies around it were four allocations of
/// positioning six findings (callgrind).
fn each_line_col(
    text: &str,
    n: usize,
    offset: impl Fn(usize) -> Option<usize>,
    mut put: impl FnMut(usize, (u32, u32)),
) {
    let mut small = [(0usize, 0usize); 32];
    let mut large = Vec::new();
    let order: &mut [(usize, usize)] = if n <= small.len() {
        &mut small[..n]
    } else {
        large.resize(n, (0, 0));
        &mut large
    };
    let mut k = 0;
    for i in 0..n {
        if let Some(at) = offset(i) {
            order[k] = (at, i);
            k += 1;
        }
    }
    // (offset, index) pairs in plain order: the one sort of pairs that `locate` and
    // `Map::from_entries` use too. Each sort by a key was its own copy of the sorting code,
    // 1-6 KB of the .wasm apiece.
    let order = &mut order[..k];
    order.sort_unstable();
    let (mut at, mut line, mut line_start) = (0usize, 1usize, 0usize);
    // The column of the offset `col_at`: counted on from the offset before on the same line, so
    // that findings on one long line (minified JSON) cost the line once, not once each.
    let (mut col_at, mut col) = (0usize, 1usize);
    for &(offset, i) in order.iter() {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        if offset > at {
            let (newlines, last) = newlines(&text.as_bytes()[at..offset]);
            if let Some(last) = last {
                line += newlines;
                line_start = at + last + 1;
            }
            at = offset;
        }
        if col_at < line_start {
            (col_at, col) = (line_start, 1);
        }
        let offset = offset.max(col_at);
        col += crate::validators::char_len(&text[col_at..offset]);
        col_at = offset;
        put(i, (line as u32, col as u32));
    }
}

/// The number of `\n` bytes in `b` and where the last one is, eight bytes at a time (a byte loop
/// did not vectorise: it was a quarter of locating three findings in a 600-byte request, by
/// callgrind; finding the last one with `rposition` afterwards was another pass of a byte).
fn newlines(b: &[u8]) -> (usize, Option<usize>) {
    let (mut n, mut last) = (0, None);
    // Whole words by `chunks_exact`, which needs no bounds check a word: `swar::word` did one,
    // and the loop took 25 instructions a word (callgrind).
    let mut words = b.chunks_exact(8);
    for (k, chunk) in words.by_ref().enumerate() {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            continue;
        };
        let m = crate::swar::eq_mask(u64::from_le_bytes(bytes), b'\n');
        if m != 0 {
            // The marked bytes summed into the top byte: `count_ones` is a dozen instructions
            // on a target without a population count (x86-64's baseline, WebAssembly's MVP).
            n += ((m >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize;
            last = Some(8 * k + (63 - m.leading_zeros() as usize) / 8);
        }
    }
    let tail = b.len() - words.remainder().len();
    for (j, &c) in words.remainder().iter().enumerate() {
        if c == b'\n' {
            n += 1;
            last = Some(tail + j);
        }
    }
    (n, last)
}

/// Malformed texts, each cut off or wrong at a different point, that the scanner's and the
/// locator's tests both feed in (neither may panic; the locator must agree with its reference).
#[cfg(test)]
pub(crate) const MALFORMED: &[&str] = &[
    "",
    "  ",
    "{",
    "[",
    "'",
    "\"\\u12",
    "{'a'",
    "[1,",
    "-",
    "1e",
    "\u{feff}",
    "{\"a\":tru}",
    "}",
];

/// Converts a byte offset into a 1-based (line, column); columns count characters.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    line_cols(text, &[offset])[0]
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Finds the byte offset of each pointer's value in `text` (JSON, possibly lenient). A pointer
/// whose value is absent resolves to its deepest present ancestor; a pointer that continues inside
/// a string value resolves inside the string when the string holds JSON. Returns `None` only when
/// not even the document root can be found.
pub fn locate(text: &str, pointers: &[&str]) -> Vec<Option<usize>> {
    crate::locate::locate(text, pointers)
}

/// Decodes the string token (either quote) at `pos` as the parser does: its text and the offset
/// after its closing quote, or `None` for a bad escape, a control character or no closing quote.
pub(crate) fn decode_string_at(text: &str, pos: usize) -> Option<(String, usize)> {
    let mut w = Walker::new(text, Mode::Skip);
    w.pos = pos;
    let s = w.string_decoded().ok()?;
    Some((s.into_owned(), w.pos))
}

/// Reads a number the scanner accepted (`-?digits[.digits][e[+-]digits]`) as `f64` with
/// serde_json's reader, which the strict parser uses too. `f64::from_str` would bring core's
/// float-parsing tables into the WebAssembly build (about 12 KB gzipped, measured). serde_json
/// rejects leading zeros, which the lenient form allows, so they are dropped first.
fn read_float(text: &str) -> Option<f64> {
    let (sign, body) = match text.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", text),
    };
    let int_len = body.bytes().take_while(u8::is_ascii_digit).count();
    let zeros = body.bytes().take_while(|&b| b == b'0').count();
    let zeros = zeros.min(int_len.saturating_sub(1));
    if zeros == 0 {
        return serde_json::from_str(text).ok();
    }
    serde_json::from_str(&format!("{sign}{}", &body[zeros..])).ok()
}

/// The character a JSON escape of one letter stands for (`\n` → newline; `u` is not one of them):
/// the strict parser's fast path and this scanner share the table.
#[inline]
pub(crate) fn short_escape(c: u8) -> Option<char> {
    Some(match c {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

/// One step of the scanner's current path.
#[derive(Clone, Copy)]
enum PathSeg {
    /// A member, by the offset of its name's token.
    Key(usize),
    /// An array element.
    Index(usize),
}

enum Mode {
    Build {
        spans: bool,
    },
    /// Check the syntax only.
    Skip,
}

struct Walker<'a> {
    b: &'a [u8],
    s: &'a str,
    pos: usize,
    depth: usize,
    mode: Mode,
    /// The member names (offsets of their tokens) and indices down to the current value: the
    /// pointer is formatted only for a duplicate or a recorded span.
    path: Vec<PathSeg>,
    found: HashMap<String, usize>,
    dups: Vec<String>,
    single_quoted: bool,
    /// The members of the objects being built, innermost last: an object takes its own off the
    /// top when it closes, so that each object allocates once, at its size.
    members: Vec<(std::borrow::Cow<'a, str>, Value<'a>)>,
}

impl<'a> Walker<'a> {
    fn new(s: &'a str, mode: Mode) -> Self {
        Walker {
            b: s.as_bytes(),
            s,
            pos: 0,
            depth: 0,
            mode,
            path: Vec::new(),
            found: HashMap::new(),
            dups: Vec::new(),
            single_quoted: false,
            members: Vec::new(),
        }
    }

    fn err(&self, msg: &str) -> ScanError {
        ScanError {
            offset: self.pos,
            message: msg.to_owned(),
        }
    }

    fn ws(&mut self) {
        loop {
            match self.b.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(0xEF) if self.b[self.pos..].starts_with("\u{feff}".as_bytes()) => {
                    self.pos += 3
                }
                _ => break,
            }
        }
    }

    fn building(&self) -> bool {
        matches!(self.mode, Mode::Build { .. })
    }

    /// Whether value positions are recorded.
    fn recording(&self) -> bool {
        matches!(self.mode, Mode::Build { spans: true })
    }

    /// The pointer of the current value.
    fn pointer(&self) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match *seg {
                PathSeg::Key(at) => {
                    let key = decode_string_at(self.s, at)
                        .map(|(k, _)| k)
                        .unwrap_or_default();
                    pointer::push(&mut out, &Seg::Key(&key));
                }
                PathSeg::Index(i) => pointer::push(&mut out, &Seg::Index(i)),
            }
        }
        out
    }

    /// Parses (or skips) one value. Returns `Some` in build mode.
    fn value(&mut self) -> Result<Option<Value<'a>>, ScanError> {
        let start = self.pos;
        let v = match self.b.get(self.pos) {
            None => return Err(self.err("unexpected end of input: expected a value")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"' | b'\'') => self.string()?.map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => {
                return Err(self
                    .err("expected a value (object, array, string, number, true, false or null)"))
            }
        };
        if self.recording() {
            self.found.insert(self.pointer(), start);
        }
        Ok(v)
    }

    fn enter(&mut self) -> Result<(), ScanError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting is deeper than 128 levels"));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Option<Value<'a>>, ScanError> {
        self.enter()?;
        self.pos += 1;
        let building = self.building();
        let first = self.members.len();
        self.ws();
        if self.b.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(building.then(|| Value::Object(Map::new())));
        }
        loop {
            self.ws();
            if !matches!(self.b.get(self.pos), Some(b'"' | b'\'')) {
                return Err(self.err("expected a quoted member name"));
            }
            let key_at = self.pos;
            let key: std::borrow::Cow<'a, str> = if building {
                self.string_decoded()?
            } else {
                self.skip_string()?;
                "".into()
            };
            self.ws();
            if self.b.get(self.pos) != Some(&b':') {
                return Err(self.err("expected `:` after a member name"));
            }
            self.pos += 1;
            self.ws();
            self.path.push(PathSeg::Key(key_at));
            let v = self.value()?;
            if let Some(v) = v {
                self.members.push((key, v));
            }
            self.path.pop();
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.err("expected `,` or `}` after an object member")),
            }
        }
        self.depth -= 1;
        if !building {
            return Ok(None);
        }
        // Duplicates are merged as the strict parser merges them (the last value wins, at the
        // place of the first), in `n log n` for a large object.
        let (map, dups) = Map::from_entries(self.members.drain(first..).collect());
        if !dups.is_empty() {
            let at = self.pointer();
            for k in dups {
                self.dups.push(pointer::join(&at, [Seg::Key(&k)]));
            }
        }
        Ok(Some(Value::Object(map)))
    }

    fn array(&mut self) -> Result<Option<Value<'a>>, ScanError> {
        self.enter()?;
        self.pos += 1;
        let mut items = self.building().then(Vec::new);
        self.ws();
        if self.b.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(items.map(Value::Array));
        }
        let mut i = 0usize;
        loop {
            self.ws();
            self.path.push(PathSeg::Index(i));
            let past = i >= crate::limits::MAX_CHECKED_ELEMENTS;
            let v = if past && self.building() {
                // Past the limit: check the syntax, keep the length, do not store.
                let mode = std::mem::replace(&mut self.mode, Mode::Skip);
                let r = self.value();
                self.mode = mode;
                r?;
                Some(Value::Null)
            } else {
                self.value()?
            };
            self.path.pop();
            if let (Some(items), Some(v)) = (items.as_mut(), v) {
                items.push(v);
            }
            i += 1;
            self.ws();
            match self.b.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(self.err("expected `,` or `]` after an array element")),
            }
        }
        self.depth -= 1;
        Ok(items.map(Value::Array))
    }

    fn literal(&mut self, word: &str, v: Value<'a>) -> Result<Option<Value<'a>>, ScanError> {
        if self.b[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(self.building().then_some(v))
        } else {
            Err(self.err("expected a value (object, array, string, number, true, false or null)"))
        }
    }

    fn number(&mut self) -> Result<Option<Value<'a>>, ScanError> {
        let start = self.pos;
        if self.b.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let digits = |w: &mut Self| {
            let s = w.pos;
            while matches!(w.b.get(w.pos), Some(b'0'..=b'9')) {
                w.pos += 1;
            }
            w.pos - s
        };
        if digits(self) == 0 {
            return Err(self.err("expected digits in a number"));
        }
        let mut float = false;
        if self.b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            float = true;
            if digits(self) == 0 {
                return Err(self.err("expected digits after the decimal point"));
            }
        }
        if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            float = true;
            if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("expected digits in the exponent"));
            }
        }
        if !self.building() {
            return Ok(None);
        }
        let text = &self.s[start..self.pos];
        if !float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Some(Value::Number(i.into())));
            }
            if let Ok(u) = text.parse::<u64>() {
                return Ok(Some(Value::Number(u.into())));
            }
        }
        match read_float(text).and_then(Number::from_f64) {
            Some(n) => Ok(Some(Value::Number(n))),
            None => Err(ScanError {
                offset: start,
                message: "number out of range".to_owned(),
            }),
        }
    }

    fn string(&mut self) -> Result<Option<std::borrow::Cow<'a, str>>, ScanError> {
        if self.building() {
            self.string_decoded().map(Some)
        } else {
            self.skip_string().map(|()| None)
        }
    }

    fn skip_string(&mut self) -> Result<(), ScanError> {
        let quote = self.b[self.pos];
        if quote == b'\'' {
            self.single_quoted = true;
        }
        self.pos += 1;
        loop {
            match self.b.get(self.pos) {
                None => return Err(self.err("unterminated string")),
                Some(b'\\') => self.pos += 2,
                Some(&c) if c == quote => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// The string token at the current position, decoded: borrowed from the text when it has no
    /// escapes.
    fn string_decoded(&mut self) -> Result<std::borrow::Cow<'a, str>, ScanError> {
        let quote = self.b[self.pos];
        if quote == b'\'' {
            self.single_quoted = true;
        }
        self.pos += 1;
        let body = self.pos;
        self.pos = crate::swar::plain_run_end(self.b, self.pos, quote);
        if self.b.get(self.pos) == Some(&quote) {
            self.pos += 1;
            return Ok(std::borrow::Cow::Borrowed(&self.s[body..self.pos - 1]));
        }
        self.pos = body;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            self.pos = crate::swar::plain_run_end(self.b, self.pos, quote);
            out.push_str(&self.s[run_start..self.pos]);
            match self.b.get(self.pos) {
                None => return Err(self.err("unterminated string")),
                Some(&c) if c == quote => {
                    self.pos += 1;
                    return Ok(out.into());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let esc = self.b.get(self.pos).copied();
                    self.pos += 1;
                    match (esc, esc.and_then(short_escape)) {
                        (_, Some(c)) => out.push(c),
                        // Pseudo-JSON in single quotes escapes its quote.
                        (Some(b'\''), _) => out.push('\''),
                        (Some(b'u'), _) => {
                            let c = self.hex4()?;
                            let c = if (0xD800..0xDC00).contains(&c)
                                && self.b[self.pos..].starts_with(b"\\u")
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                0x10000 + ((c - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF)
                            } else {
                                c
                            };
                            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                        }
                        _ => {
                            self.pos -= 1;
                            return Err(self.err("invalid escape in a string"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character inside a string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ScanError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self
                .b
                .get(self.pos)
                .and_then(|&c| (c as char).to_digit(16))
                .ok_or_else(|| self.err("invalid \\u escape"))?;
            v = v * 16 + d;
            self.pos += 1;
        }
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newlines_are_counted_exactly_whatever_the_bytes_around_them() {
        let bytes: Vec<u8> = (0..=255u8).chain([b'\n'; 9]).chain(0..=255u8).collect();
        for start in 0..20 {
            for end in start..bytes.len() {
                let span = &bytes[start..end];
                let want = span.iter().filter(|&&b| b == b'\n').count();
                let last = span.iter().rposition(|&b| b == b'\n');
                assert_eq!(newlines(span), (want, last), "{start}..{end}");
            }
        }
    }

    /// Found offsets are placed as `line_cols` places them, absent ones stay absent, and more
    /// offsets than the order kept on the stack are placed too.
    #[test]
    fn line_cols_found_agree_with_line_cols() {
        let text = "{\n  \"\u{e9}\": [1,\n 2],\r\n\"b\": \"x\"\n}";
        for n in [0, 1, 5, 32, 33, 80] {
            let found: Vec<Option<usize>> = (0..n)
                .map(|i| (i % 3 != 1).then_some((i * 7) % (text.len() + 3)))
                .collect();
            let got = line_cols_found(text, &found);
            assert_eq!(got.len(), n);
            for (f, pos) in found.iter().zip(&got) {
                assert_eq!(*pos, f.map(|o| line_col(text, o)), "{f:?} of {n}");
            }
        }
    }

    #[test]
    fn line_cols_agree_with_line_col_in_any_order() {
        let text = "{\n  \"é\": [1,\n 2],\r\n\"b\": \"x\"\n}";
        let offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
        let all = line_cols(text, &offsets);
        // Against a direct count from the start of the text for each offset.
        let direct = |offset: usize| {
            let offset = floor_char_boundary(text, offset.min(text.len()));
            let before = &text[..offset];
            let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let col = text[line_start..offset].chars().count() + 1;
            (line as u32, col as u32)
        };
        for (off, pos) in offsets.iter().zip(all) {
            assert_eq!(pos, direct(*off), "offset {off}");
            assert_eq!(pos, line_col(text, *off), "offset {off}");
        }
    }
    use serde_json::json;

    #[test]
    fn locating_the_root_pointer_does_not_panic() {
        assert_eq!(locate("  {\"a\": 1}", &["", "/a"]), vec![Some(2), Some(8)]);
    }

    #[test]
    fn parses_single_quoted_pseudo_json_as_terraform_sends_it() {
        let t = "[{'ServerId':'i-abc','Port':'80','Weight':'100', 'Type': 'ecs', 'ServerType': 'Master', 'IsBackup':'0'}]";
        let p = parse_lenient(t).unwrap();
        assert!(p.single_quoted);
        assert_eq!(p.value.to_serde()[0]["Port"], json!("80"));
    }

    #[test]
    fn missing_comma_is_a_syntax_error_with_offset() {
        let t = "[{'ServerId':'vm-232','Port':'90','Weight':'100''ServerType':'Slave'}]";
        let e = parse_lenient(t).unwrap_err();
        assert_eq!(&t[e.offset..e.offset + 1], "'");
    }

    #[test]
    fn duplicates_merge_as_the_strict_parser_merges_them_in_small_and_large_objects() {
        for n in [3usize, 40] {
            let mut t = String::from("{");
            for i in 0..n {
                t.push_str(&format!("'k{i}': {i}, "));
            }
            t.push_str("'k1': {'x': 1, 'x': 2}, 'k0': 'last'}");
            let p = parse_lenient(&t).unwrap();
            let double = t.replace('\'', "\"");
            let strict = crate::parse::parse_json(&double).unwrap();
            assert_eq!(p.value, strict.value, "{n}");
            let mut dups = p.duplicates.clone();
            dups.sort();
            assert_eq!(dups, ["/k0", "/k1", "/k1/x"], "{n}");
            let m = p.value.as_object().unwrap();
            assert_eq!(m.len(), n);
            assert_eq!(m.get("k0").and_then(Value::as_str), Some("last"));
        }
    }

    #[test]
    fn records_spans_and_duplicates() {
        let t = r#"{"a": [1, {"b": 2, "b": 3}]}"#;
        let p = parse_lenient_spans(t).unwrap();
        assert_eq!(p.duplicates, vec!["/a/1/b"]);
        assert_eq!(p.spans["/a/1"], t.find("{\"b").unwrap());
    }

    #[test]
    fn locates_values_ancestors_and_inside_strings() {
        let t = "{\n  \"x\": {\"y\": 5},\n  \"s\": \"[{\\\"Port\\\": 0}]\"\n}";
        let r = locate(t, &["/x/y", "/x/missing", "/s/0/Port", "/nope"]);
        assert_eq!(line_col(t, r[0].unwrap()), (2, 14));
        assert_eq!(line_col(t, r[1].unwrap()), (2, 8));
        let port = r[2].unwrap();
        assert_eq!(&t[port..port + 1], "0");
        assert_eq!(r[3], Some(0));
    }

    #[test]
    fn locates_the_root_pointer_of_any_document() {
        for t in ["[]", "null", "\"x\"", "  {}", ""] {
            let r = locate(t, &["", "/a"]);
            assert_eq!(r.len(), 2, "{t}");
        }
        assert_eq!(locate("  []", &[""])[0], Some(2));
    }

    #[test]
    fn reads_lenient_floats_like_the_strict_parser() {
        for (text, want) in [
            ("1.5", Some(1.5)),
            ("-0.25", Some(-0.25)),
            ("01.5", Some(1.5)),
            ("-00.25", Some(-0.25)),
            ("000", Some(0.0)),
            ("1e3", Some(1000.0)),
            ("12345678901234567890", Some(12345678901234567890.0)),
            ("1e400", None),
        ] {
            assert_eq!(read_float(text), want, "{text}");
        }
        let v = parse_lenient("[{'Port': 08.5, 'Weight': -0}]")
            .unwrap()
            .value;
        assert_eq!(v.as_array().unwrap()[0]["Port"].as_f64(), Some(8.5));
        assert_eq!(v.as_array().unwrap()[0]["Weight"].as_i64(), Some(0));
    }

    #[test]
    fn never_panics_on_garbage() {
        for &t in MALFORMED {
            let _ = parse_lenient(t);
            let _ = locate(t, &["/a/0"]);
        }
        let deep = "[".repeat(100_000);
        assert!(parse_lenient(&deep).is_err());
        let _ = locate(&deep, &["/0/0"]);
    }
}
