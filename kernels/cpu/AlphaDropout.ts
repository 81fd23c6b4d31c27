import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutInputs} from '../../src/kernel_names.js';
import {forwardAffine, maskedAffineLoop} from '../../src/math/alpha_dropout_loops.js';

/** y = a·x + b where the key's mask keeps, dropValue elsewhere: the shared loop of src/math/alpha_dropout_loops.ts. */
export function alphaDropoutCpu(args: {inputs: AlphaDropoutInputs, backend: MathBackendCPU,
                                       attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutKernel, {x});
  const xs = backend.data.get(x.dataId).values as TypedArray;
  const ys = new Float32Array(xs.length);
  maskedAffineLoop(xs, ys, x.shape, attrs, forwardAffine(attrs));
  return backend.makeTensorInfo(x.shape, 'float32', ys);
}

export const alphaDropoutCpuConfig: KernelConfig = {
  kernelName: AlphaDropoutKernel,
  backendName: 'cpu',
  kernelFunc: alphaDropoutCpu as unknown as KernelFunc,
};
