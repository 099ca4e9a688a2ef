# Shared by the bench scripts: `source bench/lib.sh` from the repository root.
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The ClickHouse to measure against: STRATUM_BENCH_CLICKHOUSE, or the server of
# scripts/services/clickhouse.sh (started if needed). Sets http, hostport, host and ch().
bench_clickhouse() {
  if [ -z "${STRATUM_BENCH_CLICKHOUSE:-}" ]; then
    eval "$(bash scripts/services/clickhouse.sh start)"
    STRATUM_BENCH_CLICKHOUSE=$STRATUM_TEST_CLICKHOUSE
  fi
  http=$STRATUM_BENCH_CLICKHOUSE
  hostport=${http#http://}
  host=${hostport%:*}
}
ch() { curl -fsS "$http/?wait_end_of_query=1" --data-binary "$1"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# FILES one-row contacts CSV files (distinct keys) in DIR, as the pipeline lands them.
land_contacts() {
  local dir=$1 files=$2
  mkdir -p "$dir"
  local header='id,first_name,last_name,company_id,title,email,phone,inactive_flag,default_flag,source_system,source_id,last_updated'
  for i in $(seq 1 "$files"); do
    printf '%s\n%d,Ana,Ruiz,10,CTO,a%d@example.com,,false,true,connectwise,%d,2025-06-21T09:%02d:00Z\n' \
      "$header" "$i" "$i" "$i" $((i % 60)) > "$dir/file-$(printf %05d "$i").csv"
  done
}
