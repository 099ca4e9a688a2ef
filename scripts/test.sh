#!/usr/bin/env bash
# Runs Stratum's whole test suite on this machine, services included.
#
#   bash scripts/test.sh            # build, start services, run every test project
#   bash scripts/test.sh --no-services   # unit and embedded tests only (server tests skip, or fail when CI=true)
#
# Each scripts/services/NAME.sh installs its server if it is missing (apt/npm; needs root or sudo),
# starts it on loopback under .ci-work/services, waits until it answers, and prints the
# environment variables the tests read (STRATUM_TEST_*). Ends with one line:
#   N passed, N failed, N skipped
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export STRATUM_SERVICES_DIR="${STRATUM_SERVICES_DIR:-$root/.ci-work/services}"
mkdir -p "$STRATUM_SERVICES_DIR"

services=1
[ "${1:-}" = "--no-services" ] && services=0

started=()
cleanup() {
  for s in "${started[@]}"; do bash "scripts/services/$s.sh" stop >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

if [ $services = 1 ]; then
  for script in scripts/services/*.sh; do
    [ -e "$script" ] || continue
    name=$(basename "$script" .sh)
    echo "== starting $name"
    if env_lines=$(bash "$script" start); then
      eval "$env_lines"
      started+=("$name")
    else
      echo "!! $name did not start; its tests will fail in CI" >&2
    fi
  done
fi

echo "== build"
if ! dotnet build Stratum.slnx -c Release -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"
  exit 1
fi

echo "== test"
log="$STRATUM_SERVICES_DIR/../test-output.log"
dotnet test Stratum.slnx -c Release --no-build -nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum every test project's summary line: "Passed!  - Failed: 0, Passed: 25, Skipped: 0, Total: 25, ..."
read -r passed failed skipped < <(awk '
  /(Passed|Failed)! +- +Failed: / {
    line=$0
    gsub(/,/, "", line)
    n = split(line, f, " ")
    for (i = 1; i <= n; i++) {
      if (f[i] == "Failed:") fl += f[i+1]
      if (f[i] == "Passed:") ps += f[i+1]
      if (f[i] == "Skipped:") sk += f[i+1]
    }
  }
  END { printf "%d %d %d\n", ps, fl, sk }' "$log")

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # a test host crashed or a project did not run: never report green
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
