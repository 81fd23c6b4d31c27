import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {FLOAT32_CLAMP_CEILING} from '../../src/constants.js';
import {assertKernelDtypes} from '../../src/validation.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {SeluGradKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradInputs} from '../../src/kernel_names.js';

/** pos·2^-128 is in (0, 0.5] for 0 < pos ≤ FLOAT32_CLAMP_CEILING: its ceiling is 1 exactly when pos > 0. */
const INDICATOR_SCALE = 2 ** -128;

/**
 * dx = dy·λ where y > 0, dy·(y + λα) elsewhere: one pass over dy and y,
 * branch-free. With pos/neg the positive/negative parts of y and
 * [y > 0] = ceil(pos·2^-128), the factor is neg + λα + (λ − λα)·[y > 0].
 * NaN propagates; y = +Inf gives λ.
 */
export function seluGradCpu(args: {inputs: SeluGradInputs, backend: MathBackendCPU, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  assertKernelDtypes(SeluGradKernel, {dy, y});
  const dys = backend.data.get(dy.dataId).values as TypedArray;
  const ys = backend.data.get(y.dataId).values as TypedArray;
  const dxs = new Float32Array(ys.length);
  const scaleAlpha = float32ScaleAlpha(attrs);
  const jump = attrs.scale - scaleAlpha;
  const ceiling = FLOAT32_CLAMP_CEILING;  // a local: see seluBranchFree
  for (let i = 0; i < ys.length; ++i) {
    const v = Math.min(ys[i], ceiling);
    const magnitude = Math.abs(v);
    const isPositive = Math.ceil((v + magnitude) * 0.5 * INDICATOR_SCALE);
    dxs[i] = dys[i] * ((v - magnitude) * 0.5 + scaleAlpha + jump * isPositive);
  }
  return backend.makeTensorInfo(y.shape, 'float32', dxs);
}

export const seluGradCpuConfig: KernelConfig = {
  kernelName: SeluGradKernel,
  backendName: 'cpu',
  kernelFunc: seluGradCpu as unknown as KernelFunc,
};
