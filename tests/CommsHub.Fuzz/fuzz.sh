#!/usr/bin/env bash
# Coverage-guided fuzzing of one target (or all) with afl++ and SharpFuzz. See README.md.
#   tests/CommsHub.Fuzz/fuzz.sh TARGET|all SECONDS [OUTPUT_DIR]
# Builds tests/CommsHub.Fuzz (Release), copies its output, instruments the project's own assemblies in the copy
# with `dotnet tool run sharpfuzz`, writes the target's seed corpus from ../shared/vectors (COMMSHUB_SHARED
# overrides), and runs afl-fuzz for SECONDS per target. Prints afl's figures for each target. Exits 1 when afl
# saved a crash or a hang (naming the target and the saved input, with its replay), 2 on a usage or setup error.
# Environment: FUZZ_TIMEOUT_MS (per-input timeout, default 10000: the machine is shared), FUZZ_NO_BUILD=1 (reuse the last build),
# FUZZ_RESUME=1 (continue the corpus in OUTPUT_DIR instead of starting from the seeds), FUZZ_BUILD_OUTPUT (a
# built output folder to use instead of bin/Release/net10.0, with FUZZ_NO_BUILD=1).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ $# -lt 2 || ! "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 TARGET|all SECONDS [OUTPUT_DIR]" >&2
  exit 2
fi
target="$1"
seconds="$2"
out="${3:-$repo/TestResults/fuzz}"
timeout_ms="${FUZZ_TIMEOUT_MS:-10000}"

# The targets read the shared vectors at run time from the instrumented copy, which may lie outside the checkout.
if [[ -z "${COMMSHUB_SHARED:-}" ]]; then
  [[ -d "$repo/../shared/vectors" ]] || { echo "fuzz: reference data not found: set COMMSHUB_SHARED or place 'shared' beside the checkout" >&2; exit 2; }
  export COMMSHUB_SHARED="$(cd "$repo/../shared" && pwd)"
fi

command -v afl-fuzz >/dev/null || { echo "fuzz: afl-fuzz not found (Debian package afl++)" >&2; exit 2; }

# afl++ on a shared VM: no CPU governor, no core pinning, no core-pattern changes, no TTY; dotnet is not an afl binary.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1
export AFL_FAST_CAL=1
# The fork server is a .NET process: give its start-up a minute on a loaded machine (afl's default is 10 s).
export AFL_FORKSRV_INIT_TMOUT="${AFL_FORKSRV_INIT_TMOUT:-60000}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

build="${FUZZ_BUILD_OUTPUT:-$here/bin/Release/net10.0}"
if [[ "${FUZZ_NO_BUILD:-}" != 1 ]]; then
  echo "fuzz: building tests/CommsHub.Fuzz"
  dotnet build "$here/CommsHub.Fuzz.csproj" -c Release -nologo -v quiet >/dev/null
fi
[[ -f "$build/CommsHub.Fuzz.dll" ]] || { echo "fuzz: $build/CommsHub.Fuzz.dll not built" >&2; exit 2; }

# Instrument a copy, so the build output (and any test run on it) stays as built.
bin="$out/bin"
rm -rf "$bin"
mkdir -p "$bin"
cp -a "$build/." "$bin/"
(cd "$repo" && dotnet tool restore >/dev/null)
for dll in CommsHub.Protocol CommsHub.Protocol.Net CommsHub.Dcc CommsHub.Firmware.Core CommsHub.Firmware.Net; do
  (cd "$repo" && dotnet tool run sharpfuzz "$bin/$dll.dll" >/dev/null)
done
echo "fuzz: instrumented CommsHub.Protocol, CommsHub.Protocol.Net, CommsHub.Dcc, CommsHub.Firmware.Core, CommsHub.Firmware.Net in $bin"

if [[ "$target" == all ]]; then
  mapfile -t targets < <(dotnet "$build/CommsHub.Fuzz.dll" list | awk '{print $1}')
else
  dotnet "$build/CommsHub.Fuzz.dll" list | awk '{print $1}' | grep -qx -- "$target" \
    || { echo "fuzz: unknown target '$target'" >&2; dotnet "$build/CommsHub.Fuzz.dll" list >&2; exit 2; }
  targets=("$target")
fi

stat_of() { sed -n "s/^$1 *: *//p" "$2" | head -n 1; }

failed=()
for t in "${targets[@]}"; do
  work="$out/$t"
  if [[ "${FUZZ_RESUME:-}" == 1 && -d "$work/findings/default/queue" ]]; then
    input=-
  else
    rm -rf "$work"
    input="$work/seeds"
    dotnet "$build/CommsHub.Fuzz.dll" seeds "$t" "$input"
  fi
  # The DUIS targets get a dictionary of XML syntax and DUIS/XMLDSig names, which byte-level mutation rarely builds.
  dict=()
  [[ "$t" == duis-* ]] && dict=(-x "$here/dictionaries/xml.dict")
  echo "fuzz: $t for ${seconds}s: afl-fuzz -i $input -o $work/findings ${dict[*]} -V $seconds -t $timeout_ms -m none -- dotnet $bin/CommsHub.Fuzz.dll fuzz $t"
  set +e
  afl-fuzz -i "$input" -o "$work/findings" "${dict[@]}" -V "$seconds" -t "$timeout_ms" -m none \
    -- dotnet "$bin/CommsHub.Fuzz.dll" fuzz "$t" >"$work/afl.log" 2>&1
  rc=$?
  set -e
  stats="$work/findings/default/fuzzer_stats"
  if [[ $rc -ne 0 || ! -f "$stats" ]]; then
    tail -n 30 "$work/afl.log" >&2
    echo "FUZZ FAILED: target $t: afl-fuzz exited with $rc (log: $work/afl.log)" >&2
    failed+=("$t (afl-fuzz did not run)")
    continue
  fi
  echo "fuzz: $t: run_time $(stat_of run_time "$stats")s, execs_done $(stat_of execs_done "$stats"), execs_per_sec $(stat_of execs_per_sec "$stats"), corpus_count $(stat_of corpus_count "$stats"), edges_found $(stat_of edges_found "$stats"), bitmap_cvg $(stat_of bitmap_cvg "$stats"), saved_crashes $(stat_of saved_crashes "$stats"), saved_hangs $(stat_of saved_hangs "$stats")"
  for kind in crashes hangs; do
    for f in "$work/findings/default/$kind"/id:*; do
      [[ -e "$f" ]] || continue
      echo "FUZZ FAILED: target $t: afl saved a ${kind%es} input: $f" >&2
      echo "  input (base64, first 4 KiB): $(head -c 4096 "$f" | base64 -w0)" >&2
      echo "  replay: dotnet $build/CommsHub.Fuzz.dll replay $t '$f'" >&2
      timeout 60 dotnet "$build/CommsHub.Fuzz.dll" replay "$t" "$f" 2>&1 | head -n 40 | sed 's/^/    /' >&2 || true
      failed+=("$t ${kind%es}: $f")
    done
  done
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FUZZ FAILED: ${#failed[@]} problem(s):" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "fuzz: ${targets[*]}: no crash, no hang"
