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
python="${PYTHON:-python3}"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/keras-venv"
req="$here/requirements.txt"
req_no_deps="$here/requirements-no-deps.txt"
stamp="$venv/.requirements.sha256"

if [ ! -x "$venv/bin/python" ]; then
  echo "[keras] creating venv $venv" >&2
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi

want="$(cat "$req" "$req_no_deps" | sha256sum | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  echo "[keras] installing $(grep -hv '^#' "$req" "$req_no_deps" | xargs)" >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check -q --no-deps -r "$req_no_deps" >&2
  echo "$want" > "$stamp"
else
  echo "[keras] reusing venv $venv" >&2
fi

mkdir -p "$out"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}" CUDA_VISIBLE_DEVICES="" PYTHONHASHSEED=0
"$venv/bin/python" "$here/make_keras_fixtures.py" --out "$out"
