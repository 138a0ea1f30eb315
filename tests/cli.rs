//! The `lblint` command line: exit statuses, formats, stdin, inference, rules and explain.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lblint"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run lblint")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn lblint");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/requests")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn temp(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lblint-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn valid_files_exit_0() {
    let o = run(&[
        "check",
        &example("aliyun-seed-001.json"),
        &example("huawei-pool-seed-002.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 errors"));
}

#[test]
fn an_error_exits_1_with_file_line_col_and_code() {
    let f = example("aliyun-two-masters.json");
    let o = run(&["check", &f]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "{f}:6:5: error[BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE]"
        )),
        "{out}"
    );
    assert!(out.contains("= rule: aliyun/servers-roles"), "{out}");
    assert!(out.contains("= help:"), "{out}");
    assert!(out.contains("^"), "{out}");
}

#[test]
fn json_format_is_one_document_with_the_contract_fields() {
    let f = example("aliyun-two-masters.json");
    let o = run(&["check", "--format", "json", &f]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let diags = doc["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        for key in [
            "file",
            "operation",
            "code",
            "rule",
            "severity",
            "path",
            "message",
            "line",
            "column",
        ] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
    }
    assert_eq!(
        diags[0]["operation"],
        "aliyun.slb.CreateMasterSlaveServerGroup"
    );
    assert_eq!(doc["summary"]["errors"], 2);
    // Stable ordering: same output twice.
    let again = run(&["check", "--format", "json", &f]);
    assert_eq!(o.stdout, again.stdout);
}

#[test]
fn warnings_alone_exit_0_unless_fail_on_warning() {
    let f = example("aliyun-terraform-style.json");
    assert_eq!(run(&["check", &f]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--fail-on", "warning", &f]).status.code(),
        Some(1)
    );
}

#[test]
fn stdin_is_read_with_a_dash() {
    let o = run_stdin(
        &["check", "--format", "json", "-"],
        br#"{"member": {"address": "10.0.0.1", "protocol_port": 80, "subnet_cidr_id": "s"}}"#,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 1);
}

#[test]
fn invalid_json_is_a_diagnostic_with_exit_1() {
    let p = temp(
        "broken.json",
        b"{\n  \"RegionId\": \"cn\",\n  \"LoadBalancerId\": \n}",
    );
    let o = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["rule"], "lblint/syntax");
    assert_eq!(doc["diagnostics"][0]["line"], 4);
    let o = run(&[
        "check",
        "--operation",
        "huaweicloud.elb.v3.CreateMember",
        "--format",
        "json",
        temp("empty.json", b"").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["diagnostics"][0]["code"], "ELB.0002");
}

#[test]
fn invalid_utf8_is_a_diagnostic() {
    let p = temp("latin1.json", b"{\"RegionId\": \"caf\xe9\"}");
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("not UTF-8"));
}

#[test]
fn an_undetectable_operation_exits_2_naming_the_flag() {
    let p = temp("unknown.json", br#"{"foo": 1}"#);
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--operation"), "{}", stderr(&o));
    let o = run(&[
        "check",
        "--operation",
        "aliyun.slb.CreateMasterSlaveServerGroup",
        p.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("MissingParameter"));
}

#[test]
fn unreadable_files_and_usage_errors_exit_2() {
    let o = run(&["check", "/nonexistent/lblint/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"));
    assert_eq!(
        run(&["check", "--operation", "nope", "x.json"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["check", "--edition", "1999", "x.json"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(run(&["explain", "no-such-rule"]).status.code(), Some(2));
}

#[test]
fn a_context_with_an_unknown_key_exits_2_naming_it() {
    let ctx = temp("ctx.json", br#"{"listener": {"protocl": "TCP"}}"#);
    let o = run(&[
        "check",
        "--context",
        ctx.to_str().unwrap(),
        &example("huawei-pool-seed-002.json"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("protocl"), "{}", stderr(&o));
}

#[test]
fn the_edition_flag_selects_the_older_page() {
    let p = temp("noweight.json", br#"{"RegionId":"r","LoadBalancerId":"lb","MasterSlaveBackendServers":[{"ServerId":"i-a","Port":80,"ServerType":"Master"},{"ServerId":"i-b","Port":80,"ServerType":"Slave"}]}"#);
    assert_eq!(run(&["check", p.to_str().unwrap()]).status.code(), Some(0));
    let o = run(&["check", "--edition", "2024-03-14", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("aliyun/server-weight-required"));
}

#[test]
fn many_files_keep_their_order() {
    let files: Vec<String> = [
        "aliyun-two-masters.json",
        "aliyun-seed-001.json",
        "aliyun-two-masters.json",
    ]
    .iter()
    .map(|f| example(f))
    .collect();
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let o = run(&args);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["summary"]["files"], 3);
    assert_eq!(doc["summary"]["errors"], 4);
}

#[test]
fn rules_and_explain() {
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("aliyun/servers-count"));
    let o = run(&["rules", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["rules"].as_array().unwrap().len() > 20);
    let o = run(&["explain", "BACKEND_SERVERS_NUM_MUST_BE_TWO"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("Each primary/secondary server group consists of two backend servers.")
    );
    let o = run(&["explain", "aliyun/tag-key"]);
    assert!(stdout(&o).contains("Fails:"));
}

#[test]
fn the_cli_never_modifies_its_inputs() {
    let content =
        br#"{"RegionId": "r", "LoadBalancerId": "", "$schema": "x", "x-lblint-ignore": []}"#;
    let p = temp("readonly.json", content);
    let _ = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(std::fs::read(&p).unwrap(), content);
}

#[test]
fn version_prints() {
    let o = run(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("lblint "));
}
