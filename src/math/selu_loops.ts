/**
 * The element loops of the forward and gradient kernels, shared by every
 * backend that runs JavaScript over typed arrays (cpu; wasm on its heap, for
 * int32, for tails and where its SIMD module cannot run). They compute in
 * float64 and round once when storing into the float32 output.
 */
import type {TypedArray} from '@tensorflow/tfjs-core';
import {FLOAT32_CLAMP_CEILING, FLOAT32_MIN_POSITIVE} from '../constants.js';
import type {SeluAttrs} from '../kernel_names.js';
import {EXPM1_LOWER_CLAMP, expm1NonPositive} from './expm1.js';
import {float32ScaleAlpha} from './scale_alpha.js';

/**
 * ys[i] = selu(xs[i]) for i in [start, end): λ·x for x > 0, λα·expm1(x)
 * otherwise. Reads xs[i] before writing ys[i], so ys may be xs (in place).
 */
export function seluLoop(xs: TypedArray, ys: Float32Array, {alpha, scale}: SeluAttrs, start = 0, end = xs.length): void {
  if (scale >= 1) {
    seluBranchFree(xs, ys, scale, scale * alpha, start, end);
  } else {
    seluKeepingPositivesPositive(xs, ys, scale, scale * alpha, start, end);
  }
}

/**
 * Without a data-dependent branch (random signs would otherwise cost a branch
 * misprediction per element): x splits into its positive part (x + |x|)/2 and
 * negative part (x − |x|)/2, exact in float64, and y = λ·pos + λα·expm1(neg).
 * The clamps act only on x < −30 or x > 2^127: predictable. NaN propagates.
 * Needs λ ≥ 1, so that λ·x cannot round to 0 for x > 0.
 */
function seluBranchFree(xs: TypedArray, ys: Float32Array, scale: number, scaleAlpha: number, start: number,
                        end: number): void {
  // Locals, not module bindings, inside the hot loop: transpiled imports can
  // be getters, which the loop would otherwise call per element.
  const lowerClamp = EXPM1_LOWER_CLAMP;
  const expm1 = expm1NonPositive;
  const ceiling = FLOAT32_CLAMP_CEILING;
  for (let i = start; i < end; ++i) {
    const v = Math.max(xs[i], lowerClamp);
    const bounded = Math.min(v, ceiling);
    ys[i] = scale * (v + Math.abs(v)) * 0.5 + scaleAlpha * expm1((bounded - Math.abs(bounded)) * 0.5);
  }
}

/**
 * For λ < 1, where λ·x can round to 0 in float32 for denormal x > 0: the
 * gradient reads the sign of y, so y is at least the smallest positive float32
 * there. A rarely used configuration: plain branches.
 */
function seluKeepingPositivesPositive(xs: TypedArray, ys: Float32Array, scale: number, scaleAlpha: number,
                                      start: number, end: number): void {
  for (let i = start; i < end; ++i) {
    const v = xs[i];
    ys[i] = v > 0 ? Math.max(scale * v, FLOAT32_MIN_POSITIVE) : scaleAlpha * expm1NonPositive(Math.max(v, EXPM1_LOWER_CLAMP));
  }
}

/** pos·2^-128 is in (0, 0.5] for 0 < pos ≤ FLOAT32_CLAMP_CEILING: its ceiling is 1 exactly when pos > 0. */
const INDICATOR_SCALE = 2 ** -128;

/**
 * dxs[i] = dys[i]·λ where ys[i] > 0, dys[i]·(ys[i] + λα) elsewhere, for i in
 * [start, end): one pass, branch-free. With pos/neg the positive/negative
 * parts of y and [y > 0] = ceil(pos·2^-128), the factor is
 * neg + λα + (λ − λα)·[y > 0]. NaN propagates; y = +Inf gives λ.
 */
export function seluGradLoop(dys: TypedArray, ys: TypedArray, dxs: Float32Array, attrs: SeluAttrs, start = 0,
                             end = ys.length): void {
  const scaleAlpha = float32ScaleAlpha(attrs);
  const jump = attrs.scale - scaleAlpha;
  const ceiling = FLOAT32_CLAMP_CEILING;  // a local: see seluBranchFree
  for (let i = start; i < end; ++i) {
    const v = Math.min(ys[i], ceiling);
    const magnitude = Math.abs(v);
    const isPositive = Math.ceil((v + magnitude) * 0.5 * INDICATOR_SCALE);
    dxs[i] = dys[i] * ((v - magnitude) * 0.5 + scaleAlpha + jump * isPositive);
  }
}
