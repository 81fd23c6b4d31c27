import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {util} from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {SeluGradKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradInputs} from '../../src/kernel_names.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {seluGradLoop} from '../../src/math/selu_loops.js';
import {seluSimdKernels} from './simd.js';

/**
 * dx = dy·λ where y > 0, dy·(y + λα) elsewhere, on tfjs-backend-wasm's heap:
 * float32 through the SIMD module, the last `size % 4` values and int32
 * inputs through the shared JavaScript loop on heap views.
 */
export function seluGradWasm(args: {inputs: SeluGradInputs, backend: BackendWasm, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  assertKernelDtypes(SeluGradKernel, {dy, y});
  const out = backend.makeOutput(y.shape, 'float32');
  const size = util.sizeFromShape(y.shape);
  const simd = dy.dtype === 'float32' && y.dtype === 'float32' ? seluSimdKernels(backend) : null;
  const simdCount = simd === null ? 0 : size - size % 4;
  if (simd !== null && simdCount > 0) {
    simd.seluGrad(backend.getMemoryOffset(dy.dataId), backend.getMemoryOffset(y.dataId), backend.getMemoryOffset(out.dataId),
        simdCount, attrs.scale, float32ScaleAlpha(attrs));
  }
  if (simdCount < size) {
    // Views only now: allocating the output may have grown the heap, which replaces its buffer.
    seluGradLoop(backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(y), backend.typedArrayFromHeap(out) as Float32Array,
        attrs, simdCount, size);
  }
  return out;
}

export const seluGradWasmConfig: KernelConfig = {
  kernelName: SeluGradKernel,
  backendName: 'wasm',
  kernelFunc: seluGradWasm as unknown as KernelFunc,
};
