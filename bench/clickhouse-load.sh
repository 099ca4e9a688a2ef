#!/usr/bin/env bash
# ClickHouse initial load: ROWS (default 1,000,000) time_entries rows from one Parquet file,
# `stratum load` end to end (process start to exit: read, hash, plan, verify, history read,
# staging + REPLACE PARTITION publish, ledger), against the server's own ceiling:
# `clickhouse-client` inserting the same rows (exported from the loaded table once) as TSV and as
# Native into tables of the same shape, the three in turns (A B C A B C …). Every table is checked
# against an expectation computed outside Stratum and outside ClickHouse: DuckDB's aggregates over
# the Parquet file itself (rows, distinct ids, non-null values of every column, UTF-8 bytes of
# every string column). Prints min / median / max of STRATUM_BENCH_REPS runs (3) and the ratios
# of the medians. A benchmark, not a test.
#
#   bash bench/clickhouse-load.sh [ROWS]
#
# Uses the server of scripts/services/clickhouse.sh (started if needed); override with
# STRATUM_BENCH_CLICKHOUSE=http://host:port and STRATUM_BENCH_CLICKHOUSE_TCP_PORT (native port).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rows=${1:-1000000}
source bench/lib.sh
bench_clickhouse
tcp_port=${STRATUM_BENCH_CLICKHOUSE_TCP_PORT:-19000}

echo "building (Release)…" >&2
dotnet build src/Stratum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/TimeEntriesGen -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/DuckDbAnchor -c Release -nologo -clp:ErrorsOnly >/dev/null
tool="${STRATUM_TOOL:-$root/src/Stratum.Cli/bin/Release/net10.0/stratum.dll}"
anchor="$root/bench/DuckDbAnchor/bin/Release/net10.0/DuckDbAnchor.dll"
gen="$root/bench/TimeEntriesGen/bin/Release/net10.0/TimeEntriesGen.dll"

out=$(mktemp -d /tmp/stratum-bench-ch-XXXX)
db="bench_$(date +%s)_$$"
cleanup() { ch "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; rm -rf "$out"; }
trap cleanup EXIT

dotnet "$tool" init "$out" >/dev/null
landing="$out/landing/acme/canonical/time_entries"
mkdir -p "$landing"
echo "generating $rows rows as Parquet…" >&2
dotnet "$gen" "$out/contracts/time_entries.yaml" "$rows" "$landing/initial.parquet"
echo "parquet: $(du -h "$landing/initial.parquet" | cut -f1)" >&2

# The expectation, from the file: the same aggregates in both dialects, built from the contract's columns.
{ read -r duck_sql; read -r ch_sql; } < <(python3 - "$out/contracts/time_entries.yaml" <<'PY'
import re, sys
cols = []
inside = False
for line in open(sys.argv[1]):
    if line.startswith('columns:'):
        inside = True
        continue
    if inside:
        m = re.match(r'^  ([a-z_][a-z0-9_]*):\s*([a-z0-9]+)', line)
        if not m:
            break
        cols.append((m.group(1), m.group(2)))
duck = ['count(*)', 'count(DISTINCT id)']
ch = ['count()', 'uniqExact(id)']
for name, kind in cols:
    duck.append(f'count("{name}")'); ch.append(f'count(`{name}`)')
    if kind == 'string':
        duck.append(f'coalesce(sum(strlen("{name}")), 0)'); ch.append(f'sum(length(`{name}`))')
print(','.join(duck))
print(','.join(ch))
PY
)
expected=$(dotnet "$anchor" query ":memory:" "SELECT $duck_sql FROM read_parquet('$landing/initial.parquet')")
check() { # table → fails unless its aggregates are the file's
  local got; got=$(ch "SELECT $ch_sql FROM $db.$1 FORMAT TabSeparated")
  [ "$got" = "$expected" ] || { echo "$1 differs from the file: expected $expected, got $got" >&2; exit 1; }
}

reps=${STRATUM_BENCH_REPS:-3}
ch "CREATE DATABASE IF NOT EXISTS $db"
stratum_runs=() loader_runs=() tsv_runs=() native_runs=() rss_runs=()
for rep in $(seq 1 "$reps"); do
  # 1. stratum load, end to end, into an empty table with a fresh ledger.
  ch "DROP TABLE IF EXISTS $db.time_entries"
  cd "$out"
  start=$(now_ms)
  MAXRSS_OUT="$out/rss" python3 "$root/bench/maxrss.py" dotnet "$tool" load --tenant acme --table time_entries --state "sqlite://$out/state-$rep.db" \
    --warehouse "clickhouse://$hostport/$db" --json > "$out/load.json"
  stratum_runs+=($(( $(now_ms) - start )))
  rss_runs+=($(tail -1 "$out/rss"))
  cd "$root"
  check time_entries
  loader_runs+=($(python3 -c '
import json, re, sys
from datetime import datetime
r = json.load(open(sys.argv[1]))[0]
t = lambda s: datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", s))
print(int((t(r["finished"]) - t(r["started"])).total_seconds() * 1000))' "$out/load.json"))

  # 2. and 3. The same rows (exported once, not timed) inserted by clickhouse-client as TSV and as Native.
  for format in TabSeparated Native; do
    [ -s "$out/rows.$format" ] || ch "SELECT * FROM $db.time_entries FORMAT $format" > "$out/rows.$format"
    ch "DROP TABLE IF EXISTS $db.copy_$format"
    ch "CREATE TABLE $db.copy_$format AS $db.time_entries"
    start=$(now_ms)
    clickhouse-client --host "$host" --port "$tcp_port" --query "INSERT INTO $db.copy_$format FORMAT $format" < "$out/rows.$format"
    ms=$(( $(now_ms) - start ))
    if [ "$format" = TabSeparated ]; then tsv_runs+=("$ms"); else native_runs+=("$ms"); fi
    check "copy_$format"
  done
  echo "run $rep: stratum ${stratum_runs[-1]} ms (loader ${loader_runs[-1]} ms, peak RSS ${rss_runs[-1]} MiB), clickhouse-client TSV ${tsv_runs[-1]} ms, Native ${native_runs[-1]} ms, load $(cut -d' ' -f1 /proc/loadavg)" >&2
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f / %.2f / %.2f", a[1]/1000, a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "ClickHouse $(ch 'SELECT version()'), $rows time_entries rows (37 columns), loopback, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $reps runs each (min / median / max, s)"
echo "stratum load (Parquet, end to end): $(stats "${stratum_runs[@]}")   inside the loader $(stats "${loader_runs[@]}")   peak RSS $(printf '%s\n' "${rss_runs[@]}" | sort -n | tail -1) MiB"
echo "clickhouse-client TSV insert:       $(stats "${tsv_runs[@]}")"
echo "clickhouse-client Native insert:    $(stats "${native_runs[@]}")"
s=$(median "${stratum_runs[@]}") t=$(median "${tsv_runs[@]}") n=$(median "${native_runs[@]}")
echo "ratio of medians: $(awk -v s="$s" -v t="$t" 'BEGIN {printf "%.2f", s/t}')x TSV, $(awk -v s="$s" -v n="$n" 'BEGIN {printf "%.2f", s/n}')x Native   (every table equal to the file's aggregates, by DuckDB: yes)"
