/**
 * Entry point `tfjs-selu/layers`: tfjs-layers building blocks on the plugin's
 * op. Separate from the main entry so that op-only users need not install
 * `@tensorflow/tfjs-layers`. Importing it registers the layer classes for
 * model serialization (and, through the main module, the op's gradients);
 * kernels still come from a backend entry point such as `tfjs-selu/cpu`.
 */
import '../index.js';

export {SeluAlphaDropout, seluAlphaDropout} from './alpha_dropout.js';
export type {SeluAlphaDropoutArgs} from './alpha_dropout.js';
export {SeluLayer, seluLayer} from './selu_layer.js';
export type {SeluLayerArgs} from './selu_layer.js';
