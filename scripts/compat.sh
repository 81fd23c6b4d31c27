#!/usr/bin/env bash
# Runs the Node cpu, fallback, wasm and Keras (cpu) suites against a given @tensorflow/tfjs 4.x release, to test
# the oldest and newest versions the peer range in package.json admits.
# Usage: bash scripts/compat.sh 4.10.0
# The sources and tests are copied into a scratch project whose node_modules holds that
# tfjs release (and this checkout's test tools), so nothing in this checkout changes.
set -Eeuo pipefail
version=${1:?usage: scripts/compat.sh <tfjs version>}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/tfjs-selu-compat-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT
log() { printf '[compat %s] %s\n' "$version" "$*" >&2; }

cp -r "$root/src" "$root/kernels" "$root/test" "$root/tsconfig.json" "$work/"
rm -rf "$work/test/node/package.test.ts" "$work/test/node/tensorflow.test.ts" "$work/test/browser"
cat > "$work/package.json" <<JSON
{"name": "tfjs-selu-compat", "private": true}
JSON
cat > "$work/.mocharc.json" <<'JSON'
{"require": ["tsx/cjs"], "spec": ["test/node/cpu.test.ts", "test/node/fallback.test.ts", "test/node/wasm.test.ts", "test/node/keras.test.ts"], "timeout": 120000}
JSON
log "installing @tensorflow/tfjs@$version and @tensorflow/tfjs-backend-wasm@$version"
(cd "$work" && npm install --no-save --no-audit --no-fund --ignore-scripts --no-package-lock \
  "@tensorflow/tfjs@$version" "@tensorflow/tfjs-backend-wasm@$version" >&2)
for tool in mocha tsx fast-check esbuild @esbuild get-tsconfig resolve-pkg-maps; do
  [[ -e "$work/node_modules/$tool" ]] || ln -s "$root/node_modules/$tool" "$work/node_modules/$tool"
done
installed=$(node -p "require('$work/node_modules/@tensorflow/tfjs-core/package.json').version")
log "running the cpu, fallback, wasm and Keras suites against tfjs-core $installed"
[[ "$installed" == "$version" ]] || { log "expected tfjs-core $version, got $installed"; exit 1; }
cd "$work" && "$root/node_modules/.bin/mocha" --reporter dot
