#!/usr/bin/env bash
# Installs what the project needs on a fresh clone, idempotently:
#   1. node_modules from the lockfile (npm ci --ignore-scripts, then the skipped install
#      scripts of everything but tfjs-node, whose own script downloads from an unreachable host);
#   2. @tensorflow/tfjs-node with a real TensorFlow C library (scripts/setup-tfjs-node.sh);
#   3. the plugin's native SELU op for it: the prebuild the package ships (scripts/prebuild.sh:
#      zig for glibc 2.17 from a pinned wheel), the local and testing builds
#      (scripts/build-native.cjs: node-gyp and g++), each rebuilt only when the sources change,
#      then every one loaded into tfjs-node's TensorFlow and run once;
#   4. with --browser: a Chromium for karma and the browser benchmark (scripts/ensure-chromium.sh).
# Opt-outs for users without these (never honoured in CI):
#   TFJS_SELU_SKIP_TFJS_NODE=1   no 'tensorflow' backend
#   TFJS_SELU_SKIP_BROWSER=1     no karma / browser runs
#   TFJS_SELU_SKIP_RUNTIMES=1    no Bun / Deno runs of the consumer test (scripts/ensure-runtimes.sh)
set -Eeuo pipefail
cd "$(dirname "$0")/.."

log() { printf '[bootstrap] %s\n' "$*" >&2; }

# shellcheck source=lib/skip.sh
source scripts/lib/skip.sh
# Every opt-out is checked before anything is installed: an unknown value, or any skip under CI, stops here.
for var in TFJS_SELU_SKIP_TFJS_NODE TFJS_SELU_SKIP_BROWSER TFJS_SELU_SKIP_RUNTIMES; do
  skip_requested "$var" || true
done

lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
marker=node_modules/.tfjs-selu-installed
if [[ ! -f "$marker" || "$(cat "$marker")" != "$lock_hash" ]]; then
  log 'installing node_modules from package-lock.json (npm ci --ignore-scripts)'
  npm ci --ignore-scripts --no-audit --no-fund
  # Run the install scripts npm ci skipped, except tfjs-node's (setup-tfjs-node.sh does its job)
  # and this package's own (step 3 below builds the native op, failing loudly).
  mapfile -t scripted < <(npm query ':attr(scripts,[install]),:attr(scripts,[postinstall]),:attr(scripts,[preinstall])' |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for (const n of new Set(JSON.parse(s).map(p=>p.name))) if (n !== "@tensorflow/tfjs-node" && n !== "tfjs-selu") console.log(n)})')
  if ((${#scripted[@]})); then
    npm rebuild --no-audit --no-fund "${scripted[@]}"
  fi
  echo "$lock_hash" > "$marker"
fi

bash scripts/setup-tfjs-node.sh

if skip_requested TFJS_SELU_SKIP_TFJS_NODE; then
  log 'native SELU op not built (TFJS_SELU_SKIP_TFJS_NODE is set: no tensorflow backend to load it into)'
else
  bash scripts/prebuild.sh
  node scripts/build-native.cjs --verify
fi

if [[ "${1:-}" == --browser ]]; then
  bash scripts/ensure-chromium.sh
fi
