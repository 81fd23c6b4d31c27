import type {GradConfig, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';
import {SeluGradKernel} from '../kernel_names.js';
import type {SeluAttrs} from '../kernel_names.js';
import {seluGradPartials} from '../selu_grad.js';

/**
 * Gradient of {@link SeluGradKernel}, which makes second and higher orders
 * work (see {@link seluGradPartials}).
 */
export const seluGradGradConfig: GradConfig = {
  kernelName: SeluGradKernel,
  inputsToSave: ['dy', 'y'],
  gradFunc: (ddx: Tensor | Tensor[], [dy, y]: Tensor[], attrs?: NamedAttrMap) => {
    const {alpha, scale} = attrs as unknown as SeluAttrs;
    const [gradDy, gradY] = seluGradPartials(ddx as Tensor, dy, y, {alpha, scale});
    return {dy: gradDy, y: gradY};
  },
};
