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

/// A fresh directory of its own for a test (configuration discovery walks up from files).
fn tree(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lblint-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, content) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, content).unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run lblint")
}

fn json_doc(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

fn rules_of(doc: &serde_json::Value) -> Vec<String> {
    doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

const TWO_MASTERS_YAML: &str = "RegionId: cn-hangzhou\nLoadBalancerId: lb-1\nMasterSlaveBackendServers:\n  - ServerId: i-a\n    Port: 80\n  - ServerId: i-b\n    Port: 80\n    ServerType: Master\n";

#[test]
fn yaml_files_report_file_line_col_and_code() {
    let dir = tree("yaml", &[("req.yml", TWO_MASTERS_YAML)]);
    let o = run_in(&dir, &["check", "req.yml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(
            "req.yml:8:17: error[BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE]"
        ),
        "{out}"
    );
    assert!(out.contains("8 |     ServerType: Master"), "{out}");
}

#[test]
fn json_and_yaml_give_the_same_diagnostics() {
    let json = r#"{"RegionId": "cn-hangzhou", "LoadBalancerId": "lb-1", "MasterSlaveBackendServers": [{"ServerId": "i-a", "Port": 80}, {"ServerId": "i-b", "Port": 80, "ServerType": "Master"}]}"#;
    let dir = tree("same", &[("a.json", json), ("a.yaml", TWO_MASTERS_YAML)]);
    let strip = |mut doc: serde_json::Value| {
        for d in doc["diagnostics"].as_array_mut().unwrap() {
            let m = d.as_object_mut().unwrap();
            for k in ["file", "line", "column"] {
                m.remove(k);
            }
        }
        doc
    };
    let a = strip(json_doc(&run_in(&dir, &["check", "-f", "json", "a.json"])));
    let b = strip(json_doc(&run_in(&dir, &["check", "-f", "json", "a.yaml"])));
    assert_eq!(a, b);
}

#[test]
fn the_format_is_sniffed_for_stdin_and_unknown_extensions() {
    let o = run_stdin(&["check", "-f", "json", "-"], TWO_MASTERS_YAML.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    let doc = json_doc(&o);
    assert_eq!(doc["diagnostics"][0]["line"], 8, "{doc}");
    let o = run_stdin(&["check", "-f", "json", "-"], b"\xef\xbb\xbf  \n{\"member\": {\"address\": \"10.0.0.1\", \"protocol_port\": 80, \"subnet_cidr_id\": \"s\"}}");
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let dir = tree(
        "sniff",
        &[
            ("req.txt", TWO_MASTERS_YAML),
            (
                "req.body",
                "{\"RegionId\": \"r\",\n \"LoadBalancerId\": {\"a\": 1}}",
            ),
        ],
    );
    let doc = json_doc(&run_in(
        &dir,
        &["check", "-f", "json", "req.txt", "req.body"],
    ));
    let d = &doc["diagnostics"].as_array().unwrap();
    assert!(d.iter().any(|d| d["file"] == "req.txt" && d["line"] == 8));
    assert!(
        d.iter().any(|d| d["file"] == "req.body"
            && d["rule"] == "aliyun/parameter-type"
            && d["line"] == 2
            && d["column"] == 20),
        "{doc}"
    );
}

#[test]
fn invalid_yaml_is_a_syntax_diagnostic_with_exit_1() {
    let dir = tree(
        "badyaml",
        &[
            ("bad.yaml", "RegionId: r\nLoadBalancerId: [lb\nx: 1\n"),
            ("laughs.yaml", &{
                let mut s = String::from("RegionId: &a [x,x,x,x,x,x,x,x,x,x]\n");
                for (p, n) in ["a", "b", "c", "d", "e", "f", "g"]
                    .iter()
                    .zip(["b", "c", "d", "e", "f", "g", "h"])
                {
                    s.push_str(&format!(
                        "{n}: &{n} [{}]\n",
                        vec![format!("*{p}"); 10].join(",")
                    ));
                }
                s
            }),
        ],
    );
    let o = run_in(&dir, &["check", "-f", "json", "bad.yaml", "laughs.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc = json_doc(&o);
    let d = doc["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 2, "{doc}");
    assert!(d
        .iter()
        .all(|d| d["rule"] == "lblint/syntax" && d["line"].as_u64().unwrap() >= 1));
}

#[test]
fn github_format_is_workflow_commands() {
    let dir = tree(
        "gh",
        &[
            ("a,b:c.yaml", TWO_MASTERS_YAML),
            (
                "dup.json",
                r#"{"RegionId": "r", "RegionId": "r", "LoadBalancerId": "lb"}"#,
            ),
        ],
    );
    let o = run_in(&dir, &["check", "-f", "github", "a,b:c.yaml", "dup.json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("::error file=a%2Cb%3Ac.yaml,line=8,col=17,title=BACKEND_SERVERS_CAN_ONLY_CONTAIN_ONE_MASTER_AND_ONE_SLAVE (aliyun/servers-roles)::the group needs"),
        "{out}"
    );
    assert!(out.contains("::warning file=dup.json,line=1,col="), "{out}");
    assert!(out.contains("%0Ahelp: "), "{out}");
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
}

#[test]
fn disable_flag_and_x_lblint_ignore() {
    let dir = tree(
        "disable",
        &[
            (
                "r.json",
                r#"{"RegionId": "r", "LoadBalancerId": "lb", "Foo": 1, "x-lblint-ignore": ["aliyun/unknown-parameter", "aliyun/tag-key"]}"#,
            ),
            (
                "u.json",
                r#"{"RegionId": "r", "LoadBalancerId": "lb", "Foo": 1}"#,
            ),
        ],
    );
    let doc = json_doc(&run_in(&dir, &["check", "-f", "json", "r.json"]));
    // The first suppression is used; the second suppresses nothing and is a warning.
    assert_eq!(rules_of(&doc), vec!["lblint/suppression"], "{doc}");
    assert!(doc["diagnostics"][0]["message"]
        .as_str()
        .unwrap()
        .contains("aliyun/tag-key"));
    assert_eq!(doc["diagnostics"][0]["path"], "/x-lblint-ignore/1");
    let doc = json_doc(&run_in(&dir, &["check", "-f", "json", "u.json"]));
    assert_eq!(rules_of(&doc), vec!["aliyun/unknown-parameter"]);
    let doc = json_doc(&run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--disable",
            "aliyun/unknown-parameter",
            "u.json",
        ],
    ));
    assert!(rules_of(&doc).is_empty(), "{doc}");
    let o = run_in(&dir, &["check", "--disable", "aliyun/nope", "u.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("aliyun/nope"));
}

#[test]
fn yaml_suppression_comments_through_the_cli() {
    let text = TWO_MASTERS_YAML.replace(
        "    ServerType: Master\n",
        "    ServerType: Master  # lblint-ignore: aliyun/servers-roles\n",
    );
    let dir = tree(
        "yamlignore",
        &[
            ("r.yaml", &text),
            (
                "top.yaml",
                &format!(
                    "# lblint-ignore: aliyun/servers-roles, aliyun/tag-key\n{TWO_MASTERS_YAML}"
                ),
            ),
        ],
    );
    let o = run_in(&dir, &["check", "-f", "json", "r.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(rules_of(&json_doc(&o)).is_empty());
    let o = run_in(&dir, &["check", "-f", "json", "top.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    let doc = json_doc(&o);
    assert_eq!(rules_of(&doc), vec!["lblint/suppression"]);
    assert_eq!(
        (
            doc["diagnostics"][0]["line"].as_u64(),
            doc["diagnostics"][0]["column"].as_u64()
        ),
        (Some(1), Some(1))
    );
}

#[test]
fn configuration_is_discovered_nearest_first_and_flags_win() {
    let unknown = r#"{"RegionId": "r", "LoadBalancerId": "lb", "Foo": 1, "MasterSlaveBackendServers": [{"ServerId": "i-a", "Port": 80, "ServerType": "Master"}, {"ServerId": "i-b", "Port": 80, "ServerType": "Slave"}]}"#;
    let dir = tree(
        "config",
        &[
            ("lblint.toml", "disable = [\"aliyun/unknown-parameter\"]\nedition = \"2024-03-14\"\n[severity]\n\"aliyun/server-weight-required\" = \"warning\"\n"),
            ("a/r.json", unknown),
            ("b/.lblint.toml", "# nearer: nothing disabled\n"),
            ("b/c/r.json", unknown),
            ("other.toml", "[[overrides]]\nfiles = [\"huawei/*.yaml\"]\noperation = \"huaweicloud.elb.v3.CreateMember\"\n"),
            ("huawei/m.yaml", "member: {address: 10.0.0.1, protocol_port: 80}\nRegionId: looks-aliyun\nRegionId: duplicated\n"),
        ],
    );
    // a/: the root config: unknown-parameter disabled, edition 2024 (Weight required) as a warning.
    let doc = json_doc(&run_in(&dir, &["check", "-f", "json", "a/r.json"]));
    assert_eq!(
        rules_of(&doc),
        vec!["aliyun/server-weight-required"; 2],
        "{doc}"
    );
    assert_eq!(doc["diagnostics"][0]["severity"], "warning");
    // b/c/: the nearer .lblint.toml wins (and does not merge with the root one).
    let doc = json_doc(&run_in(&dir, &["check", "-f", "json", "b/c/r.json"]));
    assert_eq!(rules_of(&doc), vec!["aliyun/unknown-parameter"], "{doc}");
    // Flags win: --edition over the config's edition.
    let doc = json_doc(&run_in(
        &dir,
        &["check", "-f", "json", "--edition", "2026-03-02", "a/r.json"],
    ));
    assert!(rules_of(&doc).is_empty(), "{doc}");
    // --config replaces discovery; overrides match globs relative to the config file.
    let doc = json_doc(&run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--config",
            "other.toml",
            "huawei/m.yaml",
            "a/r.json",
        ],
    ));
    let ops: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["operation"].as_str().unwrap())
        .collect();
    assert!(ops.contains(&"huaweicloud.elb.v3.CreateMember"), "{doc}");
    assert!(
        ops.contains(&"aliyun.slb.CreateMasterSlaveServerGroup"),
        "{doc}"
    );
    // --operation wins over an override's operation.
    let doc = json_doc(&run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--config",
            "other.toml",
            "--operation",
            "aliyun.slb.CreateMasterSlaveServerGroup",
            "huawei/m.yaml",
        ],
    ));
    assert!(doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["operation"] == "aliyun.slb.CreateMasterSlaveServerGroup"));
}

#[test]
fn configuration_context_inline_and_from_a_file() {
    let eni = r#"{"RegionId": "r", "LoadBalancerId": "lb", "MasterSlaveBackendServers": [{"ServerId": "eni-a", "Type": "eni", "Port": 80, "ServerType": "Master"}, {"ServerId": "i-b", "Port": 80, "ServerType": "Slave"}]}"#;
    let dir = tree(
        "ctx",
        &[
            (
                "inline/lblint.toml",
                "context = { loadbalancer = { edition = \"shared\" } }\n",
            ),
            ("inline/r.json", eni),
            ("file/lblint.toml", "context_file = \"ctx/lb.json\"\n"),
            (
                "file/ctx/lb.json",
                r#"{"loadbalancer": {"edition": "shared"}}"#,
            ),
            ("file/deep/r.json", eni),
        ],
    );
    for f in ["inline/r.json", "file/deep/r.json"] {
        let o = run_in(&dir, &["check", "-f", "json", f]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{f}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(
            rules_of(&json_doc(&o))
                .contains(&"aliyun/eni-eci-needs-performance-instance".to_owned()),
            "{f}"
        );
    }
}

#[test]
fn an_invalid_configuration_exits_2_naming_the_file_and_key() {
    let cases: &[(&str, &str)] = &[
        ("disabel = []\n", "disabel"),
        ("disable = \"aliyun/tag-key\"\n", "disable"),
        ("disable = [\"aliyun/nope\"]\n", "aliyun/nope"),
        ("[severity]\n\"aliyun/tag-key\" = \"fatal\"\n", "fatal"),
        ("edition = \"1999\"\n", "edition"),
        (
            "context = { listener = { protocl = \"TCP\" } }\n",
            "protocl",
        ),
        ("context_file = \"missing.json\"\n", "context_file"),
        ("[[overrides]]\nfiles = [\"a/[\"]\n", "overrides[0].files"),
        (
            "[[overrides]]\nfiles = [\"*.json\"]\noperation = \"nope\"\n",
            "overrides[0].operation",
        ),
        ("[[overrides]]\nfiles = [\"*.json\"]\nfoo = 1\n", "foo"),
        ("disable = [\"lblint/syntax\"]\n", "lblint/syntax"),
    ];
    for (i, (config, key)) in cases.iter().enumerate() {
        let dir = tree(
            &format!("badcfg{i}"),
            &[
                ("lblint.toml", config),
                ("r.json", r#"{"RegionId": "r", "LoadBalancerId": "lb"}"#),
            ],
        );
        let o = run_in(&dir, &["check", "r.json"]);
        assert_eq!(o.status.code(), Some(2), "{config}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(
            err.contains("lblint.toml") && err.contains(key),
            "{config}: {err}"
        );
    }
}

#[test]
fn jobs_and_skip_unrecognized() {
    let dir = tree(
        "jobs",
        &[
            ("a.yaml", TWO_MASTERS_YAML),
            ("package.json", r#"{"name": "x"}"#),
            ("b.json", r#"{"RegionId": "r", "LoadBalancerId": "lb"}"#),
        ],
    );
    let one = run_in(
        &dir,
        &[
            "check", "-f", "json", "--jobs", "1", "a.yaml", "b.json", "a.yaml",
        ],
    );
    let two = run_in(
        &dir,
        &[
            "check", "-f", "json", "-j", "2", "a.yaml", "b.json", "a.yaml",
        ],
    );
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(
        run_in(&dir, &["check", "--jobs", "0", "a.yaml"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run_in(&dir, &["check", "package.json", "b.json"])
            .status
            .code(),
        Some(2)
    );
    let o = run_in(
        &dir,
        &["check", "--skip-unrecognized", "package.json", "b.json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("in 1 file (1 not recognised as requests, skipped)"),
        "{}",
        stdout(&o)
    );
    let doc = json_doc(&run_in(
        &dir,
        &[
            "check",
            "-f",
            "json",
            "--skip-unrecognized",
            "package.json",
            "a.yaml",
        ],
    ));
    assert_eq!(doc["summary"]["skipped"], 1);
}
