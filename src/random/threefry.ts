/**
 * The counter-based generator behind AlphaDropout's masks: Threefry-2x32 with
 * 20 rounds (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
 * SC 2011; the generator JAX uses). It needs only 32-bit add, rotate and xor,
 * so every backend (JavaScript, GLSL ES 3.0, WGSL, WebAssembly, C++) computes
 * the same bits; docs/NUMERICS.md states the algorithm and how masks use it.
 *
 * This module is the one place for the generator's constants, its reference
 * implementation and the rules that turn a seed, a mask index and a rate into
 * bits and keep decisions. Kernels import from here (or from code generated
 * from it); they never restate a constant.
 */

/** Rotation amounts of Threefry-2x32, round r uses THREEFRY_ROTATIONS[r % 8]. */
export const THREEFRY_ROTATIONS: readonly number[] = [13, 15, 26, 6, 17, 29, 16, 24];

/** The key-schedule parity constant of Threefry's 32-bit variants. */
export const THREEFRY_PARITY = 0x1bd11bda;

/** Rounds of Threefry-2x32 used here (the standard, Crush-resistant 20). */
export const THREEFRY_ROUNDS = 20;

/** A 64-bit key (or counter) as two unsigned 32-bit words. */
export interface Key64 {
  /** Low word, an integer in [0, 2^32). */
  lo: number;
  /** High word, an integer in [0, 2^32). */
  hi: number;
}

/**
 * Threefry-2x32-20 of counter (c0, c1) under key (k0, k1): two unsigned 32-bit
 * words. The known-answer vectors of the reference implementation are tested.
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks0 = k0 >>> 0;
  const ks1 = k1 >>> 0;
  const ks2 = (THREEFRY_PARITY ^ ks0 ^ ks1) >>> 0;
  const ks = [ks0, ks1, ks2];
  let x0 = (c0 + ks0) >>> 0;
  let x1 = (c1 + ks1) >>> 0;
  for (let round = 0; round < THREEFRY_ROUNDS; round++) {
    const r = THREEFRY_ROTATIONS[round % 8]!;
    x0 = (x0 + x1) >>> 0;
    x1 = ((x1 << r) | (x1 >>> (32 - r))) >>> 0;
    x1 = (x1 ^ x0) >>> 0;
    if (round % 4 === 3) {
      const s = (round + 1) / 4;
      x0 = (x0 + ks[s % 3]!) >>> 0;
      x1 = (x1 + ks[(s + 1) % 3]! + s) >>> 0;
    }
  }
  return [x0, x1];
}

/** Random bits behind one keep decision: a quarter of a Threefry-2x32 block. */
export const MASK_ELEMENT_BITS = 16;

/** Keep decisions per Threefry-2x32 block (its 64 bits as four 16-bit values). */
export const MASK_ELEMENTS_PER_BLOCK = 4;

/**
 * The 16 random bits of mask element `index` (its row-major index in the mask
 * shape) under `key`: element 4j + q takes the q-th little-endian 16-bit half
 * of block Threefry(key, (j, MASK_STREAM)) = (w0, w1), i.e. w0's low half,
 * w0's high half, w1's low half, w1's high half for q = 0…3, so contiguous
 * runs cost one block per four elements.
 */
export function maskBits(key: Key64, index: number): number {
  const [w0, w1] = threefry2x32(key.lo, key.hi, Math.floor(index / MASK_ELEMENTS_PER_BLOCK) >>> 0, MASK_STREAM);
  const quarter = index % MASK_ELEMENTS_PER_BLOCK;
  const word = quarter < 2 ? w0 : w1;
  return quarter % 2 === 0 ? word & 0xffff : word >>> 16;
}

/**
 * Counter word c1 of the two streams a key feeds: mask bits (c1 = 0) and keys
 * derived for later calls (c1 = 1), so the two never share a block.
 */
export const MASK_STREAM = 0;
export const DERIVED_KEY_STREAM = 1;

/**
 * The n-th key derived from `key` (a layer's seeded counter): a fresh,
 * independent 64-bit key per call, reproducible from the layer's seed.
 */
export function deriveKey(key: Key64, n: number): Key64 {
  const [lo, hi] = threefry2x32(key.lo, key.hi, n >>> 0, DERIVED_KEY_STREAM);
  return {lo, hi};
}

/** 2^32, the number of values of a 32-bit word. */
const TWO_POW_32 = 2 ** 32;

/** 2^16, the number of values of a mask element's bits. */
const MASK_ELEMENT_VALUES = 2 ** MASK_ELEMENT_BITS;

/**
 * A seed (an integer in [0, 2^53)) as a 64-bit key: its low and high 32 bits.
 * The caller has validated the seed.
 */
export function keyFromSeed(seed: number): Key64 {
  return {lo: seed % TWO_POW_32 >>> 0, hi: Math.floor(seed / TWO_POW_32) >>> 0};
}

/**
 * A fresh key for a call without a seed: from the platform's cryptographic
 * generator where there is one, Math.random otherwise.
 */
export function freshKey(): Key64 {
  const words = new Uint32Array(2);
  const webCrypto = (globalThis as {crypto?: {getRandomValues?: (a: Uint32Array) => Uint32Array}}).crypto;
  if (typeof webCrypto?.getRandomValues === 'function') {
    webCrypto.getRandomValues(words);
  } else {
    words[0] = Math.floor(Math.random() * TWO_POW_32);
    words[1] = Math.floor(Math.random() * TWO_POW_32);
  }
  return {lo: words[0]!, hi: words[1]!};
}

/**
 * The keep threshold for a dropout rate in [0, 1): an element is KEPT when its
 * 16 bits are >= the threshold (an unsigned integer comparison, identical on
 * every backend), so it is dropped with probability threshold / 2^16, the
 * rate rounded to a multiple of 2^-16 (docs/NUMERICS.md). rate = 0 gives 0:
 * everything is kept; a rate just below 1 keeps 1 element in 2^16.
 */
export function keepThreshold(rate: number): number {
  return Math.min(Math.round(rate * MASK_ELEMENT_VALUES), MASK_ELEMENT_VALUES - 1);
}

/** The dropout rate the kernels apply for a requested rate: threshold / 2^16. */
export function effectiveRate(rate: number): number {
  return keepThreshold(rate) / MASK_ELEMENT_VALUES;
}

// The rotation table as locals of this module, read by the unrolled rounds below.
const [R0, R1, R2, R3, R4, R5, R6, R7] = THREEFRY_ROTATIONS as [number, number, number, number, number, number, number, number];

/**
 * Threefry-2x32-20 without allocation, for the kernels' loops: writes the two
 * words of block (c0, c1) under key (k0, k1) into out[0], out[1] as int32 bit
 * patterns (read them `>>> 0` for the unsigned value). `ks2` is
 * {@link threefryParityWord}(k0, k1), hoisted out of the loop by the caller.
 * Same bits as {@link threefry2x32} (tested against it and the known answers).
 * The 20 rounds and 5 key injections (x0 += ks[s mod 3], x1 += ks[(s+1) mod 3] + s)
 * are written out (twice as fast in V8 as a loop over them), their rotations
 * read from THREEFRY_ROTATIONS, so no constant is restated.
 */
export function threefryBlockInto(k0: number, k1: number, ks2: number, c0: number, c1: number, out: Int32Array): void {
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R0) | (x1 >>> (32 - R0))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R1) | (x1 >>> (32 - R1))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R2) | (x1 >>> (32 - R2))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R3) | (x1 >>> (32 - R3))) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + ks2 + 1) | 0;  // key injection 1
  x0 = (x0 + x1) | 0; x1 = ((x1 << R4) | (x1 >>> (32 - R4))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R5) | (x1 >>> (32 - R5))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R6) | (x1 >>> (32 - R6))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R7) | (x1 >>> (32 - R7))) ^ x0;
  x0 = (x0 + ks2) | 0; x1 = (x1 + k0 + 2) | 0;  // key injection 2
  x0 = (x0 + x1) | 0; x1 = ((x1 << R0) | (x1 >>> (32 - R0))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R1) | (x1 >>> (32 - R1))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R2) | (x1 >>> (32 - R2))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R3) | (x1 >>> (32 - R3))) ^ x0;
  x0 = (x0 + k0) | 0; x1 = (x1 + k1 + 3) | 0;  // key injection 3
  x0 = (x0 + x1) | 0; x1 = ((x1 << R4) | (x1 >>> (32 - R4))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R5) | (x1 >>> (32 - R5))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R6) | (x1 >>> (32 - R6))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R7) | (x1 >>> (32 - R7))) ^ x0;
  x0 = (x0 + k1) | 0; x1 = (x1 + ks2 + 4) | 0;  // key injection 4
  x0 = (x0 + x1) | 0; x1 = ((x1 << R0) | (x1 >>> (32 - R0))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R1) | (x1 >>> (32 - R1))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R2) | (x1 >>> (32 - R2))) ^ x0;
  x0 = (x0 + x1) | 0; x1 = ((x1 << R3) | (x1 >>> (32 - R3))) ^ x0;
  x0 = (x0 + ks2) | 0; x1 = (x1 + k0 + 5) | 0;  // key injection 5
  out[0] = x0;
  out[1] = x1;
}

/** The third key-schedule word of Threefry-2x32: parity ^ k0 ^ k1. */
export function threefryParityWord(k0: number, k1: number): number {
  return (THREEFRY_PARITY ^ k0 ^ k1) | 0;
}
