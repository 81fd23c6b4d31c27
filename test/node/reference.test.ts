/**
 * Self-checks of the float64 reference (test/support/reference.ts) that every
 * backend's suites compare against, and of the golden vectors against it: facts
 * about the host's arithmetic, not about a backend, so they run once here
 * instead of inside each backend's conformance suite.
 */
import fc from 'fast-check';
import type {SeluAttrs} from '../../src/index.js';
import {FC_RUNS, FC_SEED, checkProperty, seluAttrsArbitrary} from '../support/arbitraries.js';
import {expectClose} from '../support/assertions.js';
import {centralDifference, grid, randomNormals, seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import {FLOAT64_FINITE_DIFFERENCE} from '../support/tolerances.js';
import {describeGoldenAgainstSpec} from '../suites/golden.js';

/** Step of the central differences; points closer than 10h to the kink at 0 are left out. */
const H = 1e-6;
const INPUTS = Float64Array.from([...grid(-20, 20, 4001), ...randomNormals(2000, 20261130, 3)].filter(x => Math.abs(x) >= 10 * H));

/** Central differences of `f` against its closed-form derivative `fPrime` at every input. */
function expectDerivative(f: (x: number) => number, fPrime: (x: number) => number, xs: ArrayLike<number>, label: string): void {
  const differences = Float64Array.from(xs, x => centralDifference(f, x, Math.min(H, Math.abs(x) / 4)));
  expectClose(Float64Array.from(xs, fPrime), differences, FLOAT64_FINITE_DIFFERENCE, xs, label);
}

describe('the float64 reference', () => {
  it("selu' (closed form) agrees with central differences of selu", () => {
    expectDerivative(x => seluRef(x), x => seluPrimeRef(x), INPUTS, "selu'");
  });

  it("selu'' (closed form) agrees with central differences of selu'", () => {
    expectDerivative(x => seluPrimeRef(x), x => seluSecondRef(x), INPUTS, "selu''");
  });

  it(`selu' agrees with central differences for random (alpha, scale) (fast-check, seed ${FC_SEED}, ${FC_RUNS} runs)`, () =>
    checkProperty(fc.asyncProperty(
        fc.array(fc.float({noNaN: true, noDefaultInfinity: true, min: -100, max: 100}), {minLength: 1, maxLength: 64}),
        seluAttrsArbitrary, async (xs: number[], attrs: SeluAttrs) => {
          const at = xs.map(Math.fround).filter(x => Math.abs(x) >= 1e-5);  // the kink
          expectDerivative(x => seluRef(x, attrs), x => seluPrimeRef(x, attrs), at, `selu' ${JSON.stringify(attrs)}`);
        }) as never));
});

describeGoldenAgainstSpec();
