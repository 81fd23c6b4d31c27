/**
 * AlphaDropout's suite, written once and run on every backend (Node: mocha;
 * browser: karma): values against the float64 reference that replays the
 * generator, the committed known-answer mask, statistics of the masks, the
 * gradient (exact, saving nothing, second order), noiseShape broadcasting,
 * seeds, leaks and every validation error. The caller has registered the
 * backend and the plugin's kernels for it (or, with `viaFallback`, none).
 */
import * as tf from '@tensorflow/tfjs-core';
import {AlphaDropoutGradKernel, AlphaDropoutKernel, SELU_ALPHA, SELU_SCALE, alphaDropout} from '../../src/index.js';
import type {AlphaDropoutAttrs, AlphaDropoutOptions} from '../../src/index.js';
import {alphaDropoutAttrs, runAlphaDropout} from '../../src/alpha_dropout.js';
import {deriveKey, effectiveRate, keyFromSeed} from '../../src/random/threefry.js';
import type {Key64} from '../../src/random/threefry.js';
import {checkEveryTestForLeaks, expectEqual, expectNoLeak, expectThrows, expectTrue, show, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {
  SEED_42_RATE_HALF_FIRST_64, correlation, moments, paperAffine, referenceAttrs, referenceForward, referenceGradient,
  referenceKeep,
} from '../support/alpha_dropout_reference.js';
import {randomNormals} from '../support/reference.js';

export interface AlphaDropoutUnderTest {
  /** Registered backend name: 'cpu', 'wasm', 'webgl', … */
  backend: string;
  /** Kept values: |y − ref| ≤ rtol·(|a·x| + |ref|) + atol (ALPHA_DROPOUT_VALUES on float32 backends). */
  values: Tolerance;
  /** True for a backend without the plugin's kernels: the op runs the host-mask composition. */
  viaFallback?: boolean;
  /** Elements of each statistics sample (default 2^20). */
  statisticsSize?: number;
  /**
   * Where the backend holds tensors with fewer bits than float32 (WebGL on
   * half-float textures): `held` maps a value to what the backend holds for
   * it (inputs on upload, results once stored; heldOnHalfFloatTextures), and
   * `unitRoundoff` is the relative rounding of one stored result.
   */
  storage?: {held: (x: number) => number, unitRoundoff: number};
}

/** A bound of 5 standard deviations: deterministic seeds, and a chance of 6e-7 per check for a good generator. */
const SIGMAS = 5;

export function describeAlphaDropout(under: AlphaDropoutUnderTest): void {
  const N = under.statisticsSize ?? 2 ** 20;
  const hold = under.storage?.held ?? ((x: number) => x);
  const unitRoundoff = under.storage?.unitRoundoff ?? 2 ** -24;
  /** The dropped value as the backend holds it. */
  const droppedValue = (attrs: AlphaDropoutAttrs) => hold(Math.fround(attrs.dropValue));
  /** a·keep·dy as the backend computes (float32) and holds it, from dy as it holds it. */
  const heldGradient = (dys: ArrayLike<number>, keep: Uint8Array, attrs: AlphaDropoutAttrs) =>
    referenceGradient(Array.from(dys, hold), keep, attrs).map(hold);

  describe(`alphaDropout on '${under.backend}'${under.viaFallback ? ' (fallback composition)' : ''}`, () => {
    before(async () => {
      expectTrue(await tf.setBackend(under.backend), `backend '${under.backend}' failed to initialise`);
      await tf.ready();
      const registered = tf.getKernel(AlphaDropoutKernel, under.backend) !== undefined &&
          tf.getKernel(AlphaDropoutGradKernel, under.backend) !== undefined;
      expectEqual(registered, !under.viaFallback, `the plugin's AlphaDropout kernels registered on '${under.backend}'`);
    });

    checkEveryTestForLeaks();

    /** y = alphaDropout(x) read back, x disposed. */
    async function forward(xs: Float32Array, shape: number[], options: AlphaDropoutOptions): Promise<Float32Array> {
      const x = tf.tensor(xs, shape);
      const y = alphaDropout(x, options);
      x.dispose();
      expectEqual(y.shape, shape, 'output shape');
      expectEqual(y.dtype, 'float32', 'output dtype');
      return take(y);
    }

    /** The keep pattern the backend draws for `attrs` over `shape`, read from the gradient of ones (a·1 or 0). */
    async function backendKeep(shape: number[], attrs: AlphaDropoutAttrs): Promise<Uint8Array> {
      const x = tf.zeros(shape);
      const dx = await take(tf.grad((t: tf.Tensor) => runAlphaDropout(t, attrs))(x));
      x.dispose();
      return Uint8Array.from(dx, v => (v !== 0 ? 1 : 0));
    }

    /** Checks values and keep pattern against the reference: dropped exactly, kept within `under.values`. */
    function expectMatchesReference(ys: Float32Array, xs: Float32Array, shape: number[], attrs: AlphaDropoutAttrs,
                                    what: string): void {
      const keep = referenceKeep(shape, attrs);
      const expected = referenceForward(Array.from(xs, hold), keep, attrs);
      const a = Math.fround(attrs.a);
      const dropped = droppedValue(attrs);
      for (let i = 0; i < ys.length; i++) {
        const e = expected[i];
        if (keep[i] === 0) {
          if (!Object.is(ys[i], dropped)) throw new Error(`${what}[${i}] is dropped: got ${show(ys[i])}, expected ${dropped}`);
          continue;
        }
        if (!Number.isFinite(e)) {
          if (!Object.is(ys[i], Math.fround(e))) throw new Error(`${what}[${i}] (x=${xs[i]}): got ${ys[i]}, expected ${e}`);
          continue;
        }
        const bound = under.values.rtol * (Math.abs(a * xs[i]) + Math.abs(e)) + under.values.atol + 2 ** -149;
        if (!(Math.abs(ys[i] - e) <= bound)) {
          throw new Error(`${what}[${i}] (x=${xs[i]}, kept): got ${ys[i]}, expected ${e}, |diff| ${Math.abs(ys[i] - e)} > ${bound}`);
        }
      }
    }

    describe('values against the float64 reference that replays the generator', () => {
      const xs = randomNormals(4099, 20261206, 2);
      for (const [rate, seed] of [[0.05, 1], [0.1, 7], [0.5, 42], [0.9, 2 ** 40 + 3], [0.3, 2 ** 53 - 1]] as const) {
        it(`rate ${rate}, seed ${seed}: the reference's keep pattern exactly, kept values within tolerance`, async () => {
          const ys = await forward(xs, [xs.length], {rate, seed});
          expectMatchesReference(ys, xs, [xs.length], referenceAttrs(rate, seed, [xs.length]), 'alphaDropout');
        });
      }

      it('with custom alpha and scale (the SELU before it)', async () => {
        const selu = {alpha: 1.5, scale: 1.2};
        const ys = await forward(xs, [xs.length], {rate: 0.2, seed: 3, ...selu});
        expectMatchesReference(ys, xs, [xs.length], referenceAttrs(0.2, 3, [xs.length], selu), 'alphaDropout(alpha 1.5, scale 1.2)');
      });

      it('on odd, tiny, empty and multi-dimensional shapes (sizes that end inside a block)', async () => {
        for (const shape of [[], [1], [2], [3], [5], [6], [7], [0], [3, 0, 2], [5, 7], [2, 3, 5, 3]]) {
          const size = shape.reduce((p, d) => p * d, 1);
          const values = randomNormals(size, size + 11, 1);
          const ys = await forward(values, shape, {rate: 0.5, seed: 99});
          expectMatchesReference(ys, values, shape, referenceAttrs(0.5, 99, shape), `shape ${JSON.stringify(shape)}`);
        }
      });

      it('maps special values: NaN and ±Inf stay where kept, a dropped element is the dropped value whatever x', async () => {
        const specials = [NaN, Infinity, -Infinity, 0, -0, 3.4e38, -3.4e38, 1e-45];
        const values = Float32Array.from({length: 64}, (_, i) => specials[i % specials.length]);
        const ys = await forward(values, [64], {rate: 0.5, seed: 42});
        expectMatchesReference(ys, values, [64], referenceAttrs(0.5, 42, [64]), 'special values');
      });

      it('casts int32 input to float32', async () => {
        const ints = Int32Array.from({length: 33}, (_, i) => i - 16);
        const x = tf.tensor1d(ints, 'int32');
        const y = alphaDropout(x, {rate: 0.3, seed: 5});
        x.dispose();
        expectEqual(y.dtype, 'float32', 'dtype of alphaDropout(int32)');
        expectMatchesReference(await take(y), Float32Array.from(ints), [33], referenceAttrs(0.3, 5, [33]), 'int32');
      });

      it('accepts tensor-likes', async () => {
        const y = alphaDropout([[1, -2], [0, 3]], {rate: 0.5, seed: 8});
        expectEqual(y.shape, [2, 2], 'shape of nested array input');
        expectMatchesReference(await take(y), Float32Array.from([1, -2, 0, 3]), [2, 2], referenceAttrs(0.5, 8, [2, 2]), 'nested');
      });

      it('uses Keras\'s a, b and dropped value (the paper\'s formula, computed independently)', () => {
        for (const rate of [0.05, 0.5, 0.9]) {
          for (const selu of [{alpha: SELU_ALPHA, scale: SELU_SCALE}, {alpha: 1, scale: 2}]) {
            const attrs = alphaDropoutAttrs(rate, selu, {lo: 1, hi: 2}, [4]);
            const paper = paperAffine(rate, selu);
            for (const name of ['a', 'b', 'dropValue'] as const) {
              const relative = Math.abs(attrs[name] - paper[name]) / Math.abs(paper[name]);
              expectTrue(relative < 1e-14, `${name} at rate ${rate}: ${attrs[name]} vs the paper's ${paper[name]}`);
            }
          }
        }
      });

      it('is the identity at rate 0 (values and gradient)', async () => {
        const x = tf.tensor1d(xs);
        const y = await take(alphaDropout(x, {rate: 0}));
        const dy = tf.tensor1d(randomNormals(xs.length, 5, 1));
        const dx = await take(tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0, seed: 1}))(x, dy));
        expectEqual(y, xs, 'alphaDropout(x, {rate: 0})');
        expectEqual(dx, await take(dy), 'gradient at rate 0');
        x.dispose();
      });
    });

    describe('the mask on every backend: the same bits for the same key', () => {
      it(`seed 42, rate 0.5: the committed known-answer mask (${SEED_42_RATE_HALF_FIRST_64.slice(0, 12)}…)`, async () => {
        const attrs = referenceAttrs(0.5, 42, [64]);
        const fromReference = Array.from(referenceKeep([64], attrs)).join('');
        expectEqual(fromReference, SEED_42_RATE_HALF_FIRST_64, 'the reference generator against the committed mask');
        const fromBackend = Array.from(await backendKeep([64], attrs)).join('');
        expectEqual(fromBackend, SEED_42_RATE_HALF_FIRST_64, `the mask '${under.backend}' draws`);
        const ys = await forward(new Float32Array(64).fill(1), [64], {rate: 0.5, seed: 42});
        const kept = Array.from(ys, v => (v === droppedValue(attrs) ? '0' : '1')).join('');
        expectEqual(kept, SEED_42_RATE_HALF_FIRST_64, 'the forward\'s mask');
      });

      it('matches the reference bit for bit for keys with high bits set, derived keys, and rates near 0 and 1', async () => {
        const keys: Key64[] = [{lo: 0xffffffff, hi: 0xffffffff}, {lo: 0x80000000, hi: 1}, deriveKey(keyFromSeed(7), 123456)];
        for (const key of keys) {
          for (const rate of [2 ** -16, 0.25, 1 - 2 ** -16]) {
            const attrs = referenceAttrs(rate, key, [1001]);
            expectEqual(await backendKeep([1001], attrs), referenceKeep([1001], attrs), `mask for key ${show(key)} at rate ${rate}`);
          }
        }
      });

      it('reproduces a seed and varies without one', async () => {
        const values = randomNormals(2000, 3, 1);
        const first = await forward(values, [2000], {rate: 0.5, seed: 12345});
        const again = await forward(values, [2000], {rate: 0.5, seed: 12345});
        expectEqual(again, first, 'same seed, same output');
        const unseeded1 = await forward(values, [2000], {rate: 0.5});
        const unseeded2 = await forward(values, [2000], {rate: 0.5});
        // Identical masks of 2000 fair bits without a seed: probability 2^-2000.
        expectTrue(unseeded1.some((v, i) => !Object.is(v, unseeded2[i])), 'two calls without a seed drew the same mask');
      });
    });

    describe('statistics of the masks', () => {
      async function keepOf(shape: number[], rate: number, key: Key64 | number): Promise<Uint8Array> {
        return backendKeep(shape, referenceAttrs(rate, key, shape));
      }

      for (const rate of [0.05, 0.1, 0.5, 0.9]) {
        it(`keeps a fraction within ${SIGMAS} binomial standard deviations of ${(1 - rate).toFixed(2)} (rate ${rate}, ${N} elements)`, async () => {
          const keep = await keepOf([N], rate, 1000 + Math.round(rate * 100));
          const kept = keep.reduce((s, k) => s + k, 0);
          // The kernels drop with probability threshold / 2^16, the rate to 2^-16.
          const dropped = effectiveRate(rate);
          const sd = Math.sqrt(N * dropped * (1 - dropped));
          expectTrue(Math.abs(kept - N * (1 - dropped)) <= SIGMAS * sd,
              `kept ${kept} of ${N}: ${((kept - N * (1 - dropped)) / sd).toFixed(2)} standard deviations from ${N * (1 - dropped)}`);
        });
      }

      /** |r| ≤ 5/√n: the correlation of n independent pairs has standard deviation 1/√n. */
      function expectUncorrelated(u: ArrayLike<number>, v: ArrayLike<number>, what: string): void {
        const r = correlation(u, v);
        const bound = SIGMAS / Math.sqrt(u.length);
        expectTrue(Math.abs(r) <= bound, `${what}: correlation ${r.toExponential(2)} beyond ${bound.toExponential(2)}`);
      }

      for (const rate of [0.1, 0.5]) {
        it(`shows no correlation between neighbours, within a block and across blocks (rate ${rate})`, async () => {
          const keep = await keepOf([N], rate, 77);
          // Element 4j + q takes quarter q of block j: q = 0, 1 share a word, 1, 2 do not, 3 and 4 are in consecutive blocks.
          const quarter = (q: number) => keep.filter((_, i) => i % 4 === q);
          const [q0, q1, q2, q3] = [quarter(0), quarter(1), quarter(2), quarter(3)];
          expectUncorrelated(q0, q1, 'elements 4j and 4j+1 (one word\'s two halves)');
          expectUncorrelated(q1, q2, 'elements 4j+1 and 4j+2 (one block\'s two words)');
          expectUncorrelated(q0, q3, 'elements 4j and 4j+3 (one block\'s first and last quarters)');
          expectUncorrelated(q3.subarray(0, q3.length - 1), q0.subarray(1), 'elements 4j+3 and 4j+4 (consecutive blocks)');
          expectUncorrelated(keep.subarray(0, N - 1), keep.subarray(1), 'elements i and i+1');
        });
      }

      it('shows no correlation between consecutive seeds, between derived keys, or between rows', async () => {
        const bySeed = [await keepOf([N], 0.5, 2024), await keepOf([N], 0.5, 2025)];
        expectUncorrelated(bySeed[0], bySeed[1], 'seeds 2024 and 2025');
        const base = keyFromSeed(2024);
        const derived = [await keepOf([N], 0.5, deriveKey(base, 0)), await keepOf([N], 0.5, deriveKey(base, 1))];
        expectUncorrelated(derived[0], derived[1], 'derived keys 0 and 1');
        expectUncorrelated(bySeed[0], derived[0], 'a seed\'s key and its first derived key');
        const columns = 512;
        const rows = await keepOf([N / columns, columns], 0.5, 31);
        expectUncorrelated(rows.subarray(0, N - columns), rows.subarray(columns), 'row r and row r+1 (column by column)');
      });

      for (const rate of [0.05, 0.1, 0.5]) {
        it(`keeps mean 0 and variance 1 at SELU's fixed point (x ~ N(0, 1), rate ${rate})`, async () => {
          const xs = randomNormals(N, 555, 1);
          const ys = await forward(xs, [N], {rate, seed: 9});
          const {mean, variance, sdOfSquares} = moments(ys);
          const meanBound = SIGMAS * Math.sqrt(variance / N);
          const varianceBound = SIGMAS * sdOfSquares / Math.sqrt(N);
          expectTrue(Math.abs(mean) <= meanBound, `mean ${mean.toExponential(3)} beyond ±${meanBound.toExponential(3)}`);
          expectTrue(Math.abs(variance - 1) <= varianceBound,
              `variance ${variance.toFixed(5)} beyond 1 ± ${varianceBound.toExponential(3)}`);
        });
      }
    });

    describe('the gradient', () => {
      const shape = [37, 29];
      const size = 37 * 29;
      const xs = randomNormals(size, 4, 1);
      const dys = randomNormals(size, 5, 1);

      it('is exactly a·keep·dy with the reference mask', async () => {
        const x = tf.tensor(xs, shape);
        const dy = tf.tensor(dys, shape);
        const dx = await take(tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0.3, seed: 17}))(x, dy));
        tf.dispose([x, dy]);
        const attrs = referenceAttrs(0.3, 17, shape);
        expectEqual(dx, heldGradient(dys, referenceKeep(shape, attrs), attrs), 'dx');
      });

      it('saves no tensor: the GradConfigs name none, and nothing but y lives between forward and backward', async () => {
        for (const kernelName of [AlphaDropoutKernel, AlphaDropoutGradKernel]) {
          const config = tf.getGradient(kernelName);
          expectTrue(config !== undefined, `a gradient is registered for ${kernelName}`);
          expectEqual([config!.inputsToSave, config!.outputsToSave, config!.saveAllInputs], [undefined, undefined, undefined],
              `${kernelName}'s GradConfig: inputsToSave, outputsToSave, saveAllInputs`);
        }
        const x = tf.tensor(xs, shape);
        const dy = tf.tensor(dys, shape);
        let aliveAfterForward = -1;
        const before = tf.memory().numTensors;
        const bytesBefore = tf.memory().numBytes;
        const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => {
          const y = alphaDropout(t, {rate: 0.3, seed: 17});
          aliveAfterForward = tf.memory().numTensors - before;
          return y;
        })(x, dy).dispose());
        tf.dispose([x, dy]);
        expectEqual(aliveAfterForward, 1, 'tensors alive after the forward (y only: no mask)');
        if (!under.viaFallback) {
          expectEqual(profile.kernelNames, [AlphaDropoutKernel, AlphaDropoutGradKernel], 'kernels of a training step');
          // y and dx, nothing else.
          expectEqual(profile.peakBytes - bytesBefore, 2 * 4 * size, 'peak bytes of forward + backward');
        }
      });

      it('works to second order (the gradient of the gradient kernel is itself)', async () => {
        // L = Σ w·∂/∂x Σ y², with ∂/∂x Σ y² = 2·y·a·keep, so ∂L/∂x = 2·a²·keep·w.
        const x = tf.tensor(xs, shape);
        const w = tf.tensor(dys, shape);
        const options = {rate: 0.4, seed: 23};
        const ddx = await take(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(w,
            tf.grad((u: tf.Tensor) => tf.sum(tf.square(alphaDropout(u, options))))(t))))(x));
        tf.dispose([x, w]);
        const attrs = referenceAttrs(0.4, 23, shape);
        const keep = referenceKeep(shape, attrs);
        const a = Math.fround(attrs.a);
        for (let i = 0; i < size; i++) {
          const expected = keep[i] === 1 ? 2 * a * a * dys[i] : 0;
          const close = keep[i] === 1 ? Math.abs(ddx[i] - expected) <= 4 * unitRoundoff * Math.abs(expected) : Object.is(ddx[i], 0);
          expectTrue(close, `second order [${i}]: got ${show(ddx[i])}, expected ${expected}`);
        }
      });
    });

    describe('noiseShape', () => {
      const shape = [3, 4, 5];
      const xs = randomNormals(60, 6, 1);
      for (const noiseShape of [[3, 4, 5], [3, 1, 5], [1, 4, 1], [3, 4, 1], [1, 1, 5], [1, 1, 1]]) {
        it(`broadcasts the mask ${JSON.stringify(noiseShape)} over ${JSON.stringify(shape)}`, async () => {
          const ys = await forward(xs, shape, {rate: 0.5, seed: 71, noiseShape});
          expectMatchesReference(ys, xs, shape, referenceAttrs(0.5, 71, noiseShape), `noiseShape ${JSON.stringify(noiseShape)}`);
          const x = tf.tensor(xs, shape);
          const dys = randomNormals(60, 8, 1);
          const dy = tf.tensor(dys, shape);
          const dx = await take(tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0.5, seed: 71, noiseShape}))(x, dy));
          tf.dispose([x, dy]);
          const attrs = referenceAttrs(0.5, 71, noiseShape);
          expectEqual(dx, heldGradient(dys, referenceKeep(shape, attrs), attrs), 'dx with a broadcast mask');
        });
      }

      it('takes null entries as x\'s size, like Keras, and a mask shape is the same mask as without broadcast', async () => {
        const withNulls = await forward(xs, shape, {rate: 0.5, seed: 4, noiseShape: [null, 1, null]});
        const explicit = await forward(xs, shape, {rate: 0.5, seed: 4, noiseShape: [3, 1, 5]});
        expectEqual(withNulls, explicit, 'noiseShape [null, 1, null] vs [3, 1, 5]');
        const full = await forward(xs, shape, {rate: 0.5, seed: 4, noiseShape: [3, 4, 5]});
        expectEqual(full, await forward(xs, shape, {rate: 0.5, seed: 4}), 'noiseShape = x\'s shape vs none');
      });
    });

    describe('misuse: an Error naming the argument and the op, nothing leaked', () => {
      const cases: Array<[string, () => unknown, string[]]> = [
        ['no options', () => alphaDropout([1], undefined as unknown as AlphaDropoutOptions), ["'options'", "'alphaDropout'"]],
        ['options an array', () => alphaDropout([1], [] as unknown as AlphaDropoutOptions), ["'options'", 'an array']],
        ['no rate', () => alphaDropout([1], {} as AlphaDropoutOptions), ["'rate'", "'alphaDropout'", 'undefined']],
        ['rate NaN', () => alphaDropout([1], {rate: NaN}), ["'rate'", "'alphaDropout'", '[0, 1)', 'NaN']],
        ['rate 1', () => alphaDropout([1], {rate: 1}), ["'rate'", "'alphaDropout'", 'but got 1']],
        ['rate negative', () => alphaDropout([1], {rate: -0.1}), ["'rate'", "'alphaDropout'", '-0.1']],
        ['rate a string', () => alphaDropout([1], {rate: '0.5' as unknown as number}), ["'rate'", "'alphaDropout'", "'0.5'"]],
        ['alpha negative', () => alphaDropout([1], {rate: 0.1, alpha: -1}), ["'alpha'", "'alphaDropout'"]],
        ['scale 0', () => alphaDropout([1], {rate: 0.1, scale: 0}), ["'scale'", "'alphaDropout'"]],
        ['seed negative', () => alphaDropout([1], {rate: 0.1, seed: -1}), ["'seed'", "'alphaDropout'", '[0, 2^53)', '-1']],
        ['seed fractional', () => alphaDropout([1], {rate: 0.1, seed: 1.5}), ["'seed'", "'alphaDropout'", '1.5']],
        ['seed 2^53', () => alphaDropout([1], {rate: 0.1, seed: 2 ** 53}), ["'seed'", "'alphaDropout'"]],
        ['seed a string', () => alphaDropout([1], {rate: 0.1, seed: '7' as unknown as number}), ["'seed'", "'7'"]],
        ['noiseShape of another rank', () => alphaDropout([[1, 2]], {rate: 0.1, noiseShape: [2]}),
          ["'noiseShape'", "'alphaDropout'", '[1, 2]', 'but got [2]']],
        ['noiseShape not broadcasting', () => alphaDropout([[1, 2, 3]], {rate: 0.1, noiseShape: [1, 2]}),
          ["'noiseShape'", "'alphaDropout'", '[1, 3]', '[1, 2]']],
        ['noiseShape not an array', () => alphaDropout([1], {rate: 0.1, noiseShape: 3 as unknown as number[]}),
          ["'noiseShape'", "'alphaDropout'", 'but got 3']],
        ['x of dtype bool', () => tf.tidy(() => alphaDropout(tf.tensor1d([true], 'bool'), {rate: 0.1})),
          ["'x'", "'alphaDropout'", 'bool']],
        ['x not a tensor', () => alphaDropout({} as unknown as tf.Tensor, {rate: 0.1}), ["'x'", "'alphaDropout'", 'Object']],
      ];
      for (const [what, call, fragments] of cases) {
        it(what, async () => {
          await expectNoLeak(what, () => {
            expectThrows(call, ...fragments);
          });
        });
      }
    });
  });
}
