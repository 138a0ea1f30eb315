//! JSON Pointers (RFC 6901): building, parsing and resolving.

use serde_json::Value;

/// One segment of a pointer: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    ptr.push('/');
    match seg {
        Seg::Key(k) => {
            for c in k.chars() {
                match c {
                    '~' => ptr.push_str("~0"),
                    '/' => ptr.push_str("~1"),
                    c => ptr.push(c),
                }
            }
        }
        Seg::Index(i) => {
            use std::fmt::Write;
            let _ = write!(ptr, "{i}");
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

/// Splits a pointer into unescaped segments. `""` is the whole document.
/// Returns `None` for a string that is not a pointer (does not start with `/`).
pub fn split(ptr: &str) -> Option<Vec<String>> {
    if ptr.is_empty() {
        return Some(Vec::new());
    }
    let rest = ptr.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|s| s.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Resolves a pointer in a value, like `Value::pointer` but without allocating for segments
/// that need no unescaping (this is on every rule's path).
pub fn resolve<'v>(value: &'v Value, ptr: &str) -> Option<&'v Value> {
    if ptr.is_empty() {
        return Some(value);
    }
    let rest = ptr.strip_prefix('/')?;
    let mut cur = value;
    for seg in rest.split('/') {
        cur = if seg.contains('~') {
            let key = seg.replace("~1", "/").replace("~0", "~");
            step(cur, &key)?
        } else {
            step(cur, seg)?
        };
    }
    Some(cur)
}

fn step<'v>(v: &'v Value, seg: &str) -> Option<&'v Value> {
    match v {
        Value::Object(m) => m.get(seg),
        Value::Array(a) => {
            if seg.len() > 1 && seg.starts_with('0') {
                return None;
            }
            a.get(seg.parse::<usize>().ok()?)
        }
        _ => None,
    }
}

/// Calls `f(value, pointer)` for every value matching a pattern such as `/pool/members/*/address`,
/// where `*` matches every element of an array (and nothing else). Values that are absent are
/// skipped (the required rules visit the parent objects instead).
pub fn for_each_match<'v>(value: &'v Value, pattern: &str, f: &mut dyn FnMut(&'v Value, &str)) {
    let mut path = String::new();
    let rest = pattern.strip_prefix('/');
    walk(value, rest, &mut path, f);
}

/// Walks the rest of a pattern (`None` when it is used up) without allocating per step.
fn walk<'v>(
    value: &'v Value,
    pattern: Option<&str>,
    path: &mut String,
    f: &mut dyn FnMut(&'v Value, &str),
) {
    let Some(pattern) = pattern else {
        f(value, path);
        return;
    };
    let (first, rest) = match pattern.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (pattern, None),
    };
    let len = path.len();
    if first == "*" {
        if let Value::Array(items) = value {
            for (i, item) in items
                .iter()
                .enumerate()
                .take(crate::limits::MAX_CHECKED_ELEMENTS)
            {
                push(path, &Seg::Index(i));
                walk(item, rest, path, f);
                path.truncate(len);
            }
        }
    } else if let Value::Object(map) = value {
        if let Some(v) = map.get(first) {
            push(path, &Seg::Key(first));
            walk(v, rest, path, f);
            path.truncate(len);
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
    use serde_json::json;

    #[test]
    fn escapes_and_splits() {
        let p = build([Seg::Key("a/b"), Seg::Key("c~d"), Seg::Index(3)]);
        assert_eq!(p, "/a~1b/c~0d/3");
        assert_eq!(split(&p).unwrap(), vec!["a/b", "c~d", "3"]);
        assert_eq!(split("").unwrap(), Vec::<String>::new());
        assert!(split("x").is_none());
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
            "x",
        ] {
            assert_eq!(resolve(&v, p), v.pointer(p), "{p}");
        }
    }

    #[test]
    fn matches_wildcards() {
        let v = json!({"pool": {"members": [{"address": "a"}, {}, {"address": "c"}]}});
        let mut seen = Vec::new();
        for_each_match(&v, "/pool/members/*/address", &mut |v, p| {
            seen.push((p.to_owned(), v.clone()))
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
