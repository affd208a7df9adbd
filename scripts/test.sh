#!/usr/bin/env bash
# README command (2): install dependencies, build, and run the whole test suite — once as a normal
# build and once under AddressSanitizer + UndefinedBehaviorSanitizer.
# Tests that read ../shared skip when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
jobs=$(nproc)

build_and_test() {  # DIR [cmake args...]
  local dir=$1; shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEWSWATCH_TESTS=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

echo "== build and test =="
build_and_test build
echo "== build and test under ASan + UBSan =="
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build_and_test build-asan -DNEWSWATCH_SANITIZE=ON
