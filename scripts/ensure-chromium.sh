#!/usr/bin/env bash
# Makes a Chromium available for karma and the browser benchmark and prints nothing else
# to stdout. Uses CHROME_BIN if set, else `chromium` on PATH, else installs Debian's
# chromium package when running as root. Never downloads a browser build of its own.
set -Eeuo pipefail
log() { printf '[ensure-chromium] %s\n' "$*" >&2; }

# shellcheck source=lib/skip.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
if skip_requested TFJS_SELU_SKIP_BROWSER; then
  log 'skipped (TFJS_SELU_SKIP_BROWSER is set): no browser tests will run'
  exit 0
fi
if [[ -n "${CHROME_BIN:-}" ]]; then
  if [[ -x "$CHROME_BIN" ]]; then log "using CHROME_BIN=$CHROME_BIN"; exit 0; fi
  log "CHROME_BIN=$CHROME_BIN is not an executable file"; exit 1
fi
if command -v chromium >/dev/null 2>&1; then
  log "using $(command -v chromium) ($(chromium --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
  log 'no Chromium found. Install one (Debian: sudo apt-get install -y chromium) or point CHROME_BIN'
  log 'at a Chrome/Chromium binary; or set TFJS_SELU_SKIP_BROWSER=1 to skip the browser tests.'
  exit 1
fi
log "installing Debian's chromium package (apt-get)"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; } >&2; then
  log "apt-get could not install chromium. Set CHROME_BIN to a Chrome/Chromium binary, or"
  log 'TFJS_SELU_SKIP_BROWSER=1 to skip the browser tests.'
  exit 1
fi
log "installed $(chromium --version 2>/dev/null)"
