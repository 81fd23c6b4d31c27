#!/usr/bin/env bash
# Builds the prebuilt native op that the npm package ships
# (kernels/node/native/prebuilds/linux-x64/, never committed): zig's C++ compiler from a pinned,
# hash-checked PyPI wheel in a cached venv (${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/zig-venv),
# targeting glibc 2.17. Idempotent: recompiles only when the sources change.
# Run by `npm run build:prebuild`, `npm pack` (prepack) and scripts/bootstrap.sh.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/pinned_venv.sh
. "$here/lib/pinned_venv.sh"
pinned_venv zig-venv prebuild "$here/prebuild/requirements.txt"
node "$here/build-native.cjs" --prebuild --cxx "$venv/bin/python -m ziglang c++"
