/**
 * Entry point `tfjs-selu/layers`: tfjs-layers building blocks on the plugin's
 * op. Separate from the main entry so that op-only users need not install
 * `@tensorflow/tfjs-layers`. Importing it registers, for model serialization,
 * the layer classes and Keras's `LecunNormal` / `LecunUniform` initializers
 * (names tfjs-layers lacks, so nothing of tfjs changes), and, through the main
 * module, the op's gradients; kernels still come from a backend entry point
 * such as `tfjs-selu/cpu`. Replacing tfjs's `AlphaDropout` for loaded models
 * is an explicit call: {@link useSeluAlphaDropoutForBuiltin}.
 */
import '../index.js';

export {SeluAlphaDropout, seluAlphaDropout} from './alpha_dropout.js';
export type {SeluAlphaDropoutArgs} from './alpha_dropout.js';
export {LecunNormal, LecunUniform, lecunNormal, lecunUniform} from './initializers.js';
export type {Initializer, LecunInitializerArgs} from './initializers.js';
export {fromKeras3, keras3ArtifactsForTfjs} from './keras3.js';
export {KerasAlphaDropout, useSeluAlphaDropoutForBuiltin} from './keras_alpha_dropout.js';
export type {KerasAlphaDropoutArgs} from './keras_alpha_dropout.js';
export {SeluLayer, seluLayer} from './selu_layer.js';
export type {SeluLayerArgs} from './selu_layer.js';
