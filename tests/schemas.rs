//! The committed JSON Schemas: generated from the rules, valid, and never stricter than the rules.
//! Regenerate with `LBLINT_BLESS=1 cargo test --test schemas`.

use std::path::{Path, PathBuf};

use lblint::{engine, examples, rule, schema, validate_value, Operation, Options};
use serde_json::{json, Value};

fn schema_path(op: Operation) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(schema::file_name(op))
}

fn committed(op: Operation) -> Value {
    let text = std::fs::read_to_string(schema_path(op)).expect("committed schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

fn validator(op: Operation) -> jsonschema::Validator {
    jsonschema::validator_for(&committed(op)).expect("schema compiles")
}

#[test]
fn committed_schemas_are_what_the_rules_generate() {
    for op in Operation::ALL {
        let mut generated = serde_json::to_string_pretty(&schema::generate(op)).unwrap();
        generated.push('\n');
        let path = schema_path(op);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        if on_disk != generated {
            if std::env::var_os("LBLINT_BLESS").is_some() {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, generated).unwrap();
            } else {
                panic!(
                    "{} differs from `lblint schema {}`; run `LBLINT_BLESS=1 cargo test --test schemas`",
                    path.display(),
                    op.id()
                );
            }
        }
    }
}

#[test]
fn committed_schemas_pass_meta_validation() {
    for op in Operation::ALL {
        let s = committed(op);
        assert_eq!(s["$schema"], schema::DIALECT);
        if let Err(e) = jsonschema::meta::validate(&s) {
            panic!("{}: {e} at {}", op.id(), e.instance_path().as_str());
        }
    }
}

/// Every fixture marked valid, every bundled example without "broken" in its name, and every
/// rule's passing example satisfy the schema.
#[test]
fn valid_requests_pass_the_schemas() {
    let mut checked = 0;
    for (op, req, _ctx) in fixtures().into_iter().filter(|(_, _, c)| c.is_empty()) {
        let v = validator(op);
        let report = validate_value(op, &req, &Options::default());
        if report.is_valid() {
            let errs: Vec<String> = v
                .iter_errors(&req)
                .map(|e| format!("{e} at {}", e.instance_path().as_str()))
                .collect();
            assert!(errs.is_empty(), "{}: {errs:?}\n{req}", op.id());
            checked += 1;
        }
    }
    for r in rule::all() {
        let op = r.operations[0];
        let (req, _) = examples::build(op, &r.pass);
        assert!(
            validator(op).is_valid(&req),
            "pass example of {} fails the schema: {req}",
            r.id
        );
        checked += 1;
    }
    assert!(checked > 20);
}

/// The differential test: wherever a schema rejects a request, the rules report an error.
#[test]
fn schemas_never_reject_what_the_rules_accept() {
    let mut rejected = 0usize;
    let mut total = 0usize;
    for op in Operation::ALL {
        let v = validator(op);
        let mut corpus: Vec<Value> = fixtures()
            .into_iter()
            .filter(|(o, _, _)| *o == op)
            .map(|(_, r, _)| r)
            .collect();
        for r in rule::for_operation(op) {
            for ex in [&r.pass, &r.fail] {
                if ex.context.is_empty() && ex.edition.is_none() {
                    corpus.push(examples::build(op, ex).0);
                }
            }
        }
        let base = examples::build(op, &rule::Example::patch(&[])).0;
        corpus.extend(mutations(&base, 3000, op as u64 + 7));
        for req in corpus {
            total += 1;
            if v.is_valid(&req) {
                continue;
            }
            rejected += 1;
            let report = validate_value(op, &req, &Options::default());
            assert!(
                !report.is_valid(),
                "{}: the schema rejects a request the rules accept:\n{}\nschema says: {:?}",
                op.id(),
                serde_json::to_string_pretty(&req).unwrap(),
                v.iter_errors(&req)
                    .map(|e| format!("{e} at {}", e.instance_path().as_str()))
                    .collect::<Vec<_>>()
            );
        }
    }
    // The schemas must also reject a good share of the mutated requests.
    assert!(
        rejected * 5 > total,
        "schemas rejected only {rejected} of {total}"
    );
}

/// Fixtures: every `tests/fixtures/*/expect.json` manifest, with optional contexts.
fn fixtures() -> Vec<(Operation, Value, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let Ok(dirs) = std::fs::read_dir(&root) else {
        return out;
    };
    for d in dirs.flatten() {
        let manifest = d.path().join("expect.json");
        let Ok(text) = std::fs::read_to_string(&manifest) else {
            continue;
        };
        let m: Value = serde_json::from_str(&text).unwrap();
        for (file, spec) in m.as_object().unwrap() {
            let op: Operation = spec["operation"].as_str().unwrap().parse().unwrap();
            let req_text = std::fs::read_to_string(d.path().join(file)).unwrap();
            let Ok(req) = serde_json::from_str::<Value>(&req_text) else {
                continue;
            };
            let ctx_path = d.path().join(file.replace(".json", ".context.json"));
            let ctx = std::fs::read_to_string(ctx_path).unwrap_or_default();
            out.push((op, req, ctx));
        }
    }
    out
}

/// Deterministic random mutations of a valid request.
fn mutations(base: &Value, n: usize, seed: u64) -> Vec<Value> {
    let pool = [
        json!(0),
        json!(-1),
        json!(1),
        json!(2),
        json!(50),
        json!(51),
        json!(100),
        json!(101),
        json!(65535),
        json!(65536),
        json!(1.5),
        json!(""),
        json!(" "),
        json!("x"),
        json!("80"),
        json!("abc def"),
        json!("/health"),
        json!("TCP"),
        json!("UDP"),
        json!("QUIC"),
        json!("HTTP"),
        json!("master"),
        json!("slave"),
        json!("Master"),
        json!("Slave"),
        json!("ip"),
        json!("instance"),
        json!("10.0.0.1"),
        json!("::1"),
        json!("999.1.1.1"),
        json!("SOURCE_IP"),
        json!("APP_COOKIE"),
        json!("acs:x"),
        json!("a".repeat(300)),
        json!(null),
        json!(true),
        json!(false),
        json!([]),
        json!({}),
        json!([{}]),
        json!("v4"),
        json!("dualstack"),
        json!("UDP_CONNECT"),
        json!("200-204"),
    ];
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut rand = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut v = base.clone();
        for _ in 0..(1 + rand() % 3) {
            let mut paths = Vec::new();
            collect_paths(&v, String::new(), &mut paths);
            let p = &paths[(rand() % paths.len() as u64) as usize];
            match rand() % 10 {
                0 => remove(&mut v, p),
                _ => {
                    if let Some(slot) = v.pointer_mut(p) {
                        *slot = pool[(rand() % pool.len() as u64) as usize].clone();
                    }
                }
            }
        }
        out.push(v);
    }
    out
}

fn collect_paths(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                collect_paths(
                    c,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                collect_paths(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn remove(v: &mut Value, p: &str) {
    let Some(i) = p.rfind('/') else { return };
    let (parent, key) = (&p[..i], &p[i + 1..]);
    match v.pointer_mut(parent) {
        Some(Value::Object(m)) => {
            m.remove(&key.replace("~1", "/").replace("~0", "~"));
        }
        Some(Value::Array(a)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < a.len() {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
}

#[test]
fn the_engine_options_default_has_no_policies() {
    assert_eq!(engine::Options::default(), Options::default());
}
