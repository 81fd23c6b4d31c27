#!/usr/bin/env bash
# Regenerates test/fixtures/keras/ (tiny Keras SNNs converted by tensorflowjs, and TensorFlow's
# predictions and input gradients for them). Not part of `npm test`: the fixtures are committed.
# Creates (or reuses) a venv under ${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/keras-venv and installs
# the pinned requirements (only when they changed): requirements.txt normally, then tensorflowjs
# with --no-deps (requirements-no-deps.txt). Then runs make_keras_fixtures.py.
# Usage: scripts/keras/make_keras_fixtures.sh [output-dir]   (default: test/fixtures/keras)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/test/fixtures/keras}"
# shellcheck source=../lib/pinned_venv.sh
. "$here/../lib/pinned_venv.sh"
pinned_venv keras-venv keras "$here/requirements.txt" "$here/requirements-no-deps.txt"

mkdir -p "$out"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}" CUDA_VISIBLE_DEVICES="" PYTHONHASHSEED=0
"$venv/bin/python" "$here/make_keras_fixtures.py" --out "$out"
