//! Organisation policies through the CLI: `lblint check --policy FILE.schema.json`.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lblint"))
        .args(args)
        .output()
        .expect("run lblint")
}

fn temp(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("lblint-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_string_lossy().into_owned()
}

const REQUEST: &str = r#"{
  "RegionId": "cn-hangzhou",
  "LoadBalancerId": "lb-1",
  "MasterSlaveServerGroupName": "test-group",
  "MasterSlaveBackendServers": "[{'ServerId':'i-a','Port':'8080','ServerType':'Master'},{'ServerId':'i-b','Port':'80','ServerType':'Slave'}]"
}"#;

const NAME_POLICY: &str = r#"{"properties": {"MasterSlaveServerGroupName": {"type": "string", "pattern": "^prod-"}}, "required": ["MasterSlaveServerGroupName"]}"#;
const PORT_POLICY: &str = r#"{"properties": {"MasterSlaveBackendServers": {"items": {"properties": {"Port": {"enum": ["80", "443", 80, 443]}}}}}}"#;

#[test]
fn a_policy_violation_is_a_policy_diagnostic_with_position() {
    let req = temp("req.json", REQUEST);
    let pol = temp("names.schema.json", NAME_POLICY);
    let o = run(&["check", "--format", "json", "--policy", &pol, &req]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "POLICY");
    assert_eq!(d["rule"], "/properties/MasterSlaveServerGroupName/pattern");
    assert_eq!(d["path"], "/MasterSlaveServerGroupName");
    assert_eq!(d["line"], 4);
    assert_eq!(d["column"], 33);
}

#[test]
fn several_policies_combine_and_see_servers_given_as_text() {
    let req = temp("req2.json", REQUEST);
    let a = temp("a.schema.json", NAME_POLICY);
    let b = temp("b.schema.json", PORT_POLICY);
    let o = run(&[
        "check", "--format", "json", "--policy", &a, "--policy", &b, &req,
    ]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "POLICY")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        vec![
            "/MasterSlaveServerGroupName",
            "/MasterSlaveBackendServers/0/Port"
        ]
    );
}

#[test]
fn a_satisfied_policy_adds_nothing() {
    let req = temp("req3.json", &REQUEST.replace("test-group", "prod-group"));
    let pol = temp("ok.schema.json", NAME_POLICY);
    let o = run(&["check", "--policy", &pol, &req]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn a_broken_policy_exits_2_with_a_clear_message() {
    let req = temp("req4.json", REQUEST);
    for (name, body) in [
        ("bad-type.json", r#"{"type": "strnig"}"#),
        ("not-json.json", "{"),
        ("scalar.json", "5"),
    ] {
        let pol = temp(name, body);
        let o = run(&["check", "--policy", &pol, &req]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("invalid policy") && err.contains(name),
            "{err}"
        );
    }
    let o = run(&["check", "--policy", "/nonexistent/p.json", &req]);
    assert_eq!(o.status.code(), Some(2));
}
