import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutInputs} from '../../src/kernel_names.js';
import {forwardAffine} from '../../src/math/alpha_dropout_loops.js';
import {maskedAffineNode} from './masked_affine_node.js';

/** AlphaDropoutKernel on 'tensorflow': y = a·x + b where the key's mask keeps, dropValue elsewhere. */
export function alphaDropoutNode(args: {inputs: AlphaDropoutInputs, backend: NodeJSKernelBackend,
                                        attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutKernel, {x});
  return maskedAffineNode(AlphaDropoutKernel, x, backend, attrs, forwardAffine(attrs));
}

export const alphaDropoutNodeConfig: KernelConfig = {
  kernelName: AlphaDropoutKernel,
  backendName: 'tensorflow',
  kernelFunc: alphaDropoutNode as unknown as KernelFunc,
};
