//! The three ways of `validate` side by side, interleaved: for each request, rounds of a block of
//! calls of each way in turn (the order rotating from round to round), and the median over the
//! rounds of each round's ratios. A machine whose speed drifts from one minute to the next (this
//! one does: `serde_json` alone took 1.6 µs or 2.8 µs on the same request within an hour) moves
//! the three ways of a round together, so the ratios hold still where divan's medians, taken one
//! benchmark after another, do not.
//!
//! `cargo bench --bench ratios` (`cargo test --all-targets` runs one short round of each, to keep
//! it working). The README's Performance section quotes it beside divan's medians.

use std::hint::black_box;
use std::time::{Duration, Instant};

mod common;
use common::{checker, CASES, WAYS};

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let (rounds, block) = if bench {
        (41, Duration::from_millis(5))
    } else {
        (1, Duration::from_micros(200))
    };
    println!(
        "median per call over {rounds} interleaved rounds of ~{} µs per way; ratios are medians of each round's ratio",
        block.as_micros()
    );
    println!(
        "{:<16} {:>10} {:>10} {:>12} {:>14} {:>18}",
        "request", "serde µs", "lblint µs", "jsonschema µs", "lblint/serde", "lblint/jsonschema"
    );
    for &(case, op, text) in CASES {
        let mut checks: Vec<_> = WAYS
            .iter()
            .map(|w| checker(w, op, text).expect("way"))
            .collect();
        // Calls per block: enough for `block` at the speed of a first, warming block.
        let iters: Vec<u32> = checks
            .iter_mut()
            .map(|check| {
                let t = Instant::now();
                let mut n = 0u32;
                while t.elapsed() < block / 4 {
                    black_box(check());
                    n += 1;
                }
                (n * 4).max(1)
            })
            .collect();
        let mut per_call: Vec<Vec<f64>> = vec![Vec::new(); WAYS.len()];
        for round in 0..rounds {
            for k in 0..WAYS.len() {
                let w = (round + k) % WAYS.len();
                let t = Instant::now();
                for _ in 0..iters[w] {
                    black_box(checks[w]());
                }
                per_call[w].push(t.elapsed().as_secs_f64() * 1e6 / f64::from(iters[w]));
            }
        }
        let ratio = |num: usize, den: usize| {
            median(
                per_call[num]
                    .iter()
                    .zip(&per_call[den])
                    .map(|(n, d)| n / d)
                    .collect(),
            )
        };
        let [serde, lblint, jsonschema] = [0, 1, 2].map(|w| median(per_call[w].clone()));
        println!(
            "{case:<16} {serde:>10.3} {lblint:>10.3} {jsonschema:>12.3} {:>13.2}x {:>17.2}x",
            ratio(1, 0),
            ratio(1, 2)
        );
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
