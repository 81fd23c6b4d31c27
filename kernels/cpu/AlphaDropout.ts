import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutInputs} from '../../src/kernel_names.js';
import {forwardAffine} from '../../src/math/alpha_dropout_loops.js';
import {maskedAffineCpu} from './masked_affine_cpu.js';

/** y = a·x + b where the key's mask keeps, dropValue elsewhere: the shared loop of src/math/alpha_dropout_loops.ts. */
export function alphaDropoutCpu(args: {inputs: AlphaDropoutInputs, backend: MathBackendCPU,
                                       attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutKernel, {x});
  return maskedAffineCpu(x, backend, attrs, forwardAffine(attrs));
}

export const alphaDropoutCpuConfig: KernelConfig = {
  kernelName: AlphaDropoutKernel,
  backendName: 'cpu',
  kernelFunc: alphaDropoutCpu as unknown as KernelFunc,
};
