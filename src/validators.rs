//! Small composable validators that both providers reuse: required, type, integer and range,
//! length, character set, enum, IP address, unique-by and count-by. Each returns the problem as a
//! message (or `None`), so a rule decides where and how to report it.
//!
//! Character sets are plain predicates with a matching regular-expression class, so the engine
//! needs no regex crate (the WebAssembly build stays small) while the JSON Schemas still carry the
//! pattern.

use std::net::{IpAddr, Ipv4Addr};

use crate::pointer::{push_int, push_uint};
use crate::value::Value;

/// A set of allowed characters.
#[derive(Debug, Clone, Copy)]
pub struct Charset {
    /// Human description, e.g. "letters, digits, hyphens (-), periods (.)".
    pub describe: &'static str,
    /// The predicate.
    pub allows: fn(char) -> bool,
    /// The same set as a regular-expression character class body (for JSON Schema `pattern`).
    pub class: &'static str,
}

impl Charset {
    /// The first character not in the set, with its character index.
    pub fn first_bad(&self, s: &str) -> Option<(usize, char)> {
        s.chars().enumerate().find(|(_, c)| !(self.allows)(*c))
    }

    /// A full-match JSON Schema pattern for strings of this set.
    pub fn pattern(&self) -> String {
        format!("^[{}]*$", self.class)
    }
}

/// The family of IP address a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpFamily {
    /// IPv4 only.
    V4,
    /// IPv4 or IPv6.
    Any,
}

/// What a single value must be.
#[derive(Debug, Clone, Copy)]
pub enum Spec {
    /// An integer in `min..=max`.
    Int {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A string of `min..=max` characters, optionally from a character set.
    Str {
        /// Fewest characters.
        min: usize,
        /// Most characters.
        max: usize,
        /// Allowed characters.
        charset: Option<&'static Charset>,
    },
    /// One of these strings, exactly (case-sensitive).
    Enum(&'static [&'static str]),
    /// A boolean.
    Bool,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// An IP address.
    Ip(IpFamily),
}

/// How strictly scalar types are read. Alibaba's RPC API carries every value as a string, so a
/// number given as a string (and a string given as a number) is fine there; Huawei's JSON API is
/// typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    /// JSON types must match.
    Strict,
    /// Scalars may be given as strings or numbers.
    Lenient,
}

/// A value's JSON type name, for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fraction",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Reads a value as an integer. `Ok(None)` for an integral value out of `i64` range.
pub fn as_int(v: &Value, typing: Typing) -> Result<Option<i64>, String> {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Ok(Some(i))
            } else if n.is_u64() {
                Ok(None)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                if f.fract() == 0.0 && f.is_finite() {
                    Ok((f.abs() < 9.0e18).then_some(f as i64))
                } else {
                    Err(format!("must be an integer, not the fraction {n}"))
                }
            }
        }
        Value::String(s) if typing == Typing::Lenient => {
            let t = s.trim();
            if !t.is_empty()
                && t.bytes()
                    .enumerate()
                    .all(|(i, b)| b.is_ascii_digit() || (i == 0 && (b == b'-' || b == b'+')))
                && t.len() > usize::from(t.starts_with(['-', '+']))
            {
                Ok(t.parse::<i64>().ok())
            } else {
                Err(format!("must be an integer, not {s:?}"))
            }
        }
        other => Err(format!("must be an integer, not {}", type_name(other))),
    }
}

/// Reads a scalar as text (Lenient also turns numbers and booleans into text).
pub fn as_text<'v>(v: &'v Value<'_>, typing: Typing) -> Result<std::borrow::Cow<'v, str>, String> {
    match v {
        Value::String(s) => Ok(std::borrow::Cow::Borrowed(s)),
        Value::Number(n) if typing == Typing::Lenient => Ok(n.to_string().into()),
        Value::Bool(b) if typing == Typing::Lenient => Ok(b.to_string().into()),
        other => Err(format!("must be a string, not {}", type_name(other))),
    }
}

/// Checks a value against a spec; returns the problem and, sometimes, a help text.
pub fn check(spec: &Spec, v: &Value, typing: Typing) -> Option<(String, Option<String>)> {
    match spec {
        Spec::Int { min, max } => match as_int(v, typing) {
            Err(e) => Some((
                format!("{e}; expected an integer from {min} to {max}"),
                None,
            )),
            Ok(Some(i)) if (*min..=*max).contains(&i) => None,
            Ok(Some(i)) => Some((out_of_range(*min, *max, i), None)),
            // An integer out of i64 range (a number, or a string under lenient typing), shown
            // without formatting it as a whole JSON value (which would pull a serializer into
            // the WebAssembly build).
            Ok(None) => Some((
                match v {
                    Value::Number(n) => format!("must be from {min} to {max}, got {n}"),
                    Value::String(s) => format!("must be from {min} to {max}, got {s:?}"),
                    _ => format!("must be from {min} to {max}"),
                },
                None,
            )),
        },
        Spec::Str { min, max, charset } => {
            let s = match as_text(v, typing) {
                Ok(s) => s,
                Err(e) => return Some((e, None)),
            };
            length(&s, *min, *max)
                .or_else(|| charset.and_then(|c| chars(&s, c)))
                .map(|m| (m, None))
        }
        Spec::Enum(values) => {
            let s = match as_text(v, typing) {
                Ok(s) => s,
                Err(e) => return Some((format!("{e}; expected one of {}", list(values)), None)),
            };
            one_of(&s, values)
        }
        Spec::Bool => match v {
            Value::Bool(_) => None,
            Value::String(s) if typing == Typing::Lenient && (s == "true" || s == "false") => None,
            other => Some((
                format!("must be true or false, not {}", type_name(other)),
                None,
            )),
        },
        Spec::Object => {
            (!v.is_object()).then(|| (format!("must be an object, not {}", type_name(v)), None))
        }
        Spec::Array => {
            (!v.is_array()).then(|| (format!("must be an array, not {}", type_name(v)), None))
        }
        Spec::Ip(family) => {
            let s = match as_text(v, typing) {
                Ok(s) => s,
                Err(e) => return Some((e, None)),
            };
            ip(&s, *family).map(|m| (m, None))
        }
    }
}

/// `must be from {min} to {max}, got {got}`, written without the formatting machinery (see
/// [`push_int`]).
fn out_of_range(min: i64, max: i64, got: i64) -> String {
    let mut m = String::with_capacity(48);
    m.push_str("must be from ");
    push_int(&mut m, min);
    m.push_str(" to ");
    push_int(&mut m, max);
    m.push_str(", got ");
    push_int(&mut m, got);
    m
}

/// The length of a text in characters. ASCII text (nearly every field) is its byte length,
/// which `is_ascii` confirms a word at a time; `chars().count()` takes a loop over the bytes for
/// the short texts of a request.
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Whether a text is empty or only white space (what `s.trim().is_empty()` says, stopping at
/// the first other character: `trim` looked at both ends of every address and server id, 1.4%
/// of a valid member request's time by `perf`).
pub fn blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Length in characters within `min..=max`.
pub fn length(s: &str, min: usize, max: usize) -> Option<String> {
    let n = char_len(s);
    if n < min || n > max {
        let mut m = String::with_capacity(64);
        if min == max {
            m.push_str("must be exactly ");
            push_uint(&mut m, min as u64);
        } else if min == 0 {
            m.push_str("must be at most ");
            push_uint(&mut m, max as u64);
        } else {
            m.push_str("must be ");
            push_uint(&mut m, min as u64);
            m.push_str(" to ");
            push_uint(&mut m, max as u64);
        }
        m.push_str(" characters long, got ");
        push_uint(&mut m, n as u64);
        Some(m)
    } else {
        None
    }
}

/// Every character from a set.
pub fn chars(s: &str, set: &Charset) -> Option<String> {
    set.first_bad(s).map(|(i, c)| {
        format!(
            "contains {c:?} at character {}; allowed: {}",
            i + 1,
            set.describe
        )
    })
}

/// Exactly one of the values (case-sensitive), with a did-you-mean help.
pub fn one_of(s: &str, values: &[&str]) -> Option<(String, Option<String>)> {
    if values.contains(&s) {
        return None;
    }
    Some((
        format!("{s:?} is not one of {}", list(values)),
        did_you_mean(s, values.iter().copied()).map(|m| format!("did you mean `{m}`?")),
    ))
}

/// Parses an IP address exactly as `s.parse::<IpAddr>()` does. Plain dotted-quad text (four
/// decimal octets, no leading zeros) is read by a short loop first; text with a colon, which
/// any IPv6 address has, goes to the standard library, which decides. Text that is neither is
/// no address to either. The standard parser took about 100 instructions for `10.0.0.12` and
/// about 700 to refuse `10.0.0.300` (trying IPv4, then IPv6; callgrind), and a member's address
/// is read twice a request.
pub fn parse_ip(s: &str) -> Option<IpAddr> {
    match dotted_quad(s.as_bytes()) {
        Some(a) => Some(IpAddr::V4(a)),
        None if s.contains(':') => s.parse().ok(),
        None => None,
    }
}

/// Four octets `0`-`255` without leading zeros, separated by dots and nothing else; `None`
/// leaves the text to the standard parser (which refuses a leading zero too).
fn dotted_quad(b: &[u8]) -> Option<Ipv4Addr> {
    if !(7..=15).contains(&b.len()) {
        return None;
    }
    let mut octets = [0u8; 4];
    let mut i = 0;
    for (n, octet) in octets.iter_mut().enumerate() {
        if n > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut v = 0u32;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            if i - start == 3 {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
            i += 1;
        }
        if i == start || (i - start > 1 && b[start] == b'0') {
            return None;
        }
        *octet = u8::try_from(v).ok()?;
    }
    (i == b.len()).then_some(Ipv4Addr::from(octets))
}

/// A parsed IP address of the right family.
pub fn ip(s: &str, family: IpFamily) -> Option<String> {
    match parse_ip(s) {
        Some(IpAddr::V4(_)) => None,
        Some(IpAddr::V6(_)) if family == IpFamily::Any => None,
        Some(IpAddr::V6(_)) => Some(format!(
            "{s:?} is an IPv6 address; an IPv4 address is required here"
        )),
        None => Some(format!(
            "{s:?} is not an {} address",
            if family == IpFamily::V4 { "IPv4" } else { "IP" }
        )),
    }
}

/// Formats a list of allowed values as `` `A`, `B` or `C` ``.
pub fn list(values: &[&str]) -> String {
    let mut out = String::with_capacity(values.iter().map(|v| v.len() + 4).sum());
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == values.len() { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(v);
        out.push('`');
    }
    out
}

/// The closest candidate: same letters ignoring case, or within a small edit distance.
pub fn did_you_mean<'a>(
    s: &str,
    candidates: impl Iterator<Item = &'a str> + Clone,
) -> Option<&'a str> {
    if let Some(c) = candidates.clone().find(|c| c.eq_ignore_ascii_case(s)) {
        return Some(c);
    }
    let norm = |x: &str| x.to_ascii_lowercase().replace(['-', '_', ' '], "");
    let ns = norm(s);
    if let Some(c) = candidates.clone().find(|c| norm(c) == ns) {
        return Some(c);
    }
    if s.chars().count() > 64 {
        return None;
    }
    candidates
        .map(|c| (edit_distance(&ns, &norm(c)), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4) && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Groups items by a key and returns the groups with more than one member (unique-by).
pub fn duplicates_by<T, K: Eq + std::hash::Hash + Clone>(
    items: impl IntoIterator<Item = (T, Option<K>)>,
) -> Vec<Vec<T>> {
    // A few keys (the usual two members) are compared directly; a hash index is built only
    // past that, so that many keys stay linear.
    const LINEAR: usize = 16;
    let keyed: Vec<(T, K)> = items
        .into_iter()
        .filter_map(|(item, key)| Some((item, key?)))
        .collect();
    // The usual case, a few distinct keys, answered before any group is built.
    if keyed.len() <= LINEAR
        && (1..keyed.len()).all(|j| keyed[..j].iter().all(|(_, k)| *k != keyed[j].1))
    {
        return Vec::new();
    }
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    let mut index: crate::hash::FastMap<K, usize> = crate::hash::FastMap::default();
    for (item, key) in keyed {
        let found = if groups.len() <= LINEAR {
            groups.iter().position(|(k, _)| *k == key)
        } else {
            if index.is_empty() {
                index.extend(groups.iter().enumerate().map(|(i, (k, _))| (k.clone(), i)));
            }
            index.get(&key).copied()
        };
        match found {
            Some(i) => groups[i].1.push(item),
            None => {
                if !index.is_empty() {
                    index.insert(key.clone(), groups.len());
                }
                groups.push((key, vec![item]));
            }
        }
    }
    groups
        .into_iter()
        .filter(|(_, g)| g.len() > 1)
        .map(|(_, g)| g)
        .collect()
}

/// Counts items per key (count-by).
pub fn count_by<K: Eq>(keys: impl IntoIterator<Item = K>, wanted: &K) -> usize {
    keys.into_iter().filter(|k| k == wanted).count()
}

/// Whether an address is private (RFC 1918, RFC 6598 shared, loopback, link-local, or IPv6 ULA/
/// link-local).
pub fn is_private(addr: &IpAddr) -> bool {
    match addr {
        IpAddr::V4(a) => {
            let o = a.octets();
            a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || (o[0] == 100 && (64..128).contains(&o[1]))
        }
        IpAddr::V6(a) => {
            let s = a.segments();
            a.is_loopback() || (s[0] & 0xfe00) == 0xfc00 || (s[0] & 0xffc0) == 0xfe80
        }
    }
}

/// Common character sets.
pub mod sets {
    use super::Charset;

    /// Letters, digits, `-`, `/`, `.`, `_` (Alibaba descriptions and names).
    pub static ALIYUN_DESCRIPTION: Charset = Charset {
        describe:
            "letters, digits, hyphens (-), forward slashes (/), periods (.) and underscores (_)",
        allows: |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.' | '_'),
        class: "A-Za-z0-9\\-/._",
    };

    /// Letters, digits, `-`, `.` (Huawei health-check domain names).
    pub static DOMAIN_NAME: Charset = Charset {
        describe: "letters, digits, hyphens (-) and periods (.)",
        allows: |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'),
        class: "A-Za-z0-9\\-.",
    };

    /// Letters, digits and `-/.%?#&_;~!()*[]@$^:',+` (Huawei health-check URL paths).
    pub static URL_PATH: Charset = Charset {
        describe: "letters, digits, hyphens (-), slashes (/), periods (.), percent signs (%), question marks (?), pound signs (#), ampersands (&) and _;~!()*[]@$^:',+",
        allows: |c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '-' | '/' | '.' | '%' | '?' | '#' | '&' | '_' | ';' | '~' | '!' | '(' | ')' | '*' | '[' | ']' | '@' | '$' | '^' | ':' | '\'' | ',' | '+'
                )
        },
        class: "A-Za-z0-9\\-/.%?#&_;~!()*\\[\\]@$^:',+",
    };

    /// Letters, digits, `_`, `-` (shared load balancer cookie names).
    pub static COOKIE_SHARED: Charset = Charset {
        describe: "letters, digits, underscores (_) and hyphens (-)",
        allows: |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'),
        class: "A-Za-z0-9_\\-",
    };

    /// Letters, digits, `_`, `-`, `.` (dedicated load balancer cookie names).
    pub static COOKIE_DEDICATED: Charset = Charset {
        describe: "letters, digits, underscores (_), hyphens (-) and periods (.)",
        allows: |c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'),
        class: "A-Za-z0-9_\\-.",
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn blank_is_what_trim_leaves_empty() {
        for s in [
            "", " ", "\t\n\r ", "\u{3000}", "\u{a0} ", " a", "a ", "a", "\u{200b}", "0",
        ] {
            assert_eq!(blank(s), s.trim().is_empty(), "{s:?}");
        }
    }

    #[test]
    fn char_len_counts_characters_not_bytes() {
        for n in 0..70 {
            let ascii = "a".repeat(n);
            assert_eq!(super::char_len(&ascii), n);
            for (i, c) in ["é", "漢", "😀"].into_iter().enumerate() {
                let mut t = ascii.clone();
                t.insert_str(n / 2, c);
                assert_eq!(super::char_len(&t), n + 1, "{n} {i}");
                assert_eq!(super::char_len(&t), t.chars().count());
            }
        }
    }

    /// `parse_ip` answers what `str::parse::<IpAddr>` answers, for near-addresses of every
    /// kind: octets past 255, leading zeros, four digits, missing or extra parts, other bytes.
    #[test]
    fn lists_of_allowed_values_read_as_a_sentence() {
        assert_eq!(list(&[]), "");
        assert_eq!(list(&["TCP"]), "`TCP`");
        assert_eq!(list(&["TCP", "UDP"]), "`TCP` or `UDP`");
        assert_eq!(list(&["TCP", "UDP", "QUIC"]), "`TCP`, `UDP` or `QUIC`");
    }

    #[test]
    fn parse_ip_agrees_with_the_standard_parser() {
        use std::net::IpAddr;
        let alphabet = b"0123456789..:aF +";
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut texts: Vec<String> = [
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "10.0.0.12",
            "01.2.3.4",
            "1.02.3.4",
            "1.2.3.004",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            " 1.2.3.4",
            "1.2.3.4 ",
            "1000.1.1.1",
            "::1",
            "fe80::1",
            "::ffff:1.2.3.4",
            "1.2.3.4/24",
            "",
            "1.2.3.٣",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        for _ in 0..100_000 {
            let len = (next() % 17) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            texts.push(String::from_utf8(text).expect("ASCII"));
            let octets: Vec<String> = (0..4).map(|_| (next() % 300).to_string()).collect();
            texts.push(octets.join("."));
        }
        for t in &texts {
            assert_eq!(super::parse_ip(t), t.parse::<IpAddr>().ok(), "{t:?}");
        }
        // The fast path answers for plain addresses (else it only costs time).
        assert!(super::dotted_quad(b"10.0.0.12").is_some());
        assert!(super::dotted_quad(b"255.255.255.255").is_some());
    }

    use super::*;
    /// `serde_json::json!`, as the engine's value type.
    macro_rules! json {
        ($($t:tt)+) => {
            crate::value::Value::from(serde_json::json!($($t)+))
        };
    }

    #[test]
    fn integers_strict_and_lenient() {
        let spec = Spec::Int { min: 1, max: 50 };
        assert!(check(&spec, &json!(5), Typing::Strict).is_none());
        assert!(check(&spec, &json!(0), Typing::Strict).is_some());
        assert!(check(&spec, &json!("5"), Typing::Strict).is_some());
        assert!(check(&spec, &json!("5"), Typing::Lenient).is_none());
        assert!(check(&spec, &json!("5a"), Typing::Lenient).is_some());
        assert!(check(&spec, &json!(5.5), Typing::Strict)
            .unwrap()
            .0
            .contains("fraction"));
        assert!(check(&spec, &json!(1e300), Typing::Strict).is_some());
        assert!(check(&spec, &json!(u64::MAX), Typing::Strict).is_some());
    }

    #[test]
    fn enums_suggest() {
        let (_, help) = one_of("round_robin", &["ROUND_ROBIN", "SOURCE_IP"]).unwrap();
        assert_eq!(help.unwrap(), "did you mean `ROUND_ROBIN`?");
        let (_, help) = one_of("LEAST_CONNECTION", &["ROUND_ROBIN", "LEAST_CONNECTIONS"]).unwrap();
        assert_eq!(help.unwrap(), "did you mean `LEAST_CONNECTIONS`?");
        assert!(one_of("zzz", &["TCP"]).unwrap().1.is_none());
    }

    #[test]
    fn lengths_and_charsets() {
        assert!(length("abc", 1, 3).is_none());
        assert!(length("", 1, 3).is_some());
        assert!(chars("a b", &sets::ALIYUN_DESCRIPTION)
            .unwrap()
            .contains("' '"));
        assert!(ip("10.0.0.1", IpFamily::V4).is_none());
        assert!(ip("::1", IpFamily::V4).is_some());
        assert!(ip("::1", IpFamily::Any).is_none());
        assert!(ip("10.0.0", IpFamily::Any).is_some());
    }

    #[test]
    fn unique_and_count() {
        let d = duplicates_by(vec![
            (0, Some(("a", 1))),
            (1, Some(("b", 1))),
            (2, Some(("a", 1))),
            (3, None),
        ]);
        assert_eq!(d, vec![vec![0, 2]]);
        let none: Vec<Vec<i32>> = duplicates_by([(0, Some(1)), (1, None), (2, Some(2))]);
        assert!(none.is_empty());
        // Past the linear size, through the hash index, groups in order of first appearance.
        let many = duplicates_by((0..40).map(|i| (i, Some(i % 17))));
        assert_eq!(many.len(), 17);
        assert_eq!(many[0], vec![0, 17, 34]);
        assert_eq!(many[16], vec![16, 33]);
        assert_eq!(count_by(["master", "slave", "master"], &"master"), 2);
    }

    #[test]
    fn private_addresses() {
        assert!(is_private(&"10.1.2.3".parse().unwrap()));
        assert!(is_private(&"172.16.0.1".parse().unwrap()));
        assert!(!is_private(&"120.10.10.16".parse().unwrap()));
        assert!(is_private(&"fd00::1".parse().unwrap()));
        assert!(!is_private(&"2001:db8::1".parse().unwrap()));
    }
}
