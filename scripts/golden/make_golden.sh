#!/usr/bin/env bash
# Regenerates test/fixtures/golden.json from TensorFlow (CPU) itself.
# Creates (or reuses) a venv under ${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/golden-venv,
# installs the pinned requirements (only when they changed), then runs make_golden.py.
# Usage: scripts/golden/make_golden.sh [output.json]   (default: test/fixtures/golden.json)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/test/fixtures/golden.json}"
# shellcheck source=../lib/pinned_venv.sh
. "$here/../lib/pinned_venv.sh"
pinned_venv golden-venv golden "$here/requirements.txt"

mkdir -p "$(dirname "$out")"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}" CUDA_VISIBLE_DEVICES="" PYTHONHASHSEED=0
"$venv/bin/python" "$here/make_golden.py" --out "$out"
