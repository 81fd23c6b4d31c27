import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutGradKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutGradInputs} from '../../src/kernel_names.js';
import {gradientAffine, maskedAffineLoop} from '../../src/math/alpha_dropout_loops.js';

/** dx = a·dy where the key's mask keeps, 0 elsewhere: the mask regenerated, one pass. */
export function alphaDropoutGradCpu(args: {inputs: AlphaDropoutGradInputs, backend: MathBackendCPU,
                                           attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {dy}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutGradKernel, {dy});
  const dys = backend.data.get(dy.dataId).values as TypedArray;
  const dxs = new Float32Array(dys.length);
  maskedAffineLoop(dys, dxs, dy.shape, attrs, gradientAffine(attrs));
  return backend.makeTensorInfo(dy.shape, 'float32', dxs);
}

export const alphaDropoutGradCpuConfig: KernelConfig = {
  kernelName: AlphaDropoutGradKernel,
  backendName: 'cpu',
  kernelFunc: alphaDropoutGradCpu as unknown as KernelFunc,
};
