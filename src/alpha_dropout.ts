import {clone, customGrad, engine, op} from '@tensorflow/tfjs-core';
import type {GradSaveFunc, NamedAttrMap, NamedTensorMap, Tensor, TensorLike} from '@tensorflow/tfjs-core';
import {toFloatTensor} from './convert.js';
import {alphaDropoutComposite, alphaDropoutGradComposite, hasPluginKernel, warnFallbackOnce} from './fallback.js';
import {AlphaDropoutGradKernel, AlphaDropoutKernel} from './kernel_names.js';
import type {AlphaDropoutAttrs, SeluAttrs} from './kernel_names.js';
import {freshKey, keepThreshold, keyFromSeed} from './random/threefry.js';
import type {Key64} from './random/threefry.js';
import {resolveDropoutRate, resolveDropoutSeed, resolveNoiseShape, resolveSeluAttrs} from './validation.js';
import type {SeluOptions} from './validation.js';

/** Options of {@link alphaDropout}. */
export interface AlphaDropoutOptions extends SeluOptions {
  /** Fraction of the elements dropped, in [0, 1). Required. */
  rate: number;
  /**
   * An integer in [0, 2^53): the op is then stateless, the same seed giving
   * the same mask on every backend. Without it every call draws a fresh key.
   */
  seed?: number;
  /**
   * The mask's shape, broadcast against x: x's rank, each entry x's size or
   * 1 (one decision shared along that axis); `null` entries take x's size.
   * x's shape by default.
   */
  noiseShape?: Array<number | null>;
}

/**
 * AlphaDropout (Klambauer et al. 2017), the dropout of self-normalizing
 * networks, as Keras's `AlphaDropout` computes it while training: each
 * element is kept with probability 1 − rate; a dropped element becomes SELU's
 * saturation value −scale·alpha; then `a·v + b` restores mean 0 and variance 1
 * (`a = ((1 − rate)(1 + rate·(scale·alpha)²))^−½`, `b = a·scale·alpha·rate`).
 *
 * The op always drops (a layer decides training versus inference). The mask
 * is drawn inside the kernel by a counter-based generator (Threefry-2x32-20)
 * from a 64-bit key and each element's mask index, so the same `seed` gives
 * the bit-identical mask on every backend, and the gradient saves no tensor:
 * it regenerates the mask from the key (dx = a·keep·dy). `rate = 0` is the
 * identity. On a backend without the plugin's kernels it warns once and draws
 * the same mask on the host.
 *
 * ```js
 * import {alphaDropout} from 'tfjs-selu';
 * import 'tfjs-selu/cpu';
 * const y = alphaDropout(tf.randomNormal([256, 512]), {rate: 0.05, seed: 42});
 * ```
 *
 * @param x Input: a float32 or int32 tensor, or a tensor-like. int32 is cast
 *     to float32; other dtypes are rejected.
 * @param options `rate` in [0, 1); `alpha`/`scale` of the SELU before it (the
 *     paper's constants by default); optional `seed` and `noiseShape`.
 * @returns A float32 tensor of the shape of `x`.
 */
function alphaDropout_<T extends Tensor>(x: T | TensorLike, options: AlphaDropoutOptions): T {
  if (options == null || typeof options !== 'object' || Array.isArray(options)) {
    throw new Error(`Argument 'options' passed to 'alphaDropout' must be an object like {rate, seed}, but got ` +
        `${Array.isArray(options) ? 'an array' : String(options)}.`);
  }
  const rate = resolveDropoutRate(options.rate, OP_NAME);
  const seluAttrs = resolveSeluAttrs({alpha: options.alpha, scale: options.scale}, OP_NAME);
  const seed = resolveDropoutSeed(options.seed, OP_NAME);
  const $x = toFloatTensor(x, 'x', OP_NAME);
  const noiseShape = resolveNoiseShape(options.noiseShape, $x.shape, OP_NAME);
  // Keras's AlphaDropout is the identity at rate 0 (a = 1, b = 0): no kernel, no key.
  if (rate === 0) return clone($x) as T;
  const key = seed === undefined ? freshKey() : keyFromSeed(seed);
  return runAlphaDropout($x, alphaDropoutAttrs(rate, seluAttrs, key, noiseShape)) as T;
}

const OP_NAME = 'alphaDropout';

export const alphaDropout = /* @__PURE__ */ op({alphaDropout_});

/**
 * The kernel attributes for a validated rate, SELU constants, key and mask
 * shape: Keras's a, b and dropped value in float64, and the keep threshold.
 */
export function alphaDropoutAttrs(rate: number, {alpha, scale}: SeluAttrs, key: Key64,
                                  noiseShape: number[]): AlphaDropoutAttrs {
  const saturation = -scale * alpha;  // Keras's alpha_p
  const a = ((1 - rate) * (1 + rate * saturation ** 2)) ** -0.5;
  const b = -a * saturation * rate;
  return {keyLo: key.lo, keyHi: key.hi, threshold: keepThreshold(rate), a, b, dropValue: a * saturation + b, noiseShape};
}

/**
 * AlphaDropoutKernel on x (its registered gradient saves nothing), or, on a
 * backend without the plugin's kernels, the composition with the host mask
 * (warning once), whose gradient regenerates the mask the same way.
 */
export function runAlphaDropout(x: Tensor, attrs: AlphaDropoutAttrs): Tensor {
  return runMaskedKernel(AlphaDropoutKernel, {x}, attrs, alphaDropoutComposite);
}

/**
 * AlphaDropout's gradient: dx = a·keep·dy with `keep` regenerated from the
 * key in `attrs`. Linear in dy, so its own gradient is itself.
 */
export function alphaDropoutGrad(dy: Tensor, attrs: AlphaDropoutAttrs): Tensor {
  return runMaskedKernel(AlphaDropoutGradKernel, {dy}, attrs, alphaDropoutGradComposite);
}

/** The plugin's kernel `kernelName` on its one input, or (warning once) the composition. */
function runMaskedKernel(kernelName: string, input: {x: Tensor} | {dy: Tensor}, attrs: AlphaDropoutAttrs,
                         composite: (t: Tensor, attrs: AlphaDropoutAttrs) => Tensor): Tensor {
  if (hasPluginKernel(kernelName)) {
    return engine().runKernel(kernelName, input as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as Tensor;
  }
  warnFallbackOnce();
  return maskedFallback(Object.values(input)[0] as Tensor, attrs, composite);
}

/** A composition whose gradient is alphaDropoutGrad of the upstream: nothing saved. */
function maskedFallback(input: Tensor, attrs: AlphaDropoutAttrs,
                        composite: (t: Tensor, attrs: AlphaDropoutAttrs) => Tensor): Tensor {
  return customGrad((...args: Array<Tensor | GradSaveFunc>) => {
    const [t] = args as [Tensor];
    return {value: composite(t, attrs), gradFunc: (upstream: Tensor) => alphaDropoutGrad(upstream, attrs)};
  })(input);
}
