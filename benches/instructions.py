#!/usr/bin/env python3
"""Instructions per call, counted by callgrind: deterministic where wall time on a shared
machine is not (the README's Performance section quotes both).

Native (default): for each request of benches/requests/, the three ways of benches/count.rs:
serde_json parsing alone (the floor), lblint (parse, validate, position every diagnostic) and the
jsonschema crate with lblint's generated schema (parse, then every error). Each way runs once with W calls and once
with W + N; the difference divided by N is the cost of one call, without start-up, warm-up or
the schema's compilation.

--wasm: the npm package in Node (pkg/bench/count.mjs, the seed 002 pool request as an object
and as JSON text), with V8 compiling every function with its optimising compiler up front and
running predictably (--no-liftoff --predictable --single-threaded), so that counts repeat.

    python3 benches/instructions.py [--calls N] [--json FILE] [--wasm]

Needs valgrind (Debian: apt-get install valgrind). Standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = ["pool-valid", "pool-invalid", "member-valid", "member-invalid", "aliyun-valid", "aliyun-invalid"]
WAYS = ["serde", "lblint", "jsonschema"]


def collected(cmd):
    """Instructions callgrind counted for one run of cmd."""
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(
            ["valgrind", "--tool=callgrind", "--smc-check=all-non-file",
             f"--callgrind-out-file={tmp}/out"] + cmd,
            capture_output=True, text=True, cwd=ROOT)
    m = re.search(r"Collected : (\d+)", r.stderr)
    if r.returncode != 0 or not m:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return int(m.group(1))


def per_call(cmd_for, calls):
    """Instructions of `calls` more calls, after a fifth as many to warm up (in Node, the first
    calls also compile the JavaScript glue)."""
    warm = max(calls // 5, 1)
    return (collected(cmd_for(warm + calls)) - collected(cmd_for(warm))) / calls


def count_binary():
    out = subprocess.run(
        ["cargo", "bench", "--bench", "count", "--no-run", "--message-format=json"],
        capture_output=True, text=True, cwd=ROOT, check=True).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "count" and msg.get("executable"):
            return msg["executable"]
    sys.exit("cargo did not report the count benchmark's executable")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--wasm", action="store_true", help="the npm package in Node instead")
    args = ap.parse_args()
    results = {}
    if args.wasm:
        script = os.path.join(ROOT, "pkg", "bench", "count.mjs")
        for form in ["object", "string"]:
            n = per_call(lambda k: ["node", "--no-liftoff", "--predictable", "--single-threaded",
                                    script, form, str(k)], args.calls)
            results[form] = round(n)
            print(f"npm validate(), seed 002 pool request as {form:6}: {n:9.0f} instructions per call")
    else:
        exe = count_binary()
        print(f"{'request':16}{'serde_json':>12}{'lblint':>10}{'jsonschema':>12}{'lblint/serde':>14}{'lblint/jsonschema':>19}")
        for case in CASES:
            row = {w: per_call(lambda k: [exe, w, case, str(k)], args.calls) for w in WAYS}
            results[case] = {w: round(v) for w, v in row.items()}
            print(f"{case:16}{row['serde']:12.0f}{row['lblint']:10.0f}{row['jsonschema']:12.0f}"
                  f"{row['lblint'] / row['serde']:13.2f}x{row['lblint'] / row['jsonschema']:18.2f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
