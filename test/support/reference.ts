/**
 * Float64 references from docs/NUMERICS.md, computed on the host. Inputs are
 * rounded to float32 first, because that is what the kernels receive.
 */
import {SELU_ALPHA, SELU_SCALE} from '../../src/index.js';
import type {SeluAttrs} from '../../src/index.js';
import type {Tolerance} from './assertions.js';
import {HALF_FLOAT_MAX, HALF_FLOAT_MIN_NORMAL} from './tolerances.js';

export const DEFAULT_ATTRS: SeluAttrs = {alpha: SELU_ALPHA, scale: SELU_SCALE};

export function seluRef(x: number, {alpha, scale}: SeluAttrs = DEFAULT_ATTRS): number {
  return x > 0 ? scale * x : scale * alpha * Math.expm1(x);
}

export function seluPrimeRef(x: number, {alpha, scale}: SeluAttrs = DEFAULT_ATTRS): number {
  if (Number.isNaN(x)) return NaN;
  return x > 0 ? scale : scale * alpha * Math.exp(x);
}

export function seluSecondRef(x: number, {alpha, scale}: SeluAttrs = DEFAULT_ATTRS): number {
  if (Number.isNaN(x)) return NaN;
  return x > 0 ? 0 : scale * alpha * Math.exp(x);
}

/** Central difference of the float64 reference, for checking closed forms. */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Deterministic inputs: mulberry32 + Box–Muller, seeded. */
export function randomNormals(count: number, seed: number, sd: number): Float32Array {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; ++i) {
    out[i] = sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

/** Evenly spaced float32 inputs from `start` to `stop` inclusive. */
export function grid(start: number, stop: number, count: number): Float32Array {
  return Float32Array.from({length: count}, (_, i) => start + (stop - start) * i / (count - 1));
}

/** Points within ±1e-3 of zero, where exp(x) − 1 cancels, on both sides. */
export function nearZero(): Float32Array {
  const magnitudes = [1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 1e-6, 1e-7, 1e-8, 1e-10, 1e-20, 1e-30, 1e-38, 1e-45];
  return Float32Array.from(magnitudes.flatMap(m => [m, -m]));
}

/** `f` of every input, in float64. */
export function mapToFloat64(xs: ArrayLike<number>, f: (x: number) => number): Float64Array {
  return Float64Array.from(xs as ArrayLike<number>, f);
}

/**
 * The smallest magnitude a backend that flushes denormals to zero (GPUs,
 * TensorFlow's CPU kernels) still represents faithfully: inputs below it
 * reach such a backend as 0.
 */
const SMALLEST_FAITHFUL_UNDER_FTZ = 2 ** -125;

/** Whether `x` reaches a flush-to-zero backend unchanged. */
export function isFaithfulUnderFlushToZero(x: number): boolean {
  return x === 0 || !(Math.abs(x) < SMALLEST_FAITHFUL_UNDER_FTZ);
}

/** One ulp of `value` rounded to float32 (the smallest denormal, 2^-149, below 2^-126). */
export function float32Ulp(value: number): number {
  const magnitude = Math.abs(Math.fround(value));
  if (magnitude < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/**
 * The largest error in float32 ulps of the reference, over finite non-zero
 * references: what the accuracy tests log (they assert tolerances).
 */
export function worstUlps(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < actual.length; ++i) {
    const e = Math.fround(expected[i]);
    if (!Number.isFinite(e) || e === 0) continue;
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / float32Ulp(e));
  }
  return worst;
}

/**
 * `x` rounded to the nearest IEEE half float (ties to even), as a number:
 * what a half-float texture holds. Beyond the largest half it is ±Infinity;
 * subnormal halves are kept (spacing 2^-24).
 */
export function roundToHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const magnitude = Math.abs(x);
  const ulp = magnitude < HALF_FLOAT_MIN_NORMAL ? 2 ** -24 : 2 ** (Math.floor(Math.log2(magnitude)) - 10);
  const q = magnitude / ulp;  // exact: a power-of-two scaling
  let n = Math.floor(q);
  if (q - n > 0.5 || (q - n === 0.5 && n % 2 === 1)) n += 1;
  const rounded = n * ulp;
  return Math.sign(x) * (rounded > HALF_FLOAT_MAX ? Infinity : rounded);
}

/**
 * What tfjs-backend-webgl holds for `x` on half-float textures: the nearest
 * half, and NaN for ±Inf and values beyond the largest half (its upload turns
 * them into NaN; docs/NUMERICS.md).
 */
export function heldOnHalfFloatTextures(x: number): number {
  return Math.abs(x) <= HALF_FLOAT_MAX ? roundToHalf(x) : NaN;
}

/** Whether a half-float texture holds `x` exactly with relative precision: 0 or a finite normal half. */
export function isExactNormalHalf(x: number): boolean {
  return x === 0 || (Math.abs(x) >= HALF_FLOAT_MIN_NORMAL && Math.abs(x) <= HALF_FLOAT_MAX && roundToHalf(x) === x);
}

/** How a backend holds tensors, for the suites that build inputs and references on the host. */
export interface Storage {
  /** The value the backend holds for input x: Math.fround, or roundToHalf on half-float textures. */
  held: (x: number) => number;
  /** Tolerance of seluGrad(dy, y) called directly (the output form inherits y's storage error). */
  outputGradient: Tolerance;
  /** True on half-float textures. */
  halfFloat?: boolean;
}
