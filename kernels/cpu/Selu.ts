import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {FLOAT32_CLAMP_CEILING, FLOAT32_MIN_POSITIVE} from '../../src/constants.js';
import {assertKernelDtypes} from '../../src/validation.js';
import {SeluKernel} from '../../src/kernel_names.js';
import type {SeluForwardAttrs, SeluInputs} from '../../src/kernel_names.js';
import {EXPM1_LOWER_CLAMP, expm1NonPositive} from '../../src/math/expm1.js';

/**
 * y = λ·x for x > 0, λα·expm1(x) otherwise; expm1 keeps the relative precision
 * near 0 that exp(x) − 1 would lose. Reads xs[i] before writing ys[i], so ys
 * may be xs (in place).
 */
export function seluCpu(args: {inputs: SeluInputs, backend: MathBackendCPU, attrs: SeluForwardAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs: {alpha, scale, inPlace}} = args;
  assertKernelDtypes(SeluKernel, {x});
  const xs = backend.data.get(x.dataId).values as TypedArray;
  // In place only when no other tensor (a clone, a reshape, a saved copy) shares the buffer.
  const overwrite = inPlace === true && x.dtype === 'float32' && backend.refCount(x.dataId) === 1;
  const ys = overwrite ? xs as Float32Array : new Float32Array(xs.length);
  if (scale >= 1) {
    seluBranchFree(xs, ys, scale, scale * alpha);
  } else {
    seluKeepingPositivesPositive(xs, ys, scale, scale * alpha);
  }
  if (overwrite) {
    // The output shares x's buffer, as cpu's Reshape does; the op then disposes x.
    backend.incRef(x.dataId);
    return {dataId: x.dataId, shape: x.shape, dtype: 'float32'};
  }
  return backend.makeTensorInfo(x.shape, 'float32', ys);
}

/**
 * Without a data-dependent branch (random signs would otherwise cost a branch
 * misprediction per element): x splits into its positive part (x + |x|)/2 and
 * negative part (x − |x|)/2, exact in float64, and y = λ·pos + λα·expm1(neg).
 * The clamps act only on x < −30 or x > 2^127: predictable. NaN propagates.
 * Needs λ ≥ 1, so that λ·x cannot round to 0 for x > 0.
 */
function seluBranchFree(xs: TypedArray, ys: Float32Array, scale: number, scaleAlpha: number): void {
  // Locals, not module bindings, inside the hot loop: transpiled imports can
  // be getters, which the loop would otherwise call per element.
  const lowerClamp = EXPM1_LOWER_CLAMP;
  const expm1 = expm1NonPositive;
  const ceiling = FLOAT32_CLAMP_CEILING;
  for (let i = 0; i < xs.length; ++i) {
    const v = Math.max(xs[i], lowerClamp);
    const bounded = Math.min(v, ceiling);
    ys[i] = scale * (v + Math.abs(v)) * 0.5 + scaleAlpha * expm1((bounded - Math.abs(bounded)) * 0.5);
  }
}

/**
 * For λ < 1, where λ·x can round to 0 in float32 for denormal x > 0: the
 * gradient reads the sign of y, so y is at least the smallest positive float32
 * there. A rarely used configuration: plain branches.
 */
function seluKeepingPositivesPositive(xs: TypedArray, ys: Float32Array, scale: number, scaleAlpha: number): void {
  for (let i = 0; i < xs.length; ++i) {
    const v = xs[i];
    ys[i] = v > 0 ? Math.max(scale * v, FLOAT32_MIN_POSITIVE) : scaleAlpha * expm1NonPositive(Math.max(v, EXPM1_LOWER_CLAMP));
  }
}

export const seluCpuConfig: KernelConfig = {
  kernelName: SeluKernel,
  backendName: 'cpu',
  kernelFunc: seluCpu as unknown as KernelFunc,
};
