#!/usr/bin/env bash
# ClickHouse for Stratum's tests: Debian's clickhouse-server (18.16 on Debian 12), run from a
# private config under $STRATUM_SERVICES_DIR/clickhouse on loopback ports (no root paths, no systemd).
#
#   bash scripts/services/clickhouse.sh start   # installs if missing, starts, waits for /ping,
#                                               # prints `export STRATUM_TEST_CLICKHOUSE=…` on stdout
#   bash scripts/services/clickhouse.sh stop    # stops the server this script started
#
# Idempotent: `start` on a running server only prints the export line. Everything except the
# export line goes to stderr. Ports: http 18123, tcp 19000, interserver 19009 (override with
# STRATUM_CLICKHOUSE_HTTP_PORT / _TCP_PORT / _INTERSERVER_PORT).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
dir="${STRATUM_SERVICES_DIR:-$root/.ci-work/services}/clickhouse"
http_port="${STRATUM_CLICKHOUSE_HTTP_PORT:-18123}"
tcp_port="${STRATUM_CLICKHOUSE_TCP_PORT:-19000}"
inter_port="${STRATUM_CLICKHOUSE_INTERSERVER_PORT:-19009}"
url="http://127.0.0.1:$http_port"
pidfile="$dir/clickhouse.pid"

log() { echo "clickhouse: $*" >&2; }

ping_ok() { curl -fsS --max-time 2 "$url/ping" >/dev/null 2>&1; }

running_pid() {
  [ -f "$pidfile" ] || return 1
  local pid
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

install_if_missing() {
  if command -v clickhouse-server >/dev/null 2>&1 && command -v clickhouse-client >/dev/null 2>&1; then
    return
  fi
  command -v apt-get >/dev/null 2>&1 || { log "apt-get not found; install clickhouse-server and clickhouse-client by hand"; exit 1; }
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  log "installing clickhouse-server and clickhouse-client from Debian"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    clickhouse-server clickhouse-client curl >&2
}

write_config() {
  mkdir -p "$dir/data/" "$dir/tmp/" "$dir/user_files/" "$dir/format_schemas/" "$dir/log"
  cp /etc/clickhouse-server/config.xml "$dir/config.xml"
  cp /etc/clickhouse-server/users.xml "$dir/users.xml"
  # Paths: every /var/lib/clickhouse/… and /var/log/clickhouse-server/… into our folder.
  sed -i \
    -e "s#/var/lib/clickhouse/#$dir/data/#g" \
    -e "s#/var/log/clickhouse-server/#$dir/log/#g" \
    -e "s#<http_port>[0-9]*</http_port>#<http_port>$http_port</http_port>#" \
    -e "s#<tcp_port>[0-9]*</tcp_port>#<tcp_port>$tcp_port</tcp_port>#" \
    -e "s#<interserver_http_port>[0-9]*</interserver_http_port>#<interserver_http_port>$inter_port</interserver_http_port>#" \
    -e "s#<listen_host>[^<]*</listen_host>##g" \
    -e "s#<users_config>[^<]*</users_config>#<users_config>$dir/users.xml</users_config>#" \
    "$dir/config.xml"
  # Loopback only; no config.d/users.d includes from /etc.
  sed -i -e "s#</yandex>#    <listen_host>127.0.0.1</listen_host>\n</yandex>#" "$dir/config.xml"
  sed -i -e "s#<tmp_path>[^<]*</tmp_path>#<tmp_path>$dir/tmp/</tmp_path>#" \
         -e "s#<user_files_path>[^<]*</user_files_path>#<user_files_path>$dir/user_files/</user_files_path>#" \
         -e "s#<format_schema_path>[^<]*</format_schema_path>#<format_schema_path>$dir/format_schemas/</format_schema_path>#" \
         "$dir/config.xml"
}

start() {
  if running_pid >/dev/null && ping_ok; then
    log "already running at $url"
    echo "export STRATUM_TEST_CLICKHOUSE=$url"
    return
  fi
  if ping_ok; then
    log "a server already answers at $url (not started by this script); using it"
    echo "export STRATUM_TEST_CLICKHOUSE=$url"
    return
  fi
  install_if_missing
  write_config
  log "starting clickhouse-server on $url (data in $dir/data)"
  # $! must be the server itself (nohup execs it), so that `stop` ends the server, not a wrapper.
  (
    cd "$dir" || exit 1
    nohup clickhouse-server --config-file="$dir/config.xml" >"$dir/log/stdout.log" 2>&1 &
    echo $! >"$pidfile"
  )
  for _ in $(seq 1 120); do
    if ping_ok; then
      log "ready"
      echo "export STRATUM_TEST_CLICKHOUSE=$url"
      return
    fi
    if ! running_pid >/dev/null; then
      log "clickhouse-server exited; last log lines:"
      tail -n 30 "$dir/log/clickhouse-server.err.log" "$dir/log/stdout.log" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.25
  done
  log "no answer from $url/ping after 30 s"
  exit 1
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 80); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    log "stopped (pid $pid)"
  else
    log "not running"
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
