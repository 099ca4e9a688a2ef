#!/usr/bin/env bash
# s3rver (S3) and dynalite (DynamoDB) on loopback, for the AWS adapter tests.
#
#   bash scripts/services/aws.sh start   # install if missing, start if not running, wait, print exports
#   bash scripts/services/aws.sh stop    # stop what start started
#
# Follows scripts/test.sh's convention: stdout carries only the `export STRATUM_TEST_*=…` lines,
# everything else goes to stderr. Idempotent: a second start reuses the running servers.
# Needs node 20 and npm (the npm registry only). Ports: S3 4568, DynamoDB 4567
# (override with STRATUM_S3_PORT / STRATUM_DYNAMODB_PORT).
set -euo pipefail
cd "$(dirname "$0")/../.."
services_dir="${STRATUM_SERVICES_DIR:-$(pwd)/.ci-work/services}"
dir="$services_dir/aws"
s3_port="${STRATUM_S3_PORT:-4568}"
ddb_port="${STRATUM_DYNAMODB_PORT:-4567}"
s3_version=3.7.1
ddb_version=4.0.0

log() { echo "aws.sh: $*" >&2; }

# Answers when something speaks HTTP on the port (any status code counts).
answers() {
  node -e '
    const req = require("http").request({ host: "127.0.0.1", port: +process.argv[1], method: "GET", path: "/", timeout: 1000 },
      r => { r.resume(); process.exit(0); });
    req.on("error", () => process.exit(1));
    req.on("timeout", () => { req.destroy(); process.exit(1); });
    req.end();' "$1" 2>/dev/null
}

installed() {
  [ -f "$dir/node_modules/s3rver/package.json" ] && [ -f "$dir/node_modules/dynalite/package.json" ] \
    && grep -q "\"version\": \"$s3_version\"" "$dir/node_modules/s3rver/package.json" \
    && grep -q "\"version\": \"$ddb_version\"" "$dir/node_modules/dynalite/package.json"
}

install() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "node/npm missing: installing Debian's nodejs and npm"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >&2
    else
      log "node and npm are needed (apt-get install -y nodejs npm)"
      exit 1
    fi
  fi
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{ "name": "stratum-aws-services", "private": true }' > "$dir/package.json"
  log "installing s3rver@$s3_version and dynalite@$ddb_version into $dir"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error \
      "s3rver@$s3_version" "dynalite@$ddb_version" >&2)
}

# start_one NAME PORT COMMAND...: runs COMMAND in the background unless the port already answers.
start_one() {
  local name=$1 port=$2
  shift 2
  if answers "$port"; then
    log "$name already answers on 127.0.0.1:$port"
    return
  fi
  log "starting $name on 127.0.0.1:$port"
  nohup "$@" >"$dir/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/$name.pid"
  for _ in $(seq 1 100); do
    if answers "$port"; then
      return
    fi
    if ! kill -0 "$(cat "$dir/$name.pid")" 2>/dev/null; then
      log "$name exited; its log:"
      cat "$dir/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  log "$name did not answer on port $port within 20 s; its log:"
  cat "$dir/$name.log" >&2
  exit 1
}

stop_one() {
  local pidfile="$dir/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $1 (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    installed || install
    # s3rver keeps objects on disk; a fresh start begins with an empty store (test data only).
    answers "$s3_port" || rm -rf "$dir/s3-data"
    mkdir -p "$dir/s3-data"
    # The legacy provider: s3rver's continuation tokens use DES; without it paginated lists answer 500.
    start_one s3rver "$s3_port" node --openssl-legacy-provider "$dir/node_modules/s3rver/bin/s3rver.js" \
      -d "$dir/s3-data" -a 127.0.0.1 -p "$s3_port" --silent
    start_one dynalite "$ddb_port" node "$dir/node_modules/dynalite/cli.js" \
      --host 127.0.0.1 --port "$ddb_port" --createTableMs 0 --deleteTableMs 0 --updateTableMs 0
    echo "export STRATUM_TEST_S3=http://127.0.0.1:$s3_port"
    echo "export STRATUM_TEST_DYNAMODB=http://127.0.0.1:$ddb_port"
    ;;
  stop)
    stop_one s3rver
    stop_one dynalite
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
