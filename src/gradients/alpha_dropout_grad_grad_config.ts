import type {GradConfig, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';
import {alphaDropoutGrad} from '../alpha_dropout.js';
import {AlphaDropoutGradKernel} from '../kernel_names.js';
import type {AlphaDropoutAttrs} from '../kernel_names.js';

/**
 * Gradient of {@link AlphaDropoutGradKernel}, for second and higher orders:
 * dx = a·keep·dy is linear in dy, so ∂/∂dy applied to the upstream ddx is
 * the same kernel on ddx. Saves no tensor.
 */
export const alphaDropoutGradGradConfig: GradConfig = {
  kernelName: AlphaDropoutGradKernel,
  gradFunc: (ddx: Tensor | Tensor[], _saved: Tensor[], attrs?: NamedAttrMap) => {
    return {dy: () => alphaDropoutGrad(ddx as Tensor, attrs as unknown as AlphaDropoutAttrs)};
  },
};
