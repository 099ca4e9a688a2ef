#!/usr/bin/env bash
# DuckDB initial load: ROWS (default 1,000,000) time_entries rows from one Parquet file,
# `stratum load` end to end into a DuckDB warehouse file, against DuckDB's own
# `CREATE TABLE … AS SELECT * FROM read_parquet(…)` on the same file, paired (A B A B).
# Each load's table is checked against the file by DuckDB itself (bench/DuckDbAnchor: rows,
# distinct ids, one current row per id), not by Stratum. Peak RSS of the load is recorded.
# A benchmark, not a test.
#
#   bash bench/duckdb-load.sh [ROWS]          # STRATUM_BENCH_REPS (3) pairs
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rows=${1:-1000000}
source bench/lib.sh

echo "building (Release)…" >&2
dotnet build src/Stratum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/TimeEntriesGen -c Release -nologo -clp:ErrorsOnly >/dev/null
dotnet build bench/DuckDbAnchor -c Release -nologo -clp:ErrorsOnly >/dev/null
tool="${STRATUM_TOOL:-$root/src/Stratum.Cli/bin/Release/net10.0/stratum.dll}"   # STRATUM_TOOL: another build, for A/B pairs
gen="$root/bench/TimeEntriesGen/bin/Release/net10.0/TimeEntriesGen.dll"
anchor="$root/bench/DuckDbAnchor/bin/Release/net10.0/DuckDbAnchor.dll"

out=$(mktemp -d /tmp/stratum-bench-duck-XXXX)
trap 'rm -rf "$out"' EXIT
dotnet "$tool" init "$out" >/dev/null
landing="$out/landing/acme/canonical/time_entries"
mkdir -p "$landing"
echo "generating $rows rows as Parquet…" >&2
dotnet "$gen" "$out/contracts/time_entries.yaml" "$rows" "$landing/initial.parquet"

reps=${STRATUM_BENCH_REPS:-3}
stratum_runs=() anchor_runs=() rss_runs=()
for rep in $(seq 1 "$reps"); do
  cd "$out"
  start=$(now_ms)
  MAXRSS_OUT="$out/rss" python3 "$root/bench/maxrss.py" dotnet "$tool" load --tenant acme --table time_entries \
    --state "sqlite://$out/state-$rep.db" --warehouse "duckdb://$out/warehouse-$rep.duckdb" --json > "$out/load.json"
  stratum_runs+=($(( $(now_ms) - start )))
  rss_runs+=($(tail -1 "$out/rss"))
  cd "$root"
  dotnet "$anchor" check "$out/warehouse-$rep.duckdb" time_entries "$landing/initial.parquet" >&2
  rm -f "$out/warehouse-$rep.duckdb"

  anchor_runs+=($(dotnet "$anchor" ctas "$out/anchor-$rep.duckdb" "$landing/initial.parquet"))
  rm -f "$out/anchor-$rep.duckdb"
  echo "pair $rep: stratum ${stratum_runs[-1]} ms (peak RSS ${rss_runs[-1]} MiB), DuckDB read_parquet CTAS ${anchor_runs[-1]} ms" >&2
done
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f / %.2f / %.2f", a[1]/1000, a[int((NR+1)/2)]/1000, a[NR]/1000}'; }
echo "DuckDB, $rows time_entries rows, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $reps pairs (min / median / max, seconds)"
echo "stratum load (Parquet, end to end, process): $(stats "${stratum_runs[@]}")   peak RSS $(printf '%s\n' "${rss_runs[@]}" | sort -n | tail -1) MiB"
echo "DuckDB read_parquet CTAS (in process):       $(stats "${anchor_runs[@]}")"
