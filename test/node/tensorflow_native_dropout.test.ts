/**
 * What only the native AlphaDropout op pair (kernels/node/native/alpha_dropout_op.cc) has, on real
 * TensorFlow through the addon's testing build: proof that it runs (one call each way per training
 * step, no kernel built per key), keep patterns bit-identical to the reference generator (maskBits)
 * on odd sizes, broadcasts, keys and thresholds at the ends of the range, on every instruction set
 * and thread count, kept values as float32 a·x + b exactly, and the direct-call errors. The shared
 * AlphaDropout suite runs on both paths in tensorflow.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {TFEOpAttr} from '@tensorflow/tfjs-node/dist/tfjs_binding';
import '../../kernels/node/index.js';
import {NODE_KERNELS_ENV} from '../../kernels/node/index.js';
import {redecideNodeKernelPathForTesting} from '../../kernels/node/native_addon.js';
import {AlphaDropoutGradKernel, AlphaDropoutKernel, alphaDropout} from '../../src/index.js';
import type {AlphaDropoutAttrs} from '../../src/index.js';
import {MASK_ELEMENT_BITS, deriveKey, keyFromSeed, maskBits} from '../../src/random/threefry.js';
import type {Key64} from '../../src/random/threefry.js';
import {testingBuild} from '../../scripts/build-native.cjs';
import {expectEqual, expectNoLeak, expectThrows, expectTrue, take} from '../support/assertions.js';
import {referenceAttrs, referenceKeep} from '../support/alpha_dropout_reference.js';
import {randomNormals} from '../support/reference.js';
import {nativeBackend, testingOps, useNodeKernelPath} from '../support/tensorflow_paths.js';

const ops = testingOps;
const forwardOp = () => ops().info.ops[AlphaDropoutKernel];
const gradientOp = () => ops().info.ops[AlphaDropoutGradKernel];

const ISAS = ['baseline', 'avx2', 'avx512'];

/** The ISAs this CPU runs (the best one and those it includes). */
function availableIsas(best: string): string[] {
  return ISAS.slice(0, ISAS.indexOf(best) + 1);
}

/** Runs the native op `name` directly: x (or dy) and the key [low, high] as inputs, `attrs` as TensorFlow attributes. */
function runOp(name: string, input: tf.Tensor, key: Key64 | tf.Tensor, attrs: Record<string, number | number[]>): tf.Tensor {
  const backend = nativeBackend();
  const {binding} = backend;
  const keyTensor = key instanceof tf.Tensor ? key : tf.tensor1d([key.lo | 0, key.hi | 0], 'int32');
  const opAttrs: TFEOpAttr[] = Object.entries(attrs).map(([attr, value]) => ({name: attr, value,
    type: attr === 'threshold' || attr === 'noise_shape' ? binding.TF_ATTR_INT : binding.TF_ATTR_FLOAT}));
  try {
    return backend.executeSingleOutput(name, opAttrs, [input, keyTensor]);
  } finally {
    if (keyTensor !== key) keyTensor.dispose();
  }
}

/** Keep pattern (1 kept) the gradient op draws over `shape`: dx of ones is fround(a) or 0. */
async function nativeKeep(shape: number[], key: Key64, threshold: number, noiseShape: number[] = []): Promise<Uint8Array> {
  const ones = tf.ones(shape);
  const dx = await take(runOp(gradientOp(), ones, key, {threshold, a: 1, noise_shape: noiseShape}));
  ones.dispose();
  return Uint8Array.from(dx, v => (v !== 0 ? 1 : 0));
}

function firstDifference(actual: Uint8Array, expected: Uint8Array): string {
  const i = actual.findIndex((v, k) => v !== expected[k]);
  return i < 0 ? 'none' : `element ${i}: ${actual[i]} vs ${expected[i]}`;
}

describe("the native AlphaDropout op on the 'tensorflow' backend", () => {
  useNodeKernelPath('native', testingBuild);
  const defaults = {parallelThreshold: 0, isa: '', cores: 1};
  before(async () => {
    expectTrue(await tf.setBackend('tensorflow'), "backend 'tensorflow'");
    ({parallelThreshold: defaults.parallelThreshold, isa: defaults.isa, cores: defaults.cores} = ops().info);
  });
  afterEach(() => {
    ops().addon.configure({maxThreads: defaults.cores, parallelThreshold: defaults.parallelThreshold, isa: defaults.isa});
  });

  /** Runs `body` under every ISA the CPU has, on one thread and (above the size 1) on all cores. */
  async function onEveryIsaAndThreadCount(body: (setting: string) => Promise<void>): Promise<void> {
    for (const isa of availableIsas(defaults.isa)) {
      for (const threads of [1, defaults.cores]) {
        ops().addon.configure({isa, maxThreads: threads, parallelThreshold: 1});
        await body(`${isa}, ${threads} thread(s)`);
      }
    }
  }

  it('is what runs: one native call each way per training step, and the composition leaves its counters still', async () => {
    const x = tf.tensor2d(randomNormals(256 * 64, 3, 1), [256, 64]);
    const {addon} = ops();
    const before = addon.counters();
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0.05}))(x).dispose());
    const after = addon.counters();
    expectEqual(after[forwardOp()].calls - before[forwardOp()].calls, 1, 'native forward calls');
    expectEqual(after[gradientOp()].calls - before[gradientOp()].calls, 1, 'native gradient calls');
    expectEqual(profile.kernelNames, [AlphaDropoutKernel, AlphaDropoutGradKernel], 'tfjs kernels of the step');
    process.env[NODE_KERNELS_ENV] = 'composition';
    try {
      expectEqual(redecideNodeKernelPathForTesting().kernels[AlphaDropoutKernel], 'composition', 'switched path');
      const still = addon.counters();
      tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0.05}))(x).dispose();
      expectEqual(addon.counters(), still, 'native calls on the composition path');
    } finally {
      process.env[NODE_KERNELS_ENV] = 'native';
      expectEqual(redecideNodeKernelPathForTesting().native?.addonFile, testingBuild, 'back on the testing build');
    }
    x.dispose();
  });

  it('builds no TensorFlow kernel per key: the key is an input, so fresh keys reuse one cached kernel', async () => {
    // TensorFlow's eager runtime caches a kernel per distinct attribute set (never freed): a key
    // attribute would build, and keep, one kernel per call.
    const x = tf.tensor1d(randomNormals(1000, 4, 1));
    const step = () => tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0.25}))(x).dispose();
    step();  // the first call with these attributes may build the kernels
    const before = ops().addon.counters();
    for (let i = 0; i < 50; i++) step();
    const after = ops().addon.counters();
    expectEqual(after[forwardOp()].calls - before[forwardOp()].calls, 50, 'forward calls with 50 fresh keys');
    expectEqual(after[forwardOp()].constructions - before[forwardOp()].constructions, 0, 'forward kernels built');
    expectEqual(after[gradientOp()].constructions - before[gradientOp()].constructions, 0, 'gradient kernels built');
    // The counter sees kernels built: another rate is another threshold attribute, one kernel each way.
    tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0.375}))(x).dispose();
    const another = ops().addon.counters();
    expectEqual(another[forwardOp()].constructions - after[forwardOp()].constructions, 1, 'forward kernels for a new rate');
    expectEqual(another[gradientOp()].constructions - after[gradientOp()].constructions, 1, 'gradient kernels for a new rate');
    x.dispose();
  });

  it('keeps exactly the reference pattern on odd sizes, for keys with high bits and thresholds 0 … 2^16 − 1, on every ISA and thread count', async () => {
    // Every tail length (0–3 elements after the last whole block), with and without whole blocks before it.
    const sizes = [1, 2, 3, 4, 5, 6, 7, 33, 1023, 1026, 32769, 65537, 2 ** 18 + 3];
    const keys: Key64[] = [keyFromSeed(42), {lo: 0xffffffff, hi: 0xffffffff}, deriveKey({lo: 0x80000000, hi: 1}, 7)];
    const limit = 2 ** MASK_ELEMENT_BITS;
    const thresholds = [0, 1, limit / 2, limit - 2, limit - 1];
    const largest = sizes[sizes.length - 1];
    for (const key of keys) {
      const bits = Uint16Array.from({length: largest}, (_, m) => maskBits(key, m));
      await onEveryIsaAndThreadCount(async setting => {
        for (const size of sizes) {
          for (const threshold of thresholds) {
            const expected = Uint8Array.from(bits.subarray(0, size), b => (b >= threshold ? 1 : 0));
            const actual = await nativeKeep([size], key, threshold);
            if (!expected.every((v, i) => v === actual[i])) {
              throw new Error(`mask of ${size} elements, key ${key.lo}:${key.hi}, threshold ${threshold} (${setting}): ` +
                  `first difference at ${firstDifference(actual, expected)}`);
            }
          }
        }
      });
    }
  });

  it('broadcasts by coordinates, also where the threads\' chunks start inside a row, on every ISA and thread count', async () => {
    const cases: Array<[number[], number[]]> = [
      [[3, 33333], [3, 1]], [[3, 33333], [1, 33333]], [[257, 1001], [1, 1001]], [[257, 1001], [257, 1]],
      [[2, 3, 5, 7], [2, 1, 5, 1]], [[2, 3, 5, 7], [1, 3, 1, 7]], [[4, 1, 9], [1, 1, 9]], [[5], [1]], [[65, 2, 513], [65, 2, 1]],
      // Rows of 3 starting at every offset inside a block: some rows lie in one block, some cross into the next.
      [[3, 5, 3], [1, 5, 3]],
    ];
    await onEveryIsaAndThreadCount(async setting => {
      for (const [shape, noiseShape] of cases) {
        const attrs = referenceAttrs(0.5, 1234, noiseShape);
        const expected = referenceKeep(shape, attrs);
        const actual = await nativeKeep(shape, {lo: attrs.keyLo, hi: attrs.keyHi}, attrs.threshold, noiseShape);
        if (!expected.every((v, i) => v === actual[i])) {
          throw new Error(`mask ${JSON.stringify(noiseShape)} over ${JSON.stringify(shape)} (${setting}): ` +
              `first difference at ${firstDifference(actual, expected)}`);
        }
      }
    });
  });

  it('computes kept values as float32 a·x + b (two roundings, no fused multiply-add), the same bits on every ISA and thread count', async () => {
    const size = 2 ** 16 + 7;
    const specials = [Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 2 ** -126, 3.4e38, -3.4e38];
    const random = randomNormals(size, 8, 3);
    const xs = Float32Array.from({length: size}, (_, i) => i % 101 < specials.length ? specials[i % 101] : random[i]);
    const attrs: AlphaDropoutAttrs = referenceAttrs(0.3, 99, [size]);
    const keep = referenceKeep([size], attrs);
    const [a, b, dropped] = [Math.fround(attrs.a), Math.fround(attrs.b), Math.fround(attrs.dropValue)];
    const expected = Float32Array.from(xs, (v, i) => (keep[i] === 1 ? Math.fround(Math.fround(a * v) + b) : dropped));
    const x = tf.tensor1d(xs);
    await onEveryIsaAndThreadCount(async setting => {
      const ys = await take(runOp(forwardOp(), x, {lo: attrs.keyLo, hi: attrs.keyHi},
          {threshold: attrs.threshold, a: attrs.a, b: attrs.b, drop_value: attrs.dropValue, noise_shape: []}));
      const i = ys.findIndex((v, k) => !Object.is(v, expected[k]));
      expectTrue(i < 0, `forward (${setting}): element ${i} (x = ${xs[i]}) is ${ys[i]}, expected ${expected[i]}`);
    });
    x.dispose();
  });

  describe('direct calls with bad attributes or inputs: an error naming the op and the argument, nothing leaked', () => {
    const forwardAttrs = {threshold: 5, a: 1, b: 0, drop_value: 0, noise_shape: []};
    const gradientAttrs = {threshold: 5, a: 1, noise_shape: []};
    // [what, op, call of that op, message fragments besides the op's name]
    const cases: Array<[string, () => string, (op: string) => tf.Tensor, string[]]> = [
      ['noise_shape not broadcasting', forwardOp,
        op => runOp(op, tf.zeros([3]), {lo: 1, hi: 2}, {...forwardAttrs, noise_shape: [2]}),
        ['noise_shape [2] does not broadcast to x\'s shape [3]']],
      ['noise_shape of another rank', gradientOp,
        op => runOp(op, tf.zeros([2, 3]), {lo: 1, hi: 2}, {...gradientAttrs, noise_shape: [3]}),
        ['noise_shape [3] does not broadcast to x\'s shape [2,3]']],
      ['key of 3 words', gradientOp, op => runOp(op, tf.zeros([4]), tf.tensor1d([1, 2, 3], 'int32'), gradientAttrs),
        ['key must have 2 elements, but has shape [3]']],
      ['threshold −1', gradientOp, op => runOp(op, tf.zeros([4]), {lo: 1, hi: 2}, {...gradientAttrs, threshold: -1}),
        ['threshold must be an integer in [0, 2^16), but got -1']],
      ['threshold 2^16', forwardOp, op => runOp(op, tf.zeros([4]), {lo: 1, hi: 2}, {...forwardAttrs, threshold: 2 ** 16}),
        ['threshold must be an integer in [0, 2^16), but got 65536']],
      ['threshold 2^31 (an old 32-bit threshold)', gradientOp,
        op => runOp(op, tf.zeros([4]), {lo: 1, hi: 2}, {...gradientAttrs, threshold: 2 ** 31}),
        ['threshold must be an integer in [0, 2^16), but got 2147483648']],
    ];
    for (const [what, op, call, fragments] of cases) {
      it(what, async () => {
        await expectNoLeak(what, () => expectThrows(() => tf.tidy(() => call(op())), `${op()}: `, ...fragments));
      });
    }
  });
});
