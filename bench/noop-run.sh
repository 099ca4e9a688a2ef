#!/usr/bin/env bash
# No-op run over 1,000 already-loaded files: how long a worker takes to find there is nothing to do.
# Prints the first load, then five no-op loads: process wall time, and the loader's own time
# (lease + one batched ledger read + listing and identifying 1,000 files + release + run log).
#   bash bench/noop-run.sh [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
files=${1:-1000}
out=$(mktemp -d /tmp/stratum-bench-noop-XXXX)
dotnet build src/Stratum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
tool="${STRATUM_TOOL:-$(pwd)/src/Stratum.Cli/bin/Release/net10.0/stratum.dll}"   # STRATUM_TOOL: another build, for A/B pairs
stratum() { dotnet "$tool" "$@"; }

stratum init "$out" >/dev/null
land_contacts "$out/landing/acme/canonical/contacts" "$files"

seconds() {
  python3 -c '
import json, re, sys
from datetime import datetime
r = json.load(sys.stdin)[0]
t = lambda s: datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", s))
print("%.3f s in the loader, outcome %s, files already loaded %s" % ((t(r["finished"]) - t(r["started"])).total_seconds(), r["outcome"], r["files_already_loaded"]))'
}

cd "$out"
start=$(date +%s%N)
stratum load --tenant acme --table contacts --json | seconds
echo "first load of $files files: $(( ($(date +%s%N) - start) / 1000000 )) ms wall"
for run in 1 2 3 4 5; do
  start=$(date +%s%N)
  line=$(stratum load --tenant acme --table contacts --json | seconds)
  echo "no-op run $run: $(( ($(date +%s%N) - start) / 1000000 )) ms wall; $line"
done
rm -rf "$out"
