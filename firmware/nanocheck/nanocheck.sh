#!/usr/bin/env bash
# nanoFramework 1.x gate for the portable code (see README.md beside this script).
#   gate 1 (compile): each portable assembly compiles against nanoFramework.CoreLibrary 1.17.11's mscorlib only;
#   gate 2 (IL):      NanoCheck finds no generics, no foreign assembly references, no opcodes nanoCLR lacks.
# Usage: firmware/nanocheck/nanocheck.sh [-c Release|Debug]    (default Release; env NANOCHECK_CONFIGURATION)
# Exit 0 when every assembly passes both gates; 1 otherwise. Prints which gate failed for which assembly.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
config="${NANOCHECK_CONFIGURATION:-Release}"
if [[ "${1:-}" == "-c" && -n "${2:-}" ]]; then config="$2"; fi

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
build_flags=(-c "$config" -nologo -v:m -tl:off)

# name | compat project (under NanoCompat/) | portable source dir (repo-relative) | allowed references | depends on
gates=(
  "CommsHub.Protocol|CommsHub.Protocol.Nano|shared/CommsHub.Protocol||"
  "CommsHub.Firmware.Core|CommsHub.Firmware.Core.Nano|firmware/CommsHub.Firmware.Core|CommsHub.Protocol|CommsHub.Protocol"
  "CommsHub.Firmware.SelfTest|CommsHub.Firmware.SelfTest.Nano|firmware/CommsHub.Firmware.SelfTest|CommsHub.Protocol,CommsHub.Firmware.Core|CommsHub.Protocol CommsHub.Firmware.Core"
  "CommsHub.Firmware.Crypto.Native|CommsHub.Firmware.Crypto.Native.Nano|firmware/native/managed/CommsHub.Firmware.Crypto.Native||"
  "CommsHub.Firmware.Crypto|CommsHub.Firmware.Crypto.Nano|firmware/native/managed/CommsHub.Firmware.Crypto|CommsHub.Protocol,CommsHub.Firmware.Crypto.Native|CommsHub.Protocol CommsHub.Firmware.Crypto.Native"
  # the board app's portable half (App/ and Board/*Pins.cs; the count below includes the ungated Board/ bindings)
  "CommsHub.Firmware.Nano.App|CommsHub.Firmware.Nano.App.Nano|firmware/CommsHub.Firmware.Nano|CommsHub.Protocol,CommsHub.Firmware.Core,CommsHub.Firmware.SelfTest|CommsHub.Protocol CommsHub.Firmware.Core CommsHub.Firmware.SelfTest"
)

failures=()
declare -A compile_failed=()   # dependents of an assembly that did not compile are skipped

echo "== nanocheck: building the checker (NanoCheck, $config)"
if ! dotnet build "$here/NanoCheck/NanoCheck.csproj" "${build_flags[@]}"; then
  echo "NANOCHECK GATE FAILED: the NanoCheck tool itself does not build" >&2
  exit 1
fi
tool="$here/NanoCheck/bin/$config/net10.0/nanocheck.dll"

for gate in "${gates[@]}"; do
  IFS='|' read -r name project srcdir allow deps <<<"$gate"
  count=0
  if [[ -d "$repo/$srcdir" ]]; then
    count=$(find "$repo/$srcdir" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' | wc -l)
  fi
  echo
  echo "== nanocheck: $name ($count source file(s) in $srcdir)"
  [[ "$count" -eq 0 ]] && echo "   (no sources yet: the compat assembly is empty)"

  skip=""
  for d in $deps; do [[ -n "${compile_failed[$d]:-}" ]] && skip="$d"; done
  if [[ -n "$skip" ]]; then
    echo "   skipped: depends on $skip, which did not compile"
    compile_failed[$name]=1
    failures+=("$name: skipped (depends on $skip, which did not compile)")
    continue
  fi

  echo "-- gate 1 (compile against nanoFramework 1.17.11 mscorlib): dotnet build NanoCompat/$project"
  if ! dotnet build "$here/NanoCompat/$project/$project.csproj" "${build_flags[@]}" --no-dependencies; then
    compile_failed[$name]=1
    failures+=("$name: COMPILE gate failed (uses something nanoFramework 1.x mscorlib / C# 9 lacks; see the errors above)")
    continue
  fi

  dll="$here/NanoCompat/$project/bin/$config/netstandard2.0/$name.dll"
  echo "-- gate 2 (IL/metadata): nanocheck $name.dll${allow:+ --allow $allow}"
  args=("$dll")
  [[ -n "$allow" ]] && args=(--allow "$allow" "$dll")
  if ! dotnet "$tool" "${args[@]}"; then
    failures+=("$name: IL gate failed (NanoCheck findings above)")
  fi
done

echo
if [[ ${#failures[@]} -gt 0 ]]; then
  echo "NANOCHECK GATE FAILED:" >&2
  for f in "${failures[@]}"; do echo "  - $f" >&2; done
  exit 1
fi
passed=()
for gate in "${gates[@]}"; do passed+=("${gate%%|*}"); done
echo "NANOCHECK GATE PASSED (compile + IL) for: $(IFS=,; echo "${passed[*]}" | sed 's/,/, /g')"
