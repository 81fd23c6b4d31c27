import {mul, step, sub} from '@tensorflow/tfjs-core';
import type {GradConfig, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';
import type {SeluAttrs} from '../constants.js';
import {SeluGradKernel} from '../kernel_names.js';
import {seluGrad} from '../selu_grad.js';

/**
 * Gradient of {@link SeluGradKernel} G(dy, y) = dy · g(y), which makes second
 * and higher orders work: ∂G/∂dy = g(y) (another SeluGradKernel pass) and
 * ∂G/∂y = dy · [y ≤ 0]. The mask 1 − step(y) is NaN where y is NaN, and step's
 * gradient is zero, so the mask is differentiable for third order.
 */
export const seluGradGradConfig: GradConfig = {
  kernelName: SeluGradKernel,
  inputsToSave: ['dy', 'y'],
  gradFunc: (ddx: Tensor | Tensor[], [dy, y]: Tensor[], attrs?: NamedAttrMap) => {
    const {alpha, scale} = attrs as unknown as SeluAttrs;
    const upstream = ddx as Tensor;
    return {
      dy: () => seluGrad(upstream, y, {alpha, scale}),
      y: () => mul(mul(upstream, dy), sub(1, step(y))),
    };
  },
};
