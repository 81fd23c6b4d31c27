/**
 * AlphaDropout's element loops and mask rule, shared by every backend that
 * runs JavaScript over typed arrays (cpu; wasm on its heap) and by the host
 * mask of the fallback (and of WebGL 1). This is the one place that turns a
 * key, a threshold and a mask shape into keep decisions; GPU kernels state
 * the same rule in their shader languages and are tested against it.
 *
 * Element i of x (row-major) reads mask element m(i): its coordinates with
 * every broadcast axis (noiseShape[k] = 1) set to 0, row-major in noiseShape.
 * Mask element m is kept when maskBits(key, m) >= threshold (unsigned).
 */
import type {TypedArray} from '@tensorflow/tfjs-core';
import type {AlphaDropoutAttrs} from '../kernel_names.js';
import {KEEP_MASK_CHUNK, keepMaskChunk} from '../random/keep_mask_simd.js';
import type {KeepMaskWords} from '../random/keep_mask_simd.js';
import {MASK_STREAM, threefryBlockInto, threefryParityWord} from '../random/threefry.js';

/**
 * What a kernel writes: `a·x + b` where the mask keeps, `dropped` where it
 * drops (the forward: Keras's a, b and dropValue; the gradient: a, 0, 0),
 * each rounded to float32 as every backend's kernel rounds them.
 */
export interface MaskedAffine {
  a: number;
  b: number;
  dropped: number;
}

/** The forward's map: kept → a·x + b, dropped → dropValue, in float32. */
export function forwardAffine(attrs: AlphaDropoutAttrs): MaskedAffine {
  return {a: Math.fround(attrs.a), b: Math.fround(attrs.b), dropped: Math.fround(attrs.dropValue)};
}

/** The gradient's map: kept → a·dy, dropped → 0 (the forward is a·x + b there, constant elsewhere). */
export function gradientAffine(attrs: AlphaDropoutAttrs): MaskedAffine {
  return {a: Math.fround(attrs.a), b: 0, dropped: 0};
}

/** Whether the mask has x's shape (no broadcast axis): the kernels' fast path. */
export function noiseShapeIsFull(shape: readonly number[], noiseShape: readonly number[]): boolean {
  return shape.length === noiseShape.length && shape.every((size, k) => size === noiseShape[k]);
}

/**
 * ys[i] = kept(m(i)) ? a·xs[i] + b : dropped over x's `shape` (float64
 * arithmetic, rounded once on storing), for i from `start` (even, and only
 * without broadcasting: the wasm kernels' tail after their SIMD part). Reads
 * xs[i] before writing ys[i], so ys may be xs. Without broadcasting, one
 * Threefry block per pair of elements and no allocation; with it, the mask is
 * drawn once in its own shape ({@link keepMaskValues}) and read by broadcast
 * coordinates.
 */
export function maskedAffineLoop(xs: TypedArray, ys: Float32Array, shape: readonly number[], attrs: AlphaDropoutAttrs,
                                 affine: MaskedAffine, start = 0): void {
  if (noiseShapeIsFull(shape, attrs.noiseShape)) {
    fullMaskLoop(xs, ys, attrs, affine, start);
  } else {
    broadcastMaskLoop(xs, ys, shape, keepMaskValues(attrs), attrs.noiseShape, affine);
  }
}

/** The generator's block output, reused by every loop (JavaScript runs one loop at a time). */
const blockWords = new Int32Array(2);

/** The generator's inputs as int32 bit patterns, for the SIMD modules (the host one and the wasm kernels'). */
export function keepMaskWords(attrs: Pick<AlphaDropoutAttrs, 'keyLo' | 'keyHi' | 'threshold'>): KeepMaskWords {
  return {k0: attrs.keyLo | 0, k1: attrs.keyHi | 0, k2: threefryParityWord(attrs.keyLo, attrs.keyHi), stream: MASK_STREAM,
    threshold: attrs.threshold | 0};
}

/** The largest multiple of 8 up to `count`, at most one chunk: what the SIMD module draws per call. */
function simdCount(count: number): number {
  return Math.min(KEEP_MASK_CHUNK, count - count % 8);
}

function fullMaskLoop(xs: TypedArray, ys: Float32Array, attrs: AlphaDropoutAttrs, {a, b, dropped}: MaskedAffine,
                      start: number): void {
  const n = xs.length;
  let i = start;
  // The keep bytes from the SIMD module chunk by chunk; the values in float64 here, rounded once.
  const words = keepMaskWords(attrs);
  for (let count = simdCount(n - i); count > 0; count = simdCount(n - i)) {
    const keep = keepMaskChunk(i, count, words);
    if (keep === null) break;
    for (let t = 0; t < count; t++, i++) {
      const v = xs[i];
      ys[i] = keep[t] === 1 ? a * v + b : dropped;
    }
  }
  // Without the module (or for the last n mod 8): Threefry in JavaScript, one block per pair.
  const k0 = words.k0;
  const k1 = words.k1;
  const ks2 = words.k2;
  const threshold = attrs.threshold;
  const stream = MASK_STREAM;
  const block = blockWords;
  for (let j = i / 2; i + 1 < n; j++, i += 2) {
    threefryBlockInto(k0, k1, ks2, j, stream, block);
    const x0 = xs[i];
    const x1 = xs[i + 1];
    ys[i] = (block[0] >>> 0) >= threshold ? a * x0 + b : dropped;
    ys[i + 1] = (block[1] >>> 0) >= threshold ? a * x1 + b : dropped;
  }
  if (i < n) {
    threefryBlockInto(k0, k1, ks2, i / 2, stream, block);
    ys[i] = (block[0] >>> 0) >= threshold ? a * xs[i] + b : dropped;
  }
}

/**
 * The keep decisions of the whole mask, row-major in `attrs.noiseShape`: 1
 * kept, 0 dropped. The host mask of the fallback and of backends that cannot
 * run the integer generator (WebGL 1), and the broadcast path's table.
 */
export function keepMaskValues(attrs: Pick<AlphaDropoutAttrs, 'keyLo' | 'keyHi' | 'threshold' | 'noiseShape'>): Uint8Array {
  const size = attrs.noiseShape.reduce((product, dim) => product * dim, 1);
  const keep = new Uint8Array(size);
  const words = keepMaskWords(attrs);
  let m = 0;
  for (let count = simdCount(size - m); count > 0; count = simdCount(size - m)) {
    const chunk = keepMaskChunk(m, count, words);
    if (chunk === null) break;
    keep.set(chunk.subarray(0, count), m);
    m += count;
  }
  const threshold = attrs.threshold;
  const block = blockWords;
  for (; m < size; m += 2) {
    threefryBlockInto(words.k0, words.k1, words.k2, m / 2, MASK_STREAM, block);
    keep[m] = (block[0] >>> 0) >= threshold ? 1 : 0;
    if (m + 1 < size) keep[m + 1] = (block[1] >>> 0) >= threshold ? 1 : 0;
  }
  return keep;
}

/**
 * Strides of the mask index along each of x's axes: noiseShape's row-major
 * strides, 0 on broadcast axes (noiseShape[k] = 1), so that
 * m(i) = Σ_k coordinate_k · stride_k.
 */
export function broadcastMaskStrides(noiseShape: readonly number[]): number[] {
  const strides = new Array<number>(noiseShape.length);
  let stride = 1;
  for (let k = noiseShape.length - 1; k >= 0; k--) {
    strides[k] = noiseShape[k] === 1 ? 0 : stride;
    stride *= noiseShape[k];
  }
  return strides;
}

/** Walks x row-major, innermost axis as a run, with an odometer over the outer axes for m(i). */
function broadcastMaskLoop(xs: TypedArray, ys: Float32Array, shape: readonly number[], keep: Uint8Array,
                           noiseShape: readonly number[], {a, b, dropped}: MaskedAffine): void {
  const rank = shape.length;
  const n = xs.length;
  if (n === 0) return;
  const strides = broadcastMaskStrides(noiseShape);
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const coordinates = new Array<number>(rank).fill(0);
  let base = 0;
  for (let i = 0; i < n;) {
    for (let t = 0; t < inner; t++, i++) {
      const v = xs[i];
      ys[i] = keep[base + t * innerStride] === 1 ? a * v + b : dropped;
    }
    // Next row: advance the odometer over the outer axes, updating the mask offset.
    for (let k = rank - 2; k >= 0; k--) {
      base += strides[k];
      if (++coordinates[k] < shape[k]) break;
      base -= coordinates[k] * strides[k];
      coordinates[k] = 0;
    }
  }
}
