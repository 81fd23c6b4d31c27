#!/usr/bin/env bash
# Bun and Deno for the consumer test (test/node/consumer.test.ts), from their npm packages, pinned,
# into a cache outside the repository (not devDependencies: each is a ~40-100 MB per-platform binary
# that every contributor's `npm ci` would download, and @oven/bun-linux-x64 exists for linux-x64 only).
# Idempotent: an installed pinned version is reused. Prints "name=path" for each runtime.
# Opt-out (never honoured in CI): TFJS_SELU_SKIP_RUNTIMES=1 (the test then skips Bun and Deno).
set -Eeuo pipefail

BUN_VERSION=1.4.5
DENO_VERSION=2.9.6
cache=${TFJS_SELU_RUNTIMES_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/runtimes}

log() { printf '[ensure-runtimes] %s\n' "$*" >&2; }

if [[ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]]; then
  log "only linux-x64 is set up here (the packages pinned are @oven/bun-linux-x64 and @deno/linux-x64-glibc)"
  exit 1
fi

# install <dir> <package@version> <binary path inside dir>: npm install into a private prefix.
install() {
  local dir=$1 spec=$2 binary=$3
  if [[ ! -x "$dir/$binary" ]]; then
    log "installing $spec into $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    echo '{"private": true}' > "$dir/package.json"
    # Both binaries are plain files in the packages (deno's through its optionalDependencies, run
    # directly here), so no install script is needed.
    npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund --no-save "$spec" >&2
  fi
  "$dir/$binary" --version >/dev/null || { log "$dir/$binary does not run"; exit 1; }
  echo "$dir/$binary"
}

bun=$(install "$cache/bun-$BUN_VERSION" "@oven/bun-linux-x64@$BUN_VERSION" node_modules/@oven/bun-linux-x64/bin/bun)
deno=$(install "$cache/deno-$DENO_VERSION" "deno@$DENO_VERSION" node_modules/@deno/linux-x64-glibc/deno)
echo "bun=$bun"
echo "deno=$deno"
