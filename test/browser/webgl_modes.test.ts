/**
 * The WebGL modes phones and old GPUs run: WebGL 1 (no WebGL 2), half-float
 * textures (no float32 render targets: WEBGL_RENDER_FLOAT32_ENABLED=false, as
 * on many phones and iOS), unpacked layouts, and all three together. tfjs reads
 * these flags when the backend is created, so each mode re-creates the 'webgl'
 * backend (the plugin's kernels are registered by backend name and stay) and
 * runs, besides the suites it is given, the checks every mode needs: the mode
 * is real, the plugin is at least as accurate as the built-in tf.selu measured
 * in the same test (forward, gradient, a training step), special values, the
 * programs that run, and no leak.
 */
import * as tf from '@tensorflow/tfjs';
import {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import '../../kernels/webgl/index.js';
import {SELU_ALPHA, SELU_SCALE, SeluGradFromInputKernel, SeluGradKernel, selu, seluInPlace} from '../../src/index.js';
import {activeBackendStoresOutputsLossily} from '../../src/gradient_source.js';
import {expectClose, expectEqual, expectNoLeak, expectTrue, take} from '../support/assertions.js';
import {grid, heldOnHalfFloatTextures, isExactNormalHalf, mapToFloat64, roundToHalf, seluPrimeRef, seluRef} from '../support/reference.js';
import type {Storage} from '../support/reference.js';
import {
  HALF_FLOAT_FORWARD, HALF_FLOAT_GRADIENT, HALF_FLOAT_OUTPUT_GRADIENT, HALF_FLOAT_UNIT_ROUNDOFF, WEBGL_FORWARD, WEBGL_GRADIENT,
  ALPHA_DROPOUT_HALF_FLOAT, ALPHA_DROPOUT_VALUES, YARDSTICK_FLOOR, gpuOverride,
} from '../support/tolerances.js';
import type {Tolerance} from '../support/assertions.js';
import {recordPrograms, useHalfFloatBackend, webglBackend} from '../support/webgl_util.js';
import {readServedKerasFixture} from '../support/served_fixtures.js';
import {describeConformance} from '../suites/conformance.js';
import {describeKeras} from '../suites/keras.js';
import {describeOverride} from '../suites/override.js';
import {describeAlphaDropout} from '../suites/alpha_dropout.js';

type FlagValue = boolean | number;

export interface WebGLMode {
  /** Short name, in test titles and logs. */
  label: string;
  /** Flags set before the backend is created. */
  flags: Record<string, FlagValue>;
}

/** The modes of issue #19, beyond the default (WebGL 2, float32 targets, packed). */
export const WEBGL_MODES: WebGLMode[] = [
  {label: 'WEBGL_VERSION=1', flags: {WEBGL_VERSION: 1}},
  {label: 'WEBGL_PACK=false', flags: {WEBGL_PACK: false}},
  {label: 'WEBGL_FORCE_F16_TEXTURES=true', flags: {WEBGL_FORCE_F16_TEXTURES: true}},
  {label: 'all three', flags: {WEBGL_VERSION: 1, WEBGL_FORCE_F16_TEXTURES: true, WEBGL_PACK: false}},
];

/** What a mode means for accuracy: its storage and its tolerances. */
export interface ModeNumerics extends Storage {
  forward: Tolerance;
  gradient: Tolerance;
}

export function modeNumerics(mode: WebGLMode): ModeNumerics {
  return mode.flags.WEBGL_FORCE_F16_TEXTURES === true ?
    {held: roundToHalf, halfFloat: true, forward: HALF_FLOAT_FORWARD, gradient: HALF_FLOAT_GRADIENT,
      outputGradient: HALF_FLOAT_OUTPUT_GRADIENT} :
    {held: Math.fround, halfFloat: false, forward: WEBGL_FORWARD, gradient: WEBGL_GRADIENT, outputGradient: WEBGL_GRADIENT};
}

/** tfjs-backend-webgl registers 'webgl' with this priority. */
const WEBGL_PRIORITY = 2;

/**
 * Re-creates the 'webgl' backend with `flags` set first. Flags derived from
 * others (WEBGL_RENDER_FLOAT32_ENABLED from WEBGL_FORCE_F16_TEXTURES, the
 * packing families from WEBGL_PACK, …) are cached once read, so the
 * environment starts from none.
 */
export async function recreateWebGLBackend(flags: Record<string, FlagValue>): Promise<void> {
  expectTrue(await tf.setBackend('cpu'), 'cpu backend');
  tf.removeBackend('webgl');
  tf.env().reset();
  for (const [name, value] of Object.entries(flags)) tf.env().set(name, value);
  tf.registerBackend('webgl', () => new MathBackendWebGL(), WEBGL_PRIORITY);
  expectTrue(await tf.setBackend('webgl'), `the 'webgl' backend failed to initialise with ${JSON.stringify(flags)}`);
}

/** A suite to run in every mode (the conformance suite, Keras, the override, …). */
export type ModeSuite = (mode: WebGLMode, numerics: ModeNumerics) => void;

/**
 * The yardstick inputs of issue #19: x on a 1/64 grid in [−12, 12] plus
 * ±1e-3, ±1e-5, ±100, ±1000.
 */
const YARDSTICK_INPUTS = Float32Array.from([...grid(-12, 12, 24 * 64 + 1), 1e-3, -1e-3, 1e-5, -1e-5, 100, -100, 1000, -1000]);

/** max |actual − reference| / max(|reference|, 1e-2): the metric. */
function worstRelativeTo1e2(actual: ArrayLike<number>, reference: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < reference.length; ++i) {
    worst = Math.max(worst, Math.abs(actual[i] - reference[i]) / Math.max(Math.abs(reference[i]), 1e-2));
  }
  return Number.isNaN(worst) ? Infinity : worst;
}

function expectNoWorseThanBuiltin(what: string, ours: number, builtin: number): void {
  expectTrue(ours <= Math.max(builtin, YARDSTICK_FLOOR),
      `${what}: the plugin's worst error ${ours.toExponential(2)} exceeds the built-in's ${builtin.toExponential(2)}`);
}

function describeModeChecks(mode: WebGLMode, numerics: ModeNumerics): void {
  const webgl1 = mode.flags.WEBGL_VERSION === 1;
  const packed = mode.flags.WEBGL_PACK !== false;
  const half = numerics.halfFloat === true;

  it('is the mode it says (context, render targets, packing, the gradient rule)', () => {
    const gl = webglBackend().gpgpu.gl;
    expectEqual(tf.env().getNumber('WEBGL_VERSION'), webgl1 ? 1 : 2, 'WEBGL_VERSION');
    expectEqual(typeof WebGL2RenderingContext !== 'undefined' && gl instanceof WebGL2RenderingContext, !webgl1,
        'the backend holds a WebGL2 context');
    expectEqual(tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'), !half, 'float32 render targets');
    expectEqual(tf.env().getBool('WEBGL_PACK_UNARY_OPERATIONS'), packed, 'packed unary operations');
    expectEqual(activeBackendStoresOutputsLossily(), half, 'selu saves x for its gradient (outputs stored lossily)');
  });

  it('is at least as accurate as tf.selu measured here, forward and gradient (the issue\'s metric)', async () => {
    const x = tf.tensor1d(YARDSTICK_INPUTS);
    const refY = mapToFloat64(YARDSTICK_INPUTS, v => seluRef(v));
    const refDx = mapToFloat64(YARDSTICK_INPUTS, v => seluPrimeRef(v));
    const forward = {ours: worstRelativeTo1e2(await take(selu(x)), refY),
      builtin: worstRelativeTo1e2(await take(tf.selu(x)), refY)};
    const gradient = {ours: worstRelativeTo1e2(await take(tf.grad((t: tf.Tensor) => selu(t))(x)), refDx),
      builtin: worstRelativeTo1e2(await take(tf.grad((t: tf.Tensor) => tf.selu(t))(x)), refDx)};
    x.dispose();
    console.log(`webgl ${mode.label}: forward plugin ${forward.ours.toExponential(1)} / built-in ` +
        `${forward.builtin.toExponential(1)}; gradient plugin ${gradient.ours.toExponential(1)} / built-in ` +
        `${gradient.builtin.toExponential(1)}`);
    expectNoWorseThanBuiltin('forward', forward.ours, forward.builtin);
    expectNoWorseThanBuiltin('gradient', gradient.ours, gradient.builtin);
  });

  it('takes a training step as close to the float64 one as tf.selu\'s', async () => {
    // d/dw mean((selu(w·x) − t)²) at w = 1/2, t = selu(2x): inputs and target exact in this mode's storage.
    const xs = Float32Array.from(YARDSTICK_INPUTS.filter(v => Math.abs(v) <= 12)).map(numerics.held);
    const ts = xs.map(v => numerics.held(seluRef(2 * v)));
    const w0 = 0.5;
    const terms = Float64Array.from(xs, (v, i) => 2 * (seluRef(w0 * v) - ts[i]) * seluPrimeRef(w0 * v) * v);
    const reference = terms.reduce((a, b) => a + b, 0) / terms.length;
    const x = tf.tensor1d(xs);
    const t = tf.tensor1d(ts);
    const w = tf.variable(tf.scalar(w0));
    const step = async (activation: (u: tf.Tensor) => tf.Tensor) => {
      const {value, grads} = tf.variableGrads(() => tf.mean(tf.square(tf.sub(activation(tf.mul(x, w)), t))) as tf.Scalar, [w]);
      const g = (await take(grads[w.name]))[0];
      tf.dispose([value, grads[w.name]]);
      return g;
    };
    const ours = await step(u => selu(u));
    const builtin = await step(u => tf.selu(u));
    tf.dispose([x, t, w]);
    const scale = Math.max(Math.abs(reference), 1e-2);
    console.log(`webgl ${mode.label}: training-step gradient ${ours} (plugin), ${builtin} (built-in), ${reference} (float64)`);
    expectNoWorseThanBuiltin('training step', Math.abs(ours - reference) / scale, Math.abs(builtin - reference) / scale);
  });

  it('propagates NaN forward and backward; ±Inf as the storage allows', async () => {
    const xs = [NaN, Infinity, -Infinity, 1, -1];
    const x = tf.tensor1d(xs);
    const y = await take(selu(x));
    const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
    // What the storage makes of the input itself: an identity op.
    const identity = await take(tf.clipByValue(x, -Infinity, Infinity));
    x.dispose();
    expectTrue(Number.isNaN(y[0]) && Number.isNaN(dx[0]), `NaN: y=${y[0]}, dx=${dx[0]}`);
    if (half) {
      // tfjs's half-float upload turns ±Inf into NaN for every op, before any kernel runs.
      expectTrue(Number.isNaN(identity[1]) && Number.isNaN(identity[2]), `±Inf after the upload: ${identity.slice(1, 3)}`);
      expectTrue([1, 2].every(i => Number.isNaN(y[i]) && Number.isNaN(dx[i])), `±Inf: y=${y.slice(1, 3)}, dx=${dx.slice(1, 3)}`);
    } else {
      expectEqual(Array.from(identity.slice(1, 3)), [Infinity, -Infinity], '±Inf after the upload');
      expectEqual(y[1], Infinity, 'selu(+Inf)');
      expectEqual(y[2], -Math.fround(SELU_SCALE * SELU_ALPHA), 'selu(-Inf) = −λα (float32)');
      expectEqual(Array.from(dx.slice(1, 3)), [Math.fround(SELU_SCALE), 0], "selu'(±Inf)");
    }
    expectClose(y.slice(3), [1, -1].map(v => seluRef(v)), numerics.forward, [1, -1], 'selu(±1)');
    expectClose(dx.slice(3), [1, -1].map(v => seluPrimeRef(v)), numerics.gradient, [1, -1], "selu'(±1)");
  });

  it(`runs one shader per pass, ${packed ? 'packed' : 'unpacked'}, ${webgl1 ? 'GLSL ES 1.0 (exp2)' : 'GLSL ES 3.0'}, ` +
      `the gradient from ${half ? 'x' : 'y'}`, async () => {
    const xs = Float32Array.from(grid(-4, 4, 1000)).map(numerics.held);
    const x = tf.tensor1d(xs);
    // Uploaded like x (onesLike would fill an unpacked texture that packed programs repack on every use).
    const dy = tf.tensor1d(new Float32Array(xs.length).fill(1));
    selu(x).dispose();  // uploads x and dy in the layout our programs read
    selu(dy).dispose();
    const suffix = packed ? 'PackedProgram' : 'Program';
    const gradientProgram = half ? `SeluGradFromInput${suffix}` : `SeluGrad${suffix}`;
    const step = tf.grad((t: tf.Tensor) => selu(t));
    step(x, dy).dispose();  // compiles both programs
    let dx: tf.Tensor | undefined;
    const runs = await recordPrograms(() => {
      dx = step(x, dy);
    });
    expectEqual(runs.map(r => r.name), [`Selu${suffix}`, gradientProgram], 'programs of a training step');
    expectTrue(runs.every(r => !/\bexp\(/.test(r.userCode)), 'no program calls the GPU\'s exp');
    // Programs with the range reduction build 2^k from its bits on WebGL 2, with exp2 on WebGL 1.
    const reducing = runs.filter(r => r.userCode.includes('NonPositive('));
    expectEqual(reducing.length, half ? 2 : 1, 'programs with the range reduction');
    expectTrue(reducing.every(r => /exp2\(/.test(r.userCode) === webgl1), `exp2 ${webgl1 ? 'on' : 'only off'} WebGL 1`);
    expectClose(await take(dx!), mapToFloat64(xs, v => seluPrimeRef(v)), numerics.gradient, xs, "selu'");
    tf.dispose([x, dy]);
  });

  it('seluInPlace consumes its input and trains like selu', async () => {
    const xs = Float32Array.from(grid(-8, 8, 513)).map(numerics.held);
    const x = tf.tensor1d(xs);
    const y = seluInPlace(x);
    expectTrue(x.isDisposed, 'the input is disposed');
    expectClose(await take(y), mapToFloat64(xs, v => seluRef(v)), numerics.forward, xs, 'seluInPlace');
    const t = tf.tensor1d(xs);
    const dx = await take(tf.grad((u: tf.Tensor) => seluInPlace(tf.mul(u, 1)))(t));
    t.dispose();
    expectClose(dx, mapToFloat64(xs, v => seluPrimeRef(v)), numerics.gradient, xs, 'gradient through seluInPlace');
  });

  it('leaks no tensor and no GPU byte: forward, backward, second order, seluInPlace', async () => {
    const x = tf.tensor1d(Float32Array.from(grid(-6, 6, 3001)).map(numerics.held));
    tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose();
    const gpuBytes = () => (tf.memory() as tf.MemoryInfo & {numBytesInGPU: number}).numBytesInGPU;
    const before = gpuBytes();
    await expectNoLeak('forward', () => selu(x).dispose());
    await expectNoLeak('backward', () => tf.grad((t: tf.Tensor) => selu(t))(x).dispose());
    await expectNoLeak('second order', () => tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose());
    await expectNoLeak('seluInPlace under tf.grad', () => tf.grad((t: tf.Tensor) => seluInPlace(tf.mul(t, 1)))(x).dispose());
    expectEqual(gpuBytes(), before, 'GPU bytes');
    x.dispose();
  });

  if (half) {
    it('the inputs the half-float suites use are exact there (tfjs rounds others on upload)', async () => {
      const xs = Float32Array.from(grid(-12, 12, 24 * 64 + 1)).map(roundToHalf).filter(isExactNormalHalf);
      const x = tf.tensor1d(xs);
      const held = await take(tf.clipByValue(x, -Infinity, Infinity));
      x.dispose();
      expectEqual(Array.from(held), Array.from(xs), 'inputs after the half-float upload');
      const between = tf.tensor1d([1 + HALF_FLOAT_UNIT_ROUNDOFF / 2]);
      const roundTrip = await take(tf.clipByValue(between, 0, 2));
      between.dispose();
      expectEqual(roundTrip[0], 1, 'an input between two halves is rounded on upload');
    });
  }
}

/**
 * Every mode of {@link WEBGL_MODES} on a fresh 'webgl' backend: the checks
 * above, then each of `suites`; the default backend is restored afterwards.
 */
export function describeWebGLModes(suites: ModeSuite[]): void {
  for (const mode of WEBGL_MODES) {
    const numerics = modeNumerics(mode);
    describe(`webgl mode ${mode.label}`, () => {
      before(() => recreateWebGLBackend(mode.flags));
      after(() => recreateWebGLBackend({}));
      describeModeChecks(mode, numerics);
      for (const suite of suites) suite(mode, numerics);
    });
  }
}

// The whole conformance suite, the Keras models, the override and AlphaDropout's
// suite in each mode; the stress limits and statistics samples are smaller than
// in the default mode (webgl.test.ts, alpha_dropout_webgl.test.ts).
describeWebGLModes([
  (_, numerics) => describeConformance({
    backend: 'webgl',
    forward: numerics.forward,
    gradient: numerics.gradient,
    outputGradient: numerics.outputGradient,
    halfFloatTextures: numerics.halfFloat,
    flushesDenormals: true,
    stress: {iterations: 2000, largestSize: 1e6},
  }),
  (mode, numerics) => describeKeras({backend: 'webgl', read: readServedKerasFixture, variant: mode.label, halfFloat: numerics.halfFloat}),
  (_, numerics) => describeOverride({backend: 'webgl', tolerance: gpuOverride(numerics.forward, numerics.gradient), storage: numerics}),
  (_, numerics) => describeAlphaDropout({
    backend: 'webgl',
    values: numerics.halfFloat ? ALPHA_DROPOUT_HALF_FLOAT : ALPHA_DROPOUT_VALUES,
    statisticsSize: 2 ** 18,
    storage: numerics.halfFloat ? {held: heldOnHalfFloatTextures, unitRoundoff: HALF_FLOAT_UNIT_ROUNDOFF} : undefined,
  }),
]);

describe('a WebGL backend registered under another name, on half-float textures', () => {
  useHalfFloatBackend('webgl-phone');

  it('is recognised as storing outputs lossily: selu\'s gradient runs from x', async () => {
    expectEqual(activeBackendStoresOutputsLossily(), true, 'outputs stored lossily on \'webgl-phone\'');
    const xs = Float32Array.from(grid(-12, 12, 24 * 64 + 1));
    const x = tf.tensor1d(xs);
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => selu(t))(x).dispose());
    const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
    x.dispose();
    const names = profile.kernelNames;
    expectTrue(names.includes(SeluGradFromInputKernel) && !names.includes(SeluGradKernel), `kernels of a step: ${names}`);
    expectClose(dx, mapToFloat64(xs, v => seluPrimeRef(v)), HALF_FLOAT_GRADIENT, xs, "selu' on 'webgl-phone'");
  });
});
