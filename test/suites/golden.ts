/**
 * Comparison with golden vectors computed by TensorFlow itself
 * (scripts/golden/make_golden.py → test/fixtures/golden.json).
 *
 * TensorFlow disagrees with docs/NUMERICS.md at a few documented points: it branches
 * on y < 0 (so selu'(0) = λ and selu'(NaN) = λ), computes exp(x) − 1 (so tiny
 * negative x give y = 0), and flushes denormals to zero. At those points the
 * backend must give the spec's value instead; everywhere else it must agree
 * with TensorFlow. That TensorFlow deviates nowhere else is a fact about the
 * fixture, not about a backend: describeGoldenAgainstSpec checks it once
 * (test/node/reference.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import {selu} from '../../src/index.js';
import type {SeluAttrs} from '../../src/index.js';
import {expectClose, expectTrue, overflowLikeFloat32, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {DEFAULT_ATTRS, seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import {TENSORFLOW_GOLDEN_AGREEMENT as TF_AGREEMENT, widened} from '../support/tolerances.js';
import golden from '../fixtures/golden.json';

type Encoded = number | string;
interface GoldenGroup {x: Encoded[]; y: Encoded[]; dy: Encoded[]; d2y: Encoded[]}

function decode(values: Encoded[]): Float64Array {
  return Float64Array.from(values, v => typeof v === 'number' ? v : Number(v));
}

function agrees(a: number, b: number, tol: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b) || a === b;
  return Math.abs(a - b) <= tol.atol + tol.rtol * Math.abs(b);
}

/** Where TensorFlow may legitimately differ from the spec (see file comment). */
function isKnownTensorFlowDeviation(x: number): boolean {
  return Number.isNaN(x) || Math.abs(x) < 1e-7 || x <= -88;
}

const CASES: Array<[string, GoldenGroup, SeluAttrs]> = [
  ['selu float32', golden.selu.float32, DEFAULT_ATTRS],
  ['selu float64', golden.selu.float64, DEFAULT_ATTRS],
  ['elu float32 (alpha=1, scale=1)', golden.elu.float32, {alpha: 1, scale: 1}],
];
const SPEC = {y: seluRef, dy: seluPrimeRef, d2y: seluSecondRef};
const QUANTITIES = ['y', 'dy', 'd2y'] as const;

type Quantity = typeof QUANTITIES[number];

function specValue(quantity: Quantity, x: number, attrs: SeluAttrs): number {
  return overflowLikeFloat32(SPEC[quantity](x, attrs));
}

/** TensorFlow's value of `quantity` at `x` (the golden vector's entry `tfValue`), or the spec's where they disagree. */
function expectedValue(quantity: Quantity, x: number, tfValue: number, attrs: SeluAttrs): number {
  const spec = specValue(quantity, x, attrs);
  return agrees(tfValue, spec, TF_AGREEMENT) ? tfValue : spec;
}

/** Once, on the host: TensorFlow disagrees with the float64 spec only at the documented points. */
export function describeGoldenAgainstSpec(): void {
  describe(`golden vectors from TensorFlow ${golden.meta.tensorflow} against the float64 spec`, () => {
    for (const [name, group, attrs] of CASES) {
      it(`${name}: y, dy and d2y agree with the spec except where TensorFlow documentedly deviates`, () => {
        const xs = decode(group.x).map(Math.fround);
        for (const quantity of QUANTITIES) {
          decode(group[quantity]).map(overflowLikeFloat32).forEach((tfValue, i) => {
            const spec = specValue(quantity, xs[i], attrs);
            expectTrue(agrees(tfValue, spec, TF_AGREEMENT) || isKnownTensorFlowDeviation(xs[i]),
                `${name} ${quantity}: TensorFlow gives ${tfValue} at x=${xs[i]}, the spec ${spec}: an undocumented deviation`);
          });
        }
      });
    }
  });
}

export function describeGolden(forward: Tolerance, gradient: Tolerance, usable: (x: number) => boolean): void {
  describe(`golden vectors from TensorFlow ${golden.meta.tensorflow}`, () => {
    for (const [name, group, attrs] of CASES) {
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
        for (const quantity of QUANTITIES) {
          const tfValues = decode(group[quantity]).map(overflowLikeFloat32);
          const tol = quantity === 'y' ? forward : gradient;
          const expected = Float64Array.from(keep, (i, k) => expectedValue(quantity, xs[k], tfValues[i], attrs));
          expectClose(ours[quantity], expected, widened(tol, TF_AGREEMENT), xs, `${name} ${quantity}`);
        }
      });
    }
  });
}
