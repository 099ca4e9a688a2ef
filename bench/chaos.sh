#!/usr/bin/env bash
# The fault campaign (docs/reliability.md): ROUNDS rounds of worker processes under SIGKILL,
# SIGSTOP past the lease TTL and network faults, each checked against an independent reference.
#   bash bench/chaos.sh [ROUNDS] [SEED] [COMBINATION]
#   COMBINATION: local      DuckDB + SQLite + local folder (default, no server needed)
#                clickhouse ClickHouse ($STRATUM_TEST_CLICKHOUSE, default http://127.0.0.1:18123) + SQLite
#                aws        S3 ($STRATUM_TEST_S3) + DynamoDB ($STRATUM_TEST_DYNAMODB) + ClickHouse
# Prints one line per round and the summary, writes the JSON summary to $OUT (default
# /tmp/stratum-chaos-COMBINATION-SEED.json), and `uptime` before and after. Exit 1 on a finding:
# the failed round's seed and diff are printed; replay it with `stratum simulate --chaos --round-seed N`.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-100}
seed=${2:-$RANDOM}
combination=${3:-local}
out=${OUT:-/tmp/stratum-chaos-$combination-$seed.json}
dotnet build src/Stratum.Cli -c Release -nologo -clp:ErrorsOnly >/dev/null
tool="$(pwd)/src/Stratum.Cli/bin/Release/net10.0/stratum.dll"
ch=${STRATUM_TEST_CLICKHOUSE:-http://127.0.0.1:18123}
ch=${ch#http://}
case "$combination" in
  local) adapters=() ;;
  clickhouse) adapters=(--warehouse "clickhouse://$ch/chaos_bench") ;;
  aws)
    s3=${STRATUM_TEST_S3:-http://127.0.0.1:4568}
    dynamo=${STRATUM_TEST_DYNAMODB:-http://127.0.0.1:4567}
    adapters=(--warehouse "clickhouse://$ch/chaos_bench_aws"
              --objects "s3://chaos-bench?endpoint=$s3&region=us-east-1"
              --state "dynamodb://chaos_bench_state?endpoint=$dynamo&region=us-east-1") ;;
  *) echo "unknown combination '$combination' (local, clickhouse, aws)" >&2; exit 2 ;;
esac
echo "chaos: $rounds rounds, seed $seed, $combination; load before: $(uptime)"
status=0
env -u STRATUM_OBJECTS -u STRATUM_STATE -u STRATUM_WAREHOUSE -u STRATUM_PROJECT \
  dotnet "$tool" simulate --chaos --rounds "$rounds" --seed "$seed" "${adapters[@]}" --json >"$out" || status=$?
echo "load after: $(uptime)"
python3 - "$out" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"rounds {s['rounds_passed']}/{s['rounds']} passed; faults {s['faults_total']}: " + ", ".join(f"{k} {v}" for k, v in s['faults'].items()))
print(f"files {s['files']} ({s['files_landed']} landed); versions {s['versions']}; lost {s['lost']}; duplicates {s['duplicates']}; unexpected {s['unexpected']}; violations {s['violations']}; reruns that changed {s['reruns_that_changed']}; {s['seconds']:.0f} s")
PY
echo "summary: $out"
exit $status
