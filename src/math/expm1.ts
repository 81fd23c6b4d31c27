/**
 * The one definition of expm1 in this package: the clamp, the range
 * reduction (one ln 2 split), the polynomial and its coefficients. Every
 * backend's expm1 is derived from here: the cpu loops call
 * {@link expm1NonPositive} (float64); the float32 kernels (webgl, webgpu,
 * wasm SIMD, the native op, the fallback's polynomial) are generated from
 * {@link float32Expm1Program}, each with its scheme from
 * {@link FLOAT32_EXPM1_SCHEMES}. docs/NUMERICS.md derives the error bounds.
 */
import {ROUNDING_SHIFT, difference, literal, product, ref, sum} from '../codegen/float32_program.js';
import type {Float32Expr, Float32Program, Float32Step} from '../codegen/float32_program.js';

/** Callers clamp to this: e^-30 < 1e-13, so expm1 is −1 to float32 and far beyond. */
export const EXPM1_LOWER_CLAMP = -30;

/**
 * Kernels computing exp(x) for x ≤ 0 by the float32 range reduction clamp to
 * this (and may return 0 below it): e^-87 ≈ 1.6e-38 is still a normal
 * float32, and 2^k with k ≥ −126 is built from its exponent bits.
 */
export const EXP_LOWER_CLAMP = -87;

/** The Taylor coefficient 1/j! of r^j in expm1(r) = r + r²/2! + r³/3! + …. */
function taylorCoefficient(j: number): number {
  let factorial = 1;
  for (let i = 2; i <= j; ++i) factorial *= i;
  return 1 / factorial;
}

// ---- float64, for the cpu loops ----

/*
 * A branch-free expm1 for x in [-30, 0], accurate to ~1e-11 relative — far
 * beyond what float32 results need (2^-24 ≈ 6e-8) — and several times faster
 * than Math.expm1 in a kernel loop.
 *
 * Table-driven range reduction: x = −(k/16)·ln2 + r with |r| ≤ ln2/32, so
 * expm1(x) = 2^(−k/16)·expm1(r) + expm1(−(k/16)·ln2), both from tables, with a
 * degree-5 Taylor polynomial (Estrin form, short dependency chains) for
 * expm1(r). For k = 0 this is the polynomial alone: no cancellation near 0.
 * No data-dependent branch: kernels over random-sign data are otherwise bound
 * by branch mispredictions, not arithmetic.
 */
const STEPS_PER_OCTAVE = 16;
const STEP = Math.LN2 / STEPS_PER_OCTAVE;
const INV_STEP = 1 / STEP;
const TABLE_SIZE = Math.ceil(-EXPM1_LOWER_CLAMP * INV_STEP) + 2;
/** 2^(−k/16). */
const POW2 = Float64Array.from({length: TABLE_SIZE}, (_, k) => 2 ** (-k / STEPS_PER_OCTAVE));
/** expm1(−k·ln2/16), exact to float64 rounding. */
const POW2_MINUS_1 = Float64Array.from({length: TABLE_SIZE}, (_, k) => Math.expm1(-k * STEP));

const C2 = taylorCoefficient(2);
const C3 = taylorCoefficient(3);
const C4 = taylorCoefficient(4);
const C5 = taylorCoefficient(5);

/** expm1(x) for x in [EXPM1_LOWER_CLAMP, 0], or NaN for NaN, in float64. */
export function expm1NonPositive(x: number): number {
  // k = round(−x/STEP) ≥ 0: truncation of a non-negative number rounds down.
  const k = (0.5 - x * INV_STEP) | 0;
  const r = x + k * STEP;
  const r2 = r * r;
  const poly = r + r2 * ((C2 + r * C3) + r2 * (C4 + r * C5));
  return POW2[k] * poly + POW2_MINUS_1[k];
}

// ---- float32, for the generated kernels ----

/**
 * ln 2 split in two float32 parts as in fdlibm's expm1f: LN2_HI has 17
 * significant bits, so k·LN2_HI is exact for |k| < 128 (here |k| ≤ 126), and
 * t − k·LN2_HI is exact (Sterbenz); LN2_LO = ln 2 − LN2_HI to float32.
 */
const LN2_HI = 6.9313812256e-01;
const LN2_LO = 9.0580006145e-06;

/** Degree of the float32 kernels' Taylor polynomial: truncation below 6e-10 relative for |r| ≤ ln2/2. */
const FLOAT32_DEGREE = 8;

/**
 * How a float32 backend evaluates the shared algorithm (the same constants
 * and the same polynomial; only the order of operations differs):
 * - `rounding`: k = round(t/ln2) as `'floor'` (floor(t·log2e + 1/2), then 2^k
 *   from k; for shading languages, where compilers may fold the shift trick
 *   away) or `'shift'` (adding {@link ROUNDING_SHIFT}, ties to even, 2^k from
 *   the sum's bits; no conversion instruction).
 * - `polynomial`: `'horner'` is r·(1 + r/2! + … + r⁷/8!) by Horner's rule;
 *   `'estrin'` is r + r²·(1/2! + r/3! + … + r⁶/8!) by Estrin's scheme (short
 *   dependency chains, and an exact leading r), for the SIMD loop, which is
 *   bound by latency.
 */
interface Float32Expm1Scheme {
  rounding: 'floor' | 'shift';
  polynomial: 'horner' | 'estrin';
}

/** Each float32 backend's scheme: the emulation test replays each (test/node/numerics.test.ts). */
export const FLOAT32_EXPM1_SCHEMES = {
  /** GLSL (kernels/webgl) and WGSL (kernels/webgpu). */
  shader: {rounding: 'floor', polynomial: 'horner'},
  /** WebAssembly SIMD (kernels/wasm, generated at build time). */
  wasm: {rounding: 'shift', polynomial: 'estrin'},
  /** C++ (kernels/node/native/selu_expm1_generated.h), vectorised by GCC. */
  native: {rounding: 'shift', polynomial: 'horner'},
} as const satisfies Record<string, Float32Expm1Scheme>;

/** p = c[0]; p = p·x + c[j] for the rest: coefficients highest power first. */
function horner(x: Float32Expr, coefficients: number[]): Float32Expr {
  const [first, ...rest] = coefficients;
  return rest.reduce<Float32Expr>((p, c) => sum(product(p, x), literal(c)), literal(first));
}

/**
 * Estrin's scheme for c[0] + c[1]·x + c[2]·x² + …, lowest power first:
 * pairs c[i] + c[i+1]·x, then pairs of those with x², x⁴, ….
 */
function estrin(x: Float32Expr, x2: Float32Expr, coefficients: number[]): Float32Expr {
  let terms: Float32Expr[] = [];
  for (let i = 0; i < coefficients.length; i += 2) {
    terms.push(i + 1 < coefficients.length ?
      sum(literal(coefficients[i]), product(literal(coefficients[i + 1]), x)) : literal(coefficients[i]));
  }
  for (let power = x2; terms.length > 1; power = product(power, power)) {
    const next: Float32Expr[] = [];
    for (let i = 0; i < terms.length; i += 2) next.push(i + 1 < terms.length ? sum(terms[i], product(power, terms[i + 1])) : terms[i]);
    terms = next;
  }
  return terms[0];
}

/** 1/j! for j = from … to. */
function taylorCoefficients(from: number, to: number): number[] {
  return Array.from({length: to - from + 1}, (_, i) => taylorCoefficient(from + i));
}

/**
 * expm1(t) of float32 t in [EXPM1_LOWER_CLAMP, 0], or exp(t) of t in
 * [EXP_LOWER_CLAMP, 0] (the caller clamps), as a float32 program of + − ×
 * only: t = k·ln2 + r with k = round(t/ln2) ∈ [−126, 0] and |r| ≤ ln2/2
 * (k·ln2 in two parts),
 * expm1(r) from its degree-8 Taylor polynomial, then
 * expm1(t) = 2^k·expm1(r) + (2^k − 1) or exp(t) = 2^k·expm1(r) + 2^k, with
 * 2^k built exactly from its bits. For k = 0 expm1 is the polynomial alone:
 * full relative precision near 0. exp keeps full relative precision down to
 * e^-30 (no 1 + expm1 cancellation).
 */
export function float32Expm1Program(scheme: Float32Expm1Scheme, value: 'expm1' | 'exp' = 'expm1', input = 't'): Float32Program {
  const t = ref(input);
  const k = ref('k');
  const r = ref('r');
  const steps: Float32Step[] = [];
  const step = (name: string, expr: Float32Expr) => steps.push({name, value: expr});
  const scaled = product(t, literal(Math.LOG2E));
  if (scheme.rounding === 'floor') {
    step('k', {op: 'floor', a: sum(scaled, literal(0.5))});
    step('twoK', {op: 'pow2', k});
  } else {
    step('kShifted', sum(scaled, literal(ROUNDING_SHIFT)));
    step('k', difference(ref('kShifted'), literal(ROUNDING_SHIFT)));
    step('twoK', {op: 'pow2OfShifted', shifted: ref('kShifted')});
  }
  step('r', difference(difference(t, product(k, literal(LN2_HI))), product(k, literal(LN2_LO))));
  if (scheme.polynomial === 'horner') {
    step('p', product(horner(r, taylorCoefficients(1, FLOAT32_DEGREE).reverse()), r));
  } else {
    step('r2', product(r, r));
    step('p', sum(r, product(ref('r2'), estrin(r, ref('r2'), taylorCoefficients(2, FLOAT32_DEGREE)))));
  }
  const twoK = ref('twoK');
  return {input, steps, result: sum(product(twoK, ref('p')), value === 'expm1' ? difference(twoK, literal(1)) : twoK)};
}

/**
 * The fallback composition's expm1 (src/fallback.ts), for t above
 * {@link FALLBACK_POLYNOMIAL_FLOOR}: t·(1 + t/2! + … + t⁸/9!) by Horner's
 * rule, no range reduction (tfjs-core has no bit casts for 2^k). Degree 9
 * truncates below 7e-10 relative on [−0.5, 0].
 */
export function fallbackExpm1Program(input = 't'): Float32Program {
  const t = ref(input);
  return {input, steps: [], result: product(horner(t, taylorCoefficients(1, 9).reverse()), t)};
}

/**
 * At or below this the fallback computes exp(t) − 1 with the backend's exp:
 * no cancellation is left to fear (1 − e^t ≥ 0.39), so the backend's exp
 * contributes at most e^t/(1 − e^t) ≤ 1.55 times its own relative error.
 */
export const FALLBACK_POLYNOMIAL_FLOOR = -0.5;
