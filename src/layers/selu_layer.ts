import {serialization} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';
import {layers} from '@tensorflow/tfjs-layers';
import {resolveSeluAttrs} from '../validation.js';
import type {SeluOptions} from '../validation.js';
import {selu} from '../selu.js';
import {assertLayerArgs, singleInput} from './layer_args.js';
import type {BaseLayerArgs, CallKwargs, LayerShape} from './layer_args.js';

/** Arguments of {@link seluLayer}: the op's `alpha`/`scale` plus the usual layer arguments. */
export interface SeluLayerArgs extends BaseLayerArgs, SeluOptions {}

/**
 * A tfjs-layers `Layer` that applies the plugin's {@link selu} op, so its
 * forward and backward run the plugin's kernels. Stateless (no weights).
 * Registered with `tf.serialization.registerClass`, so models using it save
 * and load like built-in layers; its config is `{alpha, scale}` plus the
 * base layer config.
 */
export class SeluLayer extends layers.Layer {
  /** The name under which models store and look up this class. */
  static className = 'SeluLayer';
  /** Negative-side saturation factor. */
  readonly alpha: number;
  /** Output scale. */
  readonly scale: number;

  /**
   * Prefer the {@link seluLayer} factory. `tf.loadLayersModel` calls this
   * (through `fromConfig`) with the saved config, so it validates the same way.
   */
  constructor(args?: SeluLayerArgs) {
    assertLayerArgs(args, 'seluLayer');
    const {alpha, scale} = resolveSeluAttrs({alpha: args?.alpha, scale: args?.scale}, 'seluLayer');
    super(args ?? {});
    this.alpha = alpha;
    this.scale = scale;
  }

  override call(inputs: Tensor | Tensor[], _kwargs: CallKwargs): Tensor {
    return selu(singleInput(inputs, 'seluLayer'), {alpha: this.alpha, scale: this.scale});
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return inputShape;
  }

  override getConfig(): serialization.ConfigDict {
    return {alpha: this.alpha, scale: this.scale, ...super.getConfig()};
  }
}
serialization.registerClass(SeluLayer);

/**
 * Creates a {@link SeluLayer}: SELU with configurable constants as a layer.
 *
 * ```js
 * import * as tf from '@tensorflow/tfjs';
 * import {lecunNormal, seluLayer} from 'tfjs-selu/layers';
 * import 'tfjs-selu/cpu';
 * const model = tf.sequential({layers: [
 *   tf.layers.dense({units: 64, inputShape: [10], kernelInitializer: lecunNormal()}),
 *   seluLayer(),                         // the paper's constants
 *   tf.layers.dense({units: 1}),
 * ]});
 * ```
 *
 * @param args `alpha` (finite, ≥ 0) and `scale` (finite, > 0), the paper's
 *     constants by default, and the base layer arguments (`name`,
 *     `inputShape`, …).
 * @throws Error naming the argument and `seluLayer` for invalid arguments.
 */
export function seluLayer(args?: SeluLayerArgs): SeluLayer {
  return new SeluLayer(args);
}
