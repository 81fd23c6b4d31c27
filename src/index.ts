/**
 * tfjs-selu: SELU as real TensorFlow.js kernels with a one-pass gradient from
 * the output, and AlphaDropout with its mask drawn inside the kernel. Importing this module registers the gradients; import a backend
 * entry point (`tfjs-selu/cpu`, `tfjs-selu/webgl`, `tfjs-selu/node`) to
 * register that backend's kernels.
 */
import {registerGradient} from '@tensorflow/tfjs-core';
import {seluGradConfig} from './gradients/selu_grad_config.js';
import {seluGradGradConfig} from './gradients/selu_grad_grad_config.js';
import {alphaDropoutGradConfig} from './gradients/alpha_dropout_grad_config.js';
import {alphaDropoutGradGradConfig} from './gradients/alpha_dropout_grad_grad_config.js';
import {seluGradFromInputGradConfig} from './gradients/selu_grad_from_input_grad_config.js';

export {SELU_ALPHA, SELU_SCALE} from './constants.js';
export {AlphaDropoutGradKernel, AlphaDropoutKernel, SeluGradFromInputKernel, SeluGradKernel, SeluKernel} from './kernel_names.js';
export type {
  AlphaDropoutAttrs, AlphaDropoutGradInputs, AlphaDropoutInputs, SeluAttrs, SeluForwardAttrs, SeluGradFromInputInputs, SeluGradInputs,
  SeluInputs,
} from './kernel_names.js';
export type {SeluOptions} from './validation.js';
export {selu} from './selu.js';
export {seluInPlace} from './selu_in_place.js';
export {seluGrad} from './selu_grad.js';
export {useSeluPluginForBuiltin} from './override.js';
export {alphaDropout} from './alpha_dropout.js';
export type {AlphaDropoutOptions} from './alpha_dropout.js';
export {alphaDropoutGradConfig, alphaDropoutGradGradConfig, seluGradConfig, seluGradFromInputGradConfig, seluGradGradConfig};

registerGradient(seluGradConfig);
registerGradient(seluGradGradConfig);
registerGradient(seluGradFromInputGradConfig);
registerGradient(alphaDropoutGradConfig);
registerGradient(alphaDropoutGradGradConfig);
