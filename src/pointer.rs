//! JSON Pointers (RFC 6901): building, parsing and resolving.

use crate::swar;
use crate::value::Value;

/// One segment of a pointer: an object key or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// An object member name.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

impl<'a> From<&'a str> for Seg<'a> {
    fn from(s: &'a str) -> Self {
        Seg::Key(s)
    }
}

impl<'a> From<&'a String> for Seg<'a> {
    fn from(s: &'a String) -> Self {
        Seg::Key(s)
    }
}

impl From<usize> for Seg<'_> {
    fn from(i: usize) -> Self {
        Seg::Index(i)
    }
}

/// Appends one escaped segment (`~` → `~0`, `/` → `~1`) to a pointer.
pub fn push(ptr: &mut String, seg: &Seg<'_>) {
    // Writing into a String cannot fail.
    let _ = write_seg(ptr, seg);
}

/// `n` in decimal, written into `buf`. The formatting machinery (`write!`, `format!`) took about
/// 300 instructions a number where this takes about 100 (callgrind); findings write their
/// pointers' indices and their messages' bounds with it.
pub(crate) fn digits(mut n: u64, buf: &mut [u8; 20]) -> &str {
    // One digit, the usual array index, without checking the buffer is UTF-8: that check was
    // half of this function's instructions (callgrind).
    const ONE: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    if n < 10 {
        return ONE[n as usize];
    }
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[i..]).unwrap_or_default()
}

/// Appends `n` in decimal, without the formatting machinery: about 100 instructions where
/// `write!` took about 300 (callgrind).
pub fn push_uint(out: &mut String, n: u64) {
    out.push_str(digits(n, &mut [0; 20]));
}

/// Appends `n` in decimal, with a `-` when negative (see [`push_uint`]).
pub fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_uint(out, n.unsigned_abs());
}

/// Writes `/` and one escaped segment: the one place pointers are escaped ([`push`] and
/// [`Loc`]'s `Display` both use it).
fn write_seg(out: &mut impl std::fmt::Write, seg: &Seg<'_>) -> std::fmt::Result {
    match seg {
        Seg::Index(i) => {
            out.write_str("/")?;
            out.write_str(digits(*i as u64, &mut [0; 20]))
        }
        Seg::Key(k) => {
            out.write_str("/")?;
            let mut rest = *k;
            while let Some(i) = rest.find(['~', '/']) {
                out.write_str(&rest[..i])?;
                out.write_str(if rest.as_bytes()[i] == b'~' {
                    "~0"
                } else {
                    "~1"
                })?;
                rest = &rest[i + 1..];
            }
            out.write_str(rest)
        }
    }
}

/// Builds a pointer from segments.
pub fn build<'a>(segs: impl IntoIterator<Item = Seg<'a>>) -> String {
    let mut s = String::new();
    for seg in segs {
        push(&mut s, &seg);
    }
    s
}

/// Joins a base pointer and more segments.
pub fn join<'a>(base: &str, segs: impl IntoIterator<Item = Seg<'a>>) -> String {
    let mut s = base.to_owned();
    for seg in segs {
        push(&mut s, &seg);
    }
    s
}

/// One pointer segment unescaped (`~1` is `/`, `~0` is `~`, in that order); borrowed when it
/// has no escapes.
pub fn unescape(seg: &str) -> std::borrow::Cow<'_, str> {
    if seg.contains('~') {
        seg.replace("~1", "/").replace("~0", "~").into()
    } else {
        seg.into()
    }
}

/// Splits a pointer into unescaped segments. `""` is the whole document.
/// Returns `None` for a string that is not a pointer (does not start with `/`).
pub fn split(ptr: &str) -> Option<Vec<String>> {
    if ptr.is_empty() {
        return Some(Vec::new());
    }
    let rest = ptr.strip_prefix('/')?;
    Some(rest.split('/').map(|s| unescape(s).into_owned()).collect())
}

/// Resolves a pointer in a value, like `Value::pointer` but without allocating for segments
/// that need no unescaping.
pub fn resolve<'v, 'a>(value: &'v Value<'a>, ptr: &str) -> Option<&'v Value<'a>> {
    // On bytes: slicing a `str` checks character boundaries at every segment, and '/' and '~'
    // are ASCII, so a segment of a valid pointer is valid UTF-8 anyway.
    let mut cur = value;
    let mut rest = ptr.as_bytes();
    while let [b'/', tail @ ..] = rest {
        let (end, escaped) = segment(tail);
        let (seg, next) = tail.split_at(end);
        rest = next;
        cur = if escaped {
            step(cur, unescape(&String::from_utf8_lossy(seg)).as_bytes())?
        } else {
            step(cur, seg)?
        };
    }
    rest.is_empty().then_some(cur)
}

/// The first segment of a pointer's rest, the rest after it, and whether the segment has
/// escapes.
#[inline(always)]
pub(crate) fn next_segment(rest: &str) -> (&str, Option<&str>, bool) {
    let (end, escaped) = segment(rest.as_bytes());
    // `end` is at a '/' or at the end: a character boundary.
    match (rest.get(..end), rest.get(end + 1..)) {
        (Some(seg), Some(after)) => (seg, Some(after), escaped),
        _ => (rest, None, escaped),
    }
}

/// The length of the segment at the start of `s` (up to its first '/', else all of it) and
/// whether it holds a '~'. Eight bytes at a time: a byte loop here was a sixteenth of a valid
/// pool request's instructions (callgrind), when rules still named fields by pointer text.
#[inline(always)]
fn segment(s: &[u8]) -> (usize, bool) {
    let (mut i, mut escaped) = (0, false);
    while let Some(w) = swar::word(s, i) {
        let (slash, tilde) = (swar::eq_mask(w, b'/'), swar::eq_mask(w, b'~'));
        if slash != 0 {
            // Only a '~' before the '/' is in the segment: the bits below the slash's lowest.
            let below = (slash & slash.wrapping_neg()).wrapping_sub(1);
            return (i + swar::first(slash), escaped || tilde & below != 0);
        }
        escaped |= tilde != 0;
        i += 8;
    }
    while let Some(&b) = s.get(i) {
        match b {
            b'/' => break,
            b'~' => escaped = true,
            _ => {}
        }
        i += 1;
    }
    (i, escaped)
}

#[inline]
fn step<'v, 'a>(v: &'v Value<'a>, seg: &[u8]) -> Option<&'v Value<'a>> {
    match v {
        Value::Object(m) => m.get_bytes(seg),
        Value::Array(a) => {
            if (seg.len() > 1 && seg[0] == b'0') || seg.first() == Some(&b'+') {
                return None;
            }
            a.get(std::str::from_utf8(seg).ok()?.parse::<usize>().ok()?)
        }
        _ => None,
    }
}

/// Where a matched value is: a chain of segments on the stack, turned into a JSON Pointer only
/// when a rule reports (matching allocates nothing). `Display` writes the escaped pointer.
#[derive(Debug, Clone, Copy)]
pub struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    seg: Option<Seg<'a>>,
}

impl<'a> Loc<'a> {
    /// The whole document (`""`).
    pub const ROOT: Loc<'static> = Loc {
        parent: None,
        seg: None,
    };

    /// A child of this location.
    pub fn child(&'a self, seg: Seg<'a>) -> Loc<'a> {
        Loc {
            parent: Some(self),
            seg: Some(seg),
        }
    }

    /// Whether this is the whole document.
    pub fn is_root(&self) -> bool {
        self.seg.is_none()
    }
}

impl Loc<'_> {
    /// The location's JSON Pointer: what `to_string` gives, written straight into one string.
    pub fn pointer(&self) -> String {
        let mut out = String::with_capacity(32);
        self.push_to(&mut out);
        out
    }

    fn push_to(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.push_to(out);
        }
        if let Some(seg) = &self.seg {
            push(out, seg);
        }
    }
}

impl std::fmt::Display for Loc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(parent) = self.parent {
            std::fmt::Display::fmt(parent, f)?;
        }
        match &self.seg {
            None => Ok(()),
            Some(seg) => write_seg(f, seg),
        }
    }
}

/// Calls `f(value, location)` for every value matching a pattern such as
/// `/pool/members/*/address`, where `*` matches every element of an array (and nothing else).
/// Values that are absent are skipped (the required rules visit the parent objects instead).
pub fn for_each_match<'v, 'a>(
    value: &'v Value<'a>,
    pattern: &str,
    f: &mut dyn FnMut(&'v Value<'a>, &Loc<'_>),
) {
    for_each_match_at(value, pattern, &Loc::ROOT, f);
}

/// [`for_each_match`] for a value found at `loc` (the locations passed to `f` continue it).
pub fn for_each_match_at<'v, 'a>(
    value: &'v Value<'a>,
    pattern: &str,
    loc: &Loc<'_>,
    f: &mut dyn FnMut(&'v Value<'a>, &Loc<'_>),
) {
    walk(value, pattern.strip_prefix('/'), loc, f);
}

/// Walks the rest of a pattern (`None` when it is used up) without allocating.
fn walk<'v, 'a>(
    value: &'v Value<'a>,
    pattern: Option<&str>,
    loc: &Loc<'_>,
    f: &mut dyn FnMut(&'v Value<'a>, &Loc<'_>),
) {
    let Some(pattern) = pattern else {
        f(value, loc);
        return;
    };
    let (first, rest, _) = next_segment(pattern);
    if first == "*" {
        if let Value::Array(items) = value {
            for (i, item) in items
                .iter()
                .enumerate()
                .take(crate::limits::MAX_CHECKED_ELEMENTS)
            {
                walk(item, rest, &loc.child(Seg::Index(i)), f);
            }
        }
    } else if let Value::Object(map) = value {
        if let Some(v) = map.get(first) {
            walk(v, rest, &loc.child(Seg::Key(first)), f);
        }
    }
}

/// Splits a pattern into its parent pattern and last key: `/pool/members/*/address` →
/// (`/pool/members/*`, `address`).
pub fn parent_and_key(pattern: &str) -> (&str, &str) {
    match pattern.rfind('/') {
        Some(i) => (&pattern[..i], &pattern[i + 1..]),
        None => ("", pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    /// `serde_json::json!`, as the engine's value type.
    macro_rules! json {
        ($($t:tt)+) => {
            crate::value::Value::from(serde_json::json!($($t)+))
        };
    }

    #[test]
    fn segments_end_at_the_first_slash_and_see_only_their_own_tildes() {
        // Every placement of one '/' and one '~' in strings of up to 20 bytes.
        for len in 0..20 {
            for slash in 0..=len {
                for tilde in 0..=len {
                    let mut b = vec![b'a'; len];
                    if let Some(c) = b.get_mut(slash) {
                        *c = b'/';
                    }
                    if let Some(c) = b.get_mut(tilde) {
                        *c = b'~';
                    }
                    let end = b.iter().position(|&c| c == b'/').unwrap_or(len);
                    let escaped = b[..end].contains(&b'~');
                    assert_eq!(
                        segment(&b),
                        (end, escaped),
                        "{:?}",
                        String::from_utf8_lossy(&b)
                    );
                }
            }
        }
    }

    #[test]
    fn nested_locations_continue_the_parent() {
        let pool = Loc::ROOT.child(Seg::Key("pool"));
        let seen = [
            pool.child(Seg::Key("healthmonitor")).to_string(),
            Loc::ROOT.to_string(),
        ];
        assert_eq!(seen, ["/pool/healthmonitor", ""]);
        let v = json!({"hm": {"x": [1, 2]}});
        let mut got = Vec::new();
        for_each_match_at(&v, "/hm/x/*", &pool, &mut |_, p| got.push(p.to_string()));
        assert_eq!(got, ["/pool/hm/x/0", "/pool/hm/x/1"]);
    }

    #[test]
    fn escapes_and_splits() {
        let p = build([Seg::Key("a/b"), Seg::Key("c~d"), Seg::Index(3)]);
        assert_eq!(p, "/a~1b/c~0d/3");
        assert_eq!(split(&p).unwrap(), vec!["a/b", "c~d", "3"]);
        assert_eq!(split("").unwrap(), Vec::<String>::new());
        assert!(split("x").is_none());
    }

    #[test]
    fn unescapes_tilde_one_before_tilde_zero() {
        assert_eq!(unescape("a~1b"), "a/b");
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(unescape("~10"), "/0");
        assert!(matches!(
            unescape("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn resolves_like_serde_json() {
        let v = json!({"a/b": {"c~d": [1, {"e": 2}]}, "": 3});
        for p in [
            "",
            "/a~1b",
            "/a~1b/c~0d/1/e",
            "/a~1b/c~0d/01",
            "/x",
            "/",
            "/a~1b/c~0d/9",
            "/a~1b/c~0d/0",
            "/a~1b/c~0d/+1",
            "/a~1b/c~0d/-",
            "/a~1b/",
            "/a~1b/c~0d/1/e/f",
            "x",
        ] {
            assert_eq!(
                resolve(&v, p).map(Value::to_serde),
                v.to_serde().pointer(p).cloned(),
                "{p}"
            );
        }
    }

    #[test]
    fn locations_display_as_escaped_pointers() {
        let root = Loc::ROOT;
        assert!(root.is_root());
        assert_eq!(root.to_string(), "");
        let a = root.child(Seg::Key("a/b~c"));
        let b = a.child(Seg::Index(7));
        let c = b.child(Seg::Key("~/"));
        assert_eq!(c.to_string(), "/a~1b~0c/7/~0~1");
        assert_eq!(
            c.to_string(),
            build([Seg::Key("a/b~c"), Seg::Index(7), Seg::Key("~/")])
        );
        // Written straight into a string, the same pointer.
        assert_eq!(c.pointer(), c.to_string());
        assert_eq!(root.pointer(), "");
        let million = c.child(Seg::Index(1_000_000));
        let deep = million.child(Seg::Key(""));
        assert_eq!(deep.pointer(), "/a~1b~0c/7/~0~1/1000000/");
        assert_eq!(deep.pointer(), deep.to_string());
    }

    #[test]
    fn numbers_are_written_as_the_formatter_writes_them() {
        let mut some: Vec<u64> = (0..=12).collect();
        some.extend([
            99,
            100,
            65_535,
            65_536,
            (1 << 32) + 3,
            u64::MAX,
            u64::MAX - 1,
        ]);
        some.extend((0..64).map(|k| 1u64 << k));
        some.extend((1..20).map(|k| 10u64.pow(k) - 1));
        for n in some {
            let mut s = String::from("x");
            push_uint(&mut s, n);
            assert_eq!(s, format!("x{n}"));
            let i = n as i64;
            let mut s = String::new();
            push_int(&mut s, i);
            assert_eq!(s, i.to_string());
        }
        for i in [i64::MIN, i64::MIN + 1, -1, -10, -65_535] {
            let mut s = String::new();
            push_int(&mut s, i);
            assert_eq!(s, i.to_string());
        }
    }

    #[test]
    fn matches_wildcards() {
        let v = json!({"pool": {"members": [{"address": "a"}, {}, {"address": "c"}]}});
        let mut seen = Vec::new();
        for_each_match(&v, "/pool/members/*/address", &mut |v, p| {
            seen.push((p.to_string(), v.clone()))
        });
        assert_eq!(
            seen,
            vec![
                ("/pool/members/0/address".to_owned(), json!("a")),
                ("/pool/members/2/address".to_owned(), json!("c"))
            ]
        );
    }
}
