import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {SeluKernel} from '../../src/kernel_names.js';
import type {SeluForwardAttrs, SeluInputs} from '../../src/kernel_names.js';
import {seluLoop} from '../../src/math/selu_loops.js';

/**
 * y = λ·x for x > 0, λα·expm1(x) otherwise (the shared loop of
 * src/math/selu_loops.ts), into a new buffer or, for `inPlace`, into x's.
 */
export function seluCpu(args: {inputs: SeluInputs, backend: MathBackendCPU, attrs: SeluForwardAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(SeluKernel, {x});
  const xs = backend.data.get(x.dataId).values as TypedArray;
  // In place only when no other tensor (a clone, a reshape, a saved copy) shares the buffer.
  const overwrite = attrs.inPlace === true && x.dtype === 'float32' && backend.refCount(x.dataId) === 1;
  const ys = overwrite ? xs as Float32Array : new Float32Array(xs.length);
  seluLoop(xs, ys, attrs);
  if (overwrite) {
    // The output shares x's buffer, as cpu's Reshape does; the op then disposes x.
    backend.incRef(x.dataId);
    return {dataId: x.dataId, shape: x.shape, dtype: 'float32'};
  }
  return backend.makeTensorInfo(x.shape, 'float32', ys);
}

export const seluCpuConfig: KernelConfig = {
  kernelName: SeluKernel,
  backendName: 'cpu',
  kernelFunc: seluCpu as unknown as KernelFunc,
};
