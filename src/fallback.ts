/**
 * The path for backends the plugin has no kernels for (wasm, webgpu, a
 * third-party backend): the same math as a composition of tfjs-core ops. It is
 * correct, slower, and announced once per backend.
 */
import {add, engine, equal, exp, getKernel, greater, isNaN as isNaNOp, log, maximum, minimum, mul, sub, tidy, where,
  div} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';
import {FLOAT32_MIN_POSITIVE} from './constants.js';
import type {SeluAttrs} from './kernel_names.js';
import {float32ScaleAlpha} from './math/scale_alpha.js';
import {EXPM1_LOWER_CLAMP} from './math/expm1.js';

/** The entry point that registers fast kernels, per backend name. */
const ENTRY_POINTS: Record<string, string> = {cpu: 'tfjs-selu/cpu', webgl: 'tfjs-selu/webgl', tensorflow: 'tfjs-selu/node'};

const warnedBackends = new Set<string>();

/** Whether the active backend has the plugin's kernel `kernelName` registered. */
export function hasPluginKernel(kernelName: string): boolean {
  return getKernel(kernelName, activeBackendName()) !== undefined;
}

/**
 * Warns, once per backend, that the active backend runs the composition
 * below, naming the entry point that would register fast kernels for it.
 */
export function warnFallbackOnce(): void {
  const backendName = activeBackendName();
  if (warnedBackends.has(backendName)) return;
  warnedBackends.add(backendName);
  const remedy = ENTRY_POINTS[backendName] !== undefined ?
      `import '${ENTRY_POINTS[backendName]}' to register the plugin's kernels` :
      'tfjs-selu has no kernels for this backend yet';
  console.warn(`tfjs-selu: no SELU kernels are registered for backend '${backendName}'; ` +
      `using a slower composition of tfjs-core ops (${remedy}).`);
}

function activeBackendName(): string {
  const current = engine();
  // Reading `backend` initialises the best registered backend if none is yet.
  void current.backend;
  return current.backendName;
}

/**
 * selu from tfjs-core ops. expm1(t) for t ≤ 0 uses Kahan's form
 * (e^t − 1)·t / log(e^t), which cancels the rounding error of e^t instead of
 * losing all relative precision near 0 like e^t − 1 does.
 */
export function seluComposite(x: Tensor, {alpha, scale}: SeluAttrs): Tensor {
  return tidy(() => {
    const t = maximum(minimum(x, 0), EXPM1_LOWER_CLAMP);
    const u = exp(t);
    const expm1 = where(equal(u, 1), t, mul(sub(u, 1), div(t, log(u))));
    const positive = maximum(mul(x, scale), FLOAT32_MIN_POSITIVE);
    const selected = where(greater(x, 0), positive, mul(expm1, scale * alpha));
    // min/max need not propagate NaN on every backend: restore it explicitly.
    return where(isNaNOp(x), x, selected);
  });
}

/** seluGrad from tfjs-core ops: dy·λ where y > 0, dy·(y + λα) elsewhere (NaN stays NaN). */
export function seluGradComposite(dy: Tensor, y: Tensor, attrs: SeluAttrs): Tensor {
  return tidy(() => where(greater(y, 0), mul(dy, attrs.scale), mul(dy, add(y, float32ScaleAlpha(attrs)))));
}
