#!/usr/bin/env bash
# Headless Chromium for the dashboard's browser test (Debian's package; no browser download).
#   bash scripts/services/chromium.sh start   # installs chromium if missing, prints the variable the test reads
#   bash scripts/services/chromium.sh stop    # nothing to stop: each test starts and ends its own browser
set -euo pipefail
case "${1:-}" in
  start)
    if ! command -v chromium >/dev/null 2>&1; then
      sudo=""
      [ "$(id -u)" -ne 0 ] && sudo="sudo"
      echo "installing chromium with apt-get" >&2
      $sudo apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
    fi
    chromium --version >&2
    echo "export STRATUM_TEST_CHROMIUM=$(command -v chromium)"
    ;;
  stop)
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
