import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutInputs} from '../../src/kernel_names.js';
import {forwardAffine} from '../../src/math/alpha_dropout_loops.js';
import {maskedAffineWasm} from './masked_affine_wasm.js';

/** y = a·x + b where the key's mask keeps, dropValue elsewhere, on the backend's heap (masked_affine_wasm.ts). */
export function alphaDropoutWasm(args: {inputs: AlphaDropoutInputs, backend: BackendWasm,
                                       attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutKernel, {x});
  return maskedAffineWasm(x, backend, attrs, forwardAffine(attrs));
}

export const alphaDropoutWasmConfig: KernelConfig = {
  kernelName: AlphaDropoutKernel,
  backendName: 'wasm',
  kernelFunc: alphaDropoutWasm as unknown as KernelFunc,
};
