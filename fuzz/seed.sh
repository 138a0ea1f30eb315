#!/usr/bin/env bash
# Copies the test fixtures and example requests into the seed corpora fuzz/corpus/<target>/
# (git-ignored), or DIR/<target>/ with `fuzz/seed.sh DIR`. Idempotent: files are named after
# their content's hash.
#   cli_bytes:  each file with every operation/name selector byte of interest prepended
#   structured: the same bytes (arbitrary's decoding of them is as good a start as any)
#   lenient:    the Alibaba MasterSlaveBackendServers values (text, or arrays as JSON)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-fuzz/corpus}
files=(tests/fixtures/*/*.json examples/requests/*.json)
put() { # target, file with the bytes
    local dir="$out/$1" sum
    mkdir -p "$dir"
    sum=$(sha1sum "$2" | cut -c1-40)
    cp "$2" "$dir/$sum"
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for f in "${files[@]}"; do
    # Selector bytes: no operation and each of the three; standard input, .json, .yaml; and
    # options 0 (no context), 1 (Huawei context) and 2 (Alibaba context).
    for sel in 00 01 02 03 04 08 10 21 31 42 23; do
        { printf "\\x$sel"; cat "$f"; } >"$tmp"
        put cli_bytes "$tmp"
    done
    put structured "$f"
    python3 - "$f" "$tmp" <<'PY' && put lenient "$tmp" || true
import json, sys
try:
    v = json.load(open(sys.argv[1], encoding="utf-8"))
except Exception:
    sys.exit(1)
s = v.get("MasterSlaveBackendServers") if isinstance(v, dict) else None
if s is None:
    sys.exit(1)
open(sys.argv[2], "w", encoding="utf-8").write(s if isinstance(s, str) else json.dumps(s))
PY
done
for t in cli_bytes structured lenient; do
    echo "$out/$t: $(ls "$out/$t" | wc -l) files"
done
