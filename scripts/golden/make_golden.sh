#!/usr/bin/env bash
# Regenerates test/fixtures/golden.json from TensorFlow (CPU) itself.
# Creates (or reuses) a venv under ${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/golden-venv,
# installs the pinned requirements (only when they changed), then runs make_golden.py.
# Usage: scripts/golden/make_golden.sh [output.json]   (default: test/fixtures/golden.json)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/test/fixtures/golden.json}"
python="${PYTHON:-python3}"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/golden-venv"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"

if [ ! -x "$venv/bin/python" ]; then
  echo "[golden] creating venv $venv" >&2
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
fi

want="$(sha256sum "$req" | cut -d' ' -f1)"
have="$(cat "$stamp" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  echo "[golden] installing $(grep -v '^#' "$req" | xargs)" >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >&2
  echo "$want" > "$stamp"
else
  echo "[golden] reusing venv $venv" >&2
fi

mkdir -p "$(dirname "$out")"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}" CUDA_VISIBLE_DEVICES="" PYTHONHASHSEED=0
"$venv/bin/python" "$here/make_golden.py" --out "$out"
