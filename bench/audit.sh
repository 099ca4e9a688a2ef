#!/usr/bin/env bash
# The audit of the incident's table at size: `stratum simulate --legacy-incident` builds the damaged
# legacy time_entries in ClickHouse (RECORDS entries × (1 current + COPIES identical historical
# copies); 222,223 × 45 ≈ 10M rows), then `stratum audit` runs against a hand-written GROUP BY over
# every column (the anchor), paired A B A B. With TOOL_A set (a stratum.dll of another build) the
# pairs are TOOL_A vs this tree's build; without it, this build vs the anchor. The audit's exact
# duplicate count is checked against the anchor's (computed by the server, outside Stratum).
# A benchmark, not a test.
#
#   bash bench/audit.sh [RECORDS] [COPIES]          # STRATUM_BENCH_REPS (3) pairs
#   TOOL_A=/path/to/old/stratum.dll bash bench/audit.sh
#
# Uses the server of scripts/services/clickhouse.sh (started if needed); override with
# STRATUM_BENCH_CLICKHOUSE=http://host:port.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
records=${1:-222223}
copies=${2:-44}
source bench/lib.sh
bench_clickhouse

echo "building (Release)…" >&2
dotnet build src/Stratum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
tool_b="$root/src/Stratum.Cli/bin/Release/net10.0/stratum.dll"
tool_a=${TOOL_A:-}

out=$(mktemp -d /tmp/stratum-bench-audit-XXXX)
db="bench_audit_$(date +%s)_$$"
cleanup() { ch "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; rm -rf "$out"; }
trap cleanup EXIT
ch "CREATE DATABASE $db"
url="clickhouse://$hostport/$db"

echo "building the incident's table: $records entries × $((copies + 1)) rows…" >&2
start=$(now_ms)
dotnet "$tool_b" simulate --legacy-incident --records "$records" --workers "$copies" --dir "$out/sim" --warehouse "$url" --json > "$out/sim.json"
rows=$(ch "SELECT count() FROM $db.time_entries")
echo "built $rows rows in $(( ($(now_ms) - start) / 1000 )) s" >&2

cols=$(ch "SELECT name FROM system.columns WHERE database = '$db' AND table = 'time_entries'" | sed 's/.*/`&`/' | paste -sd, -)
anchor_sql="SELECT sum(c) - count() FROM (SELECT count() AS c FROM $db.time_entries GROUP BY $cols HAVING c > 1)"

audit() { # tool → ms; the report's exact duplicate rows in $out/dups
  local start; start=$(now_ms)
  (cd "$out/sim" && dotnet "$1" audit --table time_entries --key id --version last_updated --warehouse "$url" --json > "$out/audit.json") || [ $? -eq 1 ]
  local ms=$(( $(now_ms) - start ))
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["exact_duplicates"]["duplicate_rows"])' "$out/audit.json" > "$out/dups"
  echo "$ms"
}

reps=${STRATUM_BENCH_REPS:-3}
a_runs=() b_runs=() anchor_runs=()
expected=""
for rep in $(seq 1 "$reps"); do
  start=$(now_ms)
  expected=$(ch "$anchor_sql")
  anchor_runs+=($(( $(now_ms) - start )))
  if [ -n "$tool_a" ]; then
    a_runs+=($(audit "$tool_a"))
    [ "$(cat "$out/dups")" = "$expected" ] || { echo "A: audit says $(cat "$out/dups") duplicate rows, the GROUP BY $expected" >&2; exit 1; }
  fi
  b_runs+=($(audit "$tool_b"))
  [ "$(cat "$out/dups")" = "$expected" ] || { echo "B: audit says $(cat "$out/dups") duplicate rows, the GROUP BY $expected" >&2; exit 1; }
  echo "pair $rep: anchor ${anchor_runs[-1]} ms${tool_a:+, A ${a_runs[-1]} ms}, B ${b_runs[-1]} ms (duplicate rows $expected)" >&2
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f / %.2f / %.2f s", a[1]/1000, a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
echo "ClickHouse $(ch 'SELECT version()'), $rows rows, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg), $reps pairs (min / median / max)"
echo "hand-written GROUP BY over every column: $(stats "${anchor_runs[@]}")"
[ -n "$tool_a" ] && echo "stratum audit, A ($tool_a): $(stats "${a_runs[@]}")"
echo "stratum audit, B (this tree):            $(stats "${b_runs[@]}")"
echo "exact duplicate rows: $expected (audit = GROUP BY in every run)"
