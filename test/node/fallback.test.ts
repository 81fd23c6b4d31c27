/**
 * Backends the plugin has no kernels for still get correct values and
 * gradients, through the tfjs-core composition: the real wasm backend (its
 * .wasm loads from the installed package) and a minimal custom backend (the
 * browser suites run it on WebGPU too).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {seluCpuConfig} from '../../kernels/cpu/Selu.js';
import {seluGradCpuConfig} from '../../kernels/cpu/SeluGrad.js';
import {SeluGradKernel, SeluKernel, selu} from '../../src/index.js';
import {expectEqual, expectTrue} from '../assertions.js';
import {describeConformance} from '../conformance.js';
import {FALLBACK_FORWARD, FALLBACK_GRADIENT} from '../tolerances.js';

const CUSTOM_BACKEND = 'custom-without-selu';

/** A third-party-like backend: cpu's storage and built-in kernels, none of the plugin's. */
function registerCustomBackend(): void {
  tf.registerBackend(CUSTOM_BACKEND, () => new MathBackendCPU(), -1);
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (kernel.kernelName === SeluKernel || kernel.kernelName === SeluGradKernel) continue;
    tf.registerKernel({...kernel, backendName: CUSTOM_BACKEND});
  }
}
registerCustomBackend();

const fallbackTolerances = {
  forward: FALLBACK_FORWARD,
  gradient: FALLBACK_GRADIENT,
  viaFallback: true,
  stress: {iterations: 10000, largestSize: 1e7},
};
describeConformance({backend: 'wasm', ...fallbackTolerances});
describeConformance({backend: CUSTOM_BACKEND, ...fallbackTolerances});

async function captureWarnings(body: () => unknown): Promise<string[]> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
  try {
    await body();
  } finally {
    console.warn = original;
  }
  return warnings;
}

describe('the fallback warning', () => {
  it('is printed once per backend and names what would make it fast', async () => {
    // A fresh backend name, so no earlier test has warned for it yet.
    tf.registerBackend('wasm-again', () => tf.findBackendFactory('wasm')!(), -2);
    for (const kernel of tf.getKernelsForBackend('wasm')) tf.registerKernel({...kernel, backendName: 'wasm-again'});
    await tf.setBackend('wasm-again');
    const warnings = await captureWarnings(() => {
      for (let i = 0; i < 3; ++i) tf.dispose([selu([1, -1]), tf.grad((t: tf.Tensor) => selu(t))(tf.tensor1d([1, -1]))]);
    });
    const ours = warnings.filter(w => w.includes('tfjs-selu'));
    expectEqual(ours.length, 1, `warnings: ${JSON.stringify(ours)}`);
    expectTrue(ours[0].includes("'wasm-again'") && ours[0].includes('no kernels'), ours[0]);
  });

  it("names the entry point for a known backend ('cpu' without tfjs-selu/cpu's kernels)", async () => {
    await tf.setBackend('cpu');
    tf.unregisterKernel(SeluKernel, 'cpu');
    tf.unregisterKernel(SeluGradKernel, 'cpu');
    const warnings = await captureWarnings(() => tf.dispose([selu([1, -1]), selu([2])]));
    tf.registerKernel(seluCpuConfig);
    tf.registerKernel(seluGradCpuConfig);
    const ours = warnings.filter(w => w.includes('tfjs-selu'));
    expectEqual(ours.length, 1, `warnings: ${JSON.stringify(ours)}`);
    expectTrue(ours[0].includes("import 'tfjs-selu/cpu'"), ours[0]);
  });
});
