import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutGradKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutGradInputs} from '../../src/kernel_names.js';
import {gradientAffine} from '../../src/math/alpha_dropout_loops.js';
import {maskedAffineCpu} from './masked_affine_cpu.js';

/** dx = a·dy where the key's mask keeps, 0 elsewhere: the mask regenerated, one pass. */
export function alphaDropoutGradCpu(args: {inputs: AlphaDropoutGradInputs, backend: MathBackendCPU,
                                           attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {dy}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutGradKernel, {dy});
  return maskedAffineCpu(dy, backend, attrs, gradientAffine(attrs));
}

export const alphaDropoutGradCpuConfig: KernelConfig = {
  kernelName: AlphaDropoutGradKernel,
  backendName: 'cpu',
  kernelFunc: alphaDropoutGradCpu as unknown as KernelFunc,
};
