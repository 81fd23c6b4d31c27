/**
 * AlphaDropout's float64 reference: the mask replayed from the generator's
 * reference implementation (maskBits, known-answer tested), the mask index of
 * every element computed from its coordinates (independently of the kernels'
 * stride walk), Keras's constants from the paper's formula, and the
 * statistics the suite bounds.
 */
import {SELU_ALPHA, SELU_SCALE} from '../../src/index.js';
import type {AlphaDropoutAttrs, SeluAttrs} from '../../src/index.js';
import {keepThreshold, keyFromSeed, maskBits} from '../../src/random/threefry.js';
import type {Key64} from '../../src/random/threefry.js';

/**
 * The first 64 keep decisions ('1' kept) of the mask for seed 42 at rate 0.5,
 * produced once by the reference generator and checked in: a change of the
 * generator, its key or its block/word rule fails against this string.
 */
export const SEED_42_RATE_HALF_FIRST_64 = '1110100111101001011010001101110110000110101100110110100100001000';

/**
 * The paper's a and b (Klambauer et al. 2017, eq. 14) with keep probability
 * q = 1 − rate and α' = −λα: a = (q + α'²q(1 − q))^−½, b = −a(1 − q)α'; a
 * dropped element is a·α' + b.
 */
export function paperAffine(rate: number, {alpha, scale}: SeluAttrs = {alpha: SELU_ALPHA, scale: SELU_SCALE}):
    {a: number, b: number, dropValue: number} {
  const q = 1 - rate;
  const saturation = -scale * alpha;
  const a = (q + saturation ** 2 * q * (1 - q)) ** -0.5;
  const b = -a * (1 - q) * saturation;
  return {a, b, dropValue: a * saturation + b};
}

/** The kernel attributes for a seed (or key), rate and mask shape, built here from the paper's formula. */
export function referenceAttrs(rate: number, keyOrSeed: Key64 | number, noiseShape: number[],
                               selu?: SeluAttrs): AlphaDropoutAttrs {
  const key = typeof keyOrSeed === 'number' ? keyFromSeed(keyOrSeed) : keyOrSeed;
  return {keyLo: key.lo, keyHi: key.hi, threshold: keepThreshold(rate), ...paperAffine(rate, selu), noiseShape};
}

/** Mask index of every element of x (row-major): its coordinates, 0 on broadcast axes, row-major in noiseShape. */
export function maskIndices(shape: readonly number[], noiseShape: readonly number[]): Float64Array {
  const size = shape.reduce((p, d) => p * d, 1);
  const indices = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let rest = i;
    const coordinates = new Array<number>(shape.length);
    for (let k = shape.length - 1; k >= 0; k--) {
      coordinates[k] = rest % shape[k];
      rest = Math.floor(rest / shape[k]);
    }
    let m = 0;
    for (let k = 0; k < shape.length; k++) m = m * noiseShape[k] + (noiseShape[k] === 1 ? 0 : coordinates[k]);
    indices[i] = m;
  }
  return indices;
}

/** Keep decision (1 kept, 0 dropped) of every element of x, replaying maskBits. */
export function referenceKeep(shape: readonly number[], attrs: AlphaDropoutAttrs): Uint8Array {
  const key = {lo: attrs.keyLo, hi: attrs.keyHi};
  return Uint8Array.from(maskIndices(shape, attrs.noiseShape), m => (maskBits(key, m) >= attrs.threshold ? 1 : 0));
}

/**
 * The forward in float64 with the kernels' float32 constants: fround(a)·x +
 * fround(b) where kept, fround(dropValue) where dropped.
 */
export function referenceForward(xs: ArrayLike<number>, keep: Uint8Array, attrs: AlphaDropoutAttrs): Float64Array {
  const a = Math.fround(attrs.a);
  const b = Math.fround(attrs.b);
  const dropped = Math.fround(attrs.dropValue);
  return Float64Array.from(keep, (k, i) => (k === 1 ? a * xs[i] + b : dropped));
}

/** The gradient, exactly as float32 computes it: fround(fround(a)·dy) where kept, +0 where dropped. */
export function referenceGradient(dys: ArrayLike<number>, keep: Uint8Array, attrs: AlphaDropoutAttrs): Float32Array {
  const a = Math.fround(attrs.a);
  return Float32Array.from(keep, (k, i) => (k === 1 ? a * dys[i] : 0));
}

/** Pearson correlation of two equally long sequences (0 when either is constant). */
export function correlation(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const n = u.length;
  let su = 0;
  let sv = 0;
  for (let i = 0; i < n; i++) {
    su += u[i];
    sv += v[i];
  }
  const mu = su / n;
  const mv = sv / n;
  let cuv = 0;
  let cuu = 0;
  let cvv = 0;
  for (let i = 0; i < n; i++) {
    cuv += (u[i] - mu) * (v[i] - mv);
    cuu += (u[i] - mu) ** 2;
    cvv += (v[i] - mv) ** 2;
  }
  return cuu === 0 || cvv === 0 ? 0 : cuv / Math.sqrt(cuu * cvv);
}

/** Sample mean and variance, and the standard deviation of the squared deviations (for the variance's bound). */
export function moments(values: ArrayLike<number>): {mean: number, variance: number, sdOfSquares: number} {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let s2 = 0;
  let s4 = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (values[i] - mean) ** 2;
    s2 += d2;
    s4 += d2 * d2;
  }
  const variance = s2 / n;
  return {mean, variance, sdOfSquares: Math.sqrt(Math.max(s4 / n - variance ** 2, 0))};
}
