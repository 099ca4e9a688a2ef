#!/usr/bin/env bash
# ClickHouse initial load: ROWS (default 1,000,000) time_entries rows from one Parquet file,
# `stratum load` end to end (process start to exit: read, hash, plan, verify, history read,
# staging + REPLACE PARTITION publish, ledger), against the server's own ceiling:
# `clickhouse-client` inserting the same rows (exported from the loaded table) as TSV into a
# table of the same shape. Prints the medians of STRATUM_BENCH_REPS runs (3) and their ratio.
# A benchmark, not a test.
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
tool="$root/src/Stratum.Cli/bin/Release/net10.0/stratum.dll"
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

reps=${STRATUM_BENCH_REPS:-3}
ch "CREATE DATABASE IF NOT EXISTS $db"
stratum_runs=() loader_runs=() client_runs=() rss_runs=()
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
  loaded=$(ch "SELECT count() FROM $db.time_entries")
  [ "$loaded" = "$rows" ] || { echo "stratum loaded $loaded rows, expected $rows" >&2; cat "$out/load.json" >&2; exit 1; }
  loader_runs+=($(python3 -c '
import json, re, sys
from datetime import datetime
r = json.load(open(sys.argv[1]))[0]
t = lambda s: datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", s))
print(int((t(r["finished"]) - t(r["started"])).total_seconds() * 1000))' "$out/load.json"))

  # 2. The same rows as TSV (exported once, not timed), inserted by clickhouse-client into a table of the same shape.
  [ -s "$out/rows.tsv" ] || ch "SELECT * FROM $db.time_entries FORMAT TabSeparated" > "$out/rows.tsv"
  ch "DROP TABLE IF EXISTS $db.tsv_copy"
  ch "CREATE TABLE $db.tsv_copy AS $db.time_entries"
  start=$(now_ms)
  clickhouse-client --host "$host" --port "$tcp_port" --query "INSERT INTO $db.tsv_copy FORMAT TabSeparated" < "$out/rows.tsv"
  client_runs+=($(( $(now_ms) - start )))
  copied=$(ch "SELECT count() FROM $db.tsv_copy")
  [ "$copied" = "$rows" ] || { echo "clickhouse-client inserted $copied rows, expected $rows" >&2; exit 1; }
  echo "run $rep: stratum ${stratum_runs[-1]} ms (loader ${loader_runs[-1]} ms, peak RSS ${rss_runs[-1]} MiB), clickhouse-client ${client_runs[-1]} ms" >&2
done
same=$(ch "SELECT (SELECT groupBitXor(cityHash64(id, data_hash, effective_date)) FROM $db.time_entries) = (SELECT groupBitXor(cityHash64(id, data_hash, effective_date)) FROM $db.tsv_copy)")
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

python3 - "$rows" "$(median "${stratum_runs[@]}")" "$(median "${loader_runs[@]}")" "$(median "${client_runs[@]}")" "$same" "$(ch 'SELECT version()')" "$reps" "$(nproc)" <<'PY'
import sys
rows, stratum_ms, loader_ms, client_ms, same, version, reps, cores = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7], sys.argv[8]
print(f"ClickHouse {version}, {rows:,} time_entries rows (37 columns), loopback, {cores} cores, median of {reps}")
print(f"stratum load (Parquet, end to end): {stratum_ms / 1000:7.2f} s   ({loader_ms / 1000:.2f} s inside the loader)")
print(f"clickhouse-client TSV insert:       {client_ms / 1000:7.2f} s")
print(f"ratio stratum / clickhouse-client:  {stratum_ms / client_ms:7.2f}x   (tables equal: {'yes' if same == '1' else 'NO'})")
PY
