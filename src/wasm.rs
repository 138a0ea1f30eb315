//! The WebAssembly exports behind the npm package in `pkg/` (feature `wasm`).
//!
//! # The boundary
//!
//! A call to `validate()` in JS crosses the boundary with as few copies as the platform allows:
//!
//! - **In**: the module owns one input buffer, reused across calls ([`input_buffer`] sizes it and
//!   answers its address). The JS glue writes the request (and the context and edition, when
//!   given) into it with `TextEncoder.encodeInto`, one UTF-8 copy and no allocation, and passes
//!   only lengths to [`validate_input`]. A request given as a JS object is walked into the
//!   buffer as a [`tape`] of its values, read without any JSON (no `JSON.stringify`, no
//!   parse). The operation travels as its index in [`Operation::ALL`], not as text.
//! - **Out**: the report is not serialised to JSON. [`validate_input`] answers the address of a
//!   few `u32` words (see [`Answer`]) and, beside them, the report's strings as one UTF-8 text.
//!   A report without diagnostics is a few words and no text, so a clean request costs the glue
//!   no decoding at all. Codes and rule ids are sent once per instance, then by number.
//! - **Kept**: the parsed context and edition of the last call stay in the module; a call with
//!   the same ones (the same JSON text) reuses them instead of parsing them again.
//!
//! A wrong call (an unknown operation, an invalid context or edition) is an error answer with a
//! kind (`operation`, `context`, `edition`) and a message. A request that is not valid never
//! produces an error: its problems are diagnostics.
//!
//! The plain functions ([`validate_request`], [`validate_envelope`], [`Answer::encode`],
//! [`operations_json`], [`catalogue_json`]) are the logic and are tested natively; the
//! `#[wasm_bindgen]` functions only move bytes. [`validate_envelope`] is the same answer as JSON
//! (what the boundary carried before): the reference the compact encoding is tested against.

use std::borrow::Cow;
use std::cell::RefCell;

use serde_json::{json, Value};
use wasm_bindgen::prelude::wasm_bindgen;

use crate::catalogue;
use crate::context::{Context, Edition};
use crate::diagnostic::{Report, Severity};
use crate::engine::Options;
use crate::operation::Operation;
use crate::validate::{self, Error};

pub mod tape;

/// The module's allocator: TLSF from `rlsf` instead of the standard library's dlmalloc. Built
/// and run side by side (`npm --prefix pkg run bench`, two runs each, alternating), the .wasm
/// was 2,774 bytes smaller gzipped (144,655 -> 141,881) and validate() took the same time
/// (5.16-5.34 µs against 5.25-5.34 µs for the seed 002 object); the package's hostile-input
/// tests and a loop of 240,000 calls of every fixture plus 5,000-member pools ran without a
/// restart either way.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: rlsf::SmallGlobalTlsf = rlsf::SmallGlobalTlsf::new();

/// How the request passed to [`validate_request`] is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestForm {
    /// JSON text as the user wrote it: syntax errors and findings carry line and column.
    Text,
    /// A JS value serialised by `JSON.stringify`: findings carry no line or column.
    Value,
    /// The JS value could not be serialised (a cycle, a `BigInt`, too deep); the string is the
    /// reason, reported as a syntax diagnostic without position.
    Unserializable,
}

/// The `form` code of a request written as a tape ([`tape`]), beside [`RequestForm`]'s.
pub const FORM_TAPE: u8 = 3;

impl RequestForm {
    fn from_code(code: u8) -> RequestForm {
        match code {
            0 => RequestForm::Text,
            1 => RequestForm::Value,
            _ => RequestForm::Unserializable,
        }
    }
}

/// The operation a call names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationArg<'a> {
    /// Infer it from the request's content.
    Infer,
    /// `Operation::ALL[i]` (an index the glue got from [`operations_json`]).
    Index(u32),
    /// An id as the caller wrote it (the glue sends the text only for an id it does not know).
    Name(&'a str),
}

/// What kind of wrong call an error answer reports (`LblintError.kind` in JS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An unknown operation, or none given and none inferable.
    Operation,
    /// The context is not valid.
    Context,
    /// The edition is not known.
    Edition,
    /// The glue broke the protocol (a bug, not an input).
    Internal,
}

impl ErrorKind {
    /// The JS name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Operation => "operation",
            ErrorKind::Context => "context",
            ErrorKind::Edition => "edition",
            ErrorKind::Internal => "internal",
        }
    }

    fn code(self) -> u32 {
        match self {
            ErrorKind::Operation => 0,
            ErrorKind::Context => 1,
            ErrorKind::Edition => 2,
            ErrorKind::Internal => 3,
        }
    }
}

/// A wrong call: its kind and the message for the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    /// What was wrong.
    pub kind: ErrorKind,
    /// Why, for a person.
    pub message: String,
}

impl CallError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> CallError {
        CallError {
            kind,
            message: message.into(),
        }
    }
}

/// Validates one request.
///
/// - `operation`: which operation, or [`OperationArg::Infer`].
/// - `request`: the request, read as `form` says.
/// - `context`: the context as JSON text (the CLI's context file), or empty for none.
/// - `edition`: an Alibaba documentation edition name, or empty for the default.
///
/// # Errors
/// A [`CallError`] for a wrong call: an unknown operation (or one that cannot be inferred), an
/// invalid context, an unknown edition. Never for the request's content.
pub fn validate_request(
    operation: OperationArg<'_>,
    request: &str,
    form: RequestForm,
    context: &str,
    edition: &str,
) -> Result<Report, CallError> {
    let op = resolve_operation(operation)?;
    let opts = parse_options(context, edition)?;
    validate_with(op, request, form, &opts)
}

/// Validates one request that the glue wrote as a [`tape`] from a JS value: as
/// [`RequestForm::Value`] validates its `JSON.stringify` text, without the JSON. The arguments
/// and errors are those of [`validate_request`]; a malformed tape (which the glue never writes)
/// is an error of kind `internal`.
///
/// # Errors
/// As [`validate_request`], and a malformed tape.
pub fn validate_tape(
    operation: OperationArg<'_>,
    request: &[u8],
    context: &str,
    edition: &str,
) -> Result<Report, CallError> {
    let op = resolve_operation(operation)?;
    let opts = parse_options(context, edition)?;
    validate_tape_with(op, request, &opts)
}

fn validate_tape_with(
    op: Option<Operation>,
    request: &[u8],
    opts: &Options,
) -> Result<Report, CallError> {
    let Some(value) = tape::read(request) else {
        return Err(CallError::new(
            ErrorKind::Internal,
            "the request's tape is malformed",
        ));
    };
    op.or_else(|| Operation::detect_value(&value))
        .ok_or(Error::CannotInferOperation)
        .map(|op| validate::finish(op, &value, &[], opts, None))
        .map_err(call_error)
}

/// The operation a call names (`None`: infer it).
fn resolve_operation(operation: OperationArg<'_>) -> Result<Option<Operation>, CallError> {
    match operation {
        OperationArg::Infer => Ok(None),
        OperationArg::Index(i) => match Operation::ALL.get(i as usize) {
            Some(op) => Ok(Some(*op)),
            None => Err(CallError::new(
                ErrorKind::Internal,
                "the operation index is out of range",
            )),
        },
        OperationArg::Name(name) => match name.parse::<Operation>() {
            Ok(op) => Ok(Some(op)),
            Err(e) => Err(CallError::new(ErrorKind::Operation, e.to_string())),
        },
    }
}

/// The options of a call: its context (JSON text, empty for none) and edition (empty: default).
fn parse_options(context: &str, edition: &str) -> Result<Options, CallError> {
    let mut opts = Options::default();
    if !context.trim().is_empty() {
        match Context::from_json(context) {
            Ok(c) => opts.context = c,
            Err(e) => return Err(CallError::new(ErrorKind::Context, e.to_string())),
        }
    }
    if !edition.is_empty() {
        match edition.parse::<Edition>() {
            Ok(e) => opts.edition = e,
            Err(e) => return Err(CallError::new(ErrorKind::Edition, e.to_string())),
        }
    }
    Ok(opts)
}

/// Validates a request read as `form` with options already parsed.
fn validate_with(
    op: Option<Operation>,
    request: &str,
    form: RequestForm,
    opts: &Options,
) -> Result<Report, CallError> {
    let report = match form {
        RequestForm::Text => validate::validate_json(op, request, opts),
        // The text of a JS object (`JSON.stringify`): read straight into the engine's value, as
        // `validate_value_auto` would read it, without positions (they would point into text
        // the caller never wrote). Going through `serde_json::Value` built and freed a B-tree
        // per object, about a tenth of a call.
        RequestForm::Value => match crate::parse::parse_json(request) {
            Ok(parsed) => op
                .or_else(|| Operation::detect_value(&parsed.value))
                .ok_or(Error::CannotInferOperation)
                .map(|op| validate::finish(op, &parsed.value, &[], opts, None)),
            // serde_json's own message, with its position, as before.
            Err(_) => match serde_json::from_str::<Value>(request) {
                Ok(value) => validate::validate_value_auto(op, &value, opts),
                Err(e) => Ok(unpositioned_syntax(op, &e.to_string())),
            },
        },
        RequestForm::Unserializable => Ok(unpositioned_syntax(op, request)),
    };
    report.map_err(call_error)
}

fn call_error(e: Error) -> CallError {
    match e {
        Error::CannotInferOperation => CallError::new(
            ErrorKind::Operation,
            // The CLI's wording names its flag; here the caller passes the id as an argument.
            e.to_string()
                .replace("pass it with --operation", "pass the operation id"),
        ),
        e => CallError::new(ErrorKind::Operation, e.to_string()),
    }
}

/// A syntax report for a request that has no source text to point into.
fn unpositioned_syntax(op: Option<Operation>, message: &str) -> Report {
    let mut report = validate::syntax_report(op, "", message, 1, 1);
    for d in &mut report.diagnostics {
        // `syntax_report` calls an empty Huawei body ELB.0002; an unreadable value is not empty.
        d.code = op
            .map(Operation::generic_code)
            .unwrap_or("InvalidJSON")
            .into();
        d.line = None;
        d.column = None;
    }
    report
}

fn error_envelope(kind: &str, message: impl Into<String>) -> String {
    // By hand rather than with json!: the kinds need no escaping, and this is smaller in the .wasm.
    let message = Value::String(message.into());
    format!("{{\"error\":{{\"kind\":\"{kind}\",\"message\":{message}}}}}")
}

fn ok_envelope(value: impl serde::Serialize) -> String {
    // Serialising a report or a catalogue cannot fail: every map key is a string.
    match serde_json::to_string(&value) {
        Ok(text) => format!("{{\"ok\":{text}}}"),
        Err(e) => error_envelope("internal", e.to_string()),
    }
}

/// [`validate_request`] answered as one JSON document: `{"ok": {"operation", "diagnostics":
/// [{code, rule, severity, path, message, help?, line?, column?}]}}` or `{"error": {"kind",
/// "message"}}`. `operation` is an id, or empty to infer it.
pub fn validate_envelope(
    operation: &str,
    request: &str,
    form: RequestForm,
    context: &str,
    edition: &str,
) -> String {
    let op = if operation.is_empty() {
        OperationArg::Infer
    } else {
        OperationArg::Name(operation)
    };
    match validate_request(op, request, form, context, edition) {
        Ok(report) => ok_envelope(report),
        Err(e) => error_envelope(e.kind.as_str(), e.message),
    }
}

/// The operations lblint knows, in catalogue order: `[{"id", "provider", "title"}]`.
pub fn operations_json() -> String {
    let ops: Vec<Value> = Operation::ALL
        .iter()
        .map(|op| json!({"id": op.id(), "provider": op.provider(), "title": op.title()}))
        .collect();
    ok_envelope(ops)
}

/// The rule catalogue (`lblint rules --format json`): `{"rules", "builtins", "known_codes"}`.
pub fn catalogue_json() -> String {
    ok_envelope(catalogue::json())
}

/// Words per diagnostic in an [`Answer`].
pub const DIAGNOSTIC_WORDS: usize = 10;
/// Words before the first diagnostic in an [`Answer`].
pub const HEADER_WORDS: usize = 6;
/// A string kind in an [`Answer`]: the value is an id in the table of strings already sent.
pub const STRING_INTERNED: u32 = 0;
/// A string kind: the string is in the text (value: its length in UTF-16 units), and is the
/// table's next entry.
pub const STRING_NEW: u32 = 1;
/// A string kind: the string is in the text (value: its length in UTF-16 units), not kept.
pub const STRING_INLINE: u32 = 2;
/// Flag bits of a diagnostic in an [`Answer`] (bits 0-1 are the severity: 0 error, 1 warning,
/// 2 info).
pub const FLAG_HELP: u32 = 1 << 2;
/// The diagnostic has a line.
pub const FLAG_LINE: u32 = 1 << 3;
/// The diagnostic has a column.
pub const FLAG_COLUMN: u32 = 1 << 4;
/// How many distinct codes and rule ids the table keeps; past it, strings are sent inline.
pub const INTERN_LIMIT: usize = 4096;
/// Buffers larger than this (after a huge request or report) are released, not kept.
const KEEP_CAPACITY: usize = 1 << 20;

/// One answer of [`validate_input`], as the JS glue reads it: `u32` words and one UTF-8 text.
///
/// Words:
///
/// | word | report | error |
/// |---|---|---|
/// | 0 | 0 | 1 |
/// | 1 | operation: 0 none, else 1 + its index in [`Operation::ALL`] | kind: 0 operation, 1 context, 2 edition, 3 internal |
/// | 2 | number of diagnostics | 0 |
/// | 3, 4 | address and byte length of the text | the same (the text is the message) |
/// | 5 | 1 when the module kept this call's options ([`FORM_SAME_OPTIONS`]), else 0 | the same |
///
/// then [`DIAGNOSTIC_WORDS`] per diagnostic: code (kind, value), rule (kind, value), flags
/// (severity, [`FLAG_HELP`], [`FLAG_LINE`], [`FLAG_COLUMN`]), then the UTF-16 lengths of path,
/// message and help (0 without), then line and column (0 without). The string kinds are
/// [`STRING_INTERNED`], [`STRING_NEW`] and [`STRING_INLINE`]. The text holds, per diagnostic and
/// in this order, the code and the rule when not interned, the path, the message and the help.
/// Lengths are in UTF-16 units so that the glue decodes the text once and slices it.
///
/// Codes and rule ids that are `'static` are sent once, then by id; the glue keeps the same
/// table, and both start empty with each instance.
#[derive(Debug, Default)]
pub struct Answer {
    words: Vec<u32>,
    text: String,
    /// Address and length of each `'static` string already sent, by id.
    interned: Vec<(usize, usize)>,
}

impl Answer {
    /// Encodes a result, replacing the previous answer.
    pub fn encode(&mut self, result: &Result<Report, CallError>) {
        if self.text.capacity() > KEEP_CAPACITY {
            self.text = String::new();
        } else {
            self.text.clear();
        }
        if self.words.capacity() * 4 > KEEP_CAPACITY {
            self.words = Vec::new();
        } else {
            self.words.clear();
        }
        match result {
            Ok(report) => {
                let op = report.operation.map_or(0, |op| {
                    1 + Operation::ALL.iter().position(|o| *o == op).unwrap_or(0) as u32
                });
                let n = report.diagnostics.len();
                self.words.extend_from_slice(&[0, op, word(n), 0, 0, 0]);
                self.words.reserve(n * DIAGNOSTIC_WORDS);
                for d in &report.diagnostics {
                    let (code_kind, code) = self.string(&d.code);
                    let (rule_kind, rule) = self.string(&d.rule);
                    let severity = match d.severity {
                        Severity::Error => 0,
                        Severity::Warning => 1,
                        Severity::Info => 2,
                    };
                    let mut flags = severity;
                    let path = self.push_text(&d.path);
                    let message = self.push_text(&d.message);
                    let help = match &d.help {
                        Some(help) => {
                            flags |= FLAG_HELP;
                            self.push_text(help)
                        }
                        None => 0,
                    };
                    if d.line.is_some() {
                        flags |= FLAG_LINE;
                    }
                    if d.column.is_some() {
                        flags |= FLAG_COLUMN;
                    }
                    self.words.extend_from_slice(&[
                        code_kind,
                        code,
                        rule_kind,
                        rule,
                        flags,
                        path,
                        message,
                        help,
                        d.line.unwrap_or(0),
                        d.column.unwrap_or(0),
                    ]);
                }
            }
            Err(e) => {
                self.words
                    .extend_from_slice(&[1, e.kind.code(), 0, 0, 0, 0]);
                self.text.push_str(&e.message);
            }
        }
        self.words[3] = word(self.text.as_ptr() as usize);
        self.words[4] = word(self.text.len());
    }

    /// Sets word 5: whether the module kept the options of the call answered.
    fn set_options_kept(&mut self, kept: bool) {
        self.words[5] = u32::from(kept);
    }

    /// A code or rule id: (kind, id or length); the text is appended when it is not interned.
    #[allow(clippy::ptr_arg)] // the Cow is the point: only a borrowed ('static) string is kept
    fn string(&mut self, s: &Cow<'static, str>) -> (u32, u32) {
        if let Cow::Borrowed(s) = s {
            let key = (s.as_ptr() as usize, s.len());
            if let Some(id) = self.interned.iter().position(|k| *k == key) {
                return (STRING_INTERNED, word(id));
            }
            if self.interned.len() < INTERN_LIMIT {
                self.interned.push(key);
                return (STRING_NEW, self.push_text(s));
            }
        }
        (STRING_INLINE, self.push_text(s))
    }

    /// Appends a string to the text; answers its length in UTF-16 units.
    fn push_text(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        word(if s.is_ascii() {
            s.len()
        } else {
            s.chars().map(char::len_utf16).sum()
        })
    }

    /// The words (the glue reads them from [`validate_input`]'s answer address).
    pub fn words(&self) -> &[u32] {
        &self.words
    }

    /// The text the words' lengths slice.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A length or an address as a word. On wasm32 every `usize` fits; natively (the tests) a
/// value that does not is clamped, which only the address of the text can be.
fn word(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The module's state between calls: the input buffer the glue writes into, the last answer,
/// and the options (context and edition) of the last call when they were valid.
#[derive(Debug, Default)]
struct Io {
    input: Vec<u8>,
    answer: Answer,
    options: Option<Options>,
}

/// A bit of [`validate_input`]'s `form`: the call's context and edition are those of the last
/// call, whose options the module kept (the answer's word 5 said so); none are in the buffer.
pub const FORM_SAME_OPTIONS: u8 = 1 << 4;

thread_local! {
    static IO: RefCell<Io> = RefCell::new(Io::default());
}

/// The scalar arguments of [`validate_input`]: the operation and the lengths of the texts the glue
/// wrote into the input buffer, in order.
#[derive(Debug, Clone, Copy)]
struct Call {
    op: u32,
    op_len: usize,
    request_len: usize,
    form: u8,
    context_len: usize,
    edition_len: usize,
}

/// Reads the arguments of [`validate_input`] out of the input buffer and validates. `options`
/// keeps the parsed options of the last call whose context and edition were valid: reused when
/// `form` has [`FORM_SAME_OPTIONS`], else replaced (or cleared, when they are not valid).
fn run_input(input: &[u8], options: &mut Option<Options>, call: Call) -> Result<Report, CallError> {
    let Call {
        op,
        op_len,
        request_len,
        form,
        context_len,
        edition_len,
    } = call;
    let reuse = form & FORM_SAME_OPTIONS != 0;
    if !reuse {
        *options = None;
    }
    let mut rest = input;
    let mut next = |len: usize| -> Result<&[u8], CallError> {
        let Some((head, tail)) = rest.split_at_checked(len) else {
            return Err(CallError::new(
                ErrorKind::Internal,
                "the lengths passed exceed the input buffer",
            ));
        };
        rest = tail;
        Ok(head)
    };
    // The glue writes text with TextEncoder.encodeInto, which writes only UTF-8 (a lone
    // surrogate becomes U+FFFD), so anything else is a broken call, not a request.
    let text = |bytes| {
        std::str::from_utf8(bytes)
            .map_err(|_| CallError::new(ErrorKind::Internal, "the input is not UTF-8"))
    };
    let name = text(next(op_len)?)?;
    let request = next(request_len)?;
    let context = text(next(context_len)?)?;
    let edition = text(next(edition_len)?)?;
    let op = resolve_operation(if op_len > 0 {
        OperationArg::Name(name)
    } else if op == 0 {
        OperationArg::Infer
    } else {
        OperationArg::Index(op - 1)
    })?;
    if !reuse {
        *options = Some(parse_options(context, edition)?);
    }
    let Some(opts) = options.as_ref() else {
        return Err(CallError::new(
            ErrorKind::Internal,
            "the call reuses options that the module does not have",
        ));
    };
    match form & !FORM_SAME_OPTIONS {
        FORM_TAPE => validate_tape_with(op, request, opts),
        code => validate_with(op, text(request)?, RequestForm::from_code(code), opts),
    }
}

/// wasm export: makes the input buffer `len` bytes long (keeping its content up to the shorter
/// length) and answers its address. The glue grows it for a long request and shrinks it after.
#[wasm_bindgen(js_name = "inputBuffer")]
pub fn input_buffer(len: usize) -> usize {
    IO.with_borrow_mut(|io| {
        if io.input.capacity() > len.max(KEEP_CAPACITY) {
            // Given back (a fresh buffer, the content kept) rather than kept at its largest.
            let kept = len.min(io.input.len());
            let mut smaller = vec![0; len];
            smaller[..kept].copy_from_slice(&io.input[..kept]);
            io.input = smaller;
        } else {
            io.input.resize(len, 0);
        }
        io.input.as_ptr() as usize
    })
}

/// wasm export: validates the request in the input buffer and answers the address of the
/// answer's words ([`Answer`]).
///
/// The buffer holds, back to back and as UTF-8: the operation id (`op_len` bytes, only for an id
/// the glue does not know; then `op` is ignored), the request (or its [`tape`]), the context,
/// the edition. `op` is 0 to infer the operation, else 1 + its index in [`Operation::ALL`].
/// `form`: 0 text, 1 value (`JSON.stringify`), 2 unserializable (the request is the reason),
/// 3 ([`FORM_TAPE`]) a value written as a tape, plus [`FORM_SAME_OPTIONS`] to reuse the last
/// call's context and edition instead of parsing them again (the glue sends it when they are the
/// same text and the last answer said they are kept).
///
/// `bench` is 0, except from `pkg/bench` (through the glue's `__benchValidate`), which times the
/// parts of a call apart: `2n` first validates `n` more times without encoding an answer (the
/// engine alone), `2n + 1` encodes the answer `n` more times (the encoding alone).
#[wasm_bindgen(js_name = "validateInput")]
pub fn validate_input(
    op: u32,
    op_len: usize,
    request_len: usize,
    form: u8,
    context_len: usize,
    edition_len: usize,
    bench: u32,
) -> usize {
    IO.with_borrow_mut(|io| {
        let Io {
            input,
            answer,
            options,
        } = io;
        let call = Call {
            op,
            op_len,
            request_len,
            form,
            context_len,
            edition_len,
        };
        let mut run = || run_input(input, options, call);
        let (times, encode_only) = (bench >> 1, bench & 1 == 1);
        if !encode_only {
            for _ in 0..times {
                drop(run());
            }
        }
        let result = run();
        answer.encode(&result);
        if encode_only {
            for _ in 0..times {
                answer.encode(&result);
            }
        }
        answer.set_options_kept(options.is_some());
        answer.words.as_ptr() as usize
    })
}

/// wasm export: [`operations_json`].
#[wasm_bindgen]
pub fn operations() -> String {
    operations_json()
}

/// wasm export: [`catalogue_json`].
#[wasm_bindgen]
pub fn rules() -> String {
    catalogue_json()
}

/// wasm export for the package's own tests: panics, so that the tests can check that a trap
/// inside the module costs one call and not the module. Not part of the public JS API.
#[wasm_bindgen(js_name = "__selfTestPanic")]
pub fn self_test_panic() {
    panic!("lblint self-test panic");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(envelope: &str) -> Value {
        serde_json::from_str(envelope).unwrap()
    }

    const ALIYUN: &str = "aliyun.slb.CreateMasterSlaveServerGroup";

    #[test]
    fn text_requests_get_positions_and_value_requests_do_not() {
        let text = "{\n  \"RegionId\": \"cn-hangzhou\",\n  \"LoadBalancerId\": \"\"\n}";
        let with = parse(&validate_envelope(ALIYUN, text, RequestForm::Text, "", ""));
        let d = &with["ok"]["diagnostics"][0];
        assert_eq!(d["path"], "/LoadBalancerId");
        assert_eq!(d["line"], 3);
        let without = parse(&validate_envelope(ALIYUN, text, RequestForm::Value, "", ""));
        let d = &without["ok"]["diagnostics"][0];
        assert_eq!(d["path"], "/LoadBalancerId");
        assert!(d.get("line").is_none() && d.get("column").is_none(), "{d}");
        assert_eq!(without["ok"]["operation"], ALIYUN);
    }

    #[test]
    fn bad_json_is_a_diagnostic_not_an_error() {
        let r = parse(&validate_envelope(
            ALIYUN,
            "{\"a\":",
            RequestForm::Text,
            "",
            "",
        ));
        assert_eq!(r["ok"]["diagnostics"][0]["rule"], "lblint/syntax");
        assert_eq!(r["ok"]["diagnostics"][0]["code"], "InvalidParameter");
        let r = parse(&validate_envelope(
            "huaweicloud.elb.v3.CreateMember",
            "cyclic object value",
            RequestForm::Unserializable,
            "",
            "",
        ));
        let d = &r["ok"]["diagnostics"][0];
        assert_eq!(d["code"], "ELB.8902");
        assert!(d["message"].as_str().unwrap().contains("cyclic"));
        assert!(d.get("line").is_none());
    }

    #[test]
    fn unknown_operation_lists_the_valid_ids() {
        let r = parse(&validate_envelope("nope", "{}", RequestForm::Text, "", ""));
        assert_eq!(r["error"]["kind"], "operation");
        let m = r["error"]["message"].as_str().unwrap();
        for op in Operation::ALL {
            assert!(m.contains(op.id()), "{m}");
        }
        let r = parse(&validate_envelope(
            "",
            "{\"x\": 1}",
            RequestForm::Text,
            "",
            "",
        ));
        assert_eq!(r["error"]["kind"], "operation");
        assert!(!r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--operation"));
    }

    #[test]
    fn invalid_context_names_the_key() {
        let ctx = r#"{"listener": {"protocl": "TCP"}}"#;
        let r = parse(&validate_envelope(ALIYUN, "{}", RequestForm::Text, ctx, ""));
        assert_eq!(r["error"]["kind"], "context");
        assert!(r["error"]["message"].as_str().unwrap().contains("protocl"));
    }

    #[test]
    fn context_and_edition_shape_the_report() {
        let text = r#"{"RegionId": "r", "LoadBalancerId": "lb",
            "MasterSlaveBackendServers": [{"ServerId": "eni-1", "Type": "eni", "Port": 80, "Weight": 1, "ServerType": "Master"},
                                          {"ServerId": "eni-2", "Type": "eni", "Port": 80, "ServerType": "Slave"}]}"#;
        let ctx = r#"{"loadbalancer": {"edition": "shared"}}"#;
        let plain = parse(&validate_envelope(ALIYUN, text, RequestForm::Text, "", ""));
        let shared = parse(&validate_envelope(ALIYUN, text, RequestForm::Text, ctx, ""));
        let rules = |r: &Value| -> Vec<String> {
            r["ok"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["rule"].as_str().unwrap().to_owned())
                .collect()
        };
        assert!(!rules(&plain).contains(&"aliyun/eni-eci-needs-performance-instance".into()));
        assert!(rules(&shared).contains(&"aliyun/eni-eci-needs-performance-instance".into()));
        let v2024 = parse(&validate_envelope(
            ALIYUN,
            text,
            RequestForm::Text,
            "",
            "2024",
        ));
        assert!(rules(&v2024).contains(&"aliyun/server-weight-required".into()));
        let bad = parse(&validate_envelope(
            ALIYUN,
            text,
            RequestForm::Text,
            "",
            "1999",
        ));
        assert_eq!(bad["error"]["kind"], "edition");
    }

    #[test]
    fn operations_and_catalogue_come_from_the_registry() {
        let ops = parse(&operations_json());
        let ids: Vec<&str> = ops["ok"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, Operation::ALL.map(Operation::id));
        let cat = parse(&catalogue_json());
        assert_eq!(
            cat["ok"]["rules"].as_array().unwrap().len(),
            crate::rule::all().count()
        );
    }

    const SEVERITIES: [&str; 3] = ["error", "warning", "info"];

    /// What index.js does with an answer, in Rust: the envelope's JSON shape.
    fn decode(answer: &Answer, table: &mut Vec<String>) -> Value {
        let w = answer.words();
        let units: Vec<u16> = answer.text().encode_utf16().collect();
        assert_eq!(w[4] as usize, answer.text().len());
        let mut at = 0usize;
        let mut take = |len: u32| {
            let s = String::from_utf16(&units[at..at + len as usize]).unwrap();
            at += len as usize;
            s
        };
        if w[0] == 1 {
            let kind = ["operation", "context", "edition", "internal"][w[1] as usize];
            return json!({"error": {"kind": kind, "message": take(answer.text().encode_utf16().count() as u32)}});
        }
        let operation = match w[1] {
            0 => Value::Null,
            k => json!(Operation::ALL[k as usize - 1].id()),
        };
        let mut diagnostics = Vec::new();
        for d in w[HEADER_WORDS..].chunks(DIAGNOSTIC_WORDS) {
            assert_eq!(d.len(), DIAGNOSTIC_WORDS);
            let mut string = |kind: u32, value: u32, take: &mut dyn FnMut(u32) -> String| match kind
            {
                STRING_INTERNED => table[value as usize].clone(),
                STRING_NEW => {
                    let s = take(value);
                    table.push(s.clone());
                    s
                }
                STRING_INLINE => take(value),
                other => panic!("string kind {other}"),
            };
            let code = string(d[0], d[1], &mut take);
            let rule = string(d[2], d[3], &mut take);
            let mut out = json!({
                "code": code,
                "rule": rule,
                "severity": SEVERITIES[(d[4] & 3) as usize],
                "path": take(d[5]),
                "message": take(d[6]),
            });
            if d[4] & FLAG_HELP != 0 {
                out["help"] = json!(take(d[7]));
            }
            if d[4] & FLAG_LINE != 0 {
                out["line"] = json!(d[8]);
            }
            if d[4] & FLAG_COLUMN != 0 {
                out["column"] = json!(d[9]);
            }
            diagnostics.push(out);
        }
        assert_eq!(
            at,
            units.len(),
            "the text holds exactly the strings the words name"
        );
        json!({"ok": {"operation": operation, "diagnostics": diagnostics}})
    }

    /// Every fixture of the corpus (as text and as a value), plus odd cases.
    fn cases() -> Vec<(String, String, RequestForm, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut cases = Vec::new();
        for dir in ["aliyun", "huaweicloud"] {
            let manifest: Value = serde_json::from_str(
                &std::fs::read_to_string(root.join(dir).join("expect.json")).unwrap(),
            )
            .unwrap();
            for (name, expect) in manifest.as_object().unwrap() {
                let file = root.join(dir).join(name);
                let text = std::fs::read_to_string(&file).unwrap();
                let context = std::fs::read_to_string(file.with_extension("context.json"))
                    .unwrap_or_default();
                let op = expect["operation"].as_str().unwrap().to_owned();
                cases.push((op.clone(), text.clone(), RequestForm::Text, context.clone()));
                if let Ok(v) = serde_json::from_str::<Value>(&text) {
                    cases.push((op, v.to_string(), RequestForm::Value, context));
                }
            }
        }
        let member = "huaweicloud.elb.v3.CreateMember";
        for (op, request, form) in [
            // Non-ASCII (and beyond the BMP) in a quoted value: UTF-16 lengths differ from bytes.
            (member, "{\"member\": {\"address\": \"10.0.0.1\", \"protocol_port\": 80, \"name\": 5, \"weight\": \"\u{1F600}é中\"}}", RequestForm::Text),
            (member, "{\"member\": {\"address\": \"\u{1F600}\"}}", RequestForm::Value),
            (member, "{\"member\": ", RequestForm::Text),
            (member, "", RequestForm::Text),
            (member, "cyclic object value \u{1F600}", RequestForm::Unserializable),
            ("", "{\"member\": {\"address\": \"10.0.0.1\"}}", RequestForm::Text),
            ("", "{\"x\": 1}", RequestForm::Text),
            ("", "{", RequestForm::Text),
            ("nope", "{}", RequestForm::Text),
            (ALIYUN, "{}", RequestForm::Value),
        ] {
            cases.push((op.into(), request.into(), form, String::new()));
        }
        cases.push((
            ALIYUN.into(),
            "{}".into(),
            RequestForm::Text,
            "{\"nope\": 1}".into(),
        ));
        cases
    }

    /// The glue writes a JS value as a tape instead of its `JSON.stringify` text: every value
    /// case must get the same answer both ways (with the operation named and inferred).
    #[test]
    fn a_value_as_a_tape_gets_the_answer_its_json_text_gets() {
        let mut compared = 0;
        for (op, request, form, context) in cases() {
            // The engine's parser keeps the members' order, as a JS object does.
            let Ok(parsed) = crate::parse::parse_json(&request) else {
                continue;
            };
            let tape = tape::write_for_tests(&parsed.value);
            let ops = [
                match op.as_str() {
                    "" => OperationArg::Infer,
                    op => OperationArg::Name(op),
                },
                OperationArg::Infer,
            ];
            for arg in ops {
                let want = validate_request(arg, &request, RequestForm::Value, &context, "");
                let got = validate_tape(arg, &tape, &context, "");
                assert_eq!(got, want, "{op} {form:?} {request}");
                compared += 1;
            }
        }
        assert!(compared > 80, "{compared}");
        // A malformed tape (never written by the glue) is an internal error, not a panic.
        let err = validate_tape(OperationArg::Infer, &[6, 9, 0, 0, 0], "", "").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Internal);
    }

    #[test]
    fn every_answer_decodes_to_the_envelope() {
        let mut answer = Answer::default();
        let mut table = Vec::new();
        let cases = cases();
        assert!(cases.len() > 40, "{} cases", cases.len());
        // Twice: the second round finds every code and rule id in the table already.
        for round in 0..2 {
            for (op, request, form, context) in &cases {
                let arg = match op.as_str() {
                    "" => OperationArg::Infer,
                    name => OperationArg::Name(name),
                };
                answer.encode(&validate_request(arg, request, *form, context, ""));
                let got = decode(&answer, &mut table);
                let want = parse(&validate_envelope(op, request, *form, context, ""));
                assert_eq!(got, want, "round {round}: {op} {form:?} {request}");
                if round == 1 {
                    assert!(answer.words()[HEADER_WORDS..]
                        .chunks(DIAGNOSTIC_WORDS)
                        .all(|d| d[0] == STRING_INTERNED && d[2] == STRING_INTERNED));
                }
            }
        }
        assert_eq!(table.len(), answer.interned.len());
    }

    #[test]
    fn owned_codes_are_sent_inline_and_a_clean_report_is_three_words() {
        let mut answer = Answer::default();
        let mut report = unpositioned_syntax(None, "x");
        report.diagnostics[0].code = Cow::Owned("Dynamic.Code".into());
        report.diagnostics[0].help = Some("try ü".into());
        answer.encode(&Ok(report));
        let w = answer.words();
        assert_eq!(
            (w[HEADER_WORDS], w[HEADER_WORDS + 2]),
            (STRING_INLINE, STRING_NEW)
        );
        let d = &decode(&answer, &mut Vec::new())["ok"]["diagnostics"][0];
        assert_eq!(
            (d["code"].as_str(), d["help"].as_str()),
            (Some("Dynamic.Code"), Some("try ü"))
        );
        answer.encode(&Ok(Report {
            operation: Some(Operation::ALL[2]),
            diagnostics: Vec::new(),
        }));
        assert_eq!(&answer.words()[..3], &[0, 3, 0]);
        assert_eq!(
            (answer.words().len(), answer.text().len()),
            (HEADER_WORDS, 0)
        );
    }

    /// Writes the strings into the input buffer as the glue does; answers their lengths.
    fn write_input(parts: [&str; 4]) -> [usize; 4] {
        let total: usize = parts.iter().map(|p| p.len()).sum();
        input_buffer(total + 7); // longer than needed, as the glue leaves it
        IO.with_borrow_mut(|io| {
            let mut at = 0;
            for p in parts {
                io.input[at..at + p.len()].copy_from_slice(p.as_bytes());
                at += p.len();
            }
        });
        parts.map(str::len)
    }

    thread_local! {
        /// The glue's copy of this thread's table of interned strings (each test thread has
        /// its own `IO`).
        static TABLE: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    fn answer_of(op: u32, form: u8, parts: [&str; 4]) -> Value {
        let [op_len, request_len, context_len, edition_len] = write_input(parts);
        validate_input(op, op_len, request_len, form, context_len, edition_len, 0);
        last_answer()
    }

    fn last_answer() -> Value {
        TABLE.with_borrow_mut(|table| IO.with_borrow(|io| decode(&io.answer, table)))
    }

    #[test]
    fn the_input_buffer_carries_every_argument() {
        let member = "{\"member\": {\"address\": \"10.0.0.1\", \"protocol_port\": 70000}}";
        let by_index = answer_of(3, 0, ["", member, "", ""]);
        assert_eq!(
            by_index,
            parse(&validate_envelope(
                "huaweicloud.elb.v3.CreateMember",
                member,
                RequestForm::Text,
                "",
                ""
            ))
        );
        assert_eq!(
            by_index["ok"]["diagnostics"][0]["path"],
            "/member/protocol_port"
        );
        assert_eq!(answer_of(0, 0, ["", member, "", ""]), by_index, "inferred");
        assert_eq!(
            answer_of(0, 0, ["huaweicloud.elb.v3.CreateMember", member, "", ""]),
            by_index,
            "by name"
        );
        let r = answer_of(0, 0, ["aliyun.nope", member, "", ""]);
        assert_eq!(r["error"]["kind"], "operation");
        assert!(r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("aliyun.nope"));
        let aliyun = r#"{"RegionId": "r", "LoadBalancerId": "lb",
            "MasterSlaveBackendServers": [{"ServerId": "eni-1", "Type": "eni", "Port": 80, "Weight": 1, "ServerType": "Master"},
                                          {"ServerId": "eni-2", "Type": "eni", "Port": 80, "ServerType": "Slave"}]}"#;
        let ctx = r#"{"loadbalancer": {"edition": "shared"}}"#;
        assert_eq!(
            answer_of(1, 0, ["", aliyun, ctx, "2024"]),
            parse(&validate_envelope(
                ALIYUN,
                aliyun,
                RequestForm::Text,
                ctx,
                "2024"
            ))
        );
        assert_eq!(
            answer_of(1, 0, ["", aliyun, "", "1999"])["error"]["kind"],
            "edition"
        );
        assert_eq!(
            answer_of(1, 0, ["", aliyun, "{", ""])["error"]["kind"],
            "context"
        );
        // A broken call from the glue is an internal error, never a panic.
        assert_eq!(
            answer_of(9, 0, ["", aliyun, "", ""])["error"]["kind"],
            "internal"
        );
        write_input(["", "{}", "", ""]);
        validate_input(1, 0, 1 << 30, 0, 0, 0, 0);
        assert_eq!(last_answer()["error"]["kind"], "internal");
        write_input(["", "{}", "", ""]);
        IO.with_borrow_mut(|io| io.input[1] = 0xff);
        validate_input(1, 0, 2, 0, 0, 0, 0);
        let r = last_answer();
        assert_eq!(r["error"]["kind"], "internal");
        assert!(
            r["error"]["message"].as_str().unwrap().contains("UTF-8"),
            "{r}"
        );
    }

    fn options_kept() -> u32 {
        IO.with_borrow(|io| io.answer.words()[5])
    }

    #[test]
    fn the_last_valid_options_are_kept_for_the_next_call() {
        let aliyun = r#"{"RegionId": "r", "LoadBalancerId": "lb",
            "MasterSlaveBackendServers": [{"ServerId": "eni-1", "Type": "eni", "Port": 80, "Weight": 1, "ServerType": "Master"},
                                          {"ServerId": "eni-2", "Type": "eni", "Port": 80, "ServerType": "Slave"}]}"#;
        let ctx = r#"{"loadbalancer": {"edition": "shared"}}"#;
        let same = FORM_SAME_OPTIONS;
        let with = answer_of(1, 0, ["", aliyun, ctx, "2024"]);
        assert_eq!(options_kept(), 1);
        assert_eq!(answer_of(1, same, ["", aliyun, "", ""]), with, "reused");
        assert_eq!(answer_of(1, same | 1, ["", aliyun, "", ""])["ok"], {
            let mut v = parse(&validate_envelope(
                ALIYUN,
                aliyun,
                RequestForm::Value,
                ctx,
                "2024",
            ));
            v["ok"].take()
        });
        // A wrong operation leaves kept options kept, and says so.
        assert_eq!(
            answer_of(0, same, ["nope", aliyun, "", ""])["error"]["kind"],
            "operation"
        );
        assert_eq!(options_kept(), 1);
        assert_eq!(answer_of(1, same, ["", aliyun, "", ""]), with);
        // Options sent again replace them; invalid ones (or a call failing before them) clear them.
        let plain = answer_of(1, 0, ["", aliyun, "", ""]);
        assert_ne!(plain, with);
        assert_eq!(answer_of(1, same, ["", aliyun, "", ""]), plain);
        assert_eq!(
            answer_of(1, 0, ["", aliyun, "{\"nope\": 1}", ""])["error"]["kind"],
            "context"
        );
        assert_eq!(options_kept(), 0);
        assert_eq!(
            answer_of(1, same, ["", aliyun, "", ""])["error"]["kind"],
            "internal"
        );
        answer_of(1, 0, ["", aliyun, ctx, ""]);
        assert_eq!(
            answer_of(0, 0, ["nope", aliyun, ctx, ""])["error"]["kind"],
            "operation"
        );
        assert_eq!(options_kept(), 0);
    }

    #[test]
    fn the_bench_repetitions_answer_what_one_call_answers() {
        let member = "{\"member\": {\"address\": \"10.0.0.1\", \"protocol_port\": 0}}";
        let want = answer_of(3, 0, ["", member, "", ""]);
        let [op_len, request_len, context_len, edition_len] = write_input(["", member, "", ""]);
        for bench in [6, 7] {
            validate_input(3, op_len, request_len, 0, context_len, edition_len, bench);
            assert_eq!(last_answer(), want, "bench {bench}");
        }
    }

    #[test]
    fn large_buffers_are_released() {
        input_buffer(3 * KEEP_CAPACITY);
        IO.with_borrow_mut(|io| io.input[..3].copy_from_slice(b"abc"));
        input_buffer(64);
        IO.with_borrow(|io| {
            assert!(io.input.capacity() <= KEEP_CAPACITY);
            assert_eq!(&io.input[..3], b"abc");
        });
        input_buffer(2 * KEEP_CAPACITY); // larger again, from a smaller length: the content stays
        IO.with_borrow(|io| assert_eq!(&io.input[..3], b"abc"));
        let mut answer = Answer::default();
        let long = "x".repeat(2 * KEEP_CAPACITY);
        answer.encode(&Err(CallError::new(ErrorKind::Context, long)));
        answer.encode(&Ok(Report {
            operation: None,
            diagnostics: Vec::new(),
        }));
        assert!(answer.text.capacity() <= KEEP_CAPACITY);
    }
}
