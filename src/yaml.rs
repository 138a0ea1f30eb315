//! YAML request files (feature `yaml`).
//!
//! A YAML request maps onto the same [`serde_json::Value`] a JSON request produces, so every rule
//! sees the same thing whichever format the user wrote:
//!
//! - mappings become objects (scalar keys, as their text), sequences arrays;
//! - scalars are typed by the YAML 1.2 core schema: quoted and block scalars are strings, plain
//!   `80` an integer, `1.5` a float, `true`/`false` booleans, `null`, `~` and empty values null
//!   (`!!str 80` is a string);
//! - a key that appears twice is reported like a duplicated JSON member;
//! - anchors and aliases are resolved, with the expansion bounded to [`MAX_NODES`] nodes (a
//!   "billion laughs" file is a syntax error, not an out-of-memory);
//! - one document per file; nesting deeper than 128 levels is a syntax error.
//!
//! Every node keeps its 1-based line and column, so diagnostics point into the YAML text, including
//! inside a one-line (plain or quoted) or literal-block scalar that holds Alibaba's
//! `MasterSlaveBackendServers` JSON text.
//!
//! # Suppression comments
//!
//! `# lblint-ignore: rule-id[, rule-id]` suppresses rules:
//! - at the top of the file, before any content: for the whole file;
//! - after content on the same line (`Port: 0  # lblint-ignore: aliyun/server-port-range`): for the
//!   outermost node that starts on that line (a key counts as its value's node) and everything
//!   below it;
//! - on a line of its own elsewhere: for the node on the next line that has content.
//!
//! A suppression that suppresses nothing, or names an unknown rule, is a `lblint/suppression`
//! warning at the comment.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span, Tag};
use serde_json::{Map, Number, Value};

use crate::engine::Options;
use crate::operation::Operation;
use crate::pointer::{self, Seg};
use crate::scan;
use crate::validate::{self, Error, Scope, Suppression};
use crate::Report;

/// The most nodes a document may have once aliases are expanded.
pub const MAX_NODES: usize = 100_000;

/// The deepest nesting accepted (the same limit as for JSON).
pub const MAX_DEPTH: usize = 128;

/// The comment that suppresses rules.
pub const IGNORE_COMMENT: &str = "lblint-ignore:";

/// A YAML syntax error (or a document lblint cannot map onto JSON), with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What is wrong.
    pub message: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// Where a node starts, and how a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodePos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
    /// The scalar style, for scalars written in the source (not through an alias).
    pub style: Option<ScalarStyle>,
    /// What the node is.
    pub kind: NodeKind,
}

/// The kind of a YAML node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A scalar.
    Scalar,
    /// An alias to an anchored node.
    Alias,
    /// A sequence.
    Sequence,
    /// A mapping.
    Mapping,
}

/// A parsed YAML request.
#[derive(Debug, Clone)]
pub struct ParsedYaml {
    /// The value, as the equivalent JSON would give it.
    pub value: Value,
    /// Pointers of keys that appear more than once in the same mapping (the last one wins).
    pub duplicates: Vec<String>,
    /// Where each node starts, by JSON Pointer.
    pub nodes: HashMap<String, NodePos>,
    /// Where each mapping key starts: (line, column, pointer of its value).
    pub keys: Vec<(u32, u32, String)>,
    /// Character ranges (start, end) of the scalars in the source, to tell comments from text.
    scalar_ranges: Vec<(usize, usize)>,
}

enum Frame {
    Seq {
        ptr: String,
        items: Vec<Value>,
        anchor: usize,
    },
    Map {
        ptr: String,
        map: Map<String, Value>,
        key: Option<String>,
        anchor: usize,
    },
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Value>,
    anchors: HashMap<usize, (Value, usize)>,
    nodes_used: usize,
    out_nodes: HashMap<String, NodePos>,
    keys: Vec<(u32, u32, String)>,
    duplicates: Vec<String>,
    scalar_ranges: Vec<(usize, usize)>,
}

fn err_at(span: &Span, message: impl Into<String>) -> YamlError {
    YamlError {
        message: message.into(),
        line: span.start.line() as u32,
        column: span.start.col() as u32 + 1,
    }
}

fn count_nodes(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(count_nodes).sum::<usize>(),
        Value::Object(m) => 1 + m.values().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Types a plain scalar by the YAML 1.2 core schema.
fn plain_value(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let b = s.as_bytes();
    let int_like = {
        let digits = b
            .strip_prefix(b"-")
            .or_else(|| b.strip_prefix(b"+"))
            .unwrap_or(b);
        !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
    };
    if int_like {
        let t = s.strip_prefix('+').unwrap_or(s);
        if let Ok(i) = t.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Ok(u) = t.parse::<u64>() {
            return Value::Number(u.into());
        }
        return t
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(s.to_owned()), Value::Number);
    }
    if let Some(h) = s.strip_prefix("0x") {
        if !h.is_empty() && h.bytes().all(|c| c.is_ascii_hexdigit()) {
            if let Ok(u) = u64::from_str_radix(h, 16) {
                return Value::Number(u.into());
            }
        }
    }
    if let Some(o) = s.strip_prefix("0o") {
        if !o.is_empty() && o.bytes().all(|c| (b'0'..=b'7').contains(&c)) {
            if let Ok(u) = u64::from_str_radix(o, 8) {
                return Value::Number(u.into());
            }
        }
    }
    if is_core_float(s) {
        if let Some(n) = s.parse::<f64>().ok().and_then(Number::from_f64) {
            return Value::Number(n);
        }
    }
    // `.inf` and `.nan` have no JSON form: they stay text.
    Value::String(s.to_owned())
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if i < b.len() && matches!(b[i], b'-' | b'+') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

fn scalar_value(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(t) = tag {
        if (t.is_yaml_core_schema() && t.suffix == "str")
            || (t.handle == "!" && t.suffix.is_empty())
        {
            return Value::String(text.to_owned());
        }
    }
    match style {
        ScalarStyle::Plain => plain_value(text),
        _ => Value::String(text.to_owned()),
    }
}

fn scalar_key(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => Some("null".to_owned()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Builder {
    fn depth_ok(&self, span: &Span) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(err_at(span, "nesting is deeper than 128 levels"));
        }
        Ok(())
    }

    /// The pointer of the node about to be placed, or an error when a key would be a collection.
    fn child_ptr(&self, span: &Span, is_scalar: bool) -> Result<Option<String>, YamlError> {
        match self.stack.last() {
            None => Ok(Some(String::new())),
            Some(Frame::Seq { ptr, items, .. }) => {
                Ok(Some(pointer::join(ptr, [Seg::Index(items.len())])))
            }
            Some(Frame::Map { ptr, key, .. }) => match key {
                Some(k) => Ok(Some(pointer::join(ptr, [Seg::Key(k)]))),
                None if is_scalar => Ok(None),
                None => Err(err_at(
                    span,
                    "a mapping key must be a scalar (lblint maps YAML onto JSON objects)",
                )),
            },
        }
    }

    fn charge(&mut self, n: usize, span: &Span) -> Result<(), YamlError> {
        self.nodes_used = self.nodes_used.saturating_add(n);
        if self.nodes_used > MAX_NODES {
            return Err(err_at(
                span,
                format!("the document expands to more than {MAX_NODES} nodes (aliases included)"),
            ));
        }
        Ok(())
    }

    /// Places a finished value into its parent (or as the root).
    fn place(&mut self, v: Value) {
        match self.stack.last_mut() {
            None => self.root = Some(v),
            Some(Frame::Seq { items, .. }) => items.push(v),
            Some(Frame::Map { ptr, map, key, .. }) => {
                if let Some(k) = key.take() {
                    if map.contains_key(&k) {
                        self.duplicates.push(pointer::join(ptr, [Seg::Key(&k)]));
                    }
                    map.insert(k, v);
                }
            }
        }
    }

    fn record(&mut self, ptr: String, span: &Span, style: Option<ScalarStyle>, kind: NodeKind) {
        self.out_nodes.insert(
            ptr,
            NodePos {
                line: span.start.line() as u32,
                column: span.start.col() as u32 + 1,
                style,
                kind,
            },
        );
    }

    fn set_key(&mut self, k: String, span: &Span) {
        let line = span.start.line() as u32;
        let column = span.start.col() as u32 + 1;
        if let Some(Frame::Map { ptr, key, .. }) = self.stack.last_mut() {
            let vp = pointer::join(ptr, [Seg::Key(&k)]);
            self.keys.push((line, column, vp));
            *key = Some(k);
        }
    }

    fn anchor(&mut self, id: usize, v: &Value) {
        if id > 0 {
            self.anchors.insert(id, (v.clone(), count_nodes(v)));
        }
    }

    fn event(&mut self, ev: Event<'_>, span: &Span) -> Result<(), YamlError> {
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                self.charge(1, span)?;
                self.scalar_ranges
                    .push((span.start.index(), span.end.index()));
                let v = scalar_value(&text, style, tag.as_deref());
                self.anchor(anchor, &v);
                match self.child_ptr(span, true)? {
                    None => {
                        let k = scalar_key(&v).unwrap_or_default();
                        self.set_key(k, span);
                    }
                    Some(ptr) => {
                        self.record(ptr, span, Some(style), NodeKind::Scalar);
                        self.place(v);
                    }
                }
            }
            Event::Alias(id) => {
                let Some((v, n)) = self.anchors.get(&id).cloned() else {
                    return Err(err_at(span, "an alias refers to an unknown anchor"));
                };
                self.charge(n, span)?;
                match self.child_ptr(span, true)? {
                    None => match scalar_key(&v) {
                        Some(k) => self.set_key(k, span),
                        None => return Err(err_at(
                            span,
                            "a mapping key must be a scalar (lblint maps YAML onto JSON objects)",
                        )),
                    },
                    Some(ptr) => {
                        self.record(ptr, span, None, NodeKind::Alias);
                        self.place(v);
                    }
                }
            }
            Event::SequenceStart(anchor, _) => {
                self.depth_ok(span)?;
                self.charge(1, span)?;
                let ptr = self.child_ptr(span, false)?.unwrap_or_default();
                self.record(ptr.clone(), span, None, NodeKind::Sequence);
                self.stack.push(Frame::Seq {
                    ptr,
                    items: Vec::new(),
                    anchor,
                });
            }
            Event::MappingStart(anchor, _) => {
                self.depth_ok(span)?;
                self.charge(1, span)?;
                let ptr = self.child_ptr(span, false)?.unwrap_or_default();
                self.record(ptr.clone(), span, None, NodeKind::Mapping);
                self.stack.push(Frame::Map {
                    ptr,
                    map: Map::new(),
                    key: None,
                    anchor,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (v, anchor) = match self.stack.pop() {
                    Some(Frame::Seq { items, anchor, .. }) => (Value::Array(items), anchor),
                    Some(Frame::Map { map, anchor, .. }) => (Value::Object(map), anchor),
                    None => return Err(err_at(span, "unbalanced collection end")),
                };
                self.anchor(anchor, &v);
                self.place(v);
            }
            _ => {}
        }
        Ok(())
    }
}

/// Parses one YAML document into a JSON value, with positions.
pub fn parse_yaml(text: &str) -> Result<ParsedYaml, YamlError> {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        stack: Vec::new(),
        root: None,
        anchors: HashMap::new(),
        nodes_used: 0,
        out_nodes: HashMap::new(),
        keys: Vec::new(),
        duplicates: Vec::new(),
        scalar_ranges: Vec::new(),
    };
    let mut documents = 0;
    while let Some(next) = parser.next_event() {
        let (ev, span) = next.map_err(|e: ScanError| YamlError {
            message: e.info().to_owned(),
            line: e.marker().line() as u32,
            column: e.marker().col() as u32 + 1,
        })?;
        match ev {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(err_at(
                        &span,
                        "a second YAML document: a request file holds one request",
                    ));
                }
            }
            Event::StreamEnd => break,
            ev => b.event(ev, &span)?,
        }
    }
    let value = b.root.ok_or_else(|| YamlError {
        message: "the file is empty: expected a YAML mapping".to_owned(),
        line: 1,
        column: 1,
    })?;
    Ok(ParsedYaml {
        value,
        duplicates: b.duplicates,
        nodes: b.out_nodes,
        keys: b.keys,
        scalar_ranges: b.scalar_ranges,
    })
}

impl ParsedYaml {
    /// Resolves pointers to (line, column). A pointer with no node of its own resolves to its
    /// deepest ancestor, and inside that ancestor when it is a string of JSON text written as a
    /// one-line plain or quoted scalar or as a literal block (`|`).
    pub fn locate(&self, text: &str, paths: &[&str]) -> Vec<Option<(u32, u32)>> {
        paths.iter().map(|p| self.locate_one(text, p)).collect()
    }

    fn locate_one(&self, text: &str, p: &str) -> Option<(u32, u32)> {
        if let Some(n) = self.nodes.get(p) {
            return Some((n.line, n.column));
        }
        let mut anc = p;
        while let Some(i) = anc.rfind('/') {
            anc = &anc[..i];
            if let Some(n) = self.nodes.get(anc) {
                if let (Some(style), Some(Value::String(s))) = (n.style, self.value.pointer(anc)) {
                    if let Some(pos) = locate_in_scalar(text, n, style, s, &p[anc.len()..]) {
                        return Some(pos);
                    }
                }
                return Some((n.line, n.column));
            }
        }
        None
    }

    /// The suppression comments of the file, with their scopes.
    pub fn suppressions(&self, text: &str) -> Vec<Suppression> {
        let mut out = Vec::new();
        let first_content = self
            .nodes
            .get("")
            .map_or(u32::MAX, |n| n.line)
            .min(self.keys.first().map_or(u32::MAX, |k| k.0));
        let segments: Vec<&str> = text.split_inclusive('\n').collect();
        let lines: Vec<&str> = segments
            .iter()
            .map(|l| l.trim_end_matches('\n').trim_end_matches('\r'))
            .collect();
        let mut char_base = 0usize;
        for (i, raw) in lines.iter().enumerate() {
            let line_no = i as u32 + 1;
            let line_chars = segments[i].chars().count();
            if let Some((col0, rules)) = find_ignore_comment(raw) {
                let at = char_base + col0;
                let in_scalar = self.scalar_ranges.iter().any(|&(s, e)| s <= at && at < e);
                if !in_scalar {
                    let own_line = raw.chars().take(col0).all(char::is_whitespace);
                    let scope = if own_line && line_no < first_content {
                        Scope::File
                    } else if own_line {
                        (line_no + 1..=lines.len() as u32)
                            .find(|&l| {
                                let t = lines[l as usize - 1].trim_start();
                                !t.is_empty() && !t.starts_with('#')
                            })
                            .and_then(|l| self.outermost_on_line(&lines, l))
                            .map_or(Scope::Nothing, Scope::Node)
                    } else {
                        self.outermost_on_line(&lines, line_no)
                            .map_or(Scope::Nothing, Scope::Node)
                    };
                    let position = Some((line_no, col0 as u32 + 1));
                    let path = match &scope {
                        Scope::Node(p) => p.clone(),
                        _ => String::new(),
                    };
                    let rules = if rules.is_empty() {
                        vec![String::new()]
                    } else {
                        rules
                    };
                    for rule in rules {
                        out.push(Suppression {
                            rule,
                            path: path.clone(),
                            position,
                            scope: scope.clone(),
                        });
                    }
                }
            }
            char_base += line_chars;
        }
        out
    }

    /// The shortest pointer among the nodes and keys that start on a line. A block collection
    /// starts where its first entry does, so it does not count: a `key: value` line means the
    /// key's value, except that a `- key: value` line means the whole sequence element.
    fn outermost_on_line(&self, lines: &[&str], line: u32) -> Option<String> {
        let is_flow = |n: &NodePos| {
            lines
                .get(n.line as usize - 1)
                .and_then(|l| l.chars().nth(n.column as usize - 1))
                .is_some_and(|c| c == '[' || c == '{')
        };
        self.nodes
            .iter()
            .filter(|(_, n)| n.line == line)
            .filter(|(p, n)| match n.kind {
                NodeKind::Sequence => is_flow(n),
                NodeKind::Mapping => {
                    is_flow(n)
                        || p.rsplit('/')
                            .next()
                            .is_some_and(|s| !p.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                }
                _ => true,
            })
            .map(|(p, _)| p)
            .chain(self.keys.iter().filter(|k| k.0 == line).map(|k| &k.2))
            .min_by(|a, b| {
                a.matches('/')
                    .count()
                    .cmp(&b.matches('/').count())
                    .then_with(|| a.cmp(b))
            })
            .cloned()
    }
}

/// Finds `# lblint-ignore: a, b` on a line: the comment's column (0-based, in characters) and the
/// rule ids. A `#` starts a comment at the start of a line or after white space.
fn find_ignore_comment(line: &str) -> Option<(usize, Vec<String>)> {
    let mut prev_ws = true;
    for (ci, (bi, c)) in line.char_indices().enumerate() {
        if c == '#' && prev_ws {
            let rest = line[bi + 1..].trim_start();
            if let Some(list) = rest.strip_prefix(IGNORE_COMMENT) {
                let rules: Vec<String> = list
                    .split(',')
                    .map(|r| r.trim().to_owned())
                    .filter(|r| !r.is_empty())
                    .collect();
                return Some((ci, rules));
            }
            return None;
        }
        prev_ws = c.is_whitespace();
    }
    None
}

/// Locates `rest` (a pointer) inside a scalar's JSON text and maps it back to the source.
fn locate_in_scalar(
    text: &str,
    n: &NodePos,
    style: ScalarStyle,
    value: &str,
    rest: &str,
) -> Option<(u32, u32)> {
    let inner = scan::locate(value, &[rest])[0]?;
    let src_line = text.lines().nth(n.line as usize - 1)?;
    let after: String = src_line.chars().skip(n.column as usize - 1).collect();
    let before_chars = value.get(..inner)?.chars().count();
    match style {
        ScalarStyle::Plain if !value.contains('\n') && after.starts_with(value) => {
            Some((n.line, n.column + before_chars as u32))
        }
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted if !value.contains('\n') => {
            let raw_off = quoted_offset(&after, style, before_chars)?;
            Some((n.line, n.column + raw_off as u32))
        }
        ScalarStyle::Literal => {
            let lines: Vec<&str> = text.lines().collect();
            let k = value[..inner].matches('\n').count();
            let col_in = value[..inner]
                .rsplit('\n')
                .next()
                .map_or(0, |l| l.chars().count());
            // The node starts at the header (`|`) or at the content; find the content's first line
            // (0-based) and indentation by matching the value's first line.
            let head = value.split('\n').next()?;
            let (first, indent) = [n.line as usize - 1, n.line as usize]
                .into_iter()
                .filter_map(|i| {
                    let l = lines.get(i)?;
                    let indent = l.chars().take_while(|&c| c == ' ').count();
                    let shown: String = l.chars().skip(indent).collect();
                    (!head.is_empty() && shown == head).then_some((i, indent))
                })
                .next()?;
            let src = lines.get(first + k)?;
            let want = value.split('\n').nth(k)?;
            let shown: String = src.chars().skip(indent).collect();
            (shown == want).then_some(((first + k + 1) as u32, (indent + col_in + 1) as u32))
        }
        _ => None,
    }
}

/// In a quoted scalar's source (starting at its opening quote), the character offset of the
/// `target`-th decoded character; `None` when the scalar does not close on this line.
fn quoted_offset(src: &str, style: ScalarStyle, target: usize) -> Option<usize> {
    let chars: Vec<char> = src.chars().collect();
    let q = *chars.first()?;
    let mut i = 1;
    let mut decoded = 0;
    let mut found = None;
    while i < chars.len() {
        if decoded == target && found.is_none() {
            found = Some(i);
        }
        let c = chars[i];
        match (style, c) {
            (ScalarStyle::SingleQuoted, '\'') if chars.get(i + 1) == Some(&'\'') => i += 2,
            (_, c) if c == q => return found,
            (ScalarStyle::DoubleQuoted, '\\') => {
                i += match chars.get(i + 1) {
                    Some('x') => 4,
                    Some('u') => 6,
                    Some('U') => 10,
                    _ => 2,
                }
            }
            _ => i += 1,
        }
        decoded += 1;
    }
    None
}

/// Validates YAML request text, mirroring [`validate::validate_json`]: syntax errors become
/// `lblint/syntax` diagnostics with their position, suppression comments apply, and every
/// diagnostic gets a line and column.
pub fn validate_yaml(op: Option<Operation>, text: &str, opts: &Options) -> Result<Report, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match parse_yaml(text) {
        Ok(parsed) => {
            let op = op
                .or_else(|| Operation::detect(&parsed.value))
                .ok_or(Error::CannotInferOperation)?;
            let suppressions = parsed.suppressions(text);
            Ok(validate::finish_suppressed(
                op,
                &crate::value::Value::from(&parsed.value),
                &parsed.duplicates,
                &suppressions,
                opts,
                // The parser places an implied empty value (`? ` with nothing after it) on the
                // line after the last one: every position is kept inside the text.
                Some(&|paths: &[&str]| {
                    parsed
                        .locate(text, paths)
                        .into_iter()
                        .map(|pos| pos.map(|(l, c)| clamp_position(text, l, c)))
                        .collect()
                }),
            ))
        }
        Err(e) => {
            let (line, column) = clamp_position(text, e.line, e.column);
            Ok(validate::syntax_report(
                op,
                text,
                &format!("YAML: {}", e.message),
                line,
                column,
            ))
        }
    }
}

/// Keeps a 1-based position inside the text: the scanner reports an error (or an implied empty
/// node) at the end of input
/// on the line after the last one when the text does not end with a line break (that is the end
/// of the last line), or past a final lone CR on its line. Lines end as YAML's do: CR LF, CR, LF.
fn clamp_position(text: &str, line: u32, column: u32) -> (u32, u32) {
    let lines: Vec<&str> = text
        .split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .collect();
    let end = |i: usize| lines[i - 1].chars().count() as u32 + 1;
    match line.max(1) as usize {
        past if past > lines.len() => (lines.len() as u32, end(lines.len())),
        line => (line as u32, column.clamp(1, end(line))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn opts() -> Options {
        Options::default()
    }

    fn diag<'r>(r: &'r Report, rule: &str) -> &'r crate::Diagnostic {
        r.diagnostics
            .iter()
            .find(|d| d.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} in {r}"))
    }

    #[test]
    fn scalars_are_typed_by_the_core_schema() {
        let p = parse_yaml(
            "a: 80\nb: '80'\nc: \"80\"\nd: true\ne: ~\nf: null\ng:\nh: 1.5\ni: -3\nj: 0x1F\nk: 0o17\nl: .inf\nm: !!str 80\nn: hello world\no: |\n  text\np: 1e3\nq: +7\nr: 18446744073709551615\n",
        )
        .unwrap();
        assert_eq!(
            p.value,
            json!({"a": 80, "b": "80", "c": "80", "d": true, "e": null, "f": null, "g": null,
                   "h": 1.5, "i": -3, "j": 31, "k": 15, "l": ".inf", "m": "80", "n": "hello world",
                   "o": "text\n", "p": 1000.0, "q": 7, "r": 18446744073709551615u64})
        );
    }

    #[test]
    fn keys_are_strings_and_sequences_are_arrays() {
        let p = parse_yaml("80: a\ntrue: b\nlist:\n  - 1\n  - [x, {y: z}]\n").unwrap();
        assert_eq!(
            p.value,
            json!({"80": "a", "true": "b", "list": [1, ["x", {"y": "z"}]]})
        );
    }

    #[test]
    fn a_yaml_request_maps_onto_the_same_value_as_its_json() {
        let yaml = "RegionId: cn-hangzhou\nLoadBalancerId: lb-1\nMasterSlaveBackendServers:\n  - {ServerId: i-a, Port: 80, ServerType: Master}\n  - ServerId: i-b\n    Port: 80\n    ServerType: Slave\n";
        let json = r#"{"RegionId": "cn-hangzhou", "LoadBalancerId": "lb-1", "MasterSlaveBackendServers": [{"ServerId": "i-a", "Port": 80, "ServerType": "Master"}, {"ServerId": "i-b", "Port": 80, "ServerType": "Slave"}]}"#;
        assert_eq!(
            crate::value::Value::from(&parse_yaml(yaml).unwrap().value),
            crate::parse::parse_json(json).unwrap().value
        );
        let a = validate_yaml(None, yaml, &opts()).unwrap();
        let b = crate::validate_json(None, json, &opts()).unwrap();
        assert_eq!(a.operation, b.operation);
        assert!(a.is_valid(), "{a}");
    }

    #[test]
    fn duplicate_keys_are_reported_with_the_json_pointers() {
        let p = parse_yaml("pool:\n  name: a\n  m:\n    - {x: 1, x: 2}\n  name: b\n").unwrap();
        assert_eq!(p.duplicates, vec!["/pool/m/0/x", "/pool/name"]);
        assert_eq!(p.value["pool"]["name"], "b");
    }

    #[test]
    fn every_diagnostic_has_the_exact_line_and_column() {
        let yaml = "RegionId: cn-hangzhou\nLoadBalancerId: lb-1\nMasterSlaveBackendServers:\n  - ServerId: i-a\n    Port: 80\n    ServerType: Master\n  - ServerId: i-b\n    Port: 99999\n    ServerType: Master\n";
        let r = validate_yaml(None, yaml, &opts()).unwrap();
        let roles = diag(&r, "aliyun/servers-roles");
        assert_eq!(
            roles.code,
            "BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE"
        );
        let port = diag(&r, "aliyun/server-port-range");
        assert_eq!((port.line, port.column), (Some(8), Some(11)), "{r}");
        assert_eq!(port.path, "/MasterSlaveBackendServers/1/Port");
    }

    #[test]
    fn positions_inside_a_one_line_server_string() {
        // Plain, single-quoted and double-quoted scalars holding the API's JSON text.
        let plain = "RegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers: [{\"ServerId\":\"i-a\",\"Port\":\"80\",\"ServerType\":\"Master\"},{\"ServerId\":\"i-b\",\"Port\":\"0\",\"ServerType\":\"Slave\"}]\n";
        // As a plain YAML scalar that text would be a flow sequence: quote it instead.
        let single = "RegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers: '[{\"ServerId\":\"i-a\",\"Port\":\"80\",\"ServerType\":\"Master\"},{''ServerId'':''i-b'',''Port'':''0'',''ServerType'':''Slave''}]'\n";
        let double = "RegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers: \"[{\\\"ServerId\\\":\\\"i-a\\\",\\\"Port\\\":\\\"80\\\",\\\"ServerType\\\":\\\"Master\\\"},{'ServerId':'i-b','Port':'0','ServerType':'Slave'}]\"\n";
        for (text, needle) in [(plain, "\"0\""), (single, "''0''"), (double, "'0'")] {
            let r = validate_yaml(None, text, &opts()).unwrap();
            let d = diag(&r, "aliyun/server-port-range");
            assert_eq!(d.path, "/MasterSlaveBackendServers/1/Port");
            let line3 = text.lines().nth(2).unwrap();
            let col = line3[..line3.rfind(needle).unwrap()].chars().count() as u32 + 1;
            assert_eq!((d.line, d.column), (Some(3), Some(col)), "{text}\n{r}");
        }
        // A plain scalar that is a real string (no flow syntax) keeps its own position.
        let r = validate_yaml(
            None,
            "RegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers: not json\n",
            &opts(),
        )
        .unwrap();
        let d = diag(&r, "aliyun/servers-syntax");
        assert_eq!((d.line, d.column), (Some(3), Some(28)));
    }

    #[test]
    fn positions_inside_a_literal_block() {
        let text = "RegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers: |\n  [{\"ServerId\": \"i-a\", \"Port\": 80, \"ServerType\": \"Master\"},\n   {\"ServerId\": \"i-b\", \"Port\": 80, \"ServerType\": \"Sleve\"}]\n";
        let r = validate_yaml(None, text, &opts()).unwrap();
        let d = diag(&r, "aliyun/server-type");
        let line5 = text.lines().nth(4).unwrap();
        let col = line5.find("\"Sleve\"").unwrap() as u32 + 1;
        assert_eq!((d.line, d.column), (Some(5), Some(col)), "{r}");
    }

    #[test]
    fn aliases_are_resolved_and_their_expansion_is_bounded() {
        let p = parse_yaml("base: &s {Port: 80}\nservers:\n  - *s\n  - *s\n").unwrap();
        assert_eq!(p.value["servers"], json!([{"Port": 80}, {"Port": 80}]));
        let mut laughs = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            laughs.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = parse_yaml(&laughs).unwrap_err();
        assert!(e.message.contains("more than"), "{e}");
        let r = validate_yaml(
            Some(Operation::AliyunCreateMasterSlaveServerGroup),
            &laughs,
            &opts(),
        )
        .unwrap();
        assert!(r.has_rule("lblint/syntax"));
    }

    #[test]
    fn bad_yaml_is_a_syntax_diagnostic_with_a_position() {
        let r = validate_yaml(None, "RegionId: r\nLoadBalancerId: [lb\n", &opts()).unwrap();
        let d = diag(&r, "lblint/syntax");
        assert!(d.line.is_some() && d.column.is_some());
        assert_eq!(d.code, "InvalidJSON");
        for bad in [
            "a: 1\n---\nb: 2\n",
            "? [x]\n: 1\n",
            "",
            "x: *nope\n",
            "a: 1\n a: 2\n",
        ] {
            let r = validate_yaml(Some(Operation::HuaweiCreateMember), bad, &opts()).unwrap();
            assert!(r.has_rule("lblint/syntax"), "{bad:?}: {r}");
        }
        let r = validate_yaml(Some(Operation::HuaweiCreateMember), "", &opts()).unwrap();
        assert_eq!(r.diagnostics[0].code, "ELB.0002");
        let deep = "[".repeat(10_000);
        assert!(parse_yaml(&deep).is_err());
    }

    #[test]
    fn suppression_comments_at_the_top_cover_the_file() {
        let text = "# lblint-ignore: aliyun/servers-roles\nRegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers:\n  - {ServerId: i-a, Port: 80}\n  - {ServerId: i-b, Port: 80}\n";
        let r = validate_yaml(None, text, &opts()).unwrap();
        assert!(!r.has_rule("aliyun/servers-roles"), "{r}");
        assert!(!r.has_rule("lblint/suppression"), "{r}");
    }

    #[test]
    fn suppression_comments_cover_the_node_on_their_line_or_the_next() {
        let base = "RegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers:\n  - {ServerId: i-a, Port: 0, ServerType: Master}\n  - {ServerId: i-b, Port: 0, ServerType: Slave}\n";
        let r = validate_yaml(None, base, &opts()).unwrap();
        assert_eq!(
            r.diagnostics
                .iter()
                .filter(|d| d.rule == "aliyun/server-port-range")
                .count(),
            2
        );
        // Trailing: only the first server.
        let text = base.replacen(
            "Master}\n",
            "Master}  # lblint-ignore: aliyun/server-port-range\n",
            1,
        );
        let r = validate_yaml(None, &text, &opts()).unwrap();
        let left: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.rule == "aliyun/server-port-range")
            .collect();
        assert_eq!(left.len(), 1, "{r}");
        assert_eq!(left[0].path, "/MasterSlaveBackendServers/1/Port");
        // Own line before the key: the whole list.
        let text = base.replace(
            "MasterSlaveBackendServers:",
            "# lblint-ignore: aliyun/server-port-range\nMasterSlaveBackendServers:",
        );
        let r = validate_yaml(None, &text, &opts()).unwrap();
        assert!(!r.has_rule("aliyun/server-port-range"), "{r}");
        assert!(!r.has_rule("lblint/suppression"), "{r}");
        // A `- key: value` line means the whole element; a `key: value` line only that value.
        let block = "RegionId: r\nLoadBalancerId: lb\nMasterSlaveBackendServers:\n  - ServerId: i-a  # lblint-ignore: aliyun/server-port-range\n    Port: 0\n    ServerType: Master\n  - ServerId: i-b\n    Port: 0  # lblint-ignore: aliyun/server-port-range\n    ServerType: Slave\n";
        let r = validate_yaml(None, block, &opts()).unwrap();
        assert!(!r.has_rule("aliyun/server-port-range"), "{r}");
        assert!(!r.has_rule("lblint/suppression"), "{r}");
        let first_key = "RegionId: r  # lblint-ignore: aliyun/server-port-range\nLoadBalancerId: lb\nMasterSlaveBackendServers: [{ServerId: i-a, Port: 0}, {ServerId: i-b, Port: 80, ServerType: Slave}]\n";
        let r = validate_yaml(None, first_key, &opts()).unwrap();
        assert!(r.has_rule("aliyun/server-port-range"), "{r}");
        assert!(r.has_rule("lblint/suppression"), "{r}");
    }

    #[test]
    fn unused_and_unknown_suppressions_are_warnings_at_the_comment() {
        let text = "RegionId: r  # lblint-ignore: aliyun/tag-key, no/such-rule\nLoadBalancerId: lb\n# lblint-ignore: aliyun/tag-value\n";
        let r = validate_yaml(None, text, &opts()).unwrap();
        let s: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| d.rule == "lblint/suppression")
            .collect();
        assert_eq!(s.len(), 3, "{r}");
        assert!(s.iter().all(|d| d.severity == crate::Severity::Warning));
        assert_eq!((s[0].line, s[0].column), (Some(1), Some(14)));
        assert!(s.iter().any(|d| d.message.contains("no/such-rule")));
        assert!(s.iter().any(|d| d.message.contains("no node follows")));
        // A `#` inside a quoted scalar is text, not a comment.
        let r = validate_yaml(
            None,
            "RegionId: 'x # lblint-ignore: aliyun/tag-key'\nLoadBalancerId: lb\n",
            &opts(),
        )
        .unwrap();
        assert!(!r.has_rule("lblint/suppression"), "{r}");
    }
}
