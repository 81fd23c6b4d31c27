import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutGradKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutGradInputs} from '../../src/kernel_names.js';
import {gradientAffine} from '../../src/math/alpha_dropout_loops.js';
import {maskedAffineWasm} from './masked_affine_wasm.js';

/** dx = a·dy where the key's mask keeps, 0 elsewhere: the mask regenerated, one pass. */
export function alphaDropoutGradWasm(args: {inputs: AlphaDropoutGradInputs, backend: BackendWasm,
                                           attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {dy}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutGradKernel, {dy});
  return maskedAffineWasm(dy, backend, attrs, gradientAffine(attrs));
}

export const alphaDropoutGradWasmConfig: KernelConfig = {
  kernelName: AlphaDropoutGradKernel,
  backendName: 'wasm',
  kernelFunc: alphaDropoutGradWasm as unknown as KernelFunc,
};
