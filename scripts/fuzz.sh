#!/usr/bin/env bash
# Runs the fuzz targets (fuzz/fuzz_targets, bodies in crates/refusion-core/tests/reference/fuzzing.rs)
# for a bounded time each, starting from the committed corpus and regressions.
#
#   bash scripts/fuzz.sh                 # every target for 30 s (what scripts/test.sh runs)
#   bash scripts/fuzz.sh 600 scenario    # one target for 10 minutes
#   FUZZ_OUT=/tmp/corpus bash scripts/fuzz.sh 600   # keep what the runs find (then: cargo fuzz cmin)
#
# Needs the nightly toolchain (libFuzzer's instrumentation); installs cargo-fuzz when missing.
# A crash stops the run with the input saved under fuzz/artifacts/<target>/; turn it into a
# regression by copying it to fuzz/regressions/<target>/ (tests/fuzz_regressions.rs replays it).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-30}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(scenario policy register_csv cohort workbook)

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: the nightly toolchain is missing (rustup toolchain install nightly)" >&2
  exit 1
fi
[ "$(cargo fuzz --version 2>/dev/null)" = "cargo-fuzz 0.13.2" ] ||
  cargo install cargo-fuzz --version 0.13.2 --locked

cd fuzz
# -a: with overflow checks and debug assertions, so that an arithmetic overflow is a finding.
cargo +nightly fuzz build -O -a
for t in "${TARGETS[@]}"; do
  out=${FUZZ_OUT:+$FUZZ_OUT/$t}
  [ -n "$out" ] || out=$(mktemp -d)
  mkdir -p "$out" regressions/"$t"
  rm -rf artifacts/"$t"
  echo "fuzz: $t for ${SECONDS_PER_TARGET} s"
  # The first directory collects new inputs; the committed ones are only read.
  log=$(mktemp)
  status=0
  # -timeout: one input may take up to 30 s under the sanitizer. The heaviest corpus input, a
  # stay of 6,900 years with 30,000 trace entries (each written in English and Danish), takes
  # about 9 s in this build (0.1 s in a release build), more on a loaded machine; libFuzzer would
  # save it as a "slow unit" (over 10 s) and fail the run, so slow means over the timeout too.
  cargo +nightly fuzz run -O -a "$t" "$out" corpus/"$t" regressions/"$t" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=30 -report_slow_units=30 -rss_limit_mb=2560 -print_final_stats=1 \
    > "$log" 2>&1 || status=$?
  grep -E '^(#[0-9]+ +DONE|Done )' "$log" || true
  if [ "$status" -ne 0 ] || [ -n "$(ls -A artifacts/"$t" 2>/dev/null)" ]; then
    grep -E 'panicked at|^SUMMARY|Test unit written' -A3 "$log" >&2 || tail -40 "$log" >&2
    echo "fuzz: $t failed (exit $status); the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  rm -f "$log"
  [ -n "${FUZZ_OUT:-}" ] || rm -rf "$out"
done
