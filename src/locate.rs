//! Where JSON Pointers' values start in JSON text: the implementation of [`crate::scan::locate`].
//!
//! The pointers become a tree of their segments (one node per distinct path, the children of a
//! node side by side, sorted), built once; then one pass over the text follows all of them at
//! once. In an object on a pointer's path, a member name is compared, raw, with the segments of
//! the node's children (decoded only when it holds a backslash, escaped only when a segment
//! holds `~`); an array's elements are matched with its children's indices in order. Values
//! that no pointer goes into are passed over by an iterative skipper that reads strings eight
//! bytes at a time. Nothing is hashed and no path is built, so the cost is one pass over the text
//! plus a comparison or two per member of the objects on the pointers' paths.
//!
//! The text is checked as the lenient parser's skipping checks it (string contents are not, except
//! member names with escapes on a pointer's path), and the pass stops at the first syntax error:
//! the values complete before it are found, the unfinished ones are not. Each pointer resolves to
//! the last occurrence of its value (a duplicated member), else to its deepest ancestor found;
//! when that ancestor is a string, the rest of the pointer is followed inside the string's
//! decoded text (strings inside strings, up to [`MAX_STRING_DEPTH`] levels), and the offset found
//! there is mapped back to the raw text.

use std::cmp::Ordering;

use crate::scan::{self, MAX_DEPTH};
use crate::swar::{first, first_eq_mask, word};
use crate::value::{same_key, Value};

// The skipper keeps the kinds of the containers it is inside as the bits of a `u128`.
const _: () = assert!(MAX_DEPTH <= 128);

/// How many strings deep (a string holding JSON that holds a string holding JSON...) a pointer
/// is followed.
const MAX_STRING_DEPTH: usize = 4;

/// Past this many children, a member name is looked for by binary search.
const LINEAR_CHILDREN: usize = 8;

/// See [`crate::scan::locate`].
pub(crate) fn locate(text: &str, pointers: &[&str]) -> Vec<Option<usize>> {
    if pointers.is_empty() {
        return Vec::new();
    }
    locate_depth(text, pointers, 0).0
}

/// [`locate`] for a document the strict parser read into `value` with no member name twice:
/// most pointers are placed from the value, without a pass over the text. A member's value
/// starts after its name, and a name the parser did not decode is a slice of `text` itself
/// (which its address shows), so the colon and the white space after it are all that is read.
/// An element is placed when it is a string the parser did not decode, or an object whose
/// first name is placed. A pointer that goes on into a placed string is followed inside it as
/// [`locate`] follows it. The pointers it cannot place (absent values, segments with escapes,
/// decoded names on the way) go to [`locate`], in one pass for all of them. Tests check that
/// every answer is [`locate`]'s.
pub(crate) fn locate_parsed(text: &str, value: &Value, pointers: &[&str]) -> Vec<Option<usize>> {
    let mut out = vec![None; pointers.len()];
    let (mut inside, mut missing) = (Vec::new(), Vec::new());
    // Findings inside a string are often inside the same one (an Alibaba server list): where
    // it ends is found once. Finding it again was 1,400 instructions of the bundled invalid
    // Alibaba request, its 48 escapes each ending a run of the scan (callgrind).
    let mut last_string = None;
    for (i, p) in pointers.iter().enumerate() {
        match place_with(text, value, p, &mut last_string) {
            Some(Placed::At(at)) => out[i] = Some(at),
            Some(Placed::Inside {
                start,
                end,
                cut,
                decoded,
            }) => {
                out[i] = Some(start);
                inside.push((start, end, i, cut, Some(decoded)));
            }
            None => missing.push(i),
        }
    }
    if !missing.is_empty() {
        let rest: Vec<&str> = missing.iter().map(|&i| pointers[i]).collect();
        for (i, at) in missing.into_iter().zip(locate(text, &rest)) {
            out[i] = at;
        }
    }
    if !inside.is_empty() {
        into_strings(text, pointers, inside, 0, &mut out);
    }
    out
}

/// What the parsed value tells of where a pointer's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placed<'v> {
    /// The value starts here.
    At(usize),
    /// The pointer goes on into the string from `start` to `end` (past its closing quote),
    /// from its byte `cut` on; `decoded` is the string as the parser decoded it.
    Inside {
        start: usize,
        end: usize,
        cut: usize,
        decoded: &'v str,
    },
}

/// Where the value at `ptr` is, when the parsed value tells.
#[cfg(test)]
fn place<'v>(text: &str, root: &'v Value, ptr: &str) -> Option<Placed<'v>> {
    place_with(text, root, ptr, &mut None)
}

/// [`place`], with the start and end of the last string a pointer went on into, which is not
/// looked for again.
fn place_with<'v>(
    text: &str,
    root: &'v Value,
    ptr: &str,
    last_string: &mut Option<(usize, usize)>,
) -> Option<Placed<'v>> {
    let b = text.as_bytes();
    if ptr.is_empty() {
        return Some(Placed::At(ws(b, 0)));
    }
    let rest = ptr.strip_prefix('/')?;
    // The value reached, the name it was reached by (`None`: an element), where the pointer's
    // rest starts. Where the value starts is worked out only for the last one, or a string.
    let (mut cur, mut name, mut cut): (&'v Value, Option<&str>, usize) = (root, None, 0);
    let start = |v: &Value, name: Option<&str>| match name {
        Some(n) => after_name(b, in_text(text, n)? + n.len()),
        None => element_start(text, v),
    };
    let mut rest = Some(rest);
    while let Some((seg, after, escaped)) = rest.map(crate::pointer::next_segment) {
        // A segment with `~` is left to the pass, which compares escaped names as pointers hold
        // them. (Told by the segment's own scan: a search of the whole pointer for `~` was a
        // fifth of placing a finding, by callgrind.)
        if escaped {
            return None;
        }
        rest = after;
        (cur, name) = match cur {
            Value::Object(map) => {
                let (n, v) = map.entry(seg)?;
                (v, Some(n))
            }
            Value::Array(items) => (items.get(index(seg.as_bytes())?)?, None),
            Value::String(decoded) => {
                // The rest of the pointer is followed inside the string's text.
                let start = start(cur, name)?;
                let end = match *last_string {
                    Some((s, e)) if s == start => e,
                    _ => string_end(b, start)?.0,
                };
                *last_string = Some((start, end));
                return Some(Placed::Inside {
                    start,
                    end,
                    cut,
                    decoded,
                });
            }
            _ => return None,
        };
        cut += 1 + seg.len();
    }
    start(cur, name).map(Placed::At)
}

/// Where a member's value starts, given where its name ends in the text (at the closing quote):
/// past the quote, white space, the colon and white space.
fn after_name(b: &[u8], end: usize) -> Option<usize> {
    (b.get(end) == Some(&b'"')).then_some(())?;
    let colon = ws(b, end + 1);
    (b.get(colon) == Some(&b':')).then(|| ws(b, colon + 1))
}

/// Where an array's element starts, when it is a string the parser did not decode or an object
/// whose first name it did not (back from the name's quote over white space to the brace).
fn element_start(text: &str, item: &Value) -> Option<usize> {
    let b = text.as_bytes();
    match item {
        Value::String(s) => {
            let start = in_text(text, s)?.checked_sub(1)?;
            (b[start] == b'"').then_some(start)
        }
        Value::Object(map) => {
            let (name, _) = map.iter().next()?;
            let quote = in_text(text, name)?.checked_sub(1)?;
            let brace = b[..quote]
                .iter()
                .rposition(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))?;
            (b[quote] == b'"' && b[brace] == b'{').then_some(brace)
        }
        _ => None,
    }
}

/// Where `part` starts in `text`, when it is a slice of it (a string the parser did not decode
/// borrows the text; one it decoded lives elsewhere).
fn in_text(text: &str, part: &str) -> Option<usize> {
    let at = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    (at < text.len() && text.len() - at >= part.len()).then_some(at)
}

/// Why a pass stopped before the end of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Halt {
    /// A syntax error, which any pass meets, whichever pointers it follows.
    Syntax,
    /// A member name with a bad escape on a followed path. Names elsewhere are not decoded, so a
    /// pass following fewer pointers may have gone on.
    Name,
}

type Step = Result<(), Halt>;

/// A pointer to locate.
struct Entry<'p> {
    ptr: &'p str,
    /// Its place among the pointers asked for.
    at: usize,
    /// The node of its whole path.
    leaf: usize,
}

/// One distinct path of the pointers (a prefix of one of them, up to a segment's end).
#[derive(Debug)]
struct Node<'p> {
    /// The last segment of the path, escaped as in the pointers.
    seg: &'p [u8],
    /// The array index the segment names, if it names one.
    index: Option<usize>,
    /// The path's length in bytes.
    off: usize,
    parent: usize,
    /// The children, in `Tree::kids`.
    kids: (usize, usize),
    /// Whether a child's segment holds an escape (`~0` or `~1`).
    escapes: bool,
    /// Where the last value at the path starts and ends, once found.
    found: Option<(usize, usize)>,
}

/// The pointers' paths.
struct Tree<'p> {
    /// The root first, then depth first.
    nodes: Vec<Node<'p>>,
    /// The children of each node side by side, each node's sorted by segment.
    kids: Vec<usize>,
}

/// Orders pointers segment by segment (`/` before any other byte), so the pointers that start
/// with a given path are side by side, and the children of a path are in byte order.
fn by_segments(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let i = common_prefix(a, b);
    match (a.get(i), b.get(i)) {
        (Some(&x), Some(&y)) => {
            let key = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
            key(x).cmp(&key(y))
        }
        _ => a.len().cmp(&b.len()),
    }
}

/// The length of the longest common prefix of `a` and `b` (eight bytes at a time).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let mut i = 0;
    while let (Some(x), Some(y)) = (word(a, i), word(b, i)) {
        if x != y {
            return i + (x ^ y).trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + a[i..]
        .iter()
        .zip(&b[i..])
        .take_while(|(x, y)| x == y)
        .count()
}

impl<'p> Tree<'p> {
    /// The tree of `entries` (sorted [`by_segments`], each `""` or starting with `/`); sets each
    /// entry's leaf.
    fn new(entries: &mut [Entry<'p>]) -> Tree<'p> {
        let mut nodes = Vec::with_capacity(1 + 4 * entries.len());
        nodes.push(Node {
            seg: b"",
            index: None,
            off: 0,
            parent: 0,
            kids: (0, 0),
            escapes: false,
            found: None,
        });
        // Each pointer shares the path of the one before it up to the last segment boundary
        // they have in common, and adds nodes for its remaining segments.
        let (mut prev, mut last): (&[u8], usize) = (b"", 0);
        for e in entries.iter_mut() {
            let p = e.ptr.as_bytes();
            let common = common_prefix(prev, p);
            let boundary = |s: &[u8]| matches!(s.get(common), None | Some(b'/'));
            let shared = if boundary(p) && boundary(prev) {
                common
            } else {
                p[..common].iter().rposition(|&c| c == b'/').unwrap_or(0)
            };
            let mut n = last;
            while nodes[n].off > shared {
                n = nodes[n].parent;
            }
            let mut start = shared;
            while start < p.len() {
                let rest = &p[start + 1..];
                let seg = &rest[..rest.iter().position(|&c| c == b'/').unwrap_or(rest.len())];
                nodes[n].escapes |= seg.contains(&b'~');
                nodes.push(Node {
                    seg,
                    index: index(seg),
                    off: start + 1 + seg.len(),
                    parent: n,
                    kids: (0, 0),
                    escapes: false,
                    found: None,
                });
                n = nodes.len() - 1;
                start += 1 + seg.len();
            }
            e.leaf = n;
            (prev, last) = (p, n);
        }
        // Each node's children side by side: count them, place the runs, fill them in order of
        // creation (by segment, as the pointers are sorted).
        for c in 1..nodes.len() {
            let parent = nodes[c].parent;
            nodes[parent].kids.1 += 1;
        }
        let mut at = 0;
        for node in &mut nodes {
            let count = node.kids.1;
            node.kids = (at, at);
            at += count;
        }
        let mut kids = vec![0; nodes.len() - 1];
        for c in 1..nodes.len() {
            let parent = nodes[c].parent;
            kids[nodes[parent].kids.1] = c;
            nodes[parent].kids.1 += 1;
        }
        Tree { nodes, kids }
    }

    /// The child of `n` whose segment is `name` (a member name, decoded).
    #[inline(always)]
    fn child(&self, n: usize, name: &[u8], escaped: &mut Vec<u8>) -> Option<usize> {
        let node = &self.nodes[n];
        let name = if node.escapes && name.iter().any(|&c| c == b'~' || c == b'/') {
            escaped.clear();
            for &c in name {
                match c {
                    b'~' => escaped.extend_from_slice(b"~0"),
                    b'/' => escaped.extend_from_slice(b"~1"),
                    c => escaped.push(c),
                }
            }
            &escaped[..]
        } else {
            name
        };
        let kids = &self.kids[node.kids.0..node.kids.1];
        if kids.len() <= LINEAR_CHILDREN {
            kids.iter()
                .copied()
                .find(|&k| same_key(self.nodes[k].seg, name))
        } else {
            let i = kids
                .binary_search_by(|&k| self.nodes[k].seg.cmp(name))
                .ok()?;
            Some(kids[i])
        }
    }
}

/// Locates `pointers` in `text`, a string's decoded text when `depth > 0`; also says why the pass
/// stopped early, if it did.
fn locate_depth(text: &str, pointers: &[&str], depth: usize) -> (Vec<Option<usize>>, Option<Halt>) {
    let mut entries = Vec::with_capacity(pointers.len());
    for (at, &ptr) in pointers.iter().enumerate() {
        // A non-empty pointer that does not start with `/` names nothing.
        if ptr.is_empty() || ptr.starts_with('/') {
            entries.push(Entry { ptr, at, leaf: 0 });
        }
    }
    if !entries.is_sorted_by(|a, b| by_segments(a.ptr, b.ptr).is_le()) {
        entries.sort_unstable_by(|a, b| by_segments(a.ptr, b.ptr));
    }
    let tree = Tree::new(&mut entries);
    let mut pass = Pass {
        b: text.as_bytes(),
        s: text,
        pos: 0,
        depth: 0,
        tree,
        escaped: Vec::new(),
    };
    pass.pos = ws(pass.b, 0);
    // The document's root is always read as on a pointer's path (its member names are checked).
    let halt = pass.follow(0).err();
    let nodes = &pass.tree.nodes;

    let mut out = vec![None; pointers.len()];
    // Pointers whose deepest value found is a string they go on into.
    let mut inside: Vec<Inside<'_>> = Vec::new();
    for e in &entries {
        // The deepest path of the pointer with a value found.
        let mut n = e.leaf;
        while nodes[n].found.is_none() && n != 0 {
            n = nodes[n].parent;
        }
        let Some((start, end)) = nodes[n].found else {
            continue;
        };
        out[e.at] = Some(start);
        if n != e.leaf
            && depth < MAX_STRING_DEPTH
            && matches!(text.as_bytes().get(start), Some(b'"' | b'\''))
        {
            inside.push((start, end, e.at, nodes[n].off, None));
        }
    }
    into_strings(text, pointers, inside, depth, &mut out);
    (out, halt)
}

/// A pointer whose deepest value found is a string it goes on into: where the string starts and
/// ends, the pointer's place among the pointers, where the rest of the pointer starts, and the
/// string decoded, when the parser has decoded it already.
type Inside<'v> = (usize, usize, usize, usize, Option<&'v str>);

/// Follows pointers on inside the strings their deepest values found are, when those strings
/// hold JSON; sets `out` for those found there (the others keep the string's place).
fn into_strings(
    text: &str,
    pointers: &[&str],
    inside: Vec<Inside<'_>>,
    depth: usize,
    out: &mut [Option<usize>],
) {
    // Grouped by the string's start, through (start, index) pairs: the sort of pairs that
    // `scan` uses too (sorting the tuples themselves was 7 KB of the .wasm).
    let mut order: Vec<(usize, usize)> = inside.iter().map(|x| x.0).zip(0..).collect();
    order.sort_unstable();
    for keys in order.chunk_by(|a, b| a.0 == b.0) {
        let group = || keys.iter().map(|&(_, k)| inside[k]);
        let (start, end, .., first_decoded) = inside[keys[0].1];
        let Some(raw) = text.get(start + 1..end.saturating_sub(1)) else {
            continue;
        };
        // The parser's decoding, when there is one, is the same text (the strict parser read
        // it, and a strict string's escapes decode one way): decoding it again was a tenth of
        // placing the findings of an invalid Alibaba request (callgrind).
        let decoded: std::borrow::Cow<'_, str> = match first_decoded {
            Some(d) => d.into(),
            None => decode(raw).into(),
        };
        let rests: Vec<&str> = group().map(|(.., i, cut, _)| &pointers[i][cut..]).collect();
        let (mut inner, halt) = locate_depth(&decoded, &rests, depth + 1);
        if halt == Some(Halt::Name) && rests.len() > 1 {
            // Each pointer alone, as the pass for all of them may have stopped earlier.
            inner = rests
                .iter()
                .map(|r| locate_depth(&decoded, &[r], depth + 1).0[0])
                .collect();
        }
        let targets: Vec<usize> = inner.iter().map(|o| o.unwrap_or(0)).collect();
        let raws = raw_offsets(raw, &targets);
        for (((.., i, _, _), at), raw_at) in group().zip(&inner).zip(raws) {
            if at.is_some() {
                out[i] = Some(start + 1 + raw_at);
            }
        }
    }
}

/// One pass over a document.
struct Pass<'t, 'p> {
    b: &'t [u8],
    s: &'t str,
    pos: usize,
    /// Containers open.
    depth: usize,
    tree: Tree<'p>,
    /// A scratch buffer for escaping a member name that holds `~` or `/`.
    escaped: Vec<u8>,
}

impl Pass<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn ws(&mut self) {
        self.pos = ws(self.b, self.pos);
    }

    /// Reads the value at `pos`, whose path is node `n`'s, and records where it is.
    fn follow(&mut self, n: usize) -> Step {
        let start = self.pos;
        let node = &self.tree.nodes[n];
        match self.peek() {
            Some(b'{') => self.object(n)?,
            Some(b'[') if node.kids.0 < node.kids.1 => self.array(n)?,
            _ => self.skip()?,
        }
        self.tree.nodes[n].found = Some((start, self.pos));
        Ok(())
    }

    /// Opens the container at `pos`; says whether it is empty (and then closes it too).
    fn open(&mut self, close: u8) -> Result<bool, Halt> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Halt::Syntax);
        }
        self.pos = ws(self.b, self.pos + 1);
        if self.peek() == Some(close) {
            self.pos += 1;
            self.depth -= 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// After a member or element: `,` (true) or the closing bracket (false, and the container is
    /// closed).
    fn next(&mut self, close: u8) -> Result<bool, Halt> {
        self.ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(c) if c == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(Halt::Syntax),
        }
    }

    /// An object at node `n`'s path. Its member names are decoded if they hold escapes (as the
    /// parser would), whether or not a pointer goes on past it.
    fn object(&mut self, n: usize) -> Step {
        if self.open(b'}')? {
            return Ok(());
        }
        let has_kids = self.tree.nodes[n].kids.0 < self.tree.nodes[n].kids.1;
        loop {
            self.ws();
            let start = self.pos;
            let (end, escapes) = string_end(self.b, start).ok_or(Halt::Syntax)?;
            self.pos = end;
            let child = if escapes {
                let (name, end) = scan::decode_string_at(self.s, start).ok_or(Halt::Name)?;
                self.pos = end;
                let found =
                    has_kids.then(|| self.tree.child(n, name.as_bytes(), &mut self.escaped));
                found.flatten()
            } else if has_kids {
                let b = self.b;
                self.tree
                    .child(n, &b[start + 1..end - 1], &mut self.escaped)
            } else {
                None
            };
            self.ws();
            if self.peek() != Some(b':') {
                return Err(Halt::Syntax);
            }
            self.pos = ws(self.b, self.pos + 1);
            match child {
                Some(c) => self.follow(c)?,
                None => self.skip()?,
            }
            if !self.next(b'}')? {
                return Ok(());
            }
        }
    }

    /// An array at node `n`'s path, which has children.
    fn array(&mut self, n: usize) -> Step {
        // The children that are indices, by index.
        let (a, b) = self.tree.nodes[n].kids;
        let nodes = &self.tree.nodes;
        let mut runs: Vec<(usize, usize)> = self.tree.kids[a..b]
            .iter()
            .filter_map(|&k| Some((nodes[k].index?, k)))
            .collect();
        if runs.is_empty() {
            return self.skip();
        }
        runs.sort_unstable();
        let mut runs = runs.into_iter().peekable();
        if self.open(b']')? {
            return Ok(());
        }
        let mut i = 0usize;
        loop {
            self.ws();
            match runs.next_if(|r| r.0 == i) {
                Some((_, c)) => self.follow(c)?,
                None => self.skip()?,
            }
            i += 1;
            if !self.next(b']')? {
                return Ok(());
            }
        }
    }

    /// Skips the value at `pos`, checking its syntax, without recursion.
    fn skip(&mut self) -> Step {
        let b = self.b;
        let mut i = self.pos;
        // Bit `k` tells whether the `k`th container open (from 0) is an object. The depth limit
        // keeps `open` at most 128.
        let mut objects = 0u128;
        let mut open = 0u32;
        let r = loop {
            // At the first byte of a value.
            let Some(&c) = b.get(i) else {
                break Err(Halt::Syntax);
            };
            match c {
                b'{' | b'[' => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        break Err(Halt::Syntax);
                    }
                    i = ws(b, i + 1);
                    let object = c == b'{';
                    if b.get(i) == Some(&(c + 2)) {
                        // `{}` or `[]`.
                        i += 1;
                        self.depth -= 1;
                    } else {
                        objects = objects & !(1 << open) | u128::from(object) << open;
                        open += 1;
                        if object {
                            match name_end(b, i) {
                                Some(e) => i = e,
                                None => break Err(Halt::Syntax),
                            }
                        }
                        continue;
                    }
                }
                b'"' | b'\'' => match string_end(b, i) {
                    Some((e, _)) => i = e,
                    None => break Err(Halt::Syntax),
                },
                b't' | b'f' | b'n' => {
                    let word: &[u8] = match c {
                        b't' => b"true",
                        b'f' => b"false",
                        _ => b"null",
                    };
                    if !b[i..].starts_with(word) {
                        break Err(Halt::Syntax);
                    }
                    i += word.len();
                }
                b'-' | b'0'..=b'9' => match number_end(b, i) {
                    Some(e) => i = e,
                    None => break Err(Halt::Syntax),
                },
                _ => break Err(Halt::Syntax),
            }
            // After a value: close containers until one goes on with another value.
            let done = loop {
                if open == 0 {
                    break true;
                }
                i = ws(b, i);
                let object = objects >> (open - 1) & 1 == 1;
                match b.get(i) {
                    Some(b',') if object => match name_end(b, ws(b, i + 1)) {
                        Some(e) => {
                            i = e;
                            break false;
                        }
                        None => return Err(Halt::Syntax),
                    },
                    Some(b',') => {
                        i = ws(b, i + 1);
                        break false;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    _ => return Err(Halt::Syntax),
                }
                i += 1;
                self.depth -= 1;
                open -= 1;
            };
            if done {
                break Ok(());
            }
        };
        self.pos = i;
        r
    }
}

/// Skips white space (and byte order marks, which the parser takes for white space) from `i`.
#[inline]
fn ws(b: &[u8], mut i: usize) -> usize {
    const SPACES: u64 = 0x2020_2020_2020_2020;
    while let Some(&c) = b.get(i) {
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                // Indentation: the spaces after it, eight at a time.
                while let Some(w) = word(b, i) {
                    let other = w ^ SPACES;
                    if other != 0 {
                        i += other.trailing_zeros() as usize / 8;
                        break;
                    }
                    i += 8;
                }
            }
            0xEF if b[i..].starts_with("\u{feff}".as_bytes()) => i += 3,
            _ => break,
        }
    }
    i
}

/// Where the string at `start` (at its opening quote, either kind) ends, just past its closing
/// quote, and whether it holds a backslash (which escapes the byte after it); `None` if it does
/// not end.
#[inline]
fn string_end(b: &[u8], start: usize) -> Option<(usize, bool)> {
    let quote = *b.get(start).filter(|&&q| q == b'"' || q == b'\'')?;
    let mut i = start + 1;
    let mut escapes = false;
    loop {
        // The next quote or backslash: eight bytes at a time, then one at a time near the end.
        loop {
            if let Some(w) = word(b, i) {
                let hits = first_eq_mask(w, quote) | first_eq_mask(w, b'\\');
                if hits == 0 {
                    i += 8;
                    continue;
                }
                i += first(hits);
            } else {
                i += b.get(i..)?.iter().position(|&c| c == quote || c == b'\\')?;
            }
            break;
        }
        if b[i] == quote {
            return Some((i + 1, escapes));
        }
        escapes = true;
        i += 2;
    }
}

/// Where the member name at `i`, its colon and the white space after it end.
#[inline]
fn name_end(b: &[u8], i: usize) -> Option<usize> {
    let (e, _) = string_end(b, i)?;
    let e = ws(b, e);
    (b.get(e) == Some(&b':')).then(|| ws(b, e + 1))
}

/// Where the number at `i` ends: `-`, digits, then maybe a fraction and an exponent.
fn number_end(b: &[u8], mut i: usize) -> Option<usize> {
    let digits = |i: usize| {
        let n = b
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        (n > 0).then_some(i + n)
    };
    if b.get(i) == Some(&b'-') {
        i += 1;
    }
    i = digits(i)?;
    if b.get(i) == Some(&b'.') {
        i = digits(i + 1)?;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        i = digits(i)?;
    }
    Some(i)
}

/// The array index a segment names: decimal digits without a leading zero, as pointers write
/// indices.
fn index(seg: &[u8]) -> Option<usize> {
    if seg.is_empty() || (seg[0] == b'0' && seg.len() > 1) || !seg.iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Digits only, so no check of the text as UTF-8 (`str::parse` needs one), which was most of
    // this function's instructions (callgrind).
    seg.iter().try_fold(0usize, |n, &d| {
        n.checked_mul(10)?.checked_add(usize::from(d - b'0'))
    })
}

/// One decoded character of a JSON string body and the raw bytes it took (leniently: a bad escape
/// decodes to something, never fails).
fn decode_step(raw: &str, i: usize) -> (char, usize) {
    let rest = &raw[i..];
    let mut it = rest.chars();
    let Some(c) = it.next() else {
        return ('\u{fffd}', 1);
    };
    if c != '\\' {
        return (c, c.len_utf8());
    }
    match it.next() {
        Some('n') => ('\n', 2),
        Some('t') => ('\t', 2),
        Some('r') => ('\r', 2),
        Some('b') => ('\u{8}', 2),
        Some('f') => ('\u{c}', 2),
        Some('u') => {
            // Up to four characters, whatever they are.
            let hex = &rest[2..];
            let len = hex.char_indices().nth(4).map_or(hex.len(), |(j, _)| j);
            let code = u32::from_str_radix(&hex[..len], 16).unwrap_or(0xfffd);
            (char::from_u32(code).unwrap_or('\u{fffd}'), 2 + len)
        }
        Some(other) => (other, 1 + other.len_utf8()),
        None => ('\\', 1),
    }
}

/// The length of the run of bytes from `i` without a backslash (which decode to themselves).
fn plain_run(raw: &str, i: usize) -> usize {
    let rest = raw.as_bytes().get(i..).unwrap_or_default();
    rest.iter().position(|&c| c == b'\\').unwrap_or(rest.len())
}

/// Decodes a JSON string body.
fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let run = plain_run(raw, i);
        out.push_str(&raw[i..i + run]);
        i += run;
        if i < raw.len() {
            let (c, n) = step(raw, i);
            out.push(c);
            i += n;
        }
    }
    out
}

/// [`decode_step`] at a backslash, quicker for the escapes of one ASCII character but `u`.
#[inline]
fn step(raw: &str, i: usize) -> (char, usize) {
    match raw.as_bytes().get(i + 1) {
        Some(b'n') => ('\n', 2),
        Some(b't') => ('\t', 2),
        Some(b'r') => ('\r', 2),
        Some(b'b') => ('\u{8}', 2),
        Some(b'f') => ('\u{c}', 2),
        Some(&c) if c.is_ascii() && c != b'u' => (char::from(c), 2),
        _ => decode_step(raw, i),
    }
}

/// The raw offsets of byte offsets in a string body's decoded text, in one pass over the body
/// (the targets need not be sorted): the first character boundary at or past each.
fn raw_offsets(raw: &str, targets: &[usize]) -> Vec<usize> {
    let mut order: Vec<(usize, usize)> = targets.iter().copied().zip(0..).collect();
    order.sort_unstable();
    let mut out = vec![0; targets.len()];
    let (mut i, mut d) = (0, 0);
    for (target, k) in order {
        while i < raw.len() && d < target {
            let run = plain_run(raw, i);
            if run > 0 {
                let mut j = i + run.min(target - d);
                while !raw.is_char_boundary(j) {
                    j += 1;
                }
                d += j - i;
                i = j;
            } else {
                let (c, n) = step(raw, i);
                d += c.len_utf8();
                i += n;
            }
        }
        out[k] = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{line_col, parse_lenient};
    use crate::value::Value;

    /// The algorithm `locate` replaced, as the tests' oracle: a walk that keeps the path of the
    /// current value as a string, records every value whose path is a prefix of a pointer in a
    /// map (so the last occurrence wins) and stops at the first syntax error.
    mod reference {
        use std::collections::{HashMap, HashSet};

        use crate::pointer::{self, Seg};
        use crate::scan::{self, MAX_DEPTH};

        pub(super) fn locate(text: &str, pointers: &[&str]) -> Vec<Option<usize>> {
            if pointers.is_empty() {
                return Vec::new();
            }
            locate_depth(text, pointers, 0)
        }

        fn locate_depth(text: &str, pointers: &[&str], depth: usize) -> Vec<Option<usize>> {
            let mut want = HashSet::new();
            for p in pointers {
                want.insert("");
                for (j, _) in p.match_indices('/').skip(1) {
                    want.insert(&p[..j]);
                }
                want.insert(*p);
            }
            let mut w = Walker {
                b: text.as_bytes(),
                s: text,
                pos: 0,
                depth: 0,
                want: &want,
                path: String::new(),
                found: HashMap::new(),
            };
            w.ws();
            let _ = w.value();
            let found = w.found;
            let inside = |p: &str, anc: &str, s: usize, e: usize| {
                let raw = text.get(s + 1..e.saturating_sub(1))?;
                let decoded = decode(raw);
                let inner = locate_depth(&decoded, &[&p[anc.len()..]], depth + 1)[0]?;
                Some(s + 1 + raw_offset(raw, inner))
            };
            pointers
                .iter()
                .map(|p| {
                    if let Some(&(s, _)) = found.get(*p) {
                        return Some(s);
                    }
                    let mut anc = *p;
                    while let Some(i) = anc.rfind('/') {
                        anc = &anc[..i];
                        if let Some(&(s, e)) = found.get(anc) {
                            if depth < 4 && matches!(text.as_bytes().get(s), Some(b'"' | b'\'')) {
                                if let Some(at) = inside(p, anc, s, e) {
                                    return Some(at);
                                }
                            }
                            return Some(s);
                        }
                    }
                    None
                })
                .collect()
        }

        /// Decodes a JSON string body, one character at a time.
        pub(super) fn decode(raw: &str) -> String {
            let mut out = String::with_capacity(raw.len());
            let mut i = 0;
            while i < raw.len() {
                let (c, n) = super::decode_step(raw, i);
                out.push(c);
                i += n;
            }
            out
        }

        /// The raw offset of a decoded byte offset, one character at a time.
        pub(super) fn raw_offset(raw: &str, decoded_target: usize) -> usize {
            let (mut i, mut d) = (0, 0);
            while i < raw.len() && d < decoded_target {
                let (c, n) = super::decode_step(raw, i);
                d += c.len_utf8();
                i += n;
            }
            i
        }

        struct Walker<'a, 'w> {
            b: &'a [u8],
            s: &'a str,
            pos: usize,
            depth: usize,
            want: &'w HashSet<&'w str>,
            path: String,
            found: HashMap<String, (usize, usize)>,
        }

        type R = Result<(), ()>;

        impl Walker<'_, '_> {
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

            fn value(&mut self) -> R {
                let start = self.pos;
                let track = self.want.contains(self.path.as_str());
                match self.b.get(self.pos) {
                    Some(b'{') => self.object(track)?,
                    Some(b'[') => self.array(track)?,
                    Some(b'"' | b'\'') => self.skip_string()?,
                    Some(b't') => self.literal("true")?,
                    Some(b'f') => self.literal("false")?,
                    Some(b'n') => self.literal("null")?,
                    Some(b'-' | b'0'..=b'9') => self.number()?,
                    _ => return Err(()),
                }
                if track {
                    self.found.insert(self.path.clone(), (start, self.pos));
                }
                Ok(())
            }

            fn enter(&mut self) -> R {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(());
                }
                Ok(())
            }

            fn object(&mut self, track: bool) -> R {
                self.enter()?;
                self.pos += 1;
                self.ws();
                if self.b.get(self.pos) == Some(&b'}') {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if !matches!(self.b.get(self.pos), Some(b'"' | b'\'')) {
                        return Err(());
                    }
                    let key = if track {
                        self.key_text()?
                    } else {
                        self.skip_string()?;
                        String::new()
                    };
                    self.ws();
                    if self.b.get(self.pos) != Some(&b':') {
                        return Err(());
                    }
                    self.pos += 1;
                    self.ws();
                    let len = self.path.len();
                    if track {
                        pointer::push(&mut self.path, &Seg::Key(&key));
                    }
                    self.value()?;
                    self.path.truncate(len);
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(()),
                    }
                }
                self.depth -= 1;
                Ok(())
            }

            fn array(&mut self, track: bool) -> R {
                self.enter()?;
                self.pos += 1;
                self.ws();
                if self.b.get(self.pos) == Some(&b']') {
                    self.pos += 1;
                    self.depth -= 1;
                    return Ok(());
                }
                let mut i = 0usize;
                loop {
                    self.ws();
                    let len = self.path.len();
                    if track {
                        pointer::push(&mut self.path, &Seg::Index(i));
                    }
                    self.value()?;
                    self.path.truncate(len);
                    i += 1;
                    self.ws();
                    match self.b.get(self.pos) {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => return Err(()),
                    }
                }
                self.depth -= 1;
                Ok(())
            }

            fn key_text(&mut self) -> Result<String, ()> {
                let start = self.pos;
                self.skip_string()?;
                let body = &self.s[start + 1..self.pos - 1];
                if body.contains('\\') {
                    let (s, end) = scan::decode_string_at(self.s, start).ok_or(())?;
                    self.pos = end;
                    return Ok(s);
                }
                Ok(body.to_owned())
            }

            fn skip_string(&mut self) -> R {
                let quote = self.b[self.pos];
                self.pos += 1;
                loop {
                    match self.b.get(self.pos) {
                        None => return Err(()),
                        Some(b'\\') => self.pos += 2,
                        Some(&c) if c == quote => {
                            self.pos += 1;
                            return Ok(());
                        }
                        Some(_) => self.pos += 1,
                    }
                }
            }

            fn literal(&mut self, word: &str) -> R {
                if !self.b[self.pos..].starts_with(word.as_bytes()) {
                    return Err(());
                }
                self.pos += word.len();
                Ok(())
            }

            fn number(&mut self) -> R {
                if self.b.get(self.pos) == Some(&b'-') {
                    self.pos += 1;
                }
                let digits = |w: &mut Self| {
                    let s = w.pos;
                    while matches!(w.b.get(w.pos), Some(b'0'..=b'9')) {
                        w.pos += 1;
                    }
                    if w.pos == s {
                        Err(())
                    } else {
                        Ok(())
                    }
                };
                digits(self)?;
                if self.b.get(self.pos) == Some(&b'.') {
                    self.pos += 1;
                    digits(self)?;
                }
                if matches!(self.b.get(self.pos), Some(b'e' | b'E')) {
                    self.pos += 1;
                    if matches!(self.b.get(self.pos), Some(b'+' | b'-')) {
                        self.pos += 1;
                    }
                    digits(self)?;
                }
                Ok(())
            }
        }
    }

    /// `locate` agrees with the reference on `pointers` together and on each one alone.
    #[track_caller]
    fn agree(text: &str, pointers: &[&str]) {
        let got = locate(text, pointers);
        assert_eq!(
            got,
            reference::locate(text, pointers),
            "{text:?} {pointers:?}"
        );
        for (p, at) in pointers.iter().zip(&got) {
            assert_eq!(
                locate(text, &[p])[0],
                reference::locate(text, &[p])[0],
                "{text:?} {p:?}"
            );
            let _ = at;
        }
    }

    /// The text at each pointer's offset.
    fn at<'t>(text: &'t str, pointers: &[&str]) -> Vec<Option<&'t str>> {
        locate(text, pointers)
            .into_iter()
            .map(|o| o.map(|o| &text[o..(o + 6).min(text.len())]))
            .collect()
    }

    #[test]
    fn finds_where_each_kind_of_value_starts() {
        let t = r#"{"o": {"k": 1}, "a": [true, null], "s": "str", "n": -1.5e3, "f": false}"#;
        assert_eq!(
            at(t, &["/o", "/o/k", "/a", "/a/0", "/a/1", "/s", "/n", "/f"]),
            vec![
                Some("{\"k\": "),
                Some("1}, \"a"),
                Some("[true,"),
                Some("true, "),
                Some("null],"),
                Some("\"str\","),
                Some("-1.5e3"),
                Some("false}"),
            ]
        );
    }

    #[test]
    fn the_root_is_the_first_value_after_white_space_and_byte_order_marks() {
        assert_eq!(locate(" \n\u{feff} [1]", &[""]), vec![Some(6)]);
        assert_eq!(locate("\u{feff}7", &["", "/x"]), vec![Some(3), Some(3)]);
        assert_eq!(locate("{\"a\":\u{feff}1}", &["/a"]), vec![Some(8)]);
        // Text after the root value is not looked at.
        assert_eq!(locate("{} garbage", &[""]), vec![Some(0)]);
        assert_eq!(locate("", &[]), Vec::<Option<usize>>::new());
    }

    #[test]
    fn array_indices_are_decimal_without_leading_zeros() {
        let t = r#"[10, 11, [20, 21], {"0": "k"}]"#;
        let root = Some(&t[..6]);
        assert_eq!(
            at(t, &["/1", "/2/1", "/01", "/-", "/3/0", "/99", "/2/x"]),
            vec![
                Some("11, [2"),
                Some("21], {"),
                root,
                root,
                Some("\"k\"}]"),
                root,
                Some("[20, 2"),
            ]
        );
        let long: String = format!("[{}9]", "0,".repeat(1500));
        assert_eq!(
            locate(&long, &["/1500", "/1499"]),
            vec![Some(3001), Some(2999)]
        );
    }

    #[test]
    fn pointer_escapes_and_escaped_member_names() {
        let t = r#"{"a/b": 1, "m~n": 2, "~1": 3, "na\u006de": 4, "x\/y": 5, "~2": 6}"#;
        let root = Some(&t[..6]);
        assert_eq!(
            at(
                t,
                &["/a~1b", "/m~0n", "/~01", "/name", "/x~1y", "/~2", "/a/b", "/m~n"]
            ),
            vec![
                Some("1, \"m~"),
                Some("2, \"~1"),
                Some("3, \"na"),
                Some("4, \"x\\"),
                Some("5, \"~2"),
                root,
                root,
                root,
            ]
        );
        // Single-quoted names, and a name that holds the other quote.
        let t = r#"{'say "hi"': 1, 'i\'m': 2}"#;
        assert_eq!(
            at(t, &["/say \"hi\"", "/i'm"]),
            vec![Some("1, 'i\\"), Some("2}")]
        );
    }

    #[test]
    fn a_duplicated_member_resolves_to_its_last_occurrence() {
        let t = r#"{"a": {"b": 1, "b": 2}, "a": {"c": 3}, "d": 4, "d": [5]}"#;
        assert_eq!(
            at(t, &["/a", "/a/b", "/a/c", "/a/x", "/d", "/d/0"]),
            vec![
                Some("{\"c\": "),
                Some("2}, \"a"),
                Some("3}, \"d"),
                Some("{\"c\": "),
                Some("[5]}"),
                Some("5]}"),
            ]
        );
        // A deeper value found in an earlier occurrence beats a later shallower one.
        let t = r#"{"a": {"b": {"c": 1}}, "a": {"b": 2}}"#;
        assert_eq!(
            at(t, &["/a/b/c", "/a/b/x"]),
            vec![Some("1}}, \""), Some("2}}")]
        );
    }

    #[test]
    fn an_absent_pointer_resolves_to_its_deepest_ancestor() {
        let t = r#"{"x": {"y": [1, {"z": 2}]}}"#;
        assert_eq!(
            at(
                t,
                &["/x/y/1/q", "/x/y/7/z", "/x/n/n", "/q", "/x/y/0/deeper"]
            ),
            vec![
                Some("{\"z\": "),
                Some("[1, {\""),
                Some("{\"y\": "),
                Some(&t[..6]),
                Some("1, {\"z"),
            ]
        );
        // Not a pointer: nothing.
        assert_eq!(locate(t, &["x", "x/y", ""]), vec![None, None, Some(0)]);
    }

    #[test]
    fn follows_pointers_into_strings_that_hold_json() {
        let t = "{\n  \"x\": {\"y\": 5},\n  \"s\": \"[{\\\"Port\\\": 0, \\\"n\\u0061me\\\": \\\"\\u00e9\\\"}]\"\n}";
        let r = locate(
            t,
            &[
                "/x/y",
                "/x/missing",
                "/s/0/Port",
                "/s/0/name",
                "/s/0/Gone",
                "/nope",
            ],
        );
        assert_eq!(line_col(t, r[0].unwrap()), (2, 14));
        assert_eq!(line_col(t, r[1].unwrap()), (2, 8));
        assert_eq!(&t[r[2].unwrap()..][..1], "0");
        assert_eq!(&t[r[3].unwrap()..][..9], "\\\"\\u00e9\\");
        assert_eq!(&t[r[4].unwrap()..][..3], "{\\\"");
        assert_eq!(r[5], Some(0));
        // Single-quoted strings (Alibaba's MasterSlaveBackendServers), outside and inside.
        let t = r#"{'MasterSlaveBackendServers': "[{'ServerId':'i-a','Port':'80'}]"}"#;
        let r = at(
            t,
            &[
                "/MasterSlaveBackendServers/0/Port",
                "/MasterSlaveBackendServers/1",
            ],
        );
        assert_eq!(r, vec![Some("'80'}]"), Some("[{'Ser")]);
        // A string that is not JSON: the string itself.
        let t = r#"{"s": "not json", "t": "[1, 2"}"#;
        assert_eq!(
            at(t, &["/s/0", "/t/0", "/t/5"]),
            vec![Some("\"not j"), Some("1, 2\"}"), Some("\"[1, 2")]
        );
    }

    #[test]
    fn follows_strings_inside_strings_four_levels_deep() {
        // Each level holds the JSON text of the next one as its member "s"; the last is {"v": 1}.
        let nest = |levels: usize| {
            let mut doc = r#"{"v": 1}"#.to_owned();
            for _ in 0..levels {
                doc = serde_json::json!({ "s": doc }).to_string();
            }
            doc
        };
        let four = nest(4);
        let v = locate(&four, &["/s/s/s/s/v"])[0].unwrap();
        assert_eq!(&four[v..v + 2], "1}");
        // A fifth string is not followed: the pointer resolves to the string.
        let five = nest(5);
        let r = locate(&five, &["/s/s/s/s/s/v", "/s/s/s/s/s", "/s/s/s/s"]);
        assert_eq!(r[0], r[1]);
        assert!(r[1] > r[2]);
        agree(&five, &["/s/s/s/s/s/v", "/s/s/s/s/v", "/s/s/x", "/s/s/s/s"]);
    }

    #[test]
    fn malformed_text_finds_what_was_complete_before_the_first_error() {
        // The error comes after /a: /a is found, its ancestors are not.
        assert_eq!(
            locate(r#"{"a": [1], "b": tru}"#, &["/a", "/a/0", "/b", ""]),
            vec![Some(6), Some(7), None, None]
        );
        for &t in crate::scan::MALFORMED {
            assert_eq!(
                locate(t, &["", "/a/0"]),
                reference::locate(t, &["", "/a/0"]),
                "{t:?}"
            );
            assert_eq!(locate(t, &[""]), vec![None], "{t:?}");
        }
        // A member name on a pointer's path with a bad escape stops the pass; elsewhere it is not
        // decoded.
        let t = r#"{"a": {"\q": 1}, "b": 2}"#;
        assert_eq!(locate(t, &["/b"]), vec![Some(22)]);
        assert_eq!(locate(t, &["/b", "/a/x"]), vec![None, None]);
        // The same inside a string: a pointer alone is followed as it would be alone.
        let t = r#"{"s": "{\"a\": {\"\\q\": 1}, \"b\": 2}"}"#;
        agree(t, &["/s/b", "/s/a/x"]);
        assert_eq!(&t[locate(t, &["/s/b", "/s/a/x"])[0].unwrap()..][..2], "2}");
    }

    #[test]
    fn nesting_past_the_limit_stops_the_pass() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(locate(&deep, &["", "/0/0"]), vec![Some(0), Some(2)]);
        let deeper = format!("[{deep}]");
        assert_eq!(locate(&deeper, &["", "/0/0"]), vec![None, None]);
        let objects = format!(
            "{}1{}",
            "{\"a\":".repeat(MAX_DEPTH + 1),
            "}".repeat(MAX_DEPTH + 1)
        );
        agree(&objects, &["", "/a", "/a/a/a"]);
        let _ = locate(&"[".repeat(100_000), &["/0/0"]);
        let _ = locate(&"{\"a\":".repeat(100_000), &["/a/a"]);
        let long = "/a".repeat(100_000);
        let _ = locate(&"{\"a\":".repeat(100_000), &[&long]);
    }

    #[test]
    fn many_pointers_in_one_pass() {
        // 2,000 members, a pointer to every other one and past the end, in shuffled order.
        let members: Vec<String> = (0..2000)
            .map(|i| format!("{{\"id\": {i}, \"k{i}\": [{i}]}}"))
            .collect();
        let t = format!(
            "{{\"list\": [{}], \"m\": {{{}}}}}",
            members.join(", "),
            (0..2000)
                .map(|i| format!("\"k{i}\": {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut ptrs: Vec<String> = Vec::new();
        for i in (0..2100).step_by(2) {
            ptrs.push(format!("/list/{}/k{}/0", (i * 7) % 2100, (i * 7) % 2100));
            ptrs.push(format!("/m/k{}", (i * 13) % 2100));
        }
        let refs: Vec<&str> = ptrs.iter().map(String::as_str).collect();
        let got = locate(&t, &refs);
        assert_eq!(got, reference::locate(&t, &refs));
        assert!(got.iter().all(Option::is_some));
    }

    /// Every pointer of a value, and some that are absent or go inside its strings.
    fn pointers(v: &Value, path: &mut String, out: &mut Vec<String>, strings: usize) {
        out.push(path.clone());
        out.push(format!("{path}/absent~0/0"));
        let len = path.len();
        match v {
            Value::Object(m) => {
                for (k, v) in m.iter() {
                    crate::pointer::push(path, &k.into());
                    pointers(v, path, out, strings);
                    path.truncate(len);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    crate::pointer::push(path, &i.into());
                    pointers(v, path, out, strings);
                    path.truncate(len);
                }
                out.push(format!("{path}/{}", a.len()));
            }
            Value::String(s) if strings > 0 => {
                if let Ok(inner) = parse_lenient(s) {
                    pointers(&inner.value, path, out, strings - 1);
                }
                out.push(format!("{path}/0/Port"));
            }
            _ => {}
        }
    }

    fn json_files() -> Vec<(std::path::PathBuf, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs: Vec<_> = ["tests", "benches/requests", "examples"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        let mut out = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "json") {
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        out.push((path, text));
                    }
                }
            }
        }
        out.sort();
        assert!(out.len() > 20, "found {} JSON files", out.len());
        out
    }

    fn pointers_of(text: &str) -> Vec<String> {
        let mut out = vec!["/0/Port".to_owned(), "nope".to_owned()];
        if let Ok(p) = parse_lenient(text) {
            pointers(&p.value, &mut String::new(), &mut out, 2);
        }
        out
    }

    #[test]
    fn agrees_with_the_reference_on_every_json_file() {
        for (path, text) in json_files() {
            let ptrs = pointers_of(&text);
            let refs: Vec<&str> = ptrs.iter().map(String::as_str).collect();
            let got = locate(&text, &refs);
            assert_eq!(got, reference::locate(&text, &refs), "{}", path.display());
            // One pointer at a time, for the smaller files.
            if text.len() < 5000 {
                for (p, at) in refs.iter().zip(&got) {
                    assert_eq!(locate(&text, &[p])[0], *at, "{} {p:?}", path.display());
                }
            }
            // What the parser recorded, where no member is duplicated.
            if let Ok(spans) = crate::scan::parse_lenient_spans(&text) {
                if spans.duplicates.is_empty() {
                    for (p, at) in refs.iter().zip(&got) {
                        if let Some(&span) = spans.spans.get(*p) {
                            assert_eq!(Some(span), *at, "{} {p:?}", path.display());
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn agrees_with_the_reference_on_truncated_and_mutated_files() {
        const BYTES: &[u8] = b"\"'\\{}[],: 0-e~/u\tx";
        for (path, text) in json_files() {
            if text.len() > 3000 {
                continue;
            }
            let ptrs = pointers_of(&text);
            // A couple of dozen pointers spread over the document.
            let step = ptrs.len().div_ceil(24);
            let refs: Vec<&str> = ptrs.iter().step_by(step).map(String::as_str).collect();
            let check = |t: &str| {
                assert_eq!(
                    locate(t, &refs),
                    reference::locate(t, &refs),
                    "{} {t:?}",
                    path.display()
                );
            };
            // Every third place (the suite runs unoptimised).
            for cut in (0..text.len())
                .step_by(3)
                .filter(|&i| text.is_char_boundary(i))
            {
                check(&text[..cut]);
            }
            let mut bytes = text.clone().into_bytes();
            for i in (1..bytes.len()).step_by(3) {
                let was = bytes[i];
                if !was.is_ascii() {
                    continue;
                }
                bytes[i] = BYTES[(i * 7 + was as usize) % BYTES.len()];
                check(std::str::from_utf8(&bytes).unwrap());
                bytes[i] = was;
            }
        }
    }

    /// A small deterministic generator of JSON-like text: nesting, duplicated and escaped names,
    /// both quotes, strings holding JSON, and now and then a syntax error.
    struct Gen(u64);

    impl Gen {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn value(&mut self, out: &mut String, depth: usize) {
            const NAMES: &[&str] = &["a", "b", "0", "a/b", "~", "", "n\\u0061", "\\q", "b\\/"];
            const SCALARS: &[&str] = &[
                "1",
                "-2.5e1",
                "true",
                "null",
                "\"s\"",
                "'q'",
                "\"\\\"x\"",
                "tru",
                "01",
            ];
            match self.next(if depth > 3 { 2 } else { 6 }) {
                0 | 1 => out.push_str(SCALARS[self.next(SCALARS.len())]),
                2 | 3 => {
                    out.push('{');
                    for i in 0..self.next(4) {
                        if i > 0 {
                            out.push_str(if self.next(40) == 0 { "" } else { ", " });
                        }
                        let q = if self.next(5) == 0 { '\'' } else { '"' };
                        out.push(q);
                        out.push_str(NAMES[self.next(NAMES.len())]);
                        out.push(q);
                        out.push_str(": ");
                        self.value(out, depth + 1);
                    }
                    out.push('}');
                }
                4 => {
                    out.push('[');
                    for i in 0..self.next(4) {
                        if i > 0 {
                            out.push(',');
                        }
                        self.value(out, depth + 1);
                    }
                    out.push(']');
                }
                _ => {
                    // A string holding JSON, escaped for a double-quoted string.
                    let mut inner = String::new();
                    self.value(&mut inner, depth + 1);
                    out.push_str(&serde_json::Value::String(inner).to_string());
                }
            }
        }

        fn pointer(&mut self) -> String {
            const SEGS: &[&str] = &[
                "a", "b", "0", "1", "a~1b", "~0", "", "na", "b~1", "01", "~2",
            ];
            (0..self.next(6))
                .map(|_| format!("/{}", SEGS[self.next(SEGS.len())]))
                .collect()
        }
    }

    /// `locate_parsed` gives `locate`'s answers on a document the strict parser reads without a
    /// duplicated name (other documents are not given to it); says how many it placed itself.
    #[track_caller]
    fn parsed_agrees(text: &str, pointers: &[&str]) -> usize {
        let Ok(parsed) = crate::parse::parse_json(text) else {
            return 0;
        };
        if !parsed.duplicates.is_empty() {
            return 0;
        }
        assert_eq!(
            locate_parsed(text, &parsed.value, pointers),
            locate(text, pointers),
            "{text:?} {pointers:?}"
        );
        let placed: Vec<Option<Placed>> = pointers
            .iter()
            .map(|p| place(text, &parsed.value, p))
            .collect();
        for (p, placed) in pointers.iter().zip(&placed) {
            match placed {
                Some(Placed::At(at)) => {
                    assert_eq!(Some(*at), locate(text, &[p])[0], "{text:?} {p:?}");
                }
                // Alone, as it is followed with the others.
                Some(Placed::Inside { .. }) => {
                    assert_eq!(
                        locate_parsed(text, &parsed.value, &[p]),
                        locate(text, &[p]),
                        "{text:?} {p:?}"
                    );
                }
                None => {}
            }
        }
        placed.iter().flatten().count()
    }

    #[test]
    fn places_from_the_parsed_value_what_the_pass_would_find() {
        let t = "{\"a\": [\"x\", { \"b\" :\t1}, 2, {}, \"\\u0041\"], \"c\\n\": 3, \"d\": {\"e\": null}}";
        let ptrs = [
            "", "/a", "/a/0", "/a/1", "/a/1/b", "/a/2", "/a/3", "/a/4", "/a/5", "/a/01", "/c\n",
            "/d/e", "/d/e/f", "/x", "/a~1b",
        ];
        // Placed: the root, members with plain names, the string and the object elements.
        let placed: Vec<bool> = {
            let parsed = crate::parse::parse_json(t).unwrap();
            ptrs.iter()
                .map(|p| place(t, &parsed.value, p).is_some())
                .collect()
        };
        assert_eq!(
            placed,
            [
                true, true, true, true, true, false, false, false, false, false, false, true,
                false, false, false
            ]
        );
        assert_eq!(parsed_agrees(t, &ptrs), 6);
        // Every finding of the bundled invalid pool request is placed without the pass.
        let pool = include_str!("../benches/requests/pool-invalid.json");
        let findings = [
            "/pool/members/0/address",
            "/pool/members/1/address",
            "/pool/members/1/protocol_port",
            "/pool/members/1/role",
            "/pool/healthmonitor/type",
            "/pool/healthmonitor/delay",
        ];
        assert_eq!(parsed_agrees(pool, &findings), findings.len());
        // Pointers on into a string holding JSON: followed inside it, the string found by its
        // member's name; a number has no inside, and goes to the pass.
        let t = r#"{"s": "[{\"k\": 1}, 2]", "n": 1}"#;
        let ptrs = ["/s/0/k", "/s/1", "/s/5", "/s", "/n/0"];
        let parsed = crate::parse::parse_json(t).unwrap();
        let kinds: Vec<Option<Placed>> = ptrs.iter().map(|p| place(t, &parsed.value, p)).collect();
        let inside = Some(Placed::Inside {
            start: 6,
            end: 23,
            cut: 2,
            decoded: r#"[{"k": 1}, 2]"#,
        });
        assert_eq!(kinds, [inside, inside, inside, Some(Placed::At(6)), None]);
        assert_eq!(parsed_agrees(t, &ptrs), 4);
        assert_eq!(
            &t[locate_parsed(t, &parsed.value, &ptrs)[0].unwrap()..][..2],
            "1}"
        );
        // Into two strings in turn (where the last one ends is remembered), all at once.
        let t = r#"{"s": "[{\"k\": 1}, 2]", "t": "{\"a\": [true, \"x\"]}", "n": 1}"#;
        let ptrs = ["/s/0/k", "/t/a/1", "/s/1", "/s/1", "/t/a", "/s/0", "/t/b"];
        let parsed = crate::parse::parse_json(t).unwrap();
        let all = locate_parsed(t, &parsed.value, &ptrs);
        assert_eq!(all, locate(t, &ptrs));
        let texts: Vec<&str> = all.iter().map(|o| &t[o.unwrap()..][..2]).collect();
        assert_eq!(texts, ["1}", "\\\"", "2]", "2]", "[t", "{\\", "{\\"]);
        // Escaped segments, before a string and inside it, are followed as the pass follows them
        // (`~1` is `/`, never the two characters of a name written with them).
        let t = r#"{"a~1b": 5, "a/b": 6}"#;
        let parsed = crate::parse::parse_json(t).unwrap();
        let at = locate_parsed(t, &parsed.value, &["/a~1b", "/a~01b"]);
        assert_eq!(at, locate(t, &["/a~1b", "/a~01b"]));
        assert_eq!(
            (&t[at[0].unwrap()..][..1], &t[at[1].unwrap()..][..1]),
            ("6", "5")
        );
        let t = r#"{"a/b": "{\"c\": {\"d~e\": 2, \"f/g\": 3}}", "h": 1}"#;
        let ptrs = ["/a~1b/c/d~0e", "/a~1b/c/f~1g", "/a~1b/c", "/h"];
        let parsed = crate::parse::parse_json(t).unwrap();
        assert_eq!(locate_parsed(t, &parsed.value, &ptrs), locate(t, &ptrs));
        let t = r#"{"s": "{\"c\": {\"d~e\": 2, \"f/g\": 3}, \"x/y\": 4}", "h": 1}"#;
        let ptrs = ["/s/c/d~0e", "/s/c/f~1g", "/s/x~1y", "/s/c", "/h"];
        let parsed = crate::parse::parse_json(t).unwrap();
        let all = locate_parsed(t, &parsed.value, &ptrs);
        assert_eq!(all, locate(t, &ptrs));
        let texts: Vec<&str> = all.iter().map(|o| &t[o.unwrap()..][..1]).collect();
        assert_eq!(texts, ["2", "3", "4", "{", "1"]);
        // Every finding of the bundled invalid Alibaba request, two of them inside the servers.
        let aliyun = include_str!("../benches/requests/aliyun-invalid.json");
        let findings = [
            "/MasterSlaveBackendServers/1",
            "/MasterSlaveBackendServers/1",
            "/Tag/0/Key",
        ];
        assert_eq!(parsed_agrees(aliyun, &findings), findings.len());
        // Every file, every pointer: the same answers.
        let mut placed = 0;
        for (_, text) in json_files() {
            let ptrs = pointers_of(&text);
            let refs: Vec<&str> = ptrs.iter().map(String::as_str).collect();
            placed += parsed_agrees(&text, &refs);
        }
        assert!(placed > 1000, "placed {placed}");
    }

    #[test]
    fn agrees_with_the_reference_on_generated_documents() {
        let mut g = Gen(0x9e37_79b9_7f4a_7c15);
        // GEN_N=1000000 for a longer run (with --release).
        for _ in 0..std::env::var("GEN_N").map_or(20_000, |v| v.parse().unwrap()) {
            let mut text = String::new();
            g.value(&mut text, 0);
            let ptrs: Vec<String> = (0..1 + g.next(6)).map(|_| g.pointer()).collect();
            let refs: Vec<&str> = ptrs.iter().map(String::as_str).collect();
            agree(&text, &refs);
            parsed_agrees(&text, &refs);
        }
    }

    #[test]
    fn raw_offsets_map_decoded_offsets_back() {
        let raw = r#"a\"b\u00e9c\n"#;
        let decoded = decode(raw);
        assert_eq!(decoded, "a\"b\u{e9}c\n");
        assert_eq!(raw_offsets(raw, &[5, 0, 2, 1, 99]), vec![10, 0, 3, 1, 13]);
        // Against one character at a time, on every offset of awkward bodies.
        for raw in [
            r#"a\"b\u00e9c\n"#,
            "é\\u12",
            "\\u00é9x",
            "\\uzz",
            "x\\",
            "\\\\\\/\\q\\'",
            "\\ud83d\\ude00 ok",
            "ü€𝄞 plain",
            "\\u",
            "",
        ] {
            let decoded = decode(raw);
            assert_eq!(decoded, reference::decode(raw), "{raw:?}");
            let targets: Vec<usize> = (0..decoded.len() + 3).rev().collect();
            let want: Vec<usize> = targets
                .iter()
                .map(|&t| reference::raw_offset(raw, t))
                .collect();
            assert_eq!(raw_offsets(raw, &targets), want, "{raw:?}");
        }
    }
}
