//! Hostile input through the whole CLI path, with and without `--operation`: every file gets a
//! clean outcome (exit 1 with a diagnostic, or exit 2 with a message), never a panic, a hang, or
//! memory out of proportion. Memory is capped with `ulimit -v` at 10x the input (at least
//! 256 MiB of address space, which the process needs to start); a hang is caught by a generous
//! deadline (the timing itself is measured by `benches/hostile.sh`, not here).

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const POOL: &str = "huaweicloud.elb.v3.CreateMasterSlavePool";
const ALIYUN: &str = "aliyun.slb.CreateMasterSlaveServerGroup";

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    /// The operation to pass with `--operation`.
    op: &'static str,
}

fn cases() -> Vec<Case> {
    let big_string = format!(r#"{{"pool": {{"name": "{}"}}}}"#, "x".repeat(8 << 20));
    let mut members = String::from(
        r#"{"pool": {"lb_algorithm": "ROUND_ROBIN", "protocol": "TCP", "type": "ip", "healthmonitor": {"type": "TCP", "delay": 5, "timeout": 3, "max_retries": 3}, "members": ["#,
    );
    for i in 0..400_000u32 {
        if i > 0 {
            members.push(',');
        }
        members.push_str(&format!(
            r#"{{"address": "10.{}.{}.{}", "protocol_port": 80, "role": "slave"}}"#,
            (i >> 16) & 255,
            (i >> 8) & 255,
            i & 255
        ));
    }
    members.push_str("]}}");
    let mut servers = String::from("[");
    for i in 0..200_000u32 {
        if i > 0 {
            servers.push(',');
        }
        servers.push_str(&format!(
            "{{'ServerId':'i-{i}','Port':'80','ServerType':'Slave'}}"
        ));
    }
    servers.push(']');
    let aliyun = |servers: &str| {
        serde_json::json!({"RegionId": "cn-hangzhou", "LoadBalancerId": "lb-1", "MasterSlaveBackendServers": servers})
            .to_string()
            .into_bytes()
    };
    vec![
        Case { name: "empty", bytes: Vec::new(), op: POOL },
        Case { name: "whitespace", bytes: b" \n\t \r\n ".to_vec(), op: POOL },
        Case { name: "truncated", bytes: br#"{"pool": {"members": [{"address": "10.0.0.1", "protocol_po"#.to_vec(), op: POOL },
        Case { name: "deep-200000", bytes: "[".repeat(200_000).into_bytes(), op: POOL },
        Case { name: "deep-object-200000", bytes: r#"{"pool":"#.repeat(200_000).into_bytes(), op: POOL },
        Case { name: "invalid-utf8", bytes: b"{\"pool\": {\"name\": \"\xff\xfe\xc3\x28\"}}".to_vec(), op: POOL },
        Case { name: "nul-bytes", bytes: b"{\"pool\": {\"name\": \"a\0b\"}}\0\0".to_vec(), op: POOL },
        Case { name: "nul-in-string-escaped", bytes: br#"{"pool": {"name": "a\u0000b"}}"#.to_vec(), op: POOL },
        Case { name: "bom", bytes: "\u{feff}{\"member\": {\"address\": \"10.0.0.1\", \"protocol_port\": 0}}".as_bytes().to_vec(), op: "huaweicloud.elb.v3.CreateMember" },
        Case { name: "huge-exponent", bytes: br#"{"member": {"address": "10.0.0.1", "protocol_port": 1e999999}}"#.to_vec(), op: "huaweicloud.elb.v3.CreateMember" },
        Case { name: "two-to-the-100", bytes: br#"{"member": {"address": "10.0.0.1", "protocol_port": 1267650600228229401496703205376}}"#.to_vec(), op: "huaweicloud.elb.v3.CreateMember" },
        Case { name: "negative-zero", bytes: br#"{"member": {"address": "10.0.0.1", "protocol_port": -0, "weight": -0.0}}"#.to_vec(), op: "huaweicloud.elb.v3.CreateMember" },
        Case { name: "nan", bytes: br#"{"member": {"address": "10.0.0.1", "protocol_port": NaN}}"#.to_vec(), op: "huaweicloud.elb.v3.CreateMember" },
        Case { name: "duplicate-keys", bytes: br#"{"member": {"address": "10.0.0.1", "address": "::1", "protocol_port": 80}}"#.to_vec(), op: "huaweicloud.elb.v3.CreateMember" },
        Case { name: "comments", bytes: b"{\n  // a comment\n  \"member\": {\"address\": \"10.0.0.1\"} /* block */\n}".to_vec(), op: "huaweicloud.elb.v3.CreateMember" },
        Case { name: "top-level-array", bytes: b"[{\"pool\": {}}]".to_vec(), op: POOL },
        Case { name: "top-level-string", bytes: b"\"pool\"".to_vec(), op: ALIYUN },
        Case { name: "top-level-null", bytes: b"null".to_vec(), op: ALIYUN },
        Case { name: "string-8mb", bytes: big_string.into_bytes(), op: POOL },
        Case { name: "members-400000", bytes: members.into_bytes(), op: POOL },
        Case { name: "aliyun-nested-100000", bytes: aliyun(&"[".repeat(100_000)), op: ALIYUN },
        Case { name: "aliyun-nested-objects-100000", bytes: aliyun(&"[{'a':".repeat(100_000)), op: ALIYUN },
        Case { name: "aliyun-servers-200000", bytes: aliyun(&servers), op: ALIYUN },
        Case { name: "aliyun-unterminated-quote", bytes: aliyun("[{'ServerId':'i-1"), op: ALIYUN },
        Case { name: "aliyun-bad-escape", bytes: aliyun("[{\"ServerId\":\"\\uZZZZ\"}]"), op: ALIYUN },
        Case { name: "long-key", bytes: format!("{{\"{}\": 1, \"RegionId\": \"r\"}}", "k".repeat(1 << 20)).into_bytes(), op: ALIYUN },
        Case { name: "many-tags", bytes: {
            let mut m = serde_json::Map::new();
            m.insert("RegionId".into(), "r".into());
            for i in 0..50_000 {
                m.insert(format!("Tag.{i}.Key"), format!("k{i}").into());
            }
            serde_json::Value::Object(m).to_string().into_bytes()
        }, op: ALIYUN },
    ]
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("lblint-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the CLI on a file under a memory cap and a deadline; returns (exit code, stdout, stderr).
fn run_capped(
    file: &str,
    op: Option<&str>,
    size: usize,
) -> (Option<i32>, String, String, Duration) {
    let cap_kib = ((size * 10) / 1024).max(256 * 1024);
    let mut cmd = format!(
        "ulimit -v {cap_kib}; exec '{}' check --format json",
        env!("CARGO_BIN_EXE_lblint")
    );
    if let Some(op) = op {
        cmd.push_str(&format!(" --operation {op}"));
    }
    cmd.push_str(&format!(" '{file}'"));
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(&cmd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let deadline = Duration::from_secs(60);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            panic!("{file}: no answer within {deadline:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    (
        status.code(),
        t_out.join().unwrap(),
        t_err.join().unwrap(),
        elapsed,
    )
}

#[test]
fn every_hostile_file_gets_a_clean_outcome() {
    let d = dir();
    let mut failures = Vec::new();
    for case in cases() {
        let path = d.join(case.name);
        std::fs::write(&path, &case.bytes).unwrap();
        let file = path.to_string_lossy().into_owned();
        for op in [Some(case.op), None] {
            let (code, out, err, elapsed) = run_capped(&file, op, case.bytes.len());
            let label = format!("{} ({}, {elapsed:?})", case.name, op.unwrap_or("inferred"));
            match code {
                Some(1) => {
                    let doc: Result<serde_json::Value, _> = serde_json::from_str(&out);
                    match doc {
                        Ok(doc) if doc["summary"]["errors"].as_u64().unwrap_or(0) > 0 => {}
                        _ => failures.push(format!(
                            "{label}: exit 1 without an error diagnostic: {out:.300}"
                        )),
                    }
                }
                Some(2) if !err.trim().is_empty() && !err.contains("panicked") => {}
                other => failures.push(format!(
                    "{label}: unclean outcome {other:?}\nstderr: {err:.500}\nstdout: {out:.300}"
                )),
            }
            if err.contains("panicked") {
                failures.push(format!("{label}: panicked: {err:.500}"));
            }
        }
        let _ = std::fs::remove_file(&path);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn hostile_numbers_are_reported_at_the_field() {
    let d = dir();
    let path = d.join("numbers.json");
    std::fs::write(
        &path,
        br#"{"member": {"address": "10.0.0.1", "protocol_port": 1267650600228229401496703205376}}"#,
    )
    .unwrap();
    let (code, out, _, _) = run_capped(&path.to_string_lossy(), None, 100);
    assert_eq!(code, Some(1));
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc["diagnostics"][0]["path"], "/member/protocol_port",
        "{out}"
    );
}

#[test]
fn duplicate_keys_are_reported() {
    let d = dir();
    let path = d.join("dups.json");
    std::fs::write(&path, br#"{"member": {"address": "10.0.0.1", "address": "10.0.0.2", "protocol_port": 80, "subnet_cidr_id": "s"}}"#).unwrap();
    let (code, out, _, _) = run_capped(&path.to_string_lossy(), None, 100);
    assert_eq!(code, Some(0), "{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "lblint/duplicate-key"
                && d["path"] == "/member/address"
                && d["line"] == 1),
        "{out}"
    );
}
