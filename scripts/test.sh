#!/usr/bin/env bash
# The whole test suite (`npm test`): installs what is missing, builds, type-checks,
# lints, then runs the Node suites (cpu, tensorflow, packaging) and the browser suites
# (karma: cpu, webgl and wasm, plain and threaded, in headless Chromium). Fails if any part cannot run.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --browser
npm run --silent build
npx tsc --noEmit -p .
npx eslint .
npx mocha
# The peer range's oldest and newest tfjs 4.x releases (the newest is usually the installed one).
range=$(node -p "require('./package.json').peerDependencies['@tensorflow/tfjs-core']")
oldest=${range#^}
newest=$(npm view "@tensorflow/tfjs-core@$range" version --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(Array.isArray(v)?v[v.length-1]:v)})')
installed=$(node -p "require('@tensorflow/tfjs-core/package.json').version")
bash scripts/compat.sh "$oldest"
if [[ "$newest" != "$installed" ]]; then bash scripts/compat.sh "$newest"; else echo "[test] tfjs $newest (newest in $range) is the installed version: the suites above ran on it"; fi
# shellcheck source=lib/skip.sh
source scripts/lib/skip.sh
if [[ -f karma.conf.js ]] && ! skip_requested TFJS_SELU_SKIP_BROWSER; then
  npx karma start karma.conf.js --single-run
  # tfjs-backend-wasm's threaded build, in a cross-origin-isolated page (its own karma run).
  npx karma start karma.wasm-threaded.conf.js --single-run
fi
