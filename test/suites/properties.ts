/**
 * Property-based tests (fast-check), run by the conformance suite on every
 * backend. Seeded: set TFJS_SELU_FC_SEED to replay; on failure fast-check
 * prints the seed, the path and the shrunk counter-example.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import {selu, seluGrad} from '../../src/index.js';
import {FC_RUNS as RUNS, FC_SEED as SEED, checkProperty as check, seluAttrsArbitrary as attrsArb} from '../support/arbitraries.js';
import {expectClose, expectTrue, seluValues, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {seluPrimeRef, seluRef} from '../support/reference.js';
import type {Storage} from '../support/reference.js';
import {HALF_FLOAT_GRADIENT_POSITIVE_ABOVE, HALF_FLOAT_UNIT_ROUNDOFF, absoluteScaledBy} from '../support/tolerances.js';

/**
 * Below this the float32 output has saturated at −λα (λα·e^x < ulp(λα)/2), so
 * the output-based gradient is exactly 0: selu' > 0 holds only above it.
 */
const GRADIENT_POSITIVE_ABOVE = -16;

export function describeProperties(forward: Tolerance, representable: (x: number) => boolean,
                                   {held, outputGradient, halfFloat}: Storage): void {
  const finite = fc.float({noNaN: true, noDefaultInfinity: true, min: -100, max: 100}).map(held).filter(representable);
  const positiveAbove = halfFloat ? HALF_FLOAT_GRADIENT_POSITIVE_ABOVE : GRADIENT_POSITIVE_ABOVE;
  const inputs = fc.array(finite, {minLength: 1, maxLength: 64});

  describe(`properties (fast-check, seed ${SEED}, ${RUNS} runs each)`, () => {
    it('is monotonic non-decreasing', () => check(fc.asyncProperty(inputs, attrsArb, async (xs, attrs) => {
      const sorted = Float32Array.from(xs).sort();
      const y = await seluValues(sorted, attrs);
      for (let i = 1; i < y.length; ++i) {
        expectTrue(y[i] >= y[i - 1], `selu(${sorted[i]}) = ${y[i]} < selu(${sorted[i - 1]}) = ${y[i - 1]}`);
      }
    }) as never));

    it('is bounded below by −λα and positive exactly where x is', () => check(fc.asyncProperty(inputs, attrsArb,
        async (xs, attrs) => {
          const y = await seluValues(xs, attrs);
          // Half floats may round −λα·(1 − e^x) to the nearest half beyond −λα.
          const floor = Math.fround(-attrs.scale * attrs.alpha) * (halfFloat ? 1 + HALF_FLOAT_UNIT_ROUNDOFF : 1);
          xs.forEach((x, i) => {
            expectTrue(y[i] >= floor, `selu(${x}) = ${y[i]} < −λα = ${floor}`);
            expectTrue((y[i] > 0) === (x > 0), `sign: selu(${x}) = ${y[i]}`);
          });
        }) as never));

    it('is continuous at 0', () => check(fc.asyncProperty(fc.double({min: 1e-30, max: 1e-3, noNaN: true}).map(held).filter(representable),
        attrsArb, async (epsilon, attrs) => {
          const [right, left] = await seluValues([epsilon, -epsilon], attrs);
          const bound = 1.01 * attrs.scale * Math.max(attrs.alpha, 1) * 2 * Math.fround(epsilon) + 2 ** -126;
          expectTrue(Math.abs(right - left) <= bound, `|selu(ε) − selu(−ε)| = ${Math.abs(right - left)} > ${bound} at ε=${epsilon}`);
        }) as never));

    it('matches the float64 reference for random (alpha, scale)', () => check(fc.asyncProperty(inputs, attrsArb,
        async (xs, attrs) => {
          const y = await seluValues(xs, attrs);
          const ceiling = attrs.scale * Math.max(attrs.alpha, 1);
          // The absolute floor (denormal outputs on GPUs) never shrinks with a small scale.
          expectClose(y, xs.map(x => seluRef(Math.fround(x), attrs)), absoluteScaledBy(forward, Math.max(ceiling, 1)), xs);
        }) as never));

    it('seluGrad equals the closed form (test/node/reference.test.ts checks the closed form itself)',
        () => check(fc.asyncProperty(inputs, attrsArb, async (xs, attrs) => {
          const x = tf.tensor1d(xs);
          const y = selu(x, attrs);
          const dy = tf.onesLike(y);
          const dx = await take(seluGrad(dy, y, attrs));
          tf.dispose([x, y, dy]);
          const ceiling = attrs.scale * Math.max(attrs.alpha, 1);
          const closed = xs.map(v => seluPrimeRef(Math.fround(v), attrs));
          expectClose(dx, closed, absoluteScaledBy(outputGradient, ceiling), xs, 'seluGrad vs closed form');
        }) as never));

    it(`has a positive gradient for every finite x ≥ ${positiveAbove.toFixed(2)}, and a non-negative one everywhere`,
        () => check(fc.asyncProperty(inputs, async xs => {
          const x = tf.tensor1d(xs);
          const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
          x.dispose();
          xs.forEach((v, i) => {
            expectTrue(dx[i] >= 0, `selu'(${v}) = ${dx[i]} < 0`);
            if (v >= positiveAbove) expectTrue(dx[i] > 0, `selu'(${v}) = ${dx[i]} is not positive`);
          });
        }) as never));
  });
}
