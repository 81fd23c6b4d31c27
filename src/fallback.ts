/**
 * The path for backends the plugin has no kernels for (a third-party backend,
 * or any backend whose entry point was not imported): the same math as a composition of tfjs-core ops. It is
 * correct, slower, and announced once per backend.
 */
import {add, clone, engine, exp, floor, getKernel, greater, isNaN as isNaNOp, maximum, minimum, mul, scalar, sub, tensor, tidy, where} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';
import {FLOAT32_MIN_NORMAL} from './constants.js';
import type {AlphaDropoutAttrs, SeluAttrs} from './kernel_names.js';
import {forwardAffine, gradientAffine, keepMaskValues} from './math/alpha_dropout_loops.js';
import type {MaskedAffine} from './math/alpha_dropout_loops.js';
import {float32ScaleAlpha} from './math/scale_alpha.js';
import {EXPM1_LOWER_CLAMP, FALLBACK_POLYNOMIAL_FLOOR, fallbackExpm1Program} from './math/expm1.js';
import {compileFloat32Program} from './codegen/float32_program.js';
import type {Float32Arithmetic} from './codegen/float32_program.js';

/** The entry point that registers fast kernels, per backend name. */
const ENTRY_POINTS: Record<string, string> = {
  cpu: 'tfjs-selu/cpu',
  webgl: 'tfjs-selu/webgl',
  webgpu: 'tfjs-selu/webgpu',
  tensorflow: 'tfjs-selu/node',
  wasm: 'tfjs-selu/wasm',
};

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
  console.warn(`tfjs-selu: no kernels of the plugin (SELU, AlphaDropout) are registered for backend '${backendName}'; ` +
      `using a slower composition of tfjs-core ops (${remedy}).`);
}

function activeBackendName(): string {
  const current = engine();
  // Reading `backend` initialises the best registered backend if none is yet.
  void current.backend;
  return current.backendName;
}

/** Element-wise float32 arithmetic on tensors: tfjs-core ops. */
const TENSOR_ARITHMETIC: Float32Arithmetic<Tensor> = {
  literal: value => scalar(value),
  add: (a, b) => add(a, b),
  sub: (a, b) => sub(a, b),
  mul: (a, b) => mul(a, b),
  floor: a => floor(a),
  pow2: () => {
    throw new Error('the fallback composition builds no 2^k');
  },
  pow2OfShifted: () => {
    throw new Error('the fallback composition builds no 2^k');
  },
};

/** expm1(t) near 0 as tfjs-core ops: see fallbackExpm1Program. */
const compositeExpm1Polynomial = compileFloat32Program(fallbackExpm1Program(), TENSOR_ARITHMETIC);

/**
 * selu from tfjs-core ops, to the spec's precision on every backend. Near 0
 * expm1 is a polynomial evaluated with + − × only, never through the
 * backend's exp or log, whose GPU versions are not accurate to the last bits
 * there (Kahan's (e^t − 1)·t/log(e^t) was off by millions of ulps on webgpu
 * near x ≈ −1.4e-7). Positive outputs are at least 2^-126, the smallest
 * normal float32, so that y > 0 exactly when x > 0 (the gradient relies on
 * it) on every backend: a GPU backend may compare a denormal y > 0 as false
 * in one kernel and true in another (tfjs-backend-webgpu runs small tensors'
 * comparisons on the CPU, which does not flush denormals). Below 2^-126 the
 * output therefore carries an absolute error up to 2^-126.
 */
export function seluComposite(x: Tensor, {alpha, scale}: SeluAttrs): Tensor {
  return tidy(() => {
    const t = maximum(minimum(x, 0), EXPM1_LOWER_CLAMP);
    const expm1 = where(greater(t, FALLBACK_POLYNOMIAL_FLOOR), compositeExpm1Polynomial(t), sub(exp(t), 1));
    const positive = maximum(mul(x, scale), FLOAT32_MIN_NORMAL);
    const selected = where(greater(x, 0), positive, mul(expm1, scale * alpha));
    // min/max need not propagate NaN on every backend: restore it explicitly.
    return where(isNaNOp(x), x, selected);
  });
}

/** seluGrad from tfjs-core ops: dy·λ where y > 0, dy·(y + λα) elsewhere (NaN stays NaN). */
export function seluGradComposite(dy: Tensor, y: Tensor, attrs: SeluAttrs): Tensor {
  return tidy(() => where(greater(y, 0), mul(dy, attrs.scale), mul(dy, add(y, float32ScaleAlpha(attrs)))));
}

/**
 * AlphaDropout's keep mask drawn on the host by the same generator as the
 * kernels (src/math/alpha_dropout_loops.ts): a bool tensor of
 * `attrs.noiseShape`, true where kept. The composition below uses it, and so
 * can a backend that cannot run the integer generator itself (WebGL 1).
 */
export function hostKeepMask(attrs: AlphaDropoutAttrs): Tensor {
  return tensor(keepMaskValues(attrs), attrs.noiseShape, 'bool');
}

/** AlphaDropout from tfjs-core ops and the host mask: a·x + b where kept, dropValue elsewhere. */
export function alphaDropoutComposite(x: Tensor, attrs: AlphaDropoutAttrs): Tensor {
  return maskedAffineComposite(x, attrs, forwardAffine(attrs));
}

/** AlphaDropout's gradient from tfjs-core ops: a·dy where kept, 0 elsewhere (the mask regenerated, not saved). */
export function alphaDropoutGradComposite(dy: Tensor, attrs: AlphaDropoutAttrs): Tensor {
  return maskedAffineComposite(dy, attrs, gradientAffine(attrs));
}

function maskedAffineComposite(x: Tensor, attrs: AlphaDropoutAttrs, {a, b, dropped}: MaskedAffine): Tensor {
  // tfjs-node's Select rejects an empty tensor against the broadcast scalar: nothing to compute anyway.
  if (x.size === 0) return clone(x);
  // where broadcasts the mask over x (noiseShape's 1s).
  return tidy(() => where(hostKeepMask(attrs), add(mul(x, a), b), dropped));
}

/** seluGradFromInput from tfjs-core ops: dy·λ where x > 0, dy·λα·exp(x) elsewhere (NaN stays NaN). */
export function seluGradFromInputComposite(dy: Tensor, x: Tensor, attrs: SeluAttrs): Tensor {
  return tidy(() => {
    const factor = where(greater(x, 0), scalar(attrs.scale), mul(exp(minimum(x, 0)), float32ScaleAlpha(attrs)));
    return where(isNaNOp(x), x, mul(dy, factor));
  });
}
