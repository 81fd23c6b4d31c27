/**
 * Comparison with golden vectors computed by TensorFlow itself
 * (scripts/golden/make_golden.py → test/fixtures/golden.json).
 *
 * TensorFlow disagrees with docs/NUMERICS.md at a few documented points: it branches
 * on y < 0 (so selu'(0) = λ and selu'(NaN) = λ), computes exp(x) − 1 (so tiny
 * negative x give y = 0), and flushes denormals to zero. At those points the
 * backend must give the spec's value instead; everywhere else it must agree
 * with TensorFlow.
 */
import * as tf from '@tensorflow/tfjs-core';
import {selu} from '../../src/index.js';
import type {SeluAttrs} from '../../src/index.js';
import {FLOAT32_EPS, expectClose, expectTrue, overflowLikeFloat32, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {DEFAULT_ATTRS, seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import golden from '../fixtures/golden.json';

type Encoded = number | string;
interface GoldenGroup {x: Encoded[]; y: Encoded[]; dy: Encoded[]; d2y: Encoded[]}

function decode(values: Encoded[]): Float64Array {
  return Float64Array.from(values, v => typeof v === 'number' ? v : Number(v));
}

/** How far TensorFlow itself may be from the spec and still count as agreeing. */
const TF_AGREEMENT: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS * 2};

function agrees(a: number, b: number, tol: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b) || a === b;
  return Math.abs(a - b) <= tol.atol + tol.rtol * Math.abs(b);
}

/** Where TensorFlow may legitimately differ from the spec (see file comment). */
function isKnownTensorFlowDeviation(x: number): boolean {
  return Number.isNaN(x) || Math.abs(x) < 1e-7 || x <= -88;
}

export function describeGolden(forward: Tolerance, gradient: Tolerance, usable: (x: number) => boolean): void {
  const cases: Array<[string, GoldenGroup, SeluAttrs]> = [
    ['selu float32', golden.selu.float32, DEFAULT_ATTRS],
    ['selu float64', golden.selu.float64, DEFAULT_ATTRS],
    ['elu float32 (alpha=1, scale=1)', golden.elu.float32, {alpha: 1, scale: 1}],
  ];
  describe(`golden vectors from TensorFlow ${golden.meta.tensorflow}`, () => {
    for (const [name, group, attrs] of cases) {
      it(`${name}: y, dy and d2y agree with TensorFlow, or with the spec where TensorFlow deviates`, async () => {
        const all = decode(group.x);
        const keep = all.map((x, i) => usable(Math.fround(x)) ? i : -1).filter(i => i >= 0);
        const xs = Float32Array.from(keep, i => all[i]);
        const x = tf.tensor1d(xs);
        const ours = {
          y: await take(selu(x, attrs)),
          dy: await take(tf.grad((t: tf.Tensor) => selu(t, attrs))(x)),
          d2y: await take(tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u, attrs))(t))(x)),
        };
        x.dispose();
        const spec = {y: seluRef, dy: seluPrimeRef, d2y: seluSecondRef};
        for (const quantity of ['y', 'dy', 'd2y'] as const) {
          const tfValues = decode(group[quantity]).map(overflowLikeFloat32);
          const tol = quantity === 'y' ? forward : gradient;
          const expected = Float64Array.from(keep, (i, k) => {
            const specValue = overflowLikeFloat32(spec[quantity](xs[k], attrs));
            if (agrees(tfValues[i], specValue, TF_AGREEMENT)) return tfValues[i];
            expectTrue(isKnownTensorFlowDeviation(xs[k]),
                `${name} ${quantity}: TensorFlow gives ${tfValues[i]} at x=${xs[k]}, the spec ${specValue}: an undocumented deviation`);
            return specValue;
          });
          const widened = {rtol: tol.rtol + TF_AGREEMENT.rtol, atol: tol.atol + TF_AGREEMENT.atol};
          expectClose(ours[quantity], expected, widened, xs, `${name} ${quantity}`);
        }
      });
    }
  });
}
