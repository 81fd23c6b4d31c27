/**
 * Checks the GPU AlphaDropout suites (webgl, webgpu) share: the kernels' keep
 * pattern against the JavaScript reference (maskBits, read through the mask
 * index as kernel_names.ts defines it), and their values against float64.
 */
import * as tf from '@tensorflow/tfjs-core';
import {alphaDropout} from '../../src/index.js';
import {DROPOUT_RATE, compositionAlphaDropout} from '../../bench/dropout.js';
import {AlphaDropoutGradKernel, AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs} from '../../src/kernel_names.js';
import type {Key64} from '../../src/random/threefry.js';
import {expectEqual, expectNoLeak, expectThrows, expectTrue} from './assertions.js';
import type {Tolerance} from './assertions.js';
import type {StepOps} from './gpu_checks.js';
import {referenceAttrs, referenceForward, referenceGradient, referenceKeep} from './alpha_dropout_reference.js';

/** Keys whose words cover 0, all ones and the sign bit (negative as an int32 uniform). */
export const DROPOUT_KEYS: Key64[] = [{lo: 0x12345678, hi: 0x9abcdef0}, {lo: 0xffffffff, hi: 0xffffffff}, {lo: 0, hi: 0},
  {lo: 42, hi: 0x80000000}];

/** Rates whose thresholds lie below and at or above 2^31 (the unsigned comparison). */
export const DROPOUT_RATES = [0.05, 0.5, 0.9];

/**
 * Shapes with the mask shapes the kernels broadcast: full, [n,1], [1,c], ranks
 * 0 to 6, odd and empty sizes; among them the packed WebGL texels whose four
 * elements come from one block ([3,6,2], [5,2]: a block's quarters in order;
 * [64,1], [2,4,1]: a word's halves down the rows) and their near misses
 * ([3,5,2], [1,3,5,1]: rows not aligned to a block or word); and the
 * broadcasts whose mask rows are whole blocks ([3,1,8], [1,4]: one block per
 * WebGPU vec4 invocation).
 */
export const DROPOUT_SHAPES: Array<{shape: number[], noiseShape: number[]}> = [
  {shape: [1000], noiseShape: [1000]},
  {shape: [1001], noiseShape: [1001]},
  {shape: [3, 37], noiseShape: [3, 37]},
  {shape: [64, 33], noiseShape: [64, 1]},
  {shape: [64, 33], noiseShape: [1, 33]},
  {shape: [33, 64], noiseShape: [33, 64]},
  {shape: [3, 6, 2], noiseShape: [3, 6, 2]},
  {shape: [5, 2], noiseShape: [5, 2]},
  {shape: [3, 5, 2], noiseShape: [3, 5, 2]},
  {shape: [2, 4, 3], noiseShape: [2, 4, 1]},
  {shape: [4, 5, 6], noiseShape: [4, 1, 6]},
  {shape: [3, 5, 8], noiseShape: [3, 1, 8]},
  {shape: [6, 4], noiseShape: [1, 4]},
  {shape: [4, 5, 6], noiseShape: [1, 5, 1]},
  {shape: [3, 5, 7], noiseShape: [1, 1, 1]},
  {shape: [2, 3, 4, 5], noiseShape: [2, 1, 1, 5]},
  {shape: [2, 3, 5, 7], noiseShape: [1, 3, 5, 1]},
  {shape: [2, 3, 2, 3, 5], noiseShape: [2, 1, 2, 1, 5]},
  {shape: [2, 1, 3, 2, 2, 3], noiseShape: [1, 1, 3, 1, 2, 3]},
  {shape: [], noiseShape: []},
  {shape: [2, 0], noiseShape: [2, 0]},
];

/** Positive inputs in [0.5, 2.5): kept outputs a·x + b > 0 are told apart from dropValue < 0 by their sign. */
export function positiveInputs(size: number, seed: number): Float32Array {
  return Float32Array.from({length: size}, (_, i) => 0.5 + 2 * ((Math.imul(i + seed, 0x9e3779b1) >>> 0) / 2 ** 32));
}

/** |actual − expected| ≤ rtol·(|product| + |expected|) + atol elementwise, the form of ALPHA_DROPOUT_VALUES. */
function expectWithin(actual: Float32Array, expected: ArrayLike<number>, products: Float64Array, tolerance: Tolerance,
                      what: string): void {
  for (let i = 0; i < actual.length; i++) {
    const bound = tolerance.rtol * (Math.abs(products[i]) + Math.abs(expected[i])) + tolerance.atol;
    if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]}, |diff| ${Math.abs(actual[i] - expected[i])} > ${bound}`);
    }
  }
}

/** The first element whose keep decision differs, or −1. */
function firstMismatch(seen: ArrayLike<number>, expected: Uint8Array): number {
  for (let i = 0; i < expected.length; i++) if (seen[i] !== expected[i]) return i;
  return -1;
}

/** AlphaDropoutKernel on `x` under `attrs` (the kernel itself, whatever the op does). */
export function runAlphaDropoutKernel(x: tf.Tensor, attrs: AlphaDropoutAttrs): tf.Tensor {
  return tf.engine().runKernel(AlphaDropoutKernel, {x}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/** AlphaDropoutGradKernel on `dy` under `attrs`. */
export function runAlphaDropoutGradKernel(dy: tf.Tensor, attrs: AlphaDropoutAttrs): tf.Tensor {
  return tf.engine().runKernel(AlphaDropoutGradKernel, {dy}, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
}

/**
 * NaN input stays NaN where kept and becomes dropValue where dropped; int32
 * input (1 … size) is read as float32 by the kernels themselves, output float32.
 */
export async function expectNaNAndInt32Handled(size: number, tolerance: Tolerance): Promise<void> {
  const attrs = referenceAttrs(0.5, DROPOUT_KEYS[1]!, [size]);
  const keep = referenceKeep([size], attrs);
  const x = tf.tensor1d(new Float32Array(size).fill(NaN));
  const y = await runAlphaDropoutKernel(x, attrs).data();
  tf.dispose(x);
  const wrong = keep.findIndex((k, i) => (k ? !Number.isNaN(y[i]) : y[i] !== Math.fround(attrs.dropValue)));
  expectTrue(wrong < 0, `NaN input, element ${wrong} (${keep[wrong] ? 'kept' : 'dropped'}): ${y[wrong]}`);
  const values = Float32Array.from({length: size}, (_, i) => i + 1);
  const ints = tf.tensor1d(Int32Array.from(values), 'int32');
  await expectKernelsMatchReference(ints, values, ints, values, attrs, tolerance, 'int32 input');
  ints.dispose();
}

/** Both kernels reject a bool input with an Error naming the kernel and the dtype, leaking nothing. */
export async function expectBoolInputRejected(): Promise<void> {
  const flags = tf.tensor1d([true, false, true], 'bool');
  const attrs = referenceAttrs(0.5, DROPOUT_KEYS[0]!, [3]);
  await expectNoLeak('bool input to AlphaDropoutKernel', () =>
    expectThrows(() => runAlphaDropoutKernel(flags, attrs), AlphaDropoutKernel, 'bool'));
  await expectNoLeak('bool input to AlphaDropoutGradKernel', () =>
    expectThrows(() => runAlphaDropoutGradKernel(flags, attrs), AlphaDropoutGradKernel, 'bool'));
  flags.dispose();
}

/**
 * AlphaDropoutKernel and AlphaDropoutGradKernel on `x` and `dy` (holding
 * `xs`, `dys`, both positive) under `attrs` on the active backend: the keep
 * pattern of each equals the reference exactly; values within `tolerance`
 * (ALPHA_DROPOUT_VALUES's form) of the reference forward and gradient
 * (float32 a, b, dropValue); dropped gradients exactly +0.
 */
export async function expectKernelsMatchReference(x: tf.Tensor, xs: Float32Array, dy: tf.Tensor, dys: Float32Array,
                                                  attrs: AlphaDropoutAttrs, tolerance: Tolerance, what: string): Promise<void> {
  const yTensor = runAlphaDropoutKernel(x, attrs);
  const dxTensor = runAlphaDropoutGradKernel(dy, attrs);
  expectEqual([yTensor.shape, yTensor.dtype, dxTensor.shape, dxTensor.dtype], [x.shape, 'float32', x.shape, 'float32'],
      `${what}: shapes and dtypes`);
  const y = await yTensor.data() as Float32Array;
  const dx = await dxTensor.data() as Float32Array;
  tf.dispose([yTensor, dxTensor]);
  const keep = referenceKeep(x.shape, attrs);
  const forwardMismatch = firstMismatch(Array.from(y, v => (v > 0 ? 1 : 0)), keep);
  expectTrue(forwardMismatch < 0, `${what}: forward keeps element ${forwardMismatch} ` +
      `(y = ${y[forwardMismatch]}) where the reference says ${keep[forwardMismatch] ? 'keep' : 'drop'}`);
  const gradientMismatch = firstMismatch(Array.from(dx, v => (v > 0 ? 1 : 0)), keep);
  expectTrue(gradientMismatch < 0, `${what}: gradient keeps element ${gradientMismatch} ` +
      `(dx = ${dx[gradientMismatch]}) where the reference says ${keep[gradientMismatch] ? 'keep' : 'drop'}`);
  const a = Math.fround(attrs.a);
  expectWithin(y, referenceForward(xs, keep, attrs), Float64Array.from(xs, (v, i) => keep[i] * a * v), tolerance, `${what}: y`);
  expectWithin(dx, referenceGradient(dys, keep, attrs), Float64Array.from(dys, (v, i) => keep[i] * a * v), tolerance,
      `${what}: dx`);
  const wrongZero = Array.from(dx).findIndex((v, i) => !keep[i] && !Object.is(v, 0));
  expectTrue(wrongZero < 0, `${what}: dropped dx[${wrongZero}] = ${dx[wrongZero]}, not +0`);
}

/** Every (key, rate) on the first shape; two of them, cycling, on every other. */
export function dropoutCases(): Array<{shape: number[], noiseShape: number[], key: typeof DROPOUT_KEYS[0], rate: number}> {
  const all = DROPOUT_KEYS.flatMap(key => DROPOUT_RATES.map(rate => ({key, rate})));
  return DROPOUT_SHAPES.flatMap(({shape, noiseShape}, s) =>
    (s === 0 ? all : [all[(2 * s) % all.length]!, all[(2 * s + 7) % all.length]!]).map(c => ({shape, noiseShape, ...c})));
}

/**
 * Every case's kernels against the reference on the active backend (in its
 * current flags), or those whose shape `only` selects.
 */
export async function expectAllCasesMatch(tolerance: Tolerance, label: string, only?: (shape: number[]) => boolean): Promise<void> {
  for (const {shape, noiseShape, key, rate} of dropoutCases()) {
    if (only && !only(shape)) continue;
    const size = shape.reduce((p, d) => p * d, 1);
    const xs = positiveInputs(size, 1);
    const dys = positiveInputs(size, 2);
    const x = tf.tensor(xs, shape);
    const dy = tf.tensor(dys, shape);
    await expectKernelsMatchReference(x, xs, dy, dys, referenceAttrs(rate, key, noiseShape), tolerance,
        `${label} ${JSON.stringify(shape)} noise ${JSON.stringify(noiseShape)} rate ${rate} key ${key.lo}:${key.hi}`);
    tf.dispose([x, dy]);
  }
}

/** The step ops of the GPU suites: alphaDropout (seeded) against the layer's former composition (the bench's baseline). */
export const ALPHA_DROPOUT_STEP: StepOps = {
  ours: t => alphaDropout(t, {rate: DROPOUT_RATE, seed: 7}),
  builtin: t => compositionAlphaDropout(t, DROPOUT_RATE),
};
