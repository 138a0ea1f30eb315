//! The rule runner: pure functions of (request, context, edition), no I/O.

use std::collections::{BTreeMap, BTreeSet};

use crate::value::Value;

use crate::context::{Context, Edition};
use crate::diagnostic::{Diagnostic, Severity};
use crate::operation::{Operation, Provider};
use crate::pointer::{self, Loc, Seg};
use crate::providers::huaweicloud::fields::{Field, Table};
use crate::rule::{self, Check, Rule};
use crate::validators::{self, Spec, Typing};

/// Everything that shapes a validation besides the request itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Facts about the environment.
    pub context: Context,
    /// Which edition of the Alibaba documentation to follow.
    pub edition: Edition,
    /// Rule ids that do not run.
    pub disabled: BTreeSet<String>,
    /// Severity overrides by rule id.
    pub severity: BTreeMap<String, Severity>,
    /// Organisation policies applied after the rules (feature `policy`).
    #[cfg(feature = "policy")]
    pub policies: Vec<crate::policy::Policy>,
}

impl Options {
    /// Options with a context.
    pub fn with_context(context: Context) -> Options {
        Options {
            context,
            ..Options::default()
        }
    }
}

/// What a rule sees, and where it reports.
pub struct Cx<'a> {
    /// The operation.
    pub op: Operation,
    /// The request as the user wrote it (after `$schema` and suppressions were removed).
    pub raw: &'a Value<'a>,
    /// The request as the rules read it: for Alibaba, `MasterSlaveBackendServers` given as JSON
    /// text is replaced by the parsed array (paths stay the same).
    pub req: &'a Value<'a>,
    /// Facts about the environment.
    pub context: &'a Context,
    /// The documentation edition.
    pub edition: Edition,
    /// What several rules read, found once per request.
    pub(crate) shared: &'a crate::providers::Shared<'a>,
    rule: &'static Rule,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    /// Runs a custom rule's function with this context pointed at the rule (see
    /// [`crate::rule::Check::Custom`]).
    #[inline(always)]
    pub(crate) fn run_rule(&mut self, rule: &'static Rule, f: fn(&mut Cx<'_>)) {
        self.rule = rule;
        f(self);
    }

    /// How scalars are typed for this operation.
    pub fn typing(&self) -> Typing {
        typing_of(self.op)
    }

    /// The rule being run.
    pub fn rule(&self) -> &'static Rule {
        self.rule
    }

    /// Reports a finding of the current rule at a JSON Pointer.
    pub fn report(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.out.push(Diagnostic::new(
            self.rule.code,
            self.rule.id,
            self.rule.severity,
            path,
            message,
        ));
    }

    /// Reports a finding with a help text.
    pub fn report_help(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::new(
            self.rule.code,
            self.rule.id,
            self.rule.severity,
            path,
            message,
        );
        d.help = help;
        self.out.push(d);
    }

    /// Calls `f` with a field's value, when it is present and not `null`. Its location is
    /// written out only when `f` shows it.
    pub fn each(&self, field: Field, f: impl FnOnce(&'a Value<'a>, At)) {
        if let Some(v) = self.get(field) {
            f(v, At::Plain(field.ptr()));
        }
    }

    /// Calls `f` with each element (`null` included) of the array a field holds, up to
    /// [`crate::limits::MAX_CHECKED_ELEMENTS`].
    pub fn each_element(&self, field: Field, mut f: impl FnMut(&'a Value<'a>, At)) {
        if let Some(Value::Array(items)) = self.get(field) {
            for (i, v) in items
                .iter()
                .enumerate()
                .take(crate::limits::MAX_CHECKED_ELEMENTS)
            {
                f(v, At::Element(field.ptr(), i));
            }
        }
    }

    /// A field's value in the read request (absent when `null`), found once per request.
    pub fn get(&self, field: Field) -> Option<&'a Value<'a>> {
        self.shared
            .fields
            .get(self.req, field)
            .filter(|v| !v.is_null())
    }

    /// A field's string, if it is a string.
    pub fn str_at(&self, field: Field) -> Option<&'a str> {
        self.get(field).and_then(Value::as_str)
    }

    /// Checks one value against a spec and reports a problem at `path`, naming the field. The
    /// path is formatted only when there is a problem (pass `format_args!`).
    pub fn check_value(&mut self, path: impl std::fmt::Display, v: &Value, spec: &Spec) -> bool {
        if v.is_null() {
            return true;
        }
        match validators::check(spec, v, self.typing()) {
            None => true,
            Some((msg, help)) => {
                // Sized first: `to_string` of `format_args!("{p}/{key}")` started from an empty
                // string and grew it twice.
                let mut p = String::with_capacity(48);
                // Writing to a `String` cannot fail.
                let _ = std::fmt::Write::write_fmt(&mut p, format_args!("{path}"));
                let path = p;
                let message = named(&path, msg);
                self.report_help(path, message, help);
                false
            }
        }
    }
}

/// Where a value [`Cx::each`] or [`Cx::each_element`] found is: the field itself, or an element
/// of the array it holds. Displayed as its JSON Pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The value at the pointer.
    Plain(&'static str),
    /// Element `usize` of the array at the pointer.
    Element(&'static str, usize),
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Plain(p) => f.write_str(p),
            At::Element(p, i) => {
                f.write_str(p)?;
                f.write_str("/")?;
                f.write_str(pointer::digits(*i as u64, &mut [0; 20]))
            }
        }
    }
}

/// A spec's complaint about the value at `path`, naming the field: `` `delay` must be… ``.
/// The name goes in front of the complaint in its own buffer: a new string for the two was an
/// allocation and a copy per finding, about 200 instructions (callgrind).
fn named(path: &str, mut msg: String) -> String {
    let name = field_name(path);
    msg.reserve(name.len() + 3);
    msg.insert_str(0, "` ");
    msg.insert_str(0, &name);
    msg.insert(0, '`');
    msg
}

/// The last segment of a pointer, for messages (`/pool/members/0/role` → `role`; an array
/// element's index is shown with its parent, `members/0`).
pub fn field_name(path: &str) -> std::borrow::Cow<'_, str> {
    let cut = path.rfind('/');
    let last = &path[cut.map_or(0, |c| c + 1)..];
    match cut {
        Some(c) if last.parse::<usize>().is_ok() => {
            let parent = &path[..c];
            let parent = &parent[parent.rfind('/').map_or(0, |p| p + 1)..];
            [parent, "/", last].concat().into()
        }
        _ if !last.is_empty() => pointer::unescape(last),
        _ => "request".into(),
    }
}

/// Runs every rule of `op` over a request value. `duplicates` are pointers of duplicated keys found
/// while parsing (reported by the caller). Diagnostics come back unsorted and without positions.
pub fn run(op: Operation, raw: &Value, opts: &Options) -> Vec<Diagnostic> {
    let prepared = crate::providers::prepare(op, raw);
    let req = prepared.as_ref().unwrap_or(raw);
    let shared = crate::providers::Shared::of(op, raw, req);
    let mut out = Vec::new();
    let plan = plan(op);
    let skip = plan.skipped(&opts.disabled);
    let skip = skip.as_deref();
    // The declarative rules, in one walk over the request.
    let mut walk = PlanWalk {
        typing: typing_of(op),
        skip,
        found: &shared.fields,
        fields: Vec::new(),
        required: Vec::new(),
    };
    walk.node(&plan.root, req, &Loc::ROOT);
    // A missing or empty value is reported once, by its required rule: field rules do not repeat
    // it at the same pointer.
    let PlanWalk {
        mut fields,
        required,
        ..
    } = walk;
    if !required.is_empty() {
        fields.retain(|f| !required.iter().any(|r| r.path == f.path));
    }
    out.extend(required);
    out.extend(fields);
    // One context for every rule, pointed at each in turn: its table of the fields found
    // (`Shared`) then lives as long as the rules run.
    let mut cx = Cx {
        op,
        raw,
        req,
        context: &opts.context,
        edition: opts.edition,
        shared: &shared,
        // A placeholder: `run_rule` points the context at each rule before calling it.
        rule: &crate::providers::huaweicloud::body::REQUEST_BODY,
        out: &mut out,
    };
    match op.provider() {
        Provider::Aliyun => crate::providers::aliyun::run_custom(op, &mut cx, 0, skip),
        Provider::HuaweiCloud => {
            crate::providers::huaweicloud::run_custom(op, &mut cx, plan.huawei_first, skip)
        }
    }
    if has_long_array(req, 0) {
        note_unchecked_elements(op, req, &mut String::new(), 0, &mut out);
    }
    #[cfg(feature = "policy")]
    if !opts.policies.is_empty() {
        let req = req.to_serde();
        for p in &opts.policies {
            out.extend(p.check(&req));
        }
    }
    if !opts.severity.is_empty() {
        for d in &mut out {
            if let Some(s) = opts.severity.get(d.rule.as_ref()) {
                d.severity = *s;
            }
        }
    }
    out
}

fn has_long_array(v: &Value, depth: usize) -> bool {
    let limit = crate::limits::MAX_CHECKED_ELEMENTS;
    if depth > crate::limits::MAX_DEPTH {
        return false;
    }
    // Only containers are visited: a call per scalar was most of this walk.
    let inner =
        |x: &Value| matches!(x, Value::Array(_) | Value::Object(_)) && has_long_array(x, depth + 1);
    match v {
        Value::Array(a) => a.len() > limit || a.iter().take(limit).any(inner),
        Value::Object(m) => m.values().any(inner),
        _ => false,
    }
}

/// Says where an array is longer than the elements the rules check (see [`crate::limits`]).
fn note_unchecked_elements(
    op: Operation,
    v: &Value,
    path: &mut String,
    depth: usize,
    out: &mut Vec<Diagnostic>,
) {
    let limit = crate::limits::MAX_CHECKED_ELEMENTS;
    if depth > crate::limits::MAX_DEPTH {
        return;
    }
    let len = path.len();
    match v {
        Value::Array(items) => {
            if items.len() > limit {
                out.push(Diagnostic::new(
                    op.generic_code(),
                    "lblint/unchecked-elements",
                    Severity::Info,
                    path.clone(),
                    format!(
                        "this array has {} elements; only the first {limit} are checked",
                        items.len()
                    ),
                ));
            }
            for (i, item) in items.iter().enumerate().take(limit) {
                if item.is_object() || item.is_array() {
                    pointer::push(path, &pointer::Seg::Index(i));
                    note_unchecked_elements(op, item, path, depth + 1, out);
                    path.truncate(len);
                }
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                if item.is_object() || item.is_array() {
                    pointer::push(path, &pointer::Seg::Key(k));
                    note_unchecked_elements(op, item, path, depth + 1, out);
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
}

/// How scalars are typed for an operation's provider.
fn typing_of(op: Operation) -> Typing {
    match op.provider() {
        Provider::Aliyun => Typing::Lenient,
        Provider::HuaweiCloud => Typing::Strict,
    }
}

/// One step of a pattern: an object key, or `*` for every array element.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Any,
}

/// An operation's declarative rules (`Field` and `Required`) compiled into one tree of their
/// patterns, so that one walk over the request checks them all: each value is looked up once,
/// however many rules read it, and no pointer is built unless a rule reports.
#[derive(Debug, Default)]
struct PlanNode {
    /// Field rules whose pattern ends here (with their place in the operation's rules, see
    /// [`Plan::skipped`]), with their specs.
    fields: Vec<(usize, &'static Rule, &'static Spec)>,
    /// Required rules whose pattern's parent ends here (and their place), with the key that must
    /// be present.
    required: Vec<(usize, &'static Rule, &'static str)>,
    children: Vec<(Step, PlanNode)>,
    /// The named field at this node's pattern, if one is (see [`PlanWalk::found`]).
    field: Option<Field>,
}

impl PlanNode {
    fn build(op: Operation) -> PlanNode {
        let mut root = PlanNode::default();
        for (i, rule) in rule::for_operation(op).enumerate() {
            match &rule.check {
                Check::Field { at, spec } => root.at(at).fields.push((i, rule, spec)),
                Check::Required(patterns) => {
                    for pattern in *patterns {
                        let (parent, key) = pointer::parent_and_key(pattern);
                        root.at(parent).required.push((i, rule, key));
                    }
                }
                Check::Custom(_) => {}
            }
        }
        // The named fields on the tree's paths: the walk looks them up anyway, and keeps them
        // for the custom rules.
        if op.provider() == Provider::HuaweiCloud {
            for &f in Field::ALL {
                if let Some(node) = root.existing(f.ptr()) {
                    node.field = Some(f);
                }
            }
        }
        root
    }

    /// The node of a plain pointer, if the tree has one.
    fn existing(&mut self, ptr: &str) -> Option<&mut PlanNode> {
        let mut node = self;
        for step in steps(ptr) {
            node = &mut node.children.iter_mut().find(|(s, _)| *s == step)?.1;
        }
        Some(node)
    }

    /// The node of a pattern, created when missing.
    fn at(&mut self, pattern: &str) -> &mut PlanNode {
        let mut node = self;
        for step in steps(pattern) {
            let i = match node.children.iter().position(|(s, _)| *s == step) {
                Some(i) => i,
                None => {
                    node.children.push((step, PlanNode::default()));
                    node.children.len() - 1
                }
            };
            node = &mut node.children[i].1;
        }
        node
    }
}

/// The steps of a pattern (none for the root, or for text that is not a pointer).
fn steps(pattern: &str) -> impl Iterator<Item = Step> + '_ {
    pattern
        .strip_prefix('/')
        .into_iter()
        .flat_map(|rest| rest.split('/'))
        .map(|seg| match seg {
            "*" => Step::Any,
            _ => Step::Key(pointer::unescape(seg).into_owned()),
        })
}

/// An operation's rules, prepared once per process: the declarative ones as one tree (each
/// provider's `run_custom`, written by [`rule::registry`], calls the custom ones). Each rule is
/// known by its place in [`rule::for_operation`]'s order.
struct Plan {
    root: PlanNode,
    /// The place of the first Huawei rule of the operation (after the Alibaba ones that apply to
    /// it, which are none for a Huawei operation): where `huaweicloud::run_custom` counts from.
    huawei_first: usize,
    /// Every rule's id and place, sorted by id.
    ids: Vec<(&'static str, usize)>,
}

impl Plan {
    /// Which rules a call skips, by place (`None` when none is disabled). `disabled` and the ids
    /// are both sorted, so one merge finds them: looking each rule up in the set at every use,
    /// as the walk once did, made a valid pool request with 23 rules disabled cost 80% more
    /// instructions (callgrind).
    fn skipped(&self, disabled: &BTreeSet<String>) -> Option<Vec<bool>> {
        if disabled.is_empty() {
            return None;
        }
        let mut skip = vec![false; self.ids.len()];
        let mut ids = self.ids.iter().peekable();
        for d in disabled {
            while let Some(&&(id, i)) = ids.peek() {
                match id.cmp(d.as_str()) {
                    std::cmp::Ordering::Less => {
                        ids.next();
                    }
                    std::cmp::Ordering::Equal => {
                        skip[i] = true;
                        ids.next();
                        break;
                    }
                    std::cmp::Ordering::Greater => break,
                }
            }
        }
        Some(skip)
    }
}

/// Whether the rule at place `i` is skipped.
#[inline]
pub(crate) fn is_skipped(skip: Option<&[bool]>, i: usize) -> bool {
    skip.is_some_and(|s| s.get(i).copied().unwrap_or(false))
}

/// The compiled plan of an operation (built once per process).
fn plan(op: Operation) -> &'static Plan {
    use std::sync::OnceLock;
    static PLANS: [OnceLock<Plan>; Operation::ALL.len()] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = Operation::ALL.iter().position(|o| *o == op).unwrap_or(0);
    PLANS[i].get_or_init(|| {
        let mut ids: Vec<(&'static str, usize)> = rule::for_operation(op)
            .enumerate()
            .map(|(i, r)| (r.id, i))
            .collect();
        // Insertion sort, once per process for ~100 ids: the standard sort's code for this
        // type added 0.8 KB to the gzipped .wasm.
        for j in 1..ids.len() {
            let mut k = j;
            while k > 0 && ids[k - 1].0 > ids[k].0 {
                ids.swap(k - 1, k);
                k -= 1;
            }
        }
        Plan {
            root: PlanNode::build(op),
            huawei_first: crate::providers::aliyun::RULES
                .iter()
                .filter(|r| r.applies_to(op))
                .count(),
            ids,
        }
    })
}

/// One walk of a plan over a request.
struct PlanWalk<'o, 'a> {
    typing: Typing,
    /// See [`Plan::skipped`].
    skip: Option<&'o [bool]>,
    /// The request's table of named fields: the walk fills in those it looks up on its way.
    found: &'o Table<'a>,
    fields: Vec<Diagnostic>,
    required: Vec<Diagnostic>,
}

impl<'a> PlanWalk<'_, 'a> {
    fn node(&mut self, node: &'static PlanNode, v: &'a Value<'a>, loc: &Loc<'_>) {
        if !v.is_null() {
            for &(i, rule, spec) in &node.fields {
                if is_skipped(self.skip, i) {
                    continue;
                }
                if let Some((msg, help)) = validators::check(spec, v, self.typing) {
                    let path = loc.pointer();
                    let message = named(&path, msg);
                    let mut d = Diagnostic::new(rule.code, rule.id, rule.severity, path, message);
                    d.help = help;
                    self.fields.push(d);
                }
            }
        }
        if let Value::Object(map) = v {
            let lenient = self.typing == Typing::Lenient;
            for &(i, rule, key) in &node.required {
                if is_skipped(self.skip, i) {
                    continue;
                }
                let absent = match map.get(key) {
                    None | Some(Value::Null) => true,
                    Some(Value::String(s)) => lenient && validators::blank(s),
                    Some(_) => false,
                };
                if absent {
                    let what = if lenient {
                        "is required and must not be empty"
                    } else {
                        "is required"
                    };
                    self.required.push(Diagnostic::new(
                        rule.code,
                        rule.id,
                        rule.severity,
                        loc.child(Seg::Key(key)).pointer(),
                        ["`", key, "` ", what].concat(),
                    ));
                }
            }
        }
        // Children are looked up from where the last one was found: a request that writes its
        // keys in the plan's order finds each at the first place looked at.
        let mut hint = 0;
        for (step, child) in &node.children {
            match (step, v) {
                (Step::Key(k), Value::Object(map)) => {
                    let cv = map.get_from(k.as_str(), hint).map(|(at, cv)| {
                        hint = at + 1;
                        cv
                    });
                    if let Some(f) = child.field {
                        self.found.fill(f, cv);
                    }
                    if let Some(cv) = cv {
                        self.node(child, cv, &loc.child(Seg::Key(k)));
                    }
                }
                (Step::Any, Value::Array(items)) => {
                    for (i, item) in items
                        .iter()
                        .enumerate()
                        .take(crate::limits::MAX_CHECKED_ELEMENTS)
                    {
                        self.node(child, item, &loc.child(Seg::Index(i)));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule's failing example, run with rules disabled: one rule, and every other rule of
    /// the operation at once (declarative and custom alike). Each time exactly the disabled
    /// rules' findings go, and the rest stay as they were.
    #[test]
    fn disabled_rules_and_only_they_report_nothing() {
        let sorted = |mut d: Vec<Diagnostic>| {
            d.sort_by(|a, b| (&a.rule, &a.path, &a.message).cmp(&(&b.rule, &b.path, &b.message)));
            d
        };
        let mut checked = 0;
        for op in Operation::ALL {
            let ids: Vec<&str> = rule::for_operation(op).map(|r| r.id).collect();
            let every_other: BTreeSet<String> =
                ids.iter().step_by(2).map(|s| s.to_string()).collect();
            for r in rule::for_operation(op) {
                let (req, opts) = crate::examples::build(op, &r.fail);
                let req: Value = req.into();
                let all = sorted(run(op, &req, &opts));
                for disabled in [BTreeSet::from([r.id.to_owned()]), every_other.clone()] {
                    let want: Vec<Diagnostic> = all
                        .iter()
                        .filter(|d| !disabled.contains(d.rule.as_ref()))
                        .cloned()
                        .collect();
                    let opts = Options {
                        disabled: disabled.clone(),
                        ..opts.clone()
                    };
                    assert_eq!(sorted(run(op, &req, &opts)), want, "{op} {}", r.id);
                    checked += 1;
                }
                // (A failing example is written for the rule's first operation.)
                if r.operations.first() == Some(&op) {
                    assert!(all.iter().any(|d| d.rule == r.id), "{}", r.id);
                }
            }
        }
        assert!(checked > 100);
    }

    /// The walk records the named fields it looks up; each must be what looking the field up
    /// alone finds, null and non-object parents included.
    #[test]
    fn the_walk_records_named_fields_as_a_lookup_finds_them() {
        let op = Operation::HuaweiCreateMasterSlavePool;
        let base = crate::providers::base_example(op);
        for text in [
            base.to_owned(),
            base.replace(
                "\"type\" : \"ip\"",
                "\"type\" : null, \"session_persistence\": 5",
            )
            .replace(
                "\"healthmonitor\" : {",
                "\"connection_drain\": {\"enable\": true}, \"healthmonitor\" : {\"delay\": null, ",
            ),
            r#"{"pool": [1], "member": {}}"#.to_owned(),
        ] {
            let req = crate::parse::parse_json(&text).expect("json").value;
            let shared = crate::providers::Shared::of(op, &req, &req);
            let mut walk = PlanWalk {
                typing: typing_of(op),
                skip: None,
                found: &shared.fields,
                fields: Vec::new(),
                required: Vec::new(),
            };
            walk.node(&plan(op).root, &req, &Loc::ROOT);
            let recorded = Field::ALL
                .iter()
                .filter(|&&f| shared.fields.is_found(f))
                .count();
            if req.get("pool").is_some_and(Value::is_object) {
                assert!(recorded > 10, "{recorded} recorded in {text}");
            }
            for &f in Field::ALL {
                let want = pointer::resolve(&req, f.ptr());
                let got = shared.fields.get(&req, f);
                assert_eq!(
                    got.map(|v| v as *const _),
                    want.map(|v| v as *const _),
                    "{f:?} in {text}"
                );
            }
        }
    }

    #[test]
    fn places_display_as_pointers() {
        assert_eq!(At::Plain("/pool/name").to_string(), "/pool/name");
        assert_eq!(
            At::Element("/pool/members", 0).to_string(),
            "/pool/members/0"
        );
        assert_eq!(
            format!("{}/role", At::Element("/pool/members", 1234)),
            "/pool/members/1234/role"
        );
    }

    #[test]
    fn complaints_name_their_field_in_front() {
        assert_eq!(
            named("/pool/members/0/role", "must be x".to_owned()),
            "`role` must be x"
        );
        assert_eq!(named("/a~1b", String::new()), "`a/b` ");
        assert_eq!(
            named("", "is \u{e9}t\u{e9}".to_owned()),
            "`request` is \u{e9}t\u{e9}"
        );
    }

    #[test]
    fn field_names_for_messages() {
        assert_eq!(field_name("/pool/members/0/role"), "role");
        assert_eq!(field_name("/pool/members/1"), "members/1");
        assert_eq!(field_name("/a~1b"), "a/b");
        assert_eq!(field_name("/a~0b~01"), "a~b~1");
        assert_eq!(field_name("/pool/name"), "name");
        assert_eq!(field_name("/0"), "/0");
        assert_eq!(field_name("name"), "name");
        assert_eq!(field_name(""), "request");
    }
}
