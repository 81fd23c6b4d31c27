/**
 * fast-check settings and generators shared by the property tests
 * (test/suites/properties.ts on every backend, test/node/reference.test.ts once).
 */
import fc from 'fast-check';
import {SELU_ALPHA, SELU_SCALE} from '../../src/constants.js';
import type {SeluAttrs} from '../../src/index.js';

/** Fixed by default so CI is reproducible; set TFJS_SELU_FC_SEED to explore or replay. */
export const FC_SEED = Number((globalThis as {process?: {env: Record<string, string | undefined>}}).process?.env
    .TFJS_SELU_FC_SEED ?? 20261130);
export const FC_RUNS = 60;

/** (alpha, scale): the paper's, ELU's and ReLU's constants and random ones. */
export const seluAttrsArbitrary: fc.Arbitrary<SeluAttrs> = fc.record({
  alpha: fc.oneof(fc.constant(0), fc.constant(1), fc.constant(SELU_ALPHA), fc.double({min: 0, max: 5, noNaN: true})),
  scale: fc.oneof(fc.constant(1), fc.constant(SELU_SCALE), fc.double({min: 0.01, max: 5, noNaN: true})),
});

/** Runs an async property with the shared seed and run count. */
export function checkProperty(property: fc.IAsyncProperty<never>): Promise<void> {
  return fc.assert(property as fc.IAsyncProperty<unknown>, {seed: FC_SEED, numRuns: FC_RUNS, endOnFailure: false});
}
