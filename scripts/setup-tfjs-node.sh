#!/usr/bin/env bash
# scripts/setup-tfjs-node.sh — make @tensorflow/tfjs-node (the 'tensorflow' backend)
# load and run on a machine that cannot reach Google's storage host.
#
# Usage (from the project root, after `npm ci --ignore-scripts`):
#   bash scripts/setup-tfjs-node.sh
# Opt out:  TFJS_SELU_SKIP_TFJS_NODE=1 bash scripts/setup-tfjs-node.sh   (exits 0, does nothing)
# Cache:    ${TFJS_SELU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu}
#
# What it does
#   tfjs-node's install script (scripts/install.js) downloads libtensorflow 2.9.1 and a
#   prebuilt addon from storage.googleapis.com. Where that host is unreachable the
#   download throws an unhandled 'error' event, install.js exits 1, and `npm ci`/`npm install`
#   fail and roll back. Instead we take a REAL TensorFlow C library from the official
#   TensorFlow CPU wheel on PyPI (pinned name + version + sha256), lay it out as
#   node_modules/@tensorflow/tfjs-node/deps/{lib,include}, and compile the N-API binding
#   from source with node-pre-gyp/node-gyp against it.
#
# Why TensorFlow 2.15.1 (tensorflow-cpu wheel, cp311 manylinux2014 x86_64)?
#   - its wheel ships tensorflow/libtensorflow_cc.so.2, which exports the whole TF_* / TFE_*
#     C API, plus libtensorflow_framework.so.2; both only NEED glibc/libstdc++ (no libpython),
#     unlike older wheels where the C API sits inside _pywrap_tensorflow_internal.so;
#   - its C API headers (tensorflow/c/**, tensorflow/core/platform/ctstring_internal.h which
#     forwards to tsl/platform/ctstring_internal.h) compile tfjs-node 4.22's binding
#     (written for 2.9.1) unchanged; checked: builds, links, and runs ops.
#   - the wheel is only unzipped, never imported, so the local Python version does not matter:
#     `pip download --platform/--python-version` always fetches the same pinned file.
#
# Why place deps/ ourselves instead of serving a tarball to install.js through
# TFJS_NODE_CDN_STORAGE / TFJS_NODE_BASE_URI and a local http server?
#   - install.js wants libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz; we would have to repack
#     ~615 MB of .so files into a .tar.gz (slow, extra disk) only for it to be unpacked again;
#   - its downloader has no error handler, no checksum, and the server's life cycle (port,
#     cleanup on signals) is one more thing that can break;
#   - after the download it merely runs `node-pre-gyp install --fallback-to-build`, which
#     first tries the prebuilt addon from the unreachable host; we run the same tool directly
#     with --build-from-source, which is exactly what install.js does for a custom library.
#   We still create deps/lib/libtensorflow.so.2.9.1 (install.js's "already downloaded"
#   marker), so a later `npm rebuild` re-running install.js finds deps and the built addon
#   and is a no-op ("already installed") instead of wiping deps/ and failing.
#
# Layout written to node_modules/@tensorflow/tfjs-node/deps/:
#   lib/libtensorflow_cc.so.2          real file from the wheel (SONAME libtensorflow_cc.so.2)
#   lib/libtensorflow_framework.so.2   real file from the wheel (SONAME libtensorflow_framework.so.2)
#   lib/libtensorflow.so           -> libtensorflow_cc.so.2         (binding.gyp links -ltensorflow)
#   lib/libtensorflow_framework.so -> libtensorflow_framework.so.2  (-ltensorflow_framework)
#   lib/libtensorflow.so.2         -> libtensorflow_cc.so.2         (name a 2.9.1-era addon NEEDs)
#   lib/libtensorflow.so.2.9.1     -> libtensorflow_cc.so.2         (install.js marker)
#   lib/libtensorflow_framework.so.2.9.1 -> libtensorflow_framework.so.2
#   include/tensorflow/c/**, include/tensorflow/core/platform/**, include/tsl/**
#   SOURCE.txt                     which wheel (and sha256) this came from
# The binding is linked with RUNPATH $ORIGIN/../../deps/lib, so it finds the two real
# libraries by their SONAMEs; nothing is installed outside node_modules and the cache.
#
# Idempotent: if tfjs-node already loads, the backend is 'tensorflow' and a native op runs,
# it prints one OK line and exits 0. On any failure it removes deps/, lib/ and build/ of the
# package (the state `npm ci --ignore-scripts` leaves), so a later run retries from scratch.

set -Eeuo pipefail

readonly TAG='[setup-tfjs-node]'
readonly TF_VERSION='2.15.1'
readonly TF_WHEEL_PROJECT='tensorflow-cpu'
readonly TF_WHEEL='tensorflow_cpu-2.15.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'
readonly TF_WHEEL_SHA256='54660c074d7241a503e81edfd9f5ef5af88f64051b72e2945f26318c790f2d26'
readonly TF_WHEEL_PLATFORM='manylinux2014_x86_64'
readonly TF_WHEEL_PYVER='3.11'
readonly TF_WHEEL_ABI='cp311'
readonly EXPECTED_TFJS_NODE='4.22.0'
readonly CACHE_DIR="${TFJS_SELU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tfjs-selu}"
readonly OPT_OUT_HINT='To skip the native backend, set TFJS_SELU_SKIP_TFJS_NODE=1 (tests that need it must then skip).'

log() { printf '%s %s\n' "$TAG" "$*"; }
err() { printf '%s ERROR: %s\n' "$TAG" "$*" >&2; }

START_SECONDS=$SECONDS
PKG_DIR=''
MODIFYING=0   # 1 while the package's deps/lib/build are being replaced
STAGE=''
BUILD_LOG=''

cleanup_on_exit() {
  local rc=$?
  if [[ -n "$STAGE" && -e "$STAGE" ]]; then rm -rf -- "$STAGE"; fi
  if [[ $rc -ne 0 && $MODIFYING -eq 1 && -n "$PKG_DIR" ]]; then
    err "removing the partial install (deps/, lib/, build*/ in $PKG_DIR) so the next run retries"
    rm -rf -- "$PKG_DIR/deps" "$PKG_DIR/lib" "$PKG_DIR/build" "$PKG_DIR"/build-tmp-napi-v*
  fi
  exit "$rc"
}
trap cleanup_on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {  # fail "what failed" "how to fix"
  err "$1"
  [[ -n "${2:-}" ]] && err "fix: $2"
  err "$OPT_OUT_HINT"
  exit 1
}

# shellcheck source=lib/skip.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/skip.sh"
if skip_requested TFJS_SELU_SKIP_TFJS_NODE; then
  log 'skipped (TFJS_SELU_SKIP_TFJS_NODE is set): the tensorflow backend will not be available'
  exit 0
fi

command -v node >/dev/null || fail 'node is not on PATH' 'install Node.js >= 18'
[[ -f package.json && -d node_modules ]] ||
  fail "run me from the project root after installing node_modules (cwd: $PWD)" \
       'npm ci --ignore-scripts && bash scripts/setup-tfjs-node.sh'

# The check used both for the fast path and for the final verification. It prints
# "<tfjs-node version> <native TF version>" on success.
verify_js='
const tf = require("@tensorflow/tfjs-node");
const backend = tf.getBackend();
if (backend !== "tensorflow") throw new Error(`tf.getBackend() is "${backend}", not "tensorflow"`);
const y = Array.from(tf.selu(tf.tensor1d([-1, 0, 2])).dataSync());
const want = [-1.1113307, 0, 2.101402];
if (y.some((v, i) => !(Math.abs(v - want[i]) < 1e-5))) throw new Error(`tf.selu gave ${y}`);
const m = Array.from(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync());
if (m.some((v) => v !== 3)) throw new Error(`tf.matMul gave ${m}`);
const native = tf.backend().binding.TF_Version;
if (typeof native !== "string" || !native) throw new Error("binding.TF_Version missing");
console.log(`${tf.version["tfjs-node"]} ${native}`);
'
run_verify() {  # stdout: versions line; stderr: the error, if any
  TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}" timeout 300 node -e "$verify_js"
}

# ---- fast path ------------------------------------------------------------------------
if out=$(run_verify 2>/tmp/setup-tfjs-node.$$.err); then
  rm -f /tmp/setup-tfjs-node.$$.err
  read -r v_node v_tf <<<"$out"
  log "OK: @tensorflow/tfjs-node $v_node, backend 'tensorflow', native TensorFlow $v_tf (nothing to do)"
  exit 0
fi
why=$(grep -m1 -E '^[A-Za-z]*Error:' /tmp/setup-tfjs-node.$$.err || head -n1 /tmp/setup-tfjs-node.$$.err || true)
why=${why:0:160}
rm -f /tmp/setup-tfjs-node.$$.err

PKG_DIR=$(node -p 'require("path").dirname(require.resolve("@tensorflow/tfjs-node/package.json"))' 2>/dev/null) ||
  fail '@tensorflow/tfjs-node is not installed in ./node_modules' \
       'npm ci --ignore-scripts (it is a devDependency), then rerun this script'
log "tfjs-node is not usable yet (${why:-unknown reason}); setting it up in $PKG_DIR"

TFJS_NODE_VERSION=$(node -p "require('$PKG_DIR/package.json').version")
if [[ "$TFJS_NODE_VERSION" != "$EXPECTED_TFJS_NODE" ]]; then
  log "warning: found @tensorflow/tfjs-node $TFJS_NODE_VERSION, this script was checked with $EXPECTED_TFJS_NODE"
fi

# ---- prerequisites --------------------------------------------------------------------
[[ "$(uname -s)" == Linux && "$(uname -m)" == x86_64 ]] ||
  fail "only Linux x86_64 is supported by the pinned wheel (this is $(uname -s) $(uname -m))" \
       'on a machine with internet access a plain `npm install` fetches libtensorflow itself'
for tool in python3 make g++ sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is not on PATH (needed to fetch the wheel / build the addon)" \
    'apt-get update && apt-get install -y python3 python3-pip make g++'
done
python3 -m pip --version >/dev/null 2>&1 || fail 'python3 -m pip does not work' 'apt-get install -y python3-pip'

mkdir -p "$CACHE_DIR" || fail "cannot create cache dir $CACHE_DIR" 'set TFJS_SELU_CACHE_DIR to a writable directory'

# One setup at a time per cache (two checkouts / CI + dev on one machine).
if command -v flock >/dev/null; then
  exec 9>"$CACHE_DIR/.setup.lock"
  flock -w 1800 9 || fail "timed out waiting for $CACHE_DIR/.setup.lock" 'is another setup-tfjs-node.sh stuck?'
fi

free_mb() { df -Pm "$1" | awk 'NR==2 {print $4}'; }
(( $(free_mb "$PKG_DIR") > 900 )) ||
  fail "less than 900 MB free for $PKG_DIR/deps (the TensorFlow libraries take ~615 MB)" 'free some disk space'

# ---- 1. the pinned wheel, cached --------------------------------------------------------
WHEEL_PATH="$CACHE_DIR/$TF_WHEEL"
sha_ok() { [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$TF_WHEEL_SHA256" ]]; }
if [[ -f "$WHEEL_PATH" ]] && sha_ok "$WHEEL_PATH"; then
  log "using cached $TF_WHEEL"
else
  if [[ -f "$WHEEL_PATH" ]]; then log "cached wheel has the wrong sha256, fetching it again"; rm -f -- "$WHEEL_PATH"; fi
  (( $(free_mb "$CACHE_DIR") > 450 )) || fail "less than 450 MB free in $CACHE_DIR for the ~207 MB wheel" 'free some disk space'
  log "downloading $TF_WHEEL_PROJECT==$TF_VERSION (~207 MB) from PyPI into $CACHE_DIR"
  dl_dir=$(mktemp -d "$CACHE_DIR/download.XXXXXX")
  STAGE="$dl_dir"   # removed by the exit trap
  printf '%s==%s --hash=sha256:%s\n' "$TF_WHEEL_PROJECT" "$TF_VERSION" "$TF_WHEEL_SHA256" >"$dl_dir/req.txt"
  if ! python3 -m pip download --no-deps --no-cache-dir --progress-bar off --disable-pip-version-check \
        --only-binary=:all: --platform "$TF_WHEEL_PLATFORM" --python-version "$TF_WHEEL_PYVER" \
        --implementation cp --abi "$TF_WHEEL_ABI" --require-hashes -r "$dl_dir/req.txt" \
        -d "$dl_dir" >"$dl_dir/pip.log" 2>&1; then
    tail -n 20 "$dl_dir/pip.log" >&2
    fail "pip download of $TF_WHEEL_PROJECT==$TF_VERSION failed" \
         "check that PyPI is reachable, or put $TF_WHEEL (sha256 $TF_WHEEL_SHA256) into $CACHE_DIR yourself"
  fi
  [[ -f "$dl_dir/$TF_WHEEL" ]] || fail "pip did not produce $TF_WHEEL (got: $(ls "$dl_dir" | tr '\n' ' '))" \
    'report this: the pinned wheel name may have changed on PyPI'
  sha_ok "$dl_dir/$TF_WHEEL" || fail "sha256 mismatch for the downloaded $TF_WHEEL" 'retry; if it persists, do not trust the download'
  mv -f -- "$dl_dir/$TF_WHEEL" "$WHEEL_PATH"
  rm -rf -- "$dl_dir"; STAGE=''
  log "cached $WHEEL_PATH (sha256 verified)"
fi

# ---- 2. deps/{lib,include} ---------------------------------------------------------------
MODIFYING=1
rm -rf -- "$PKG_DIR/lib" "$PKG_DIR/build" "$PKG_DIR"/build-tmp-napi-v*   # any old/broken addon goes first
STAGE="$PKG_DIR/deps.setup-tmp"
rm -rf -- "$STAGE"
mkdir -p "$STAGE/lib" "$STAGE/include"
log 'extracting libtensorflow_cc.so.2, libtensorflow_framework.so.2 and the C API headers'
python3 - "$WHEEL_PATH" "$STAGE" <<'PY' || fail 'extracting the wheel failed' 'delete the cached wheel and rerun'
import os, shutil, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
libs = {'tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'}
inc = 'tensorflow/include/'
keep = ('tensorflow/c/', 'tensorflow/core/platform/', 'tsl/')
n = 0
with zipfile.ZipFile(wheel) as z:
    for info in z.infolist():
        name = info.filename
        if name in libs:
            dest = os.path.join(out, 'lib', os.path.basename(name))
        elif name.startswith(inc) and name[len(inc):].startswith(keep) and not name.endswith('/'):
            dest = os.path.join(out, 'include', name[len(inc):])
        else:
            continue
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with z.open(info) as src, open(dest, 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.chmod(dest, 0o755 if name in libs else 0o644)
        n += 1
for need in ['lib/libtensorflow_cc.so.2', 'lib/libtensorflow_framework.so.2',
             'include/tensorflow/c/c_api.h', 'include/tensorflow/c/eager/c_api.h',
             'include/tensorflow/core/platform/ctstring_internal.h']:
    if not os.path.isfile(os.path.join(out, need)):
        sys.exit(f'missing {need} in {wheel}')
print(f'[setup-tfjs-node] extracted {n} files')
PY
# install.js's idea of the library file names (libtensorflow.so.2.9.1 for 4.22.0).
marker=$(node -p "require('$PKG_DIR/scripts/deps-constants.js').depsLibTensorFlowName" 2>/dev/null || echo libtensorflow.so.2.9.1)
marker_fw=$(node -p "require('$PKG_DIR/scripts/deps-constants.js').depsLibTensorFlowFrameworkName" 2>/dev/null || echo libtensorflow_framework.so.2.9.1)
(
  cd "$STAGE/lib"
  ln -sf libtensorflow_cc.so.2 libtensorflow.so
  ln -sf libtensorflow_cc.so.2 libtensorflow.so.2
  ln -sf libtensorflow_cc.so.2 "$marker"
  ln -sf libtensorflow_framework.so.2 libtensorflow_framework.so
  [[ "$marker_fw" == libtensorflow_framework.so.2 ]] || ln -sf libtensorflow_framework.so.2 "$marker_fw"
)
printf 'TensorFlow %s C library from PyPI wheel %s (sha256 %s), laid out by scripts/setup-tfjs-node.sh\n' \
  "$TF_VERSION" "$TF_WHEEL" "$TF_WHEEL_SHA256" >"$STAGE/SOURCE.txt"
rm -rf -- "$PKG_DIR/deps"
mv -- "$STAGE" "$PKG_DIR/deps"
STAGE=''

# ---- 3. build the addon from source --------------------------------------------------------
# node-gyp needs Node's headers; offline it cannot download them, so use npm's `nodedir`
# config (root's npm config sets nodedir=/usr here) or the headers next to the node binary.
nodedir="${npm_config_nodedir:-}"
if [[ -z "$nodedir" ]]; then nodedir=$(npm config get nodedir 2>/dev/null || true); fi
if [[ -z "$nodedir" || "$nodedir" == undefined || "$nodedir" == null || ! -f "$nodedir/include/node/node_api.h" ]]; then
  nodedir=$(dirname "$(dirname "$(command -v node)")")
  [[ -f "$nodedir/include/node/node_api.h" && -f "$nodedir/include/node/common.gypi" ]] || nodedir=''
fi
gyp_args=(install --build-from-source)
if [[ -n "$nodedir" ]]; then gyp_args+=("--nodedir=$nodedir"); else
  log 'warning: no local Node.js headers found (npm config nodedir); node-gyp will try ~/.cache/node-gyp or download them'
fi
pregyp=$(node -p "require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', {paths: ['$PKG_DIR']})" 2>/dev/null) ||
  fail '@mapbox/node-pre-gyp (a dependency of tfjs-node) is not installed' 'rm -rf node_modules && npm ci --ignore-scripts'
BUILD_LOG="$CACHE_DIR/build-tfjs-node.log"
log "building tfjs_binding.node from source (node-pre-gyp ${gyp_args[*]}); log: $BUILD_LOG"
if ! (cd "$PKG_DIR" && npm_config_build_from_source=true node "$pregyp" "${gyp_args[@]}") >"$BUILD_LOG" 2>&1; then
  { grep -m 15 -E 'error:|[Ee]rror [0-9]|ERR! stack Error' "$BUILD_LOG" || tail -n 15 "$BUILD_LOG"; } >&2
  fail "building the tfjs-node binding failed (full log: $BUILD_LOG)" \
       'it needs python3, make, g++ and Node.js headers: point npm config `nodedir` at a prefix with include/node/node_api.h (here: npm config set nodedir /usr)'
fi

# ---- 4. verify -----------------------------------------------------------------------------
if ! out=$(run_verify 2>"$CACHE_DIR/verify.err"); then
  tail -n 20 "$CACHE_DIR/verify.err" >&2
  fail 'the built binding does not load or a native op failed' "see $CACHE_DIR/verify.err and $BUILD_LOG"
fi
MODIFYING=0
rm -f "$CACHE_DIR/verify.err"
read -r v_node v_tf <<<"$out"
log "OK: @tensorflow/tfjs-node $v_node, backend 'tensorflow', tf.selu/tf.matMul ran natively, native TensorFlow $v_tf (took $((SECONDS - START_SECONDS)) s)"
log "read it from JS: require('@tensorflow/tfjs-node').version['tfjs-node'] and tf.backend().binding.TF_Version"
