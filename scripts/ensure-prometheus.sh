#!/usr/bin/env bash
# Tests check metrics and alert rules against a real Prometheus: install Debian's
# package when prometheus/promtool are missing (CI runs as root). Never skip.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "prometheus missing and not root: apt-get install prometheus" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# --no-install-recommends keeps the exporters and web assets out; the server and promtool are all we use.
$SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The package starts a system service on :9090; tests start their own servers on free ports.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl stop prometheus >/dev/null 2>&1 || true; fi
command -v promtool >/dev/null
