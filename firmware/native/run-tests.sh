#!/usr/bin/env bash
# Configures, builds and tests firmware/native (the device crypto in C over mbedTLS's PSA API) with CMake and
# CTest, then prints each test's case count ("CASES name: ran N, passed P, acceptable A, skipped S, failed F"),
# the tests CTest skipped (no ../shared reference data) and CTest's summary. On a failure it prints the full log.
# Usage: firmware/native/run-tests.sh [build-dir]   (default: TestResults/native-build under the repository)
# Exit 0 when everything configured, built and passed (skipped tests allowed); 1 otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
build="${1:-$repo/TestResults/native-build}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

if ! cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$log" 2>&1 \
   || ! cmake --build "$build" -j "$(nproc)" >>"$log" 2>&1; then
  cat "$log"
  echo "NATIVE CRYPTO FAILED: firmware/native does not configure or build (needs libmbedtls-dev and cmake)" >&2
  exit 1
fi

rc=0
(cd "$build" && ctest -V --output-on-failure) >>"$log" 2>&1 || rc=$?
# ctest -V prefixes test output with "<test number>: "; the CMake-script test adds "-- ".
grep -E '^[0-9]+: (-- )?(CASES|SKIPPED|FAIL)' "$log" | sed -E 's/^[0-9]+: (-- )?//' || true
sed -n '/tests passed,/,$p' "$log"
if [[ $rc -ne 0 ]]; then
  cat "$log"
  echo "NATIVE CRYPTO FAILED: ctest exit code $rc (log above)" >&2
  exit 1
fi
echo "NATIVE CRYPTO PASSED"
