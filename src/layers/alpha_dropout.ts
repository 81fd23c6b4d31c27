import {add, cast, greaterEqual, mul, randomUniform, serialization, sub, tidy} from '@tensorflow/tfjs-core';
import type {Tensor} from '@tensorflow/tfjs-core';
import {layers} from '@tensorflow/tfjs-layers';
import {resolveSeluAttrs} from '../validation.js';
import type {SeluOptions} from '../validation.js';
import {assertLayerArgs, singleInput} from './layer_args.js';
import type {BaseLayerArgs, CallKwargs, LayerShape} from './layer_args.js';

/** Arguments of {@link seluAlphaDropout}. */
export interface SeluAlphaDropoutArgs extends BaseLayerArgs, SeluOptions {
  /** Fraction of the units to drop while training, in [0, 1). */
  rate: number;
  /**
   * Shape of the dropout mask, broadcast against the input (e.g. `[null, 1, 8]`
   * drops whole channels of a sequence); `null` entries take the input's size.
   * The input's shape by default.
   */
  noiseShape?: Array<number | null> | null;
}

/**
 * AlphaDropout (Klambauer et al. 2017), the dropout of self-normalizing
 * networks: while training, each unit is set with probability `rate` to SELU's
 * negative saturation value −scale·alpha, then an affine map restores the
 * mean and variance of the input (0 and 1 at SELU's fixed point). The
 * identity at inference.
 *
 * It exists because tfjs-layers 4.x's `tf.layers.alphaDropout` sets dropped
 * units to +scale·alpha (a sign error), which shifts the mean by about
 * 3.5·rate while training. `alpha`/`scale` match a {@link SeluLayer} with
 * custom constants.
 */
export class SeluAlphaDropout extends layers.Layer {
  /** The name under which models store and look up this class. */
  static className = 'SeluAlphaDropout';
  /** Fraction of the units dropped while training. */
  readonly rate: number;
  /** alpha of the SELU this dropout follows. */
  readonly alpha: number;
  /** scale of the SELU this dropout follows. */
  readonly scale: number;
  /** Shape of the dropout mask (`null`: the input's shape). */
  readonly noiseShape: Array<number | null> | null;

  /** Prefer the {@link seluAlphaDropout} factory. */
  constructor(args: SeluAlphaDropoutArgs) {
    assertLayerArgs(args, 'seluAlphaDropout');
    const rate = args?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw new Error(`Argument 'rate' passed to 'seluAlphaDropout' must be a number in [0, 1), but got ${String(rate)}.`);
    }
    const {alpha, scale} = resolveSeluAttrs({alpha: args.alpha, scale: args.scale}, 'seluAlphaDropout');
    const noiseShape = resolveNoiseShape(args.noiseShape);
    super(args);
    this.supportsMasking = true;
    this.rate = rate;
    this.alpha = alpha;
    this.scale = scale;
    this.noiseShape = noiseShape;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    const x = singleInput(inputs, 'seluAlphaDropout');
    if (kwargs['training'] !== true || this.rate === 0) return x;
    return tidy(() => {
      const q = this.rate;
      const saturation = -this.scale * this.alpha;
      // The affine map a·x + b that brings mean and variance back (paper, eq. 14).
      const a = ((1 - q) * (1 + q * saturation ** 2)) ** -0.5;
      const b = -a * saturation * q;
      const kept = cast(greaterEqual(randomUniform(this.maskShape(x.shape)), q), 'float32');
      const dropped = add(mul(x, kept), mul(sub(1, kept), saturation));
      return add(mul(dropped, a), b);
    });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return inputShape;
  }

  override getConfig(): serialization.ConfigDict {
    return {rate: this.rate, alpha: this.alpha, scale: this.scale, noiseShape: this.noiseShape, ...super.getConfig()};
  }

  private maskShape(inputShape: number[]): number[] {
    const noiseShape = this.noiseShape;
    if (noiseShape === null) return inputShape;
    if (noiseShape.length !== inputShape.length ||
        noiseShape.some((size, i) => size !== null && size !== 1 && size !== inputShape[i])) {
      throw new Error(`'seluAlphaDropout' noiseShape [${noiseShape.join(', ')}] does not broadcast to its input's ` +
          `shape [${inputShape.join(', ')}].`);
    }
    return noiseShape.map((size, i) => size ?? inputShape[i]);
  }
}
serialization.registerClass(SeluAlphaDropout);

function resolveNoiseShape(noiseShape: unknown): Array<number | null> | null {
  if (noiseShape == null) return null;
  if (!Array.isArray(noiseShape) ||
      !noiseShape.every(size => size === null || (Number.isInteger(size) && (size as number) > 0))) {
    throw new Error(`Argument 'noiseShape' passed to 'seluAlphaDropout' must be an array of positive integers or ` +
        `null, but got ${JSON.stringify(noiseShape)}.`);
  }
  return noiseShape as Array<number | null>;
}

/**
 * Creates a {@link SeluAlphaDropout} layer: AlphaDropout that keeps the
 * self-normalizing property of the {@link SeluLayer} (or `'selu'` activation)
 * before it. Use it instead of ordinary dropout in SELU networks.
 *
 * @param args `rate` in [0, 1); `alpha`/`scale` of the SELU before it (the
 *     paper's constants by default); optional `noiseShape`; the base layer
 *     arguments.
 * @throws Error naming the argument and `seluAlphaDropout` for invalid arguments.
 */
export function seluAlphaDropout(args: SeluAlphaDropoutArgs): SeluAlphaDropout {
  return new SeluAlphaDropout(args);
}
