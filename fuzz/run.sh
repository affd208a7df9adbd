#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time.
#   fuzz/run.sh [SECONDS_PER_TARGET]        (default 120; BUILD_DIR=... to change build-fuzz)
# Seeds come from tests/parse/testdata/ (and the kept crash inputs); the growing corpus and
# any crash artifacts stay in the build directory. A crash stops that target and is reported:
# fix it, then copy the input to tests/parse/testdata/fuzz-regressions/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
build=${BUILD_DIR:-build-fuzz}
sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNEWSWATCH_FUZZ=ON -DNEWSWATCH_TESTS=OFF -DNEWSWATCH_BENCH=OFF -DNEWSWATCH_STAGES=parse \
  -DCMAKE_C_FLAGS="$sanitize" -DCMAKE_CXX_FLAGS="$sanitize" >/dev/null
cmake --build "$build" -j2 --target fuzz_parse_feed fuzz_html_to_text fuzz_parse_date

seed_dates() {
  local dir=$1 i=0
  for d in "Fri, 17 Jan 2025 10:00:00 MSK" "2025-01-17T09:30:00.123+03:30" "Thu, 01 Jan 04 19:48 EDT" \
           "2003-335" "20040105T1200Z" "Sun Jan  4 16:29:06 PST 2004" "2006/09/15 08:19:53 EDT" \
           "Κυρ, 11 Ιούλ 2004 12:00:00 EST" "--12-31" "Mon, 26 Jan 2004 16:31:00 Z"; do
    printf '%s' "$d" >"$dir/seed-$((i++))"
  done
}

status=0
for target in fuzz_parse_feed fuzz_html_to_text fuzz_parse_date; do
  corpus="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  if [ "$target" = fuzz_parse_date ]; then
    seed_dates "$corpus"
  else
    cp -n tests/parse/testdata/*.xml tests/parse/testdata/*.json "$corpus/" 2>/dev/null || true
    cp -n tests/parse/testdata/fuzz-regressions/* "$corpus/" 2>/dev/null || true
  fi
  echo "== $target: ${seconds}s"
  if ! "$build/fuzz/parse/$target" "$corpus" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$artifacts" -print_final_stats=1 \
        2>"$build/fuzz-$target.log"; then
    status=1
    echo "!! $target found a problem: see $build/fuzz-$target.log and $artifacts"
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs" "$build/fuzz-$target.log" || true
done
exit $status
