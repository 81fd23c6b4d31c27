import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutGradKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutGradInputs} from '../../src/kernel_names.js';
import {runAlphaDropoutWebGPU} from './AlphaDropout.js';

/**
 * AlphaDropoutGradKernel on WebGPU: dx = a·dy where kept, 0 where dropped, the
 * mask regenerated from the key in one compute pass (nothing was saved).
 */
export function alphaDropoutGradWebGPU(args: {inputs: AlphaDropoutGradInputs, backend: WebGPUBackend,
                                              attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {dy}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutGradKernel, {dy});
  return runAlphaDropoutWebGPU(backend, dy, attrs, 'gradient');
}

export const alphaDropoutGradWebGPUConfig: KernelConfig = {
  kernelName: AlphaDropoutGradKernel,
  backendName: 'webgpu',
  kernelFunc: alphaDropoutGradWebGPU as unknown as KernelFunc,
};
