/**
 * AlphaDropout's keep decisions drawn by a small SIMD module on the host
 * (src/random/keep_mask_simd.wat, compiled at build time): the same rule and
 * bits as the JavaScript loops of src/math/alpha_dropout_loops.ts, four
 * Threefry blocks per instruction sequence, in chunks of the module's one page.
 * Where WebAssembly SIMD is missing (or a content security policy forbids
 * compiling), it reports so and the loops run in JavaScript.
 */
import {KEEP_MASK_SIMD_WASM} from './generated/keep_mask_simd_wasm.js';
import {MASK_ELEMENTS_PER_BLOCK} from './threefry.js';

interface KeepMaskModule {
  memory: WebAssembly.Memory;
  keepMask(out: number, n: number, first: number, k0: number, k1: number, k2: number, stream: number, threshold: number): void;
}

/** Mask elements per call: the module's one 64 KiB page of bytes. */
export const KEEP_MASK_CHUNK = 65536;

/** Threefry blocks per pass of the i32x4 mask loops (this module's and the wasm kernels'): one per lane. */
const SIMD_BLOCKS_PER_PASS = 4;

/** Mask elements per pass of those loops (sixteen): the counts they take are multiples of it. */
export const SIMD_MASK_GROUP = SIMD_BLOCKS_PER_PASS * MASK_ELEMENTS_PER_BLOCK;

let instance: {module: KeepMaskModule, bytes: Uint8Array} | null | undefined;
let disabledForTesting = false;

function keepMaskModule(): {module: KeepMaskModule, bytes: Uint8Array} | null {
  if (disabledForTesting) return null;
  if (instance === undefined) {
    try {
      const module = typeof WebAssembly === 'object' && WebAssembly.validate(KEEP_MASK_SIMD_WASM) ?
        new WebAssembly.Instance(new WebAssembly.Module(KEEP_MASK_SIMD_WASM)).exports as unknown as KeepMaskModule : null;
      instance = module === null ? null : {module, bytes: new Uint8Array(module.memory.buffer, 0, KEEP_MASK_CHUNK)};
    } catch {
      instance = null;
    }
  }
  return instance;
}

/** The key words, stream and threshold as the module takes them (int32 bit patterns). */
export interface KeepMaskWords {
  k0: number;
  k1: number;
  k2: number;
  stream: number;
  threshold: number;
}

/**
 * The keep bytes of mask elements first … first + count − 1 (count a multiple
 * of SIMD_MASK_GROUP, at most KEEP_MASK_CHUNK; first a multiple of 4), in a view that the next call
 * overwrites; null where the module cannot run.
 */
export function keepMaskChunk(first: number, count: number, w: KeepMaskWords): Uint8Array | null {
  const simd = keepMaskModule();
  if (simd === null) return null;
  simd.module.keepMask(0, count, first, w.k0, w.k1, w.k2, w.stream, w.threshold);
  return simd.bytes;
}

/** Tests run the JavaScript loops with the module switched off; returns the previous setting. */
export function disableKeepMaskSimdForTesting(disabled: boolean): boolean {
  const previous = disabledForTesting;
  disabledForTesting = disabled;
  return previous;
}
