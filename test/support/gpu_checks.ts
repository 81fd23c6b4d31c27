/**
 * Checks the GPU backends' suites (webgl, webgpu) share: accuracy against the
 * same float64 references, each backend with its own tolerances, and the
 * programs a training step runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import {selu, seluGrad} from '../../src/index.js';
import type {SeluAttrs} from '../../src/index.js';
import {FLOAT32_EPS, expectClose, take} from './assertions.js';
import type {Tolerance} from './assertions.js';
import {mapToFloat64, seluPrimeRef, seluRef, seluSecondRef, worstUlps} from './reference.js';
import {absoluteScaledBy} from './tolerances.js';

/** Constants far from the paper's: ELU, scaled relu, small and huge products. */
const CUSTOM_CONSTANTS: SeluAttrs[] =
    [{alpha: 1, scale: 1}, {alpha: 0, scale: 3}, {alpha: 2.5, scale: 0.5}, {alpha: 1e6, scale: 1e-3}];

/**
 * selu and seluGrad of `x` (holding `xs`) under every custom constant pair
 * against the float64 reference; the gradient's absolute floor scales with
 * the largest factor, λ·max(α, 1).
 */
export async function expectCustomConstantsAccurate(x: tf.Tensor, xs: Float32Array, forward: Tolerance,
                                                    gradient: Tolerance): Promise<void> {
  for (const attrs of CUSTOM_CONSTANTS) {
    const y = selu(x, attrs);
    const dx = seluGrad(tf.onesLike(y), y, attrs);
    const ceiling = attrs.scale * Math.max(attrs.alpha, 1);
    expectClose(await take(y), mapToFloat64(xs, v => seluRef(v, attrs)), forward, xs, `selu ${JSON.stringify(attrs)}`);
    expectClose(await take(dx), mapToFloat64(xs, v => seluPrimeRef(v, attrs)),
        absoluteScaledBy(gradient, ceiling), xs, `seluGrad ${JSON.stringify(attrs)}`);
  }
}

/**
 * Forward, first and second order on `inputs` against the float64
 * reference, logging the worst errors under `label`.
 */
export async function expectAccurateToSecondOrder(label: string, inputs: Float32Array, forward: Tolerance,
                                                  gradient: Tolerance): Promise<void> {
  const x = tf.tensor1d(inputs);
  const y = await take(selu(x));
  const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
  const d2x = await take(tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x));
  x.dispose();
  const refY = mapToFloat64(inputs, v => seluRef(v));
  const refDx = mapToFloat64(inputs, v => seluPrimeRef(v));
  const dxError = Math.max(...Array.from(dx, (v, i) => Math.abs(v - refDx[i]) / Math.max(Math.abs(refDx[i]), 1)));
  console.log(`${label}: forward worst ${worstUlps(y, refY).toFixed(2)} ulp; gradient worst ` +
      `${(dxError / FLOAT32_EPS).toFixed(2)}·2^-23 (relative above 1, absolute below) over ${inputs.length} inputs`);
  expectClose(y, refY, forward, inputs, 'selu');
  expectClose(dx, refDx, gradient, inputs, "selu'");
  expectClose(d2x, mapToFloat64(inputs, v => seluSecondRef(v)), gradient, inputs, "selu''");
}

/** An op under test and what it replaces, for {@link stepPrograms}. */
export interface StepOps {
  ours: (t: tf.Tensor) => tf.Tensor;
  builtin: (t: tf.Tensor) => tf.Tensor;
}

/**
 * The programs one training step `tf.grad(op)(x, dy)` runs, ours and the
 * built-in's (selu and tf.selu unless `ops` says otherwise), as `record` sees
 * them; each step runs once before, so both are compiled and only the steady
 * state is recorded.
 */
export async function stepPrograms<Run>(x: tf.Tensor, dy: tf.Tensor, record: (body: () => unknown) => Promise<Run[]>,
                                        ops: StepOps = {ours: t => selu(t), builtin: t => tf.selu(t)}):
    Promise<{ours: Run[], builtin: Run[]}> {
  const oursStep = tf.grad(ops.ours);
  const builtinStep = tf.grad(ops.builtin);
  oursStep(x, dy).dispose();
  builtinStep(x, dy).dispose();
  const ours = await record(() => oursStep(x, dy).dispose());
  const builtin = await record(() => builtinStep(x, dy).dispose());
  return {ours, builtin};
}
