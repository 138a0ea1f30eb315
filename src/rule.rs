//! Rules and the registry: one table lists every rule with its id, provider code, severity, the
//! documented sentence it encodes, and a passing and a failing example.
//!
//! The README's rules table, `lblint rules`, `lblint explain`, the JSON Schemas and the generic
//! per-rule tests are all generated from this registry.

use serde::Serialize;

use crate::context::Edition;
use crate::diagnostic::Severity;
use crate::engine::Cx;
use crate::operation::Operation;
use crate::validators::Spec;

/// Where a rule comes from: a seed page (`000`…`004`) or `provider-facts §N`, with the quote.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Source {
    /// The document: a seed number such as `002`, or `provider-facts §3`.
    pub doc: &'static str,
    /// The sentence the rule encodes, quoted from the document.
    pub quote: &'static str,
}

/// One change to an operation's base example request.
#[derive(Debug, Clone, Copy, Serialize)]
pub enum Patch {
    /// Set the value at a JSON Pointer (created with its parents when missing) to this JSON text.
    Set(&'static str, &'static str),
    /// Remove the value at a JSON Pointer.
    Remove(&'static str),
}

/// An example request for a rule: the operation's base request with patches applied, an optional
/// context (JSON text) and an optional edition.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Example {
    /// Changes to the base request.
    pub patch: &'static [Patch],
    /// Context JSON (empty for none).
    pub context: &'static str,
    /// Edition (the default when `None`).
    pub edition: Option<Edition>,
}

impl Example {
    /// An example made of patches only.
    pub const fn patch(patch: &'static [Patch]) -> Example {
        Example {
            patch,
            context: "",
            edition: None,
        }
    }

    /// An example with a context.
    pub const fn with_context(patch: &'static [Patch], context: &'static str) -> Example {
        Example {
            patch,
            context,
            edition: None,
        }
    }

    /// An example under a given documentation edition.
    pub const fn with_edition(patch: &'static [Patch], edition: Edition) -> Example {
        Example {
            patch,
            context: "",
            edition: Some(edition),
        }
    }
}

/// How a rule checks a request.
#[derive(Clone, Copy)]
pub enum Check {
    /// Every value matching the pattern (`*` matches array elements) must satisfy the spec.
    /// Absent and `null` values are skipped (requiredness is its own rule).
    Field {
        /// The pattern, e.g. `/pool/members/*/protocol_port`.
        at: &'static str,
        /// What the value must be.
        spec: Spec,
    },
    /// Each pattern's last key must be present (and neither `null` nor, for Alibaba, empty) in
    /// every object matching the pattern's parent.
    Required(&'static [&'static str]),
    /// Code: cross-field, counting and context rules.
    Custom(fn(&mut Cx<'_>)),
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Check::Field { at, spec } => write!(f, "Field({at}, {spec:?})"),
            Check::Required(r) => write!(f, "Required({r:?})"),
            Check::Custom(_) => f.write_str("Custom"),
        }
    }
}

/// A rule: metadata plus its check.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable id, e.g. `elb/healthmonitor-delay`.
    pub id: &'static str,
    /// The operations it applies to.
    pub operations: &'static [Operation],
    /// The provider error code it emits.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// One-line summary.
    pub summary: &'static str,
    /// Why it matters (what the provider does with such a request).
    pub why: &'static str,
    /// The documented sentence it encodes.
    pub source: Source,
    /// A request the rule accepts (not compiled into the WebAssembly build: examples are for
    /// tests and `lblint explain`, and the browser never needs them).
    #[cfg(not(target_arch = "wasm32"))]
    pub pass: Example,
    /// A request the rule rejects (not in the WebAssembly build).
    #[cfg(not(target_arch = "wasm32"))]
    pub fail: Example,
    /// How it checks.
    pub check: Check,
}

impl Rule {
    /// Whether the rule applies to the operation.
    pub fn applies_to(&self, op: Operation) -> bool {
        self.operations.contains(&op)
    }
}

/// A provider code the catalogue knows but that needs the provider's live state to check.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct KnownCode {
    /// The operation.
    pub operation: Operation,
    /// The code.
    pub code: &'static str,
    /// The provider's message.
    pub message: &'static str,
    /// Why lblint cannot check it before the call.
    pub note: &'static str,
}

/// Declares a provider's part of the registry: `RULES`, its rules in catalogue order, and
/// `run_custom`, which runs those of them that are custom ([`Check::Custom`]) for an operation.
/// Adding a rule is one line in the provider's invocation of this macro.
///
/// Each rule is called from a call site of its own, where its function is a constant. The engine
/// once called every rule's function through one pointer in a loop, a different function each
/// time, and those calls ran far slower than their instructions: without CreateMember's 23 of
/// them a valid member request took 0.22 µs instead of 0.39 µs, for 30% fewer instructions
/// (cachegrind's model counted about 50 mispredicted indirect calls in it).
macro_rules! registry {
    ($(#[doc = $doc:literal])* [$($rule:path),* $(,)?]) => {
        $(#[doc = $doc])*
        pub static RULES: &[&$crate::rule::Rule] = &[$(&$rule),*];

        /// Runs the custom rules of [`RULES`] that apply to `op` and are not skipped, in
        /// registry order. `place` is the place of this provider's first rule of `op` in
        /// [`crate::rule::for_operation`]'s order, by which `skip` marks rules.
        pub(crate) fn run_custom(
            op: $crate::operation::Operation,
            cx: &mut $crate::engine::Cx<'_>,
            mut place: usize,
            skip: Option<&[bool]>,
        ) {
            $(
                if $rule.applies_to(op) {
                    if let $crate::rule::Check::Custom(f) = $rule.check {
                        if !$crate::engine::is_skipped(skip, place) {
                            cx.run_rule(&$rule, f);
                        }
                    }
                    place += 1;
                }
            )*
            let _ = place;
        }
    };
}
pub(crate) use registry;

/// Every rule, in catalogue order (by provider, then operation, then id).
pub fn all() -> impl Iterator<Item = &'static Rule> {
    crate::providers::aliyun::RULES
        .iter()
        .chain(crate::providers::huaweicloud::RULES.iter())
        .copied()
}

/// The rules that apply to one operation.
pub fn for_operation(op: Operation) -> impl Iterator<Item = &'static Rule> {
    all().filter(move |r| r.applies_to(op))
}

/// A rule by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    all().find(|r| r.id == id)
}

/// The rules that emit a provider code.
pub fn by_code(code: &str) -> Vec<&'static Rule> {
    all().filter(|r| r.code == code).collect()
}

/// Codes documented for the operations that need live state (not checked before the call).
pub fn known_codes() -> &'static [KnownCode] {
    crate::providers::aliyun::KNOWN_CODES
}
