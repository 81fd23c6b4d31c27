import type {GradConfig, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';
import {alphaDropoutGrad} from '../alpha_dropout.js';
import {AlphaDropoutKernel} from '../kernel_names.js';
import type {AlphaDropoutAttrs} from '../kernel_names.js';

/**
 * Gradient of {@link AlphaDropoutKernel}: saves NO tensor. dx = a·keep·dy in
 * one AlphaDropoutGradKernel pass, the mask regenerated from the key in the
 * forward's attributes.
 */
export const alphaDropoutGradConfig: GradConfig = {
  kernelName: AlphaDropoutKernel,
  gradFunc: (dy: Tensor | Tensor[], _saved: Tensor[], attrs?: NamedAttrMap) => {
    return {x: () => alphaDropoutGrad(dy as Tensor, attrs as unknown as AlphaDropoutAttrs)};
  },
};
