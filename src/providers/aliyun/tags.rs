//! `Tag`: as an array `Tag: [{"Key", "Value"}]` or in the wire form `Tag.N.Key` / `Tag.N.Value`.

use crate::value::Value;

use super::OP;
use crate::diagnostic::Severity;
use crate::engine::Cx;
use crate::rule::{Check, Rule, Source};
#[cfg(not(target_arch = "wasm32"))]
use crate::rule::{Example, Patch::*};
use crate::validators;

/// The most tags a request may carry.
pub const MAX_TAGS: usize = 20;

/// One tag, from either form. Its pointers are formatted only when a rule reports one.
#[derive(Debug)]
pub(crate) struct Tag<'a> {
    at: At,
    key: Option<&'a Value<'a>>,
    value: Option<&'a Value<'a>>,
}

/// Where a tag is written.
#[derive(Debug, Clone, Copy)]
enum At {
    /// `Tag[i]` of the array form.
    Element(usize),
    /// `Tag.N.Key` / `Tag.N.Value` of the wire form, with the part that came first.
    Wire { n: u64, first: Part },
}

/// The two parts of a tag.
#[derive(Debug, Clone, Copy)]
enum Part {
    Key,
    Value,
}

impl Tag<'_> {
    /// The wire form's N.
    fn n(&self) -> Option<u64> {
        match self.at {
            At::Element(_) => None,
            At::Wire { n, .. } => Some(n),
        }
    }

    /// The pointer of the tag: the array element, or the wire parameter that came first.
    fn path(&self) -> String {
        match self.at {
            At::Element(i) => format!("/Tag/{i}"),
            At::Wire { first, .. } => self.part_path(first),
        }
    }

    /// The pointer of the tag's key or value (where it is, or would be, written).
    fn part_path(&self, part: Part) -> String {
        let name = match part {
            Part::Key => "Key",
            Part::Value => "Value",
        };
        match self.at {
            At::Element(i) => format!("/Tag/{i}/{name}"),
            At::Wire { n, .. } => format!("/Tag.{n}.{name}"),
        }
    }

    /// The key and the value that are given (not absent or `null`), with their parts.
    fn parts(&self) -> impl Iterator<Item = (&Value<'_>, Part)> {
        [(self.key, Part::Key), (self.value, Part::Value)]
            .into_iter()
            .filter_map(|(v, part)| Some((v?, part)))
    }
}

/// The tags of a request and the shape problems of both forms (pointer, message).
pub(crate) type Collected<'a> = (Vec<Tag<'a>>, Vec<(String, String)>);

/// The tags as the rules read them: collected once per request (see
/// [`crate::providers::Shared`]).
fn tags_of<'a>(cx: &Cx<'a>) -> &'a Collected<'a> {
    &cx.shared.tags
}

/// Collects the tags and the shape problems of both forms.
pub(crate) fn collect<'a>(raw: &'a Value) -> Collected<'a> {
    let mut tags = Vec::new();
    let mut problems = Vec::new();
    let Some(map) = raw.as_object() else {
        return (tags, problems);
    };
    match map.get("Tag") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items
                .iter()
                .enumerate()
                .take(crate::limits::MAX_CHECKED_ELEMENTS)
            {
                match item {
                    Value::Object(m) => {
                        for k in m.keys().filter(|k| *k != "Key" && *k != "Value") {
                            problems.push((
                                crate::pointer::join(&format!("/Tag/{i}"), [k.into()]),
                                format!("a tag has only `Key` and `Value`, not `{k}`"),
                            ));
                        }
                        tags.push(Tag {
                            at: At::Element(i),
                            key: m.get("Key").filter(|v| !v.is_null()),
                            value: m.get("Value").filter(|v| !v.is_null()),
                        });
                    }
                    other => problems.push((
                        format!("/Tag/{i}"),
                        format!(
                            "each tag must be an object with `Key` and `Value`, not {}",
                            validators::type_name(other)
                        ),
                    )),
                }
            }
        }
        Some(other) => problems.push((
            "/Tag".to_owned(),
            format!(
                "`Tag` must be an array of {{\"Key\", \"Value\"}} objects, not {}",
                validators::type_name(other)
            ),
        )),
    }
    // Wire form, grouped by N in order of appearance.
    let mut wire: Vec<Tag<'a>> = Vec::new();
    let mut by_n: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    for (k, v) in map.iter().filter(|(k, _)| k.starts_with("Tag.")) {
        let path = || crate::pointer::build([crate::pointer::Seg::Key(k)]);
        let mut parts = k.splitn(3, '.').skip(1);
        let (n, part) = (parts.next().unwrap_or(""), parts.next());
        let n = match n.parse::<u64>() {
            // Tag.1.Key, not Tag.01.Key or Tag.+1.Key.
            Ok(parsed) if parsed >= 1 && parsed.to_string() == n => parsed,
            _ => {
                problems.push((path(), format!("`{k}` is not a tag parameter: write Tag.N.Key or Tag.N.Value with N from 1 to {MAX_TAGS}")));
                continue;
            }
        };
        let part = match part {
            Some("Key") => Some(Part::Key),
            Some("Value") => Some(Part::Value),
            _ => {
                problems.push((
                    path(),
                    format!("`{k}` is not a tag parameter: write Tag.{n}.Key or Tag.{n}.Value"),
                ));
                None
            }
        };
        let tag = match by_n.get(&n) {
            Some(&i) => &mut wire[i],
            None => {
                by_n.insert(n, wire.len());
                wire.push(Tag {
                    // A tag named only by a parameter that is not one is pointed at by its key.
                    at: At::Wire {
                        n,
                        first: part.unwrap_or(Part::Key),
                    },
                    key: None,
                    value: None,
                });
                wire.last_mut().expect("just pushed")
            }
        };
        let given = (!v.is_null()).then_some(v);
        match part {
            Some(Part::Key) => tag.key = given,
            Some(Part::Value) => tag.value = given,
            None => {}
        }
    }
    tags.extend(wire);
    (tags, problems)
}

fn text_of<'v>(cx: &Cx<'_>, v: &'v Value) -> Option<std::borrow::Cow<'v, str>> {
    validators::as_text(v, cx.typing()).ok()
}

/// The tag structure.
pub static SHAPE: Rule = Rule {
    id: "aliyun/tag-shape",
    operations: OP,
    code: "InvalidParameter",
    severity: Severity::Error,
    summary: "Tags are `Tag: [{\"Key\", \"Value\"}]` or `Tag.N.Key` / `Tag.N.Value` with N from 1, and keys and values are strings.",
    why: "Tags travel as Tag.N.Key and Tag.N.Value query parameters; anything that does not map onto them is an invalid parameter.",
    source: Source {
        doc: "001",
        quote: "Tag array<object> No The tags. … Key string … The key of tag N. Valid values of N: 1 to 20.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/Tag.1.Key", "\"env\""), Set("/Tag.1.Value", "\"prod\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/Tag", "{\"Key\": \"env\"}")]),
    check: Check::Custom(|cx| {
        let (tags, problems) = tags_of(cx);
        for (p, m) in problems {
            cx.report(p.clone(), m.clone());
        }
        for t in tags {
            for (v, part) in t.parts() {
                if text_of(cx, v).is_none() {
                    cx.report(t.part_path(part), format!("a tag key or value must be a string, not {}", validators::type_name(v)));
                }
            }
        }
    }),
};

/// At most 20 tags.
pub static COUNT: Rule = Rule {
    id: "aliyun/tag-count",
    operations: OP,
    code: "SizeLimitExceeded.Tag",
    severity: Severity::Error,
    summary: "At most 20 tags (N from 1 to 20).",
    why: "A resource takes at most 20 tags per request.",
    source: Source {
        doc: "001",
        quote: "The key of tag N. Valid values of N: 1 to 20.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/Tag.20.Key", "\"last\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/Tag.21.Key", "\"one-too-many\"")]),
    check: Check::Custom(|cx| {
        let (tags, _) = tags_of(cx);
        // The array form may be longer than the elements the rules look at.
        let array_len = cx
            .raw
            .get("Tag")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let total = array_len + tags.iter().filter(|t| t.n().is_some()).count();
        if total > MAX_TAGS {
            let p = tags
                .get(MAX_TAGS)
                .map_or_else(|| "/Tag".to_owned(), Tag::path);
            cx.report(
                p,
                format!("{total} tags given; at most {MAX_TAGS} are allowed"),
            );
        } else if let Some(t) = tags
            .iter()
            .find(|t| t.n().is_some_and(|n| n > MAX_TAGS as u64))
        {
            let (p, n) = (t.path(), t.n().unwrap_or_default());
            cx.report(
                p,
                format!("tag number {n} is out of range: N goes from 1 to {MAX_TAGS}"),
            );
        }
    }),
};

/// Every tag has a non-empty key.
pub static KEY_REQUIRED: Rule = Rule {
    id: "aliyun/tag-key-required",
    operations: OP,
    code: "MissingParam.TagKey",
    severity: Severity::Error,
    summary: "Every tag has a non-empty `Key`.",
    why: "A tag value without a key, or an empty key, cannot be stored.",
    source: Source {
        doc: "001",
        quote: "The tag key cannot be an empty string.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/Tag/0/Value", "\"\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Remove("/Tag/0/Key")]),
    check: Check::Custom(|cx| {
        let (tags, _) = tags_of(cx);
        for t in tags {
            match t.key {
                None => {
                    cx.report(
                        t.part_path(Part::Key),
                        "the tag has no `Key`; every tag needs a non-empty key",
                    );
                }
                Some(v) => {
                    if text_of(cx, v).is_some_and(|s| s.is_empty()) {
                        cx.report(
                            t.part_path(Part::Key),
                            "the tag key is empty; it cannot be an empty string",
                        );
                    }
                }
            }
        }
    }),
};

fn tag_text_problem(s: &str, max: usize) -> Option<String> {
    let n = crate::validators::char_len(s);
    if n > max {
        Some(format!("is {n} characters long; at most {max} are allowed"))
    } else if s.starts_with("aliyun") || s.starts_with("acs:") {
        Some("starts with `aliyun` or `acs:`, which is reserved".to_owned())
    } else if s.contains("http://") || s.contains("https://") {
        Some("contains `http://` or `https://`".to_owned())
    } else {
        None
    }
}

/// Tag key length and reserved text.
pub static KEY: Rule = Rule {
    id: "aliyun/tag-key",
    operations: OP,
    code: "InvalidParam.TagKey",
    severity: Severity::Error,
    summary: "A tag key is at most 64 characters, does not start with `aliyun` or `acs:`, and has no `http://` or `https://`.",
    why: "Reserved prefixes belong to Alibaba's own tags; the service rejects these keys.",
    source: Source {
        doc: "001",
        quote: "The tag key can be up to 64 characters in length, and cannot contain http:// or https://. The tag key cannot start with aliyun or acs:.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/Tag/0/Key", "\"team-aliyun\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/Tag/0/Key", "\"acs:owner\"")]),
    check: Check::Custom(|cx| {
        let (tags, _) = tags_of(cx);
        for t in tags {
            if let Some(v) = t.key {
                if let Some(m) = text_of(cx, v).and_then(|s| tag_text_problem(&s, 64)) {
                    cx.report(t.part_path(Part::Key), format!("the tag key {m}"));
                }
            }
        }
    }),
};

/// Tag value length and reserved text.
pub static VALUE: Rule = Rule {
    id: "aliyun/tag-value",
    operations: OP,
    code: "InvalidParam.TagValue",
    severity: Severity::Error,
    summary: "A tag value is at most 128 characters (empty is fine), does not start with `aliyun` or `acs:`, and has no `http://` or `https://`.",
    why: "Reserved prefixes belong to Alibaba's own tags; the service rejects these values.",
    source: Source {
        doc: "001",
        quote: "The tag value can be an empty string. The tag value can be up to 128 characters in length, and cannot contain http:// or https://. The tag value cannot start with aliyun or acs:.",
    },
    #[cfg(not(target_arch = "wasm32"))]
    pass: Example::patch(&[Set("/Tag/0/Value", "\"\"")]),
    #[cfg(not(target_arch = "wasm32"))]
    fail: Example::patch(&[Set("/Tag/0/Value", "\"see https://example.com\"")]),
    check: Check::Custom(|cx| {
        let (tags, _) = tags_of(cx);
        for t in tags {
            if let Some(v) = t.value {
                if let Some(m) = text_of(cx, v).and_then(|s| tag_text_problem(&s, 128)) {
                    cx.report(t.part_path(Part::Value), format!("the tag value {m}"));
                }
            }
        }
    }),
};

#[cfg(test)]
mod tests {
    use crate::{validate_json, Options};

    rule_tests! {
        tags_map_onto_tag_n_key_and_tag_n_value => super::SHAPE,
        valid_values_of_n_1_to_20 => super::COUNT,
        the_tag_key_cannot_be_an_empty_string => super::KEY_REQUIRED,
        the_tag_key_up_to_64_not_aliyun_or_acs_no_http => super::KEY,
        the_tag_value_up_to_128_not_aliyun_or_acs_no_http => super::VALUE,
    }

    #[test]
    fn wire_and_array_forms_count_together() {
        let mut text = String::from(r#"{"RegionId":"r","LoadBalancerId":"lb","Tag":["#);
        for i in 0..15 {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&format!(r#"{{"Key":"k{i}","Value":"v"}}"#));
        }
        text.push(']');
        for i in 1..=6 {
            text.push_str(&format!(r#","Tag.{i}.Key":"w{i}""#));
        }
        text.push('}');
        let r = validate_json(None, &text, &Options::default()).unwrap();
        assert!(r.has_code("SizeLimitExceeded.Tag"), "{r}");
    }

    #[test]
    fn a_value_without_a_key_in_wire_form() {
        let text = r#"{"RegionId":"r","LoadBalancerId":"lb","Tag.1.Value":"v"}"#;
        let r = validate_json(None, text, &Options::default()).unwrap();
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.code == "MissingParam.TagKey")
            .unwrap();
        assert_eq!(d.path, "/Tag.1.Key");
        assert_eq!(d.line, Some(1));
    }

    #[test]
    fn a_null_wire_key_is_missing_at_its_own_parameter() {
        let text = r#"{"RegionId":"r","LoadBalancerId":"lb","Tag.1.Key":null,"Tag.2.Owner":"x"}"#;
        let r = validate_json(None, text, &Options::default()).unwrap();
        let mut missing: Vec<&str> = r
            .diagnostics
            .iter()
            .filter(|d| d.code == "MissingParam.TagKey")
            .map(|d| d.path.as_str())
            .collect();
        missing.sort_unstable();
        assert_eq!(missing, ["/Tag.1.Key", "/Tag.2.Key"], "{r}");
    }

    #[test]
    fn array_tags_are_pointed_at_by_element_and_part() {
        let text =
            r#"{"RegionId":"r","LoadBalancerId":"lb","Tag":[{"Key":"a"},{"Value":"acs:x"}]}"#;
        let r = validate_json(None, text, &Options::default()).unwrap();
        let paths: Vec<(&str, &str)> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_ref(), d.path.as_str()))
            .collect();
        assert!(
            paths.contains(&("MissingParam.TagKey", "/Tag/1/Key")),
            "{r}"
        );
        assert!(
            paths.contains(&("InvalidParam.TagValue", "/Tag/1/Value")),
            "{r}"
        );
    }
}
