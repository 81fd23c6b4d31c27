import {
  deriveKey, effectiveRate, keepThreshold, keyFromSeed, maskBits, threefry2x32, threefryBlockInto, threefryParityWord,
} from '../../src/random/threefry.js';
import {expectEqual, expectTrue} from '../support/assertions.js';

describe('threefry2x32 (AlphaDropout\'s generator)', () => {
  // The known-answer vectors of the reference implementation (Random123's kat_vectors, threefry2x32_20).
  const KAT: Array<[[number, number], [number, number], [number, number]]> = [
    [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x13198a2e, 0x03707344], [0x243f6a88, 0x85a308d3], [0xc4923a9c, 0x483df7a0]],
  ];
  for (const [[k0, k1], [c0, c1], expected] of KAT) {
    it(`matches the reference for key ${k0.toString(16)}:${k1.toString(16)}, counter ${c0.toString(16)}:${c1.toString(16)}`, () => {
      expectEqual(threefry2x32(k0, k1, c0, c1), expected, 'threefry2x32');
    });
  }

  it('has an allocation-free block function for the kernels with the same bits (known answers and 10,000 random blocks)', () => {
    const out = new Int32Array(2);
    const block = (k0: number, k1: number, c0: number, c1: number): [number, number] => {
      threefryBlockInto(k0 | 0, k1 | 0, threefryParityWord(k0, k1), c0 | 0, c1 | 0, out);
      return [out[0] >>> 0, out[1] >>> 0];
    };
    for (const [[k0, k1], [c0, c1], expected] of KAT) expectEqual(block(k0, k1, c0, c1), expected, 'threefryBlockInto');
    let state = 12345;
    const word = (): number => (state = threefry2x32(state, 7, 0, 0)[0]);
    for (let i = 0; i < 10000; i++) {
      const [k0, k1, c0, c1] = [word(), word(), word(), word()];
      expectEqual(block(k0, k1, c0, c1), threefry2x32(k0, k1, c0, c1), `block ${i}`);
    }
  });

  it('gives mask elements 4j … 4j+3 the four little-endian 16-bit quarters of block j', () => {
    const key = keyFromSeed(2 ** 40 + 7);
    expectEqual(key, {lo: 7, hi: 256}, 'keyFromSeed');
    const [w0, w1] = threefry2x32(key.lo, key.hi, 5, 0);
    const quarters = new Uint16Array(new Uint32Array([w0, w1]).buffer);
    expectEqual(new Uint8Array(new Uint32Array([1]).buffer)[0], 1, 'a little-endian host');
    expectEqual([20, 21, 22, 23].map(m => maskBits(key, m)), Array.from(quarters), 'maskBits');
    expectEqual([w0 & 0xffff, w0 >>> 16, w1 & 0xffff, w1 >>> 16], Array.from(quarters), 'quarters');
  });

  it('derives per-call keys from a separate stream', () => {
    const key = keyFromSeed(1);
    const [lo, hi] = threefry2x32(1, 0, 3, 1);
    expectEqual(deriveKey(key, 3), {lo, hi}, 'deriveKey');
  });

  it('turns a rate into an unsigned 16-bit keep threshold, the rate rounded to a multiple of 2^-16', () => {
    expectEqual([keepThreshold(0), keepThreshold(0.5), keepThreshold(0.05), keepThreshold(1e-6), keepThreshold(1 - 2 ** -40)],
      [0, 2 ** 15, 3277, 0, 2 ** 16 - 1], 'keepThreshold');
    expectEqual([effectiveRate(0.05), effectiveRate(0.5), effectiveRate(0)], [3277 / 65536, 0.5, 0], 'effectiveRate');
    expectTrue(Math.abs(effectiveRate(0.1) - 0.1) <= 2 ** -17, 'effectiveRate(0.1) within half a step of 0.1');
  });
});
