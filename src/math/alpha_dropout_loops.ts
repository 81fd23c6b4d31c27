/**
 * AlphaDropout's element loops and mask rule, shared by every backend that
 * runs JavaScript over typed arrays (cpu; wasm on its heap) and by the host
 * mask of the fallback (and of WebGL 1). This is the one place that turns a
 * key, a threshold and a mask shape into keep decisions; GPU kernels state
 * the same rule in their shader languages and are tested against it.
 *
 * Element i of x (row-major) reads mask element m(i): its coordinates with
 * every broadcast axis (noiseShape[k] = 1) set to 0, row-major in noiseShape.
 * Mask element m is kept when maskBits(key, m) >= threshold (unsigned): its
 * 16 bits, the (m mod 4)-th quarter of Threefry block m / 4.
 */
import type {TypedArray} from '@tensorflow/tfjs-core';
import type {AlphaDropoutAttrs} from '../kernel_names.js';
import {KEEP_MASK_CHUNK, SIMD_MASK_GROUP, keepMaskChunk} from '../random/keep_mask_simd.js';
import type {KeepMaskWords} from '../random/keep_mask_simd.js';
import {MASK_ELEMENTS_PER_BLOCK, MASK_STREAM, threefryBlockInto, threefryParityWord} from '../random/threefry.js';

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
 * arithmetic, rounded once on storing), for i from `start` (a multiple of 4,
 * and only without broadcasting: the wasm kernels' tail after their SIMD
 * part). Reads xs[i] before writing ys[i], so ys may be xs. Without
 * broadcasting, one Threefry block per four elements and no allocation; with it, the mask is
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

/** Keep bytes drawn in JavaScript, where the SIMD module cannot run or for a last partial group. */
const scriptKeep = new Uint8Array(KEEP_MASK_CHUNK);

/**
 * The keep bytes (1 kept, 0 dropped) of mask elements first … first + count − 1
 * (first a multiple of 4, count at most KEEP_MASK_CHUNK) in a view the next
 * call overwrites: from the SIMD module for whole groups, else by Threefry in
 * JavaScript, one block per four elements, no allocation. The one place that
 * walks the generator's blocks on the host.
 */
function keepChunk(first: number, count: number, words: KeepMaskWords, threshold: number): Uint8Array {
  if (count % SIMD_MASK_GROUP === 0) {
    const simd = keepMaskChunk(first, count, words);
    if (simd !== null) return simd;
  }
  const keep = scriptKeep;
  const block = blockWords;
  for (let t = 0, j = first / MASK_ELEMENTS_PER_BLOCK; t < count; t += MASK_ELEMENTS_PER_BLOCK, j++) {
    threefryBlockInto(words.k0, words.k1, words.k2, j, MASK_STREAM, block);
    const w0 = block[0]!;
    const w1 = block[1]!;
    keep[t] = (w0 & 0xffff) >= threshold ? 1 : 0;
    keep[t + 1] = w0 >>> 16 >= threshold ? 1 : 0;
    keep[t + 2] = (w1 & 0xffff) >= threshold ? 1 : 0;
    keep[t + 3] = w1 >>> 16 >= threshold ? 1 : 0;
  }
  return keep;
}

/** How many elements from `done` of `total` the next chunk holds: whole SIMD groups while there are any. */
function chunkCount(done: number, total: number): number {
  const left = total - done;
  return Math.min(KEEP_MASK_CHUNK, left >= SIMD_MASK_GROUP ? left - left % SIMD_MASK_GROUP : left);
}

function fullMaskLoop(xs: TypedArray, ys: Float32Array, attrs: AlphaDropoutAttrs, {a, b, dropped}: MaskedAffine,
                      start: number): void {
  const n = xs.length;
  const words = keepMaskWords(attrs);
  for (let i = start, count = chunkCount(i, n); count > 0; count = chunkCount(i, n)) {
    const keep = keepChunk(i, count, words, attrs.threshold);
    for (let t = 0; t < count; t++, i++) {
      const v = xs[i];
      ys[i] = keep[t] === 1 ? a * v + b : dropped;
    }
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
  for (let m = 0, count = chunkCount(m, size); count > 0; m += count, count = chunkCount(m, size)) {
    keep.set(keepChunk(m, count, words, attrs.threshold).subarray(0, count), m);
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
