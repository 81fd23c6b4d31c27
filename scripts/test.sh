#!/usr/bin/env bash
# The whole test suite (`npm test`): installs what is missing, builds, type-checks,
# lints, then runs the Node suites (cpu, tensorflow, packaging) and the browser suites
# (karma: cpu and webgl in headless Chromium). Fails if any part cannot run.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --browser
npm run --silent build
npx tsc --noEmit -p .
npx eslint .
npx mocha
if [[ -f karma.conf.js && -z "${TFJS_SELU_SKIP_BROWSER:-}" ]]; then
  npx karma start karma.conf.js --single-run
fi
