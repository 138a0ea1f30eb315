//! Assertions for `cargo test`: [`assert_valid!`](crate::assert_valid),
//! [`assert_rejects!`](crate::assert_rejects) and [`assert_warns!`](crate::assert_warns).
//!
//! The request can be a typed model ([`crate::model`]), a [`serde_json::Value`], JSON text
//! (`&str` or `String`), or a pair `(Operation, request)` when the operation cannot be inferred
//! from the content: anything that implements [`IntoRequest`]. A failing assertion panics with the
//! diagnostics printed the way the CLI's human format prints them ([`render`]): for JSON text with
//! line, column and a caret under the source line, for values and models with the JSON Pointer.
//!
//! ```
//! use lblint::model::PoolBuilder;
//! use lblint::{assert_rejects, assert_valid};
//!
//! assert_valid!(PoolBuilder::tcp().build());
//! // A code; a code and a path (starts with `/`); a code and a rule id.
//! assert_rejects!(PoolBuilder::tcp().lb_algorithm("FASTEST").build(), "ELB.6051");
//! assert_rejects!(
//!     PoolBuilder::tcp().master("10.0.0.5", 80).master("10.0.0.6", 80).build(),
//!     "ELB.8902",
//!     "/pool/members/1/role"
//! );
//! assert_rejects!(r#"{"member": {"protocol_port": 80}}"#, "ELB.2021", "elb/member-address-required");
//! ```
//!
//! A context (or full [`Options`]) goes first, by name:
//!
//! ```
//! use lblint::model::MemberBuilder;
//! use lblint::{assert_rejects, assert_valid, Context};
//!
//! let ctx = Context::from_json(r#"{"subnets": {"sub-1": "10.0.0.0/24"}}"#).unwrap();
//! assert_valid!(MemberBuilder::new("10.0.0.9", 80).subnet_cidr_id("sub-1").build(), context = ctx);
//! assert_rejects!(
//!     MemberBuilder::new("10.9.0.9", 80).subnet_cidr_id("sub-1").build(),
//!     context = ctx,
//!     "ELB.8902",
//!     "/member/address"
//! );
//! ```
//!
//! The panic message of a failed assertion (here JSON text, so with the caret):
//!
//! ```
//! let text = "{\"member\": {\"address\": \"10.0.0.5\",\n  \"protocol_port\": 0}}";
//! let failure = std::panic::catch_unwind(|| lblint::assert_valid!(text)).unwrap_err();
//! let message = failure.downcast_ref::<String>().unwrap();
//! assert!(message.contains("2:20: error[ELB.8902]: `protocol_port` "), "{message}");
//! assert!(message.contains("2 |   \"protocol_port\": 0}}\n  |                    ^\n"), "{message}");
//! ```

use std::fmt::Write as _;

use serde_json::Value;

use crate::context::Context;
use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::engine::Options;
use crate::model::{AliyunServerGroup, MemberRequest, PoolRequest, Request};
use crate::operation::Operation;
use crate::validate::{validate_json, validate_value, validate_value_auto, Error};

/// A validated request: its report, and its source text when it came as text (for positions).
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The report.
    pub report: Report,
    /// The JSON text the request came as, if it did.
    pub source: Option<String>,
    /// The request as JSON, when it was not text (printed by failed assertions).
    pub value: Option<Value>,
}

/// Something the assertions (and [`check`]) can validate: a typed model, a [`Value`], JSON text,
/// or `(Operation, request)`.
pub trait IntoRequest {
    /// Validates the request.
    ///
    /// # Errors
    /// When the operation is neither known nor recognisable from the content.
    fn check_with(&self, options: &Options) -> Result<Checked, Error>;
}

impl<T: IntoRequest + ?Sized> IntoRequest for &T {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        (**self).check_with(options)
    }
}

fn typed<R: Request>(req: &R, options: &Options) -> Result<Checked, Error> {
    let value = req.to_value();
    Ok(Checked {
        report: validate_value(R::OPERATION, &value, options),
        source: None,
        value: Some(value),
    })
}

impl IntoRequest for PoolRequest {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        typed(self, options)
    }
}

impl IntoRequest for MemberRequest {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        typed(self, options)
    }
}

impl IntoRequest for AliyunServerGroup {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        typed(self, options)
    }
}

impl IntoRequest for Value {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        Ok(Checked {
            report: validate_value_auto(None, self, options)?,
            source: None,
            value: Some(self.clone()),
        })
    }
}

impl IntoRequest for str {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        Ok(Checked {
            report: validate_json(None, self, options)?,
            source: Some(self.to_owned()),
            value: None,
        })
    }
}

impl IntoRequest for String {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        self.as_str().check_with(options)
    }
}

impl IntoRequest for (Operation, Value) {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        Ok(Checked {
            report: validate_value(self.0, &self.1, options),
            source: None,
            value: Some(self.1.clone()),
        })
    }
}

impl IntoRequest for (Operation, &str) {
    fn check_with(&self, options: &Options) -> Result<Checked, Error> {
        Ok(Checked {
            report: validate_json(Some(self.0), self.1, options)?,
            source: Some(self.1.to_owned()),
            value: None,
        })
    }
}

/// Validates anything that implements [`IntoRequest`] and returns the report.
///
/// ```
/// use lblint::testing::check;
/// use lblint::Options;
///
/// let report = check(r#"{"pool": {"protocol": "SCTP"}}"#, &Options::default()).unwrap();
/// assert!(report.has_code("ELB.6071"));
/// ```
///
/// # Errors
/// When the operation is neither known nor recognisable from the content.
pub fn check<R: IntoRequest + ?Sized>(request: &R, options: &Options) -> Result<Report, Error> {
    request.check_with(options).map(|c| c.report)
}

/// Options holding a context (what `context = ctx` in the assertion macros builds).
pub fn options_with_context(context: &Context) -> Options {
    Options::with_context(context.clone())
}

/// Renders a report the way the CLI's human format does, without a file name: each diagnostic as
/// `path: severity[CODE]: message` (or `line:col: …` followed by the source line and a caret
/// when `source` is the request's JSON text and the position is known), then `= rule:` and
/// `= help:` lines. `"no diagnostics"` for an empty report.
///
/// ```
/// use lblint::model::MemberBuilder;
/// use lblint::testing::render;
///
/// let report = MemberBuilder::default().weight(101).build().validate(&Default::default());
/// assert_eq!(
///     render(&report, None),
///     "/member/weight: error[ELB.8902]: `weight` must be from 0 to 100, got 101\n  = rule: elb/member-weight\n"
/// );
/// ```
pub fn render(report: &Report, source: Option<&str>) -> String {
    if report.diagnostics.is_empty() {
        return "no diagnostics\n".to_owned();
    }
    let mut out = String::new();
    for (i, d) in report.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_one(&mut out, d, source);
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic, source: Option<&str>) {
    let path = if d.path.is_empty() { "/" } else { &d.path };
    let positioned = match (source, d.line, d.column) {
        (Some(text), Some(line), Some(col)) => Some((text, line, col)),
        _ => None,
    };
    let Some((text, line, col)) = positioned else {
        let _ = writeln!(out, "{path}: {}[{}]: {}", d.severity, d.code, d.message);
        let _ = writeln!(out, "  = rule: {}", d.rule);
        if let Some(h) = &d.help {
            let _ = writeln!(out, "  = help: {h}");
        }
        return;
    };
    let _ = writeln!(
        out,
        "{line}:{col}: {}[{}]: {}",
        d.severity, d.code, d.message
    );
    out.push_str(&crate::diagnostic::snippet(text, line, col));
    let _ = writeln!(out, "  = rule: {} (at {path})", d.rule);
    if let Some(h) = &d.help {
        let _ = writeln!(out, "  = help: {h}");
    }
}

/// What an assertion looks for besides the code: a path (starts with `/`; `/` alone is the whole
/// request) or a rule id.
fn matches(d: &Diagnostic, code: &str, filters: &[&str]) -> bool {
    d.code == code
        && filters.iter().all(|f| match f.strip_prefix('/') {
            Some("") => d.path.is_empty(),
            Some(_) => d.path == *f,
            None => d.rule == *f,
        })
}

fn failure(what: String, checked: &Checked) -> String {
    let op = checked
        .report
        .operation
        .map_or_else(|| "unknown operation".to_owned(), |o| o.id().to_owned());
    let mut msg = format!(
        "{what}\n--- lblint diagnostics ({op}) ---\n{}",
        render(&checked.report, checked.source.as_deref())
    );
    if let Some(v) = &checked.value {
        let json = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
        let _ = write!(msg, "--- request ---\n{json}\n");
    }
    msg
}

fn checked_or_message<R: IntoRequest + ?Sized>(
    request: &R,
    options: &Options,
) -> Result<Checked, String> {
    request
        .check_with(options)
        .map_err(|e| format!("lblint could not validate the request: {e}"))
}

/// The check behind [`assert_valid!`](crate::assert_valid): `Err` with the failure message when
/// the request has an error-severity diagnostic.
///
/// # Errors
/// The failure message.
pub fn valid<R: IntoRequest + ?Sized>(request: &R, options: &Options) -> Result<Report, String> {
    let checked = checked_or_message(request, options)?;
    let n = checked.report.errors().count();
    if n == 0 {
        return Ok(checked.report);
    }
    let what = format!(
        "assertion failed: the request is not valid: {n} error{}",
        if n == 1 { "" } else { "s" }
    );
    Err(failure(what, &checked))
}

/// The check behind [`assert_rejects!`](crate::assert_rejects) (`severity` `Error`) and
/// [`assert_warns!`](crate::assert_warns) (`Warning`): `Err` with the failure message unless a
/// diagnostic of that severity has `code` and matches every filter (a path when it starts with
/// `/`, otherwise a rule id).
///
/// # Errors
/// The failure message.
pub fn reports<R: IntoRequest + ?Sized>(
    request: &R,
    options: &Options,
    severity: Severity,
    code: &str,
    filters: &[&str],
) -> Result<Report, String> {
    let checked = checked_or_message(request, options)?;
    if checked
        .report
        .diagnostics
        .iter()
        .any(|d| d.severity == severity && matches(d, code, filters))
    {
        return Ok(checked.report);
    }
    let mut wanted = format!("{severity}[{code}]");
    for f in filters {
        let _ = write!(
            wanted,
            " {} {f}",
            if f.starts_with('/') {
                "at"
            } else {
                "from rule"
            }
        );
    }
    let what = format!("assertion failed: expected {wanted}, which was not reported");
    Err(failure(what, &checked))
}

#[doc(hidden)]
#[track_caller]
pub fn __assert_valid<R: IntoRequest + ?Sized>(request: &R, options: &Options) -> Report {
    match valid(request, options) {
        Ok(report) => report,
        Err(msg) => panic!("{msg}"),
    }
}

#[doc(hidden)]
#[track_caller]
pub fn __assert_reports<R: IntoRequest + ?Sized>(
    request: &R,
    options: &Options,
    severity: Severity,
    code: &str,
    filters: &[&str],
) -> Report {
    match reports(request, options, severity, code, filters) {
        Ok(report) => report,
        Err(msg) => panic!("{msg}"),
    }
}

/// Asserts that a request has no error-severity diagnostic (warnings are allowed), and evaluates
/// to its [`Report`](crate::Report).
///
/// Forms: `assert_valid!(request)`, `assert_valid!(request, context = ctx)` (a
/// [`Context`](crate::Context)), `assert_valid!(request, options = opts)` (an
/// [`Options`](crate::Options)). See [`testing`](crate::testing) for what `request` can be.
///
/// ```
/// let report = lblint::assert_valid!(lblint::model::ServerGroupBuilder::new().build());
/// assert!(report.diagnostics.is_empty());
/// ```
#[macro_export]
macro_rules! assert_valid {
    ($request:expr, context = $context:expr $(,)?) => {
        $crate::testing::__assert_valid(
            &$request,
            &$crate::testing::options_with_context(&$context),
        )
    };
    ($request:expr, options = $options:expr $(,)?) => {
        $crate::testing::__assert_valid(&$request, &$options)
    };
    ($request:expr $(,)?) => {
        $crate::testing::__assert_valid(&$request, &$crate::Options::default())
    };
}

/// Asserts that a request is rejected: some error-severity diagnostic has the provider code and,
/// optionally, matches more filters (each a JSON Pointer when it starts with `/`, `/` alone being
/// the whole request, otherwise a rule id). Evaluates to the [`Report`](crate::Report).
///
/// Forms: `assert_rejects!(request, "CODE")`, `assert_rejects!(request, "CODE", "/path")`,
/// `assert_rejects!(request, "CODE", "rule/id")`, `assert_rejects!(request, "CODE", "/path",
/// "rule/id")`, each also with `context = ctx` or `options = opts` after the request.
///
/// ```
/// use lblint::assert_rejects;
/// use lblint::model::PoolBuilder;
///
/// let pool = PoolBuilder::tcp().member("10.0.0.5", 80).member("10.0.0.6", 80).build();
/// let mut pool_without_role = pool.clone();
/// pool_without_role.remove("/pool/members/1/role");
/// assert_rejects!(pool_without_role, "ELB.8902", "/pool/members/1/role", "elb/member-role-required");
/// ```
#[macro_export]
macro_rules! assert_rejects {
    ($($args:tt)*) => {
        $crate::__assert_reports_at!($crate::Severity::Error; $($args)*)
    };
}

/// Like [`assert_rejects!`](crate::assert_rejects) for a warning: the documentation disagrees
/// with itself, only recommends, or the value will not take effect.
///
/// ```
/// use lblint::assert_warns;
/// use lblint::model::PoolBuilder;
///
/// assert_warns!(PoolBuilder::tcp().extra("lb_algoritm", "ROUND_ROBIN").build(),
///     "ELB.8902", "/pool/lb_algoritm", "elb/unknown-field");
/// ```
#[macro_export]
macro_rules! assert_warns {
    ($($args:tt)*) => {
        $crate::__assert_reports_at!($crate::Severity::Warning; $($args)*)
    };
}

/// The forms shared by [`assert_rejects!`](crate::assert_rejects) and
/// [`assert_warns!`](crate::assert_warns), with the severity first.
#[doc(hidden)]
#[macro_export]
macro_rules! __assert_reports_at {
    ($severity:expr; $request:expr, context = $context:expr, $code:expr $(, $filter:expr)* $(,)?) => {
        $crate::testing::__assert_reports(
            &$request,
            &$crate::testing::options_with_context(&$context),
            $severity,
            $code,
            &[$($filter),*],
        )
    };
    ($severity:expr; $request:expr, options = $options:expr, $code:expr $(, $filter:expr)* $(,)?) => {
        $crate::testing::__assert_reports(&$request, &$options, $severity, $code, &[$($filter),*])
    };
    ($severity:expr; $request:expr, $code:expr $(, $filter:expr)* $(,)?) => {
        $crate::testing::__assert_reports(
            &$request,
            &$crate::Options::default(),
            $severity,
            $code,
            &[$($filter),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MemberBuilder, PoolBuilder, ServerGroupBuilder};
    use serde_json::json;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    fn panic_text(f: impl FnOnce()) -> String {
        let err = catch_unwind(AssertUnwindSafe(f)).expect_err("the assertion should fail");
        err.downcast_ref::<String>()
            .cloned()
            .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default()
    }

    #[test]
    fn assert_valid_prints_value_diagnostics_with_their_paths() {
        let pool = PoolBuilder::tcp()
            .master("10.0.0.5", 80)
            .master("10.0.0.6", 80)
            .build();
        let text = panic_text(|| {
            crate::assert_valid!(pool);
        });
        assert!(
            text.starts_with("assertion failed: the request is not valid: 1 error\n--- lblint diagnostics (huaweicloud.elb.v3.CreateMasterSlavePool) ---\n"),
            "{text}"
        );
        assert!(
            text.contains("\n/pool/members: error[ELB.8902]: ")
                || text.contains("\n/pool/members/1/role: error[ELB.8902]: "),
            "{text}"
        );
        assert!(text.contains("\n  = rule: elb/members-roles\n"), "{text}");
        assert!(text.contains("--- request ---\n{\n  \"pool\": {"), "{text}");
    }

    #[test]
    fn assert_valid_prints_text_diagnostics_with_a_caret() {
        let text = concat!(
            "{\n",
            "  \"pool\": {\"protocol\": \"TCPP\", \"lb_algorithm\": \"ROUND_ROBIN\", \"type\": \"ip\",\n",
            "    \"members\": [{\"address\": \"10.0.0.5\", \"protocol_port\": 80, \"role\": \"master\"},\n",
            "                {\"address\": \"10.0.0.6\", \"protocol_port\": 80, \"role\": \"slave\"}],\n",
            "    \"healthmonitor\": {\"type\": \"TCP\", \"delay\": 5, \"timeout\": 3, \"max_retries\": 3}}\n",
            "}"
        );
        let msg = panic_text(|| {
            crate::assert_valid!(text);
        });
        assert!(
            msg.starts_with("assertion failed: the request is not valid: 3 errors\n"),
            "{msg}"
        );
        // The caret sits under column 24, the opening quote of "TCPP", and spans the string.
        let expected = format!(
            "{}{}{}{}{}",
            "2:24: error[ELB.6071]: `protocol` \"TCPP\" is not one of `TCP`, `UDP` or `QUIC`\n",
            "  |\n",
            "2 |   \"pool\": {\"protocol\": \"TCPP\", \"lb_algorithm\": \"ROUND_ROBIN\", \"type\": \"ip\",\n",
            format_args!("  | {}^^^^^^\n", " ".repeat(23)),
            "  = rule: elb/pool-protocol (at /pool/protocol)\n",
        );
        assert!(msg.contains(&expected), "{msg}");
        assert!(!msg.contains("--- request ---"), "{msg}");
    }

    #[test]
    fn assert_rejects_reports_what_it_wanted_and_what_it_got() {
        let member = MemberBuilder::default().build();
        let msg = panic_text(|| {
            crate::assert_rejects!(member, "ELB.8902", "/member/address");
        });
        assert!(
            msg.starts_with("assertion failed: expected error[ELB.8902] at /member/address, which was not reported\n"),
            "{msg}"
        );
        assert!(msg.contains("no diagnostics\n"), "{msg}");
        // The right code at another path is not enough.
        let bad_port = MemberBuilder::default().protocol_port(0).build();
        crate::assert_rejects!(bad_port, "ELB.8902", "/member/protocol_port");
        let msg = panic_text(|| {
            crate::assert_rejects!(bad_port, "ELB.8902", "/member/address");
        });
        assert!(
            msg.contains("/member/protocol_port: error[ELB.8902]"),
            "{msg}"
        );
        // A rule id filter.
        let msg = panic_text(|| {
            crate::assert_rejects!(bad_port, "ELB.8902", "elb/member-weight");
        });
        assert!(
            msg.contains("expected error[ELB.8902] from rule elb/member-weight"),
            "{msg}"
        );
        // A warning does not satisfy assert_rejects.
        let unknown = MemberBuilder::default().extra("adress", "x").build();
        crate::assert_warns!(unknown, "ELB.8902", "/member/adress");
        let msg = panic_text(|| {
            crate::assert_rejects!(unknown, "ELB.8902");
        });
        assert!(msg.contains("warning[ELB.8902]"), "{msg}");
    }

    #[test]
    fn contexts_and_options_reach_the_rules() {
        let ctx = Context::from_json(r#"{"loadbalancer": {"edition": "shared"}}"#).unwrap();
        let eni = ServerGroupBuilder::new()
            .master("eni-a", 80)
            .server(crate::model::AliyunServer {
                kind: Some("eni".into()),
                ..crate::model::AliyunServer::slave("eni-b", 80)
            })
            .with(|g| {
                if let Some(s) = g.servers.as_mut() {
                    s[0].kind = Some("eni".into());
                }
            })
            .build();
        crate::assert_valid!(eni);
        crate::assert_rejects!(
            eni,
            context = ctx,
            "InvalidParameter",
            "aliyun/eni-eci-needs-performance-instance"
        );
        let opts = Options {
            edition: crate::Edition::V2024,
            ..Options::default()
        };
        let no_weight = ServerGroupBuilder::new()
            .with(|g| g.servers = None)
            .build()
            .to_value();
        let mut no_weight = no_weight;
        no_weight["MasterSlaveBackendServers"][0]
            .as_object_mut()
            .unwrap()
            .remove("Weight");
        crate::assert_valid!(no_weight);
        crate::assert_rejects!(
            no_weight,
            options = opts,
            "MissingParameter",
            "/MasterSlaveBackendServers/0/Weight"
        );
    }

    #[test]
    fn every_request_form_is_accepted_and_unknown_operations_fail_clearly() {
        let v = MemberBuilder::default().build().to_value();
        let text = v.to_string();
        let opts = Options::default();
        assert!(check(&v, &opts).unwrap().is_valid());
        assert!(check(text.as_str(), &opts).unwrap().is_valid());
        assert!(check(&text, &opts).unwrap().is_valid());
        assert!(check(&(Operation::HuaweiCreateMember, v.clone()), &opts)
            .unwrap()
            .is_valid());
        let r = check(
            &(Operation::HuaweiCreateMasterSlavePool, text.as_str()),
            &opts,
        )
        .unwrap();
        assert!(r.has_rule("elb/request-body"), "{r}");
        let msg = panic_text(|| {
            crate::assert_valid!(json!({"x": 1}));
        });
        assert!(
            msg.starts_with("lblint could not validate the request: cannot infer the operation"),
            "{msg}"
        );
        // Text that is not JSON is a diagnostic, not a crash.
        let msg = panic_text(|| {
            crate::assert_valid!((Operation::HuaweiCreateMember, "{\"member\": "));
        });
        assert!(
            msg.contains("error[ELB.8902]: the request is not valid"),
            "{msg}"
        );
    }

    #[test]
    fn root_paths_and_empty_reports_render() {
        let r = check(
            &(Operation::HuaweiCreateMember, json!([])),
            &Options::default(),
        )
        .unwrap();
        assert!(
            reports(
                &(Operation::HuaweiCreateMember, json!([])),
                &Options::default(),
                Severity::Error,
                "ELB.0002",
                &["/"]
            )
            .is_ok(),
            "{}",
            render(&r, None)
        );
        assert!(
            render(&r, None).starts_with("/: error[ELB.0002]: "),
            "{}",
            render(&r, None)
        );
        assert_eq!(
            render(
                &Report {
                    operation: None,
                    diagnostics: vec![]
                },
                None
            ),
            "no diagnostics\n"
        );
    }
}
