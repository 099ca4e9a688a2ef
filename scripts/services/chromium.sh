#!/usr/bin/env bash
# Headless Chromium for the browser tests (dashboard, audit report): Debian's `chromium`.
#
#   bash scripts/services/chromium.sh start   # installs chromium if missing; prints
#                                             # `export STRATUM_TEST_CHROMIUM=/usr/bin/chromium`
#   bash scripts/services/chromium.sh stop    # nothing to stop: tests start their own browser
#
# Tests run it as: chromium --headless --no-sandbox --disable-gpu --no-first-run
#   --disable-background-networking --disable-component-update --disable-sync --user-data-dir=<fresh>
set -euo pipefail
log() { echo "chromium: $*" >&2; }

find_chromium() { command -v chromium || command -v chromium-browser || true; }

case "${1:-start}" in
  start)
    bin=$(find_chromium)
    if [ -z "$bin" ]; then
      command -v apt-get >/dev/null 2>&1 || { log "apt-get not found; install chromium by hand"; exit 1; }
      sudo=""
      [ "$(id -u)" = 0 ] || sudo="sudo"
      log "installing chromium from Debian"
      $sudo apt-get update -qq >&2 || true
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
      bin=$(find_chromium)
    fi
    [ -n "$bin" ] || { log "chromium is not installed"; exit 1; }
    log "$("$bin" --version 2>/dev/null || echo "$bin")"
    echo "export STRATUM_TEST_CHROMIUM=$bin"
    ;;
  stop) ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
