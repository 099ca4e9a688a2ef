#!/usr/bin/env bash
# Peak RSS of `stratum load` over one Parquet file of ROWS time_entries rows (default: 1M, 5M
# and 20M; the files are generated here, never committed), at the default settings, into
# ClickHouse and into DuckDB (embedded default, and with ?memory_limit=DUCKDB_LIMIT, 256MB).
# Each load's row count and distinct ids are checked against ROWS by the warehouse itself
# (ClickHouse SQL; DuckDB through bench/DuckDbAnchor), not by Stratum. A benchmark, not a test.
#
#   bash bench/memory.sh [ROWS ...]            # e.g. bash bench/memory.sh 1000000 5000000
#   STRATUM_BENCH_WAREHOUSES="clickhouse"      # which of clickhouse duckdb duckdb-limited to run
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 5000000 20000000)
warehouses=${STRATUM_BENCH_WAREHOUSES:-clickhouse duckdb duckdb-limited}
limit=${DUCKDB_LIMIT:-256MB}
source bench/lib.sh
case " $warehouses " in *" clickhouse "*) bench_clickhouse ;; esac

echo "building (Release)…" >&2
dotnet build src/Stratum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/TimeEntriesGen -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/DuckDbAnchor -c Release -nologo -clp:ErrorsOnly >/dev/null
tool="${STRATUM_TOOL:-$root/src/Stratum.Cli/bin/Release/net10.0/stratum.dll}"
gen="$root/bench/TimeEntriesGen/bin/Release/net10.0/TimeEntriesGen.dll"
anchor="$root/bench/DuckDbAnchor/bin/Release/net10.0/DuckDbAnchor.dll"

out=$(mktemp -d /tmp/stratum-bench-mem-XXXX)
db="bench_mem_$(date +%s)_$$"
cleanup() { [ -z "${hostport:-}" ] || ch "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true; rm -rf "$out"; }
trap cleanup EXIT
dotnet "$tool" init "$out" >/dev/null
[ -z "${hostport:-}" ] || ch "CREATE DATABASE IF NOT EXISTS $db"

echo "rows,warehouse,seconds,peak_rss_mib,load"
for rows in "${sizes[@]}"; do
  landing="$out/landing/acme/canonical/time_entries"
  rm -rf "$out/landing"; mkdir -p "$landing"
  echo "generating $rows rows as Parquet…" >&2
  dotnet "$gen" "$out/contracts/time_entries.yaml" "$rows" "$landing/initial.parquet"
  for w in $warehouses; do
    case $w in
      clickhouse) ch "DROP TABLE IF EXISTS $db.time_entries"; url="clickhouse://$hostport/$db" ;;
      duckdb) rm -f "$out/w.duckdb"; url="duckdb://$out/w.duckdb" ;;
      duckdb-limited) rm -f "$out/w.duckdb"; url="duckdb://$out/w.duckdb?memory_limit=$limit" ;;
    esac
    rm -f "$out/state.db" "$out/rss"
    cd "$out"
    start=$(now_ms)
    MAXRSS_OUT="$out/rss" python3 "$root/bench/maxrss.py" dotnet "$tool" load --tenant acme --table time_entries \
      --state "sqlite://$out/state.db" --warehouse "$url" --json > "$out/load.json" || { cat "$out/load.json" >&2; exit 1; }
    ms=$(( $(now_ms) - start ))
    cd "$root"
    case $w in
      clickhouse)
        got=$(ch "SELECT count(), uniqExact(id), countIf(is_current = 1) FROM $db.time_entries" | tr '\t' ' ')
        [ "$got" = "$rows $rows $rows" ] || { echo "ClickHouse holds '$got', expected $rows rows, ids and current rows" >&2; exit 1; } ;;
      *) dotnet "$anchor" check "$out/w.duckdb" time_entries "$landing/initial.parquet" >&2 ;;
    esac
    echo "$rows,$w,$(awk "BEGIN {printf \"%.1f\", $ms / 1000}"),$(tail -1 "$out/rss"),$(cut -d' ' -f1 /proc/loadavg)"
  done
done
