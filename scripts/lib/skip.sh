# Sourced by the scripts that honour the opt-outs TFJS_SELU_SKIP_TFJS_NODE (no native TensorFlow),
# TFJS_SELU_SKIP_BROWSER (no Chromium) and TFJS_SELU_SKIP_RUNTIMES (no Bun and Deno);
# test/support/env.ts is the same rule for the tests.
# '1' or 'true' asks to skip; unset, '', '0' or 'false' does not; any other value is an error.
# CI (CI=true) never honours them: asking for a skip there exits 1.
# Usage: if skip_requested TFJS_SELU_SKIP_BROWSER; then …; fi
skip_requested() {
  local var=$1
  local value=${!var:-}
  case "$value" in
    '' | 0 | false) return 1 ;;
    1 | true) ;;
    *)
      printf '[tfjs-selu] %s=%s: set it to 1 or true to skip, 0 or false (or unset) not to\n' "$var" "$value" >&2
      exit 1
      ;;
  esac
  if [[ "${CI:-}" == true ]]; then
    printf '[tfjs-selu] %s is set, but CI must run every backend: refusing to skip\n' "$var" >&2
    exit 1
  fi
  return 0
}
