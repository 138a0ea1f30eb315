#!/usr/bin/env bash
# Runs one fuzz target for a number of seconds on one core, from its seed corpus:
#   fuzz/run.sh TARGET SECONDS [extra libFuzzer flags]
# Targets: cli_bytes, structured, lenient (`cargo +nightly fuzz list`). Needs the nightly
# toolchain and cargo-fuzz (`cargo install cargo-fuzz`). Crashes land in fuzz/artifacts/TARGET/.
# No AddressSanitizer: lblint has no unsafe code (`#![forbid(unsafe_code)]`), so it would only
# halve the speed; debug assertions and overflow checks stay on. One process, one job.
export CARGO_BUILD_JOBS=${CARGO_BUILD_JOBS:-1}
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags]}
seconds=${2:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags]}
shift 2
[ -d "fuzz/corpus/$target" ] || bash fuzz/seed.sh
exec cargo +nightly fuzz run --sanitizer none "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "$@"
