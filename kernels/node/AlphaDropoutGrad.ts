import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutGradKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutGradInputs} from '../../src/kernel_names.js';
import {gradientAffine} from '../../src/math/alpha_dropout_loops.js';
import {maskedAffineNode} from './masked_affine_node.js';

/** AlphaDropoutGradKernel on 'tensorflow': dx = a·dy where the key's mask keeps, 0 elsewhere (the mask regenerated). */
export function alphaDropoutGradNode(args: {inputs: AlphaDropoutGradInputs, backend: NodeJSKernelBackend,
                                            attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {dy}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutGradKernel, {dy});
  return maskedAffineNode(AlphaDropoutGradKernel, dy, backend, attrs, gradientAffine(attrs));
}

export const alphaDropoutGradNodeConfig: KernelConfig = {
  kernelName: AlphaDropoutGradKernel,
  backendName: 'tensorflow',
  kernelFunc: alphaDropoutGradNode as unknown as KernelFunc,
};
