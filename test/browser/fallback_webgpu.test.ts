/**
 * The fallback composition (src/fallback.ts) on a real WebGPU device: a
 * second 'webgpu' backend with every kernel of tfjs-backend-webgpu but none
 * of the plugin's, so `selu` takes the tfjs-core ops there. The conformance
 * suite runs on it (below); these tests add the worst case the
 * GPU's exp/log made of Kahan's expm1 (x ≈ −1.4e-7) and a log of the error.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import {SeluKernel, selu} from '../../src/index.js';
import {expectClose, expectEqual, expectTrue, take} from '../support/assertions.js';
import {PLUGIN_KERNEL_NAMES} from '../support/plugin_kernels.js';
import {describeConformance} from '../suites/conformance.js';
import type {BackendUnderTest} from '../suites/conformance.js';
import {grid, isFaithfulUnderFlushToZero, mapToFloat64, nearZero, randomNormals, seluRef} from '../support/reference.js';
import {FALLBACK_FORWARD, FALLBACK_GRADIENT, relativeOnly} from '../support/tolerances.js';

const WEBGPU_WITHOUT_SELU = 'webgpu-without-selu';

/** The backend and its kernels, minus the plugin's; registered on import, created on first use. */
function registerWebGPUWithoutSelu(): void {
  const factory = tf.findBackendFactory('webgpu');
  expectTrue(factory != null, "the 'webgpu' backend factory is not registered: import '@tensorflow/tfjs-backend-webgpu' first");
  tf.registerBackend(WEBGPU_WITHOUT_SELU, factory!, -1);
  for (const kernel of tf.getKernelsForBackend('webgpu')) {
    if (PLUGIN_KERNEL_NAMES.has(kernel.kernelName)) continue;
    tf.registerKernel({...kernel, backendName: WEBGPU_WITHOUT_SELU});
  }
}
registerWebGPUWithoutSelu();

const FALLBACK_WEBGPU: BackendUnderTest = {
  backend: WEBGPU_WITHOUT_SELU,
  forward: FALLBACK_FORWARD,
  gradient: FALLBACK_GRADIENT,
  flushesDenormals: true,
  viaFallback: true,
  // Some 30 programs per step instead of 2: fewer iterations, the same largest tensor.
  stress: {iterations: 2000, largestSize: 4e6},
};

/** Largest relative error in units of 2^-24 (half an ulp of 1). */
function worstRelative(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < actual.length; ++i) {
    if (expected[i] === 0) continue;
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]));
  }
  return worst / 2 ** -24;
}

function describeFallbackOnWebGPU(): void {
  describe("the fallback composition on WebGPU ('webgpu' without the plugin's kernels)", () => {
    before(async () => {
      expectTrue(await tf.setBackend(WEBGPU_WITHOUT_SELU), `backend '${WEBGPU_WITHOUT_SELU}' failed to initialise`);
      expectEqual(tf.getBackend(), WEBGPU_WITHOUT_SELU, 'active backend');
      expectTrue(tf.getKernel(SeluKernel, WEBGPU_WITHOUT_SELU) === undefined, 'no plugin kernel on this backend');
    });

    it('keeps full relative precision near 0, where Kahan\'s expm1 was off by millions of ulps (x ≈ −1.4e-7)', async () => {
      const around = Float32Array.from({length: 2001}, (_, i) => -1.4e-7 * (0.5 + i / 1000));
      const xs = Float32Array.from([...around, ...nearZero().filter(x => x < 0 && isFaithfulUnderFlushToZero(x)), ...grid(-0.6, 0, 601)]);
      const y = await take(selu(tf.tensor1d(xs)));
      const expected = mapToFloat64(xs, x => seluRef(x));
      console.log(`fallback on webgpu near 0: worst relative error ${worstRelative(y, expected).toFixed(2)}·2^-24 over ${xs.length} inputs`);
      expectClose(y, expected, relativeOnly(FALLBACK_WEBGPU.forward), xs, 'selu near 0 (fallback)');
    });

    it('is accurate over the whole range (log of the worst error)', async () => {
      const xs = Float32Array.from([...grid(-30, 30, 6001), ...randomNormals(4000, 98, 4)]);
      const y = await take(selu(tf.tensor1d(xs)));
      const expected = mapToFloat64(xs, x => seluRef(x));
      console.log(`fallback on webgpu: worst relative error ${worstRelative(y, expected).toFixed(2)}·2^-24 over ${xs.length} inputs`);
      expectClose(y, expected, FALLBACK_WEBGPU.forward, xs, 'selu (fallback)');
    });
  });
}

describeFallbackOnWebGPU();
describeConformance(FALLBACK_WEBGPU);
