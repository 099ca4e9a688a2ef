#!/usr/bin/env bash
# Cold start and warm invocations of the Lambda bootstrap, on this machine, against a loopback
# Runtime API (bench/lambda-runtime.py), on the embedded adapters (local folder, SQLite, DuckDB).
#   bash bench/lambda.sh [ROUNDS] [FILES]
# Each round starts a fresh process (a cold environment) and sends it: a scheduled event that loads
# FILES new one-row files (the first invocation, cold), then 4 more scheduled events that find
# nothing pending (warm). Published as Lambda runs it: self-contained, single file, ReadyToRun,
# linux-x64. Prints min/median/max of init (process start -> first `next`), the cold invocation
# and the warm ones, and the machine's load. Figures: docs/aws-lambda.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
rounds=${1:-5}
files=${2:-100}
out=/tmp/stratum-bench-lambda
rm -rf "$out" && mkdir -p "$out"
dotnet publish src/Stratum.Lambda -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true -p:PublishReadyToRun=true -o "$out/pkg" -nologo -v q >/dev/null
ls -l "$out/pkg/bootstrap" | awk '{printf "bootstrap: %.1f MB\n", $5/1048576}'
event='{"detail-type":"Scheduled Event","source":"aws.events","detail":{}}'
for r in $(seq 1 "$rounds"); do
  world="$out/world-$r"
  mkdir -p "$world/contracts"
  cp examples/msp/contracts/contacts.yaml "$world/contracts/"
  land_contacts "$world/landing/acme/canonical/contacts" "$files"
  (cd "$world" && STRATUM_OBJECTS=file://./landing STRATUM_STATE=sqlite://./state.db STRATUM_WAREHOUSE=duckdb://./warehouse.duckdb \
     STRATUM_CONTRACTS=./contracts STRATUM_TENANTS=auto python3 "$OLDPWD/bench/lambda-runtime.py" "$event" 5 "$out/pkg/bootstrap") > "$out/round-$r.txt"
done
summary() { sort -n | awk '{a[NR]=$1} END {printf "min %d  median %d  max %d ms (n=%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }
echo "init (start -> first next): $(grep -h init_ms "$out"/round-*.txt | sed 's/init_ms=//' | summary)"
echo "cold invocation ($files files): $(grep -h '^n=0 ' "$out"/round-*.txt | sed 's/.*ms=\([0-9]*\).*/\1/' | summary)"
echo "warm invocation (nothing pending): $(grep -h '^n=[1-9] ' "$out"/round-*.txt | sed 's/.*ms=\([0-9]*\).*/\1/' | summary)"
grep -h 'ok=0' "$out"/round-*.txt && { echo "an invocation failed" >&2; exit 1; }
# The expectation, from what was landed: the cold invocation commits every file, the warm ones none.
[ "$(grep -h '^n=0 ' "$out"/round-*.txt | grep -c "committed=$files\$")" = "$rounds" ] || { echo "a cold invocation did not commit $files files" >&2; exit 1; }
[ "$(grep -h '^n=[1-9] ' "$out"/round-*.txt | grep -vc 'committed=0$')" = 0 ] || { echo "a warm invocation committed files" >&2; exit 1; }
echo "checked: every cold invocation committed $files files, every warm one 0"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"
