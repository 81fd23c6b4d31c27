import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {util} from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {SeluKernel} from '../../src/kernel_names.js';
import type {SeluForwardAttrs, SeluInputs} from '../../src/kernel_names.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {seluLoop} from '../../src/math/selu_loops.js';
import {seluSimdKernels} from './simd.js';

/**
 * selu on tfjs-backend-wasm's heap, without copies: float32 through the SIMD
 * module four values at a time, the last `size % 4` values, int32 input and
 * engines without SIMD through the shared JavaScript loop on heap views. With
 * `inPlace`, y overwrites x when no other tensor shares x's memory.
 */
export function seluWasm(args: {inputs: SeluInputs, backend: BackendWasm, attrs: SeluForwardAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(SeluKernel, {x});
  const overwrite = attrs.inPlace === true && x.dtype === 'float32' && backend.refCount(x.dataId) === 1;
  const out = overwrite ? {dataId: x.dataId, shape: x.shape, dtype: 'float32' as const} : backend.makeOutput(x.shape, 'float32');
  const size = util.sizeFromShape(x.shape);
  const simd = x.dtype === 'float32' ? seluSimdKernels(backend) : null;
  const simdCount = simd === null ? 0 : size - size % 4;
  if (simd !== null && simdCount > 0) {
    simd.selu(backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), simdCount, attrs.scale,
        float32ScaleAlpha(attrs));
  }
  if (simdCount < size) {
    // Views only now: allocating the output may have grown the heap, which replaces its buffer.
    seluLoop(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out) as Float32Array, attrs, simdCount, size);
  }
  // The output shares x's memory, as a reshape does; the op then disposes x.
  if (overwrite) backend.incRef(x.dataId);
  return out;
}

export const seluWasmConfig: KernelConfig = {
  kernelName: SeluKernel,
  backendName: 'wasm',
  kernelFunc: seluWasm as unknown as KernelFunc,
};
