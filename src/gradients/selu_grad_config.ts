import type {GradConfig, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';
import {SeluKernel} from '../kernel_names.js';
import type {SeluAttrs} from '../kernel_names.js';
import {seluGrad} from '../selu_grad.js';

/**
 * Gradient of {@link SeluKernel}: saves only the forward output y (not x) and
 * computes dx in one SeluGradKernel pass, without exp.
 */
export const seluGradConfig: GradConfig = {
  kernelName: SeluKernel,
  outputsToSave: [true],
  gradFunc: (dy: Tensor | Tensor[], [y]: Tensor[], attrs?: NamedAttrMap) => {
    const {alpha, scale} = attrs as unknown as SeluAttrs;
    return {x: () => seluGrad(dy as Tensor, y, {alpha, scale})};
  },
};
