import {serialization} from '@tensorflow/tfjs-core';
import {SeluAlphaDropout} from './alpha_dropout.js';
import type {SeluAlphaDropoutArgs} from './alpha_dropout.js';

/** The config Keras (and tfjs-layers) write for an `AlphaDropout` layer: rate, noiseShape, seed. */
export type KerasAlphaDropoutArgs = Omit<SeluAlphaDropoutArgs, 'alpha' | 'scale'>;

/**
 * Keras's `AlphaDropout` (class name `'AlphaDropout'`) on the plugin's
 * {@link SeluAlphaDropout}: dropped units go to −scale·alpha and the affine
 * correction keeps mean and variance, as in Keras. Its config is Keras's
 * (`rate`, `noiseShape`, `seed`), so a model saved after fine-tuning loads
 * back in Keras and in tfjs.
 *
 * Loaded models get it only between {@link useSeluAlphaDropoutForBuiltin}
 * and the restore it returns. A `seed` (an integer in [0, 2^53)) makes the
 * masks reproducible: training call n uses the key derived from the seed and
 * n, so the mask still changes every step.
 */
export class KerasAlphaDropout extends SeluAlphaDropout {
  /** The class name Keras and tfjs-layers write for AlphaDropout. */
  static override className = 'AlphaDropout';
  static override errorName = 'AlphaDropout';

  /** Built by `tf.loadLayersModel` from Keras's config. */
  constructor(args: KerasAlphaDropoutArgs) {
    super({...args, alpha: undefined, scale: undefined});
  }

  override getConfig(): serialization.ConfigDict {
    // Keras's AlphaDropout has no alpha/scale: it always follows the paper's SELU.
    const config = super.getConfig();
    delete config['alpha'];
    delete config['scale'];
    return config;
  }
}

type Registration = [serialization.SerializableConstructor<serialization.Serializable>, unknown];

/** tfjs-layers' own registration of 'AlphaDropout' while the plugin's replaces it (undefined: none). */
let replaced: {previous: Registration | undefined} | null = null;

/**
 * Makes models loaded with `tf.loadLayersModel` build their `AlphaDropout`
 * layers (saved by Keras or by tfjs-layers) as {@link KerasAlphaDropout},
 * which keeps mean and variance while training, instead of tfjs-layers 4.x's
 * `AlphaDropout`, which sets dropped units to +scale·alpha (a sign error that
 * shifts the mean by about 3.5·rate). Inference is unchanged (dropout is the
 * identity there); it matters for fine-tuning a loaded SNN.
 *
 * Explicit and reversible, like `useSeluPluginForBuiltin`, because it
 * changes tfjs's class registry for the whole process: every model loaded
 * until the returned function runs. Models loaded before keep their layers;
 * `tf.layers.alphaDropout()` still builds tfjs's class. Idempotent.
 *
 * ```js
 * import {useSeluAlphaDropoutForBuiltin} from 'tfjs-selu/layers';
 * const restore = useSeluAlphaDropoutForBuiltin();
 * const model = await tf.loadLayersModel('file://keras-snn/model.json');
 * restore();   // later loads get tfjs-layers' AlphaDropout again
 * ```
 *
 * @returns A function that restores tfjs-layers' `AlphaDropout` class for
 *     later loads (a no-op once restored).
 */
export function useSeluAlphaDropoutForBuiltin(): () => void {
  if (replaced === null) {
    const classNameMap = serialization.SerializationMap.getMap().classNameMap as Record<string, Registration>;
    replaced = {previous: classNameMap[KerasAlphaDropout.className]};
    serialization.registerClass(KerasAlphaDropout);
  }
  return restoreBuiltinAlphaDropout;
}

function restoreBuiltinAlphaDropout(): void {
  if (replaced === null) return;
  const classNameMap = serialization.SerializationMap.getMap().classNameMap as Record<string, Registration>;
  if (replaced.previous !== undefined) {
    serialization.registerClass(replaced.previous[0]);
  } else {
    delete classNameMap[KerasAlphaDropout.className];
  }
  replaced = null;
}
