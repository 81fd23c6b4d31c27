/**
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
/** Callers clamp to this: e^-30 < 1e-13, so expm1 is −1 to float32 and far beyond. */
export const EXPM1_LOWER_CLAMP = -30;
const TABLE_SIZE = Math.ceil(-EXPM1_LOWER_CLAMP * INV_STEP) + 2;
/** 2^(−k/16). */
const POW2 = Float64Array.from({length: TABLE_SIZE}, (_, k) => 2 ** (-k / STEPS_PER_OCTAVE));
/** expm1(−k·ln2/16), exact to float64 rounding. */
const POW2_MINUS_1 = Float64Array.from({length: TABLE_SIZE}, (_, k) => Math.expm1(-k * STEP));

const C2 = 1 / 2;
const C3 = 1 / 6;
const C4 = 1 / 24;
const C5 = 1 / 120;

/** expm1(x) for x in [EXPM1_LOWER_CLAMP, 0], or NaN for NaN. */
export function expm1NonPositive(x: number): number {
  // k = round(−x/STEP) ≥ 0: truncation of a non-negative number rounds down.
  const k = (0.5 - x * INV_STEP) | 0;
  const r = x + k * STEP;
  const r2 = r * r;
  const poly = r + r2 * ((C2 + r * C3) + r2 * (C4 + r * C5));
  return POW2[k] * poly + POW2_MINUS_1[k];
}

/**
 * ln 2 split as in fdlibm's expm1f, for the GPU kernels' range reduction
 * n = k·ln2 + r: k·LN2_HI is exact in float32 for |k| < 128.
 */
export const LN2_HI = 6.9313812256e-01;
export const LN2_LO = 9.0580006145e-06;

/**
 * Taylor coefficients 1/j! for j = `degree` … 1, highest first (Horner order):
 * expm1(r) = r·(1 + r/2! + … + r^(degree−1)/degree!). Degree 8 on |r| ≤ ln2/2
 * truncates below 6e-10 relative.
 */
export function expm1TaylorDescending(degree: number): number[] {
  const coefficients: number[] = [];
  let factorial = 1;
  for (let j = 1; j <= degree; ++j) {
    factorial *= j;
    coefficients.unshift(1 / factorial);
  }
  return coefficients;
}
