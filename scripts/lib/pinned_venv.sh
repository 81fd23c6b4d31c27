# Sourced by the fixture scripts (scripts/golden, scripts/keras): a Python venv under
# ${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/<name> with pinned requirements, reinstalled only
# when the requirement files change.
# Usage: pinned_venv NAME TAG REQUIREMENTS [NO_DEPS_REQUIREMENTS]   (sets $venv)
pinned_venv() {
  local name=$1 tag=$2 req=$3 req_no_deps=${4:-}
  local python="${PYTHON:-python3}"
  venv="${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu/$name"
  local stamp="$venv/.requirements.sha256"
  if [ ! -x "$venv/bin/python" ]; then
    echo "[$tag] creating venv $venv" >&2
    mkdir -p "$(dirname "$venv")"
    "$python" -m venv "$venv"
  fi
  local want have
  want="$(cat "$req" ${req_no_deps:+"$req_no_deps"} | sha256sum | cut -d' ' -f1)"
  have="$(cat "$stamp" 2>/dev/null || true)"
  if [ "$want" != "$have" ]; then
    echo "[$tag] installing $(grep -hv '^#' "$req" ${req_no_deps:+"$req_no_deps"} | xargs)" >&2
    "$venv/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip >&2
    "$venv/bin/python" -m pip install --disable-pip-version-check -q -r "$req" >&2
    if [ -n "$req_no_deps" ]; then
      "$venv/bin/python" -m pip install --disable-pip-version-check -q --no-deps -r "$req_no_deps" >&2
    fi
    echo "$want" > "$stamp"
  else
    echo "[$tag] reusing venv $venv" >&2
  fi
}
