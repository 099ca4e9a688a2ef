#!/usr/bin/env bash
# What bounded memory costs: the same ROWS-row (default 1M) Parquet file loaded into ClickHouse
# with the whole file held as one batch (load.batch_rows above ROWS) and at the default
# (spilled to local files by key, published in chunks of 100,000 rows), paired A B A B.
# Each table's rows, ids and current rows are checked against ROWS by ClickHouse.
# A benchmark, not a test.
#
#   bash bench/spill-cost.sh [ROWS]          # STRATUM_BENCH_REPS (3) pairs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rows=${1:-1000000}
source bench/lib.sh
bench_clickhouse

echo "building (Release)…" >&2
dotnet build src/Stratum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/TimeEntriesGen -c Release -nologo -clp:ErrorsOnly >/dev/null
tool="${STRATUM_TOOL:-$root/src/Stratum.Cli/bin/Release/net10.0/stratum.dll}"
gen="$root/bench/TimeEntriesGen/bin/Release/net10.0/TimeEntriesGen.dll"

out=$(mktemp -d /tmp/stratum-bench-spill-XXXX)
db="bench_spill_$(date +%s)_$$"
cleanup() { ch "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; rm -rf "$out"; }
trap cleanup EXIT
dotnet "$tool" init "$out" >/dev/null
landing="$out/landing/acme/canonical/time_entries"
mkdir -p "$landing"
echo "generating $rows rows as Parquet…" >&2
dotnet "$gen" "$out/contracts/time_entries.yaml" "$rows" "$landing/initial.parquet"
ch "CREATE DATABASE IF NOT EXISTS $db"

load() { # batch_rows → "ms rss"
  ch "DROP TABLE IF EXISTS $db.time_entries"
  rm -f "$out/state.db" "$out/rss"
  cd "$out"
  local start; start=$(now_ms)
  STRATUM_BATCH_ROWS=$1 MAXRSS_OUT="$out/rss" python3 "$root/bench/maxrss.py" dotnet "$tool" load --tenant acme --table time_entries \
    --state "sqlite://$out/state.db" --warehouse "clickhouse://$hostport/$db" --json > "$out/load.json" || { cat "$out/load.json" >&2; exit 1; }
  local ms=$(( $(now_ms) - start ))
  cd "$root"
  local got; got=$(ch "SELECT count(), uniqExact(id), countIf(is_current = 1) FROM $db.time_entries" | tr '\t' ' ')
  [ "$got" = "$rows $rows $rows" ] || { echo "ClickHouse holds '$got', expected $rows rows, ids and current rows" >&2; exit 1; }
  echo "$ms $(tail -1 "$out/rss")"
}

reps=${STRATUM_BENCH_REPS:-3}
whole=() chunked=() whole_rss=() chunked_rss=()
for rep in $(seq 1 "$reps"); do
  read -r ms rss < <(load $((rows + 1))); whole+=("$ms"); whole_rss+=("$rss")
  read -r ms rss < <(load 100000); chunked+=("$ms"); chunked_rss+=("$rss")
  echo "pair $rep: whole ${whole[-1]} ms (${whole_rss[-1]} MiB), chunked ${chunked[-1]} ms (${chunked_rss[-1]} MiB)" >&2
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f / %.2f / %.2f", a[1]/1000, a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
peak() { printf '%s\n' "$@" | sort -n | tail -1; }
echo "ClickHouse, $rows time_entries rows, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $reps pairs (min / median / max, seconds)"
echo "one batch (batch_rows $((rows + 1))):   $(stats "${whole[@]}")   peak RSS $(peak "${whole_rss[@]}") MiB"
echo "chunked (batch_rows 100000): $(stats "${chunked[@]}")   peak RSS $(peak "${chunked_rss[@]}") MiB"
