import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {FLOAT32_MIN_POSITIVE, assertKernelDtypes} from '../../src/constants.js';
import type {SeluAttrs} from '../../src/constants.js';
import {SeluKernel} from '../../src/kernel_names.js';
import type {SeluInputs} from '../../src/kernel_names.js';
import {EXPM1_LOWER_CLAMP, expm1NonPositive} from '../../src/math/expm1.js';

/** Keeps the negative part finite for x = +Inf (Inf − Inf would be NaN). */
const FINITE_CEILING = 2 ** 127;

/**
 * y = λ·x for x > 0, λα·expm1(x) otherwise, without a data-dependent branch:
 * x splits into its positive part (x + |x|)/2 and negative part (x − |x|)/2
 * (exact in float64), and y = λ·pos + λα·expm1(neg). The clamps only act on
 * x < −30 or x > 2^127, so their branches are predictable. NaN propagates.
 */
export function seluCpu(args: {inputs: SeluInputs, backend: MathBackendCPU, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs: {alpha, scale}} = args;
  assertKernelDtypes(SeluKernel, {x});
  const xs = backend.data.get(x.dataId).values as TypedArray;
  const ys = new Float32Array(xs.length);
  const scaleAlpha = scale * alpha;
  // Locals, not module bindings, inside the hot loop: transpiled imports can
  // be getters, which the loop would otherwise call per element.
  const lowerClamp = EXPM1_LOWER_CLAMP;
  const expm1 = expm1NonPositive;
  for (let i = 0; i < xs.length; ++i) {
    const v = Math.max(xs[i], lowerClamp);
    const positive = (v + Math.abs(v)) * 0.5;
    const bounded = Math.min(v, FINITE_CEILING);
    const negative = (bounded - Math.abs(bounded)) * 0.5;
    ys[i] = scale * positive + scaleAlpha * expm1(negative);
  }
  if (scale < 1) keepPositiveOutputsPositive(xs, ys);
  return backend.makeTensorInfo(x.shape, 'float32', ys);
}

/**
 * With λ < 1, λ·x can round to 0 in float32 for denormal x > 0; the gradient
 * reads the sign of y, so such outputs become the smallest positive float32.
 */
function keepPositiveOutputsPositive(xs: TypedArray, ys: Float32Array): void {
  for (let i = 0; i < xs.length; ++i) {
    if (ys[i] === 0 && xs[i] > 0) ys[i] = FLOAT32_MIN_POSITIVE;
  }
}

export const seluCpuConfig: KernelConfig = {
  kernelName: SeluKernel,
  backendName: 'cpu',
  kernelFunc: seluCpu as unknown as KernelFunc,
};
