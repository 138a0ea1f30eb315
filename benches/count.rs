//! Runs one way of checking a request N times, for counting instructions under callgrind:
//! `benches/instructions.py` runs it with N = 0 and N = 1000 and reports the difference per call.
//! Instruction counts are deterministic where wall time on a shared machine is not.
//!
//! `count WAY CASE N`: WAY is `serde` (`serde_json::from_str::<Value>`, the floor), `lblint`
//! (parse, validate, position every diagnostic) or `jsonschema` (parse, then every error of
//! lblint's generated schema, compiled before the loop); CASE names a file in benches/requests/.

mod common;
use common::{checker, CASES, WAYS};

fn main() {
    // `cargo bench` passes `--bench`; the script runs the binary directly.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if args.is_empty() {
        // `cargo test --all-targets` runs benchmarks once without arguments: every way on every
        // request, once, so that the script's binary is known to work.
        for &(case, _, _) in CASES {
            for way in WAYS {
                run(way, case, 1);
            }
        }
        return;
    }
    let [way, case, n] = args.as_slice() else {
        eprintln!(
            "usage: count serde|lblint|jsonschema CASE N (CASE: {})",
            names()
        );
        std::process::exit(2);
    };
    let Ok(n) = n.parse::<usize>() else {
        eprintln!("N must be a count, not {n:?}");
        std::process::exit(2);
    };
    run(way, case, n);
}

/// Checks CASE the WAY way N times and prints what it found (so that nothing is optimised away).
fn run(way: &str, case: &str, n: usize) {
    let Some(&(_, op, text)) = CASES.iter().find(|c| c.0 == case) else {
        eprintln!("unknown case {case:?} (one of {})", names());
        std::process::exit(2);
    };
    let Some(mut check) = checker(way, op, text) else {
        eprintln!("unknown way {way:?} (one of {})", WAYS.join(", "));
        std::process::exit(2);
    };
    let mut seen = 0usize;
    for _ in 0..n {
        seen += check();
    }
    println!("{seen}");
}

fn names() -> String {
    CASES.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
}
