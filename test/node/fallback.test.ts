/**
 * Backends the plugin has no kernels for still get correct values and
 * gradients, through the tfjs-core composition: the real wasm backend under
 * another name, with all of tfjs's wasm kernels but none of the plugin's (its
 * .wasm loads from the installed package; 'wasm' itself has the plugin's
 * kernels once tfjs-selu/wasm is imported), and a minimal custom backend (the
 * browser suites run it on WebGPU too).
 */
import * as tf from '@tensorflow/tfjs';
import type {KernelConfig} from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
// The entry points whose kernels the warning tests unregister (and the copies below leave out).
import '../../kernels/cpu/index.js';
import '../../kernels/wasm/index.js';
import {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import {seluCpuConfig} from '../../kernels/cpu/Selu.js';
import {seluGradCpuConfig} from '../../kernels/cpu/SeluGrad.js';
import {seluWasmConfig} from '../../kernels/wasm/Selu.js';
import {seluGradWasmConfig} from '../../kernels/wasm/SeluGrad.js';
import {SeluGradKernel, SeluKernel, alphaDropout, selu} from '../../src/index.js';
import {PLUGIN_KERNEL_NAMES} from '../support/plugin_kernels.js';
import {expectEqual, expectTrue} from '../support/assertions.js';
import {describeAlphaDropout} from '../suites/alpha_dropout.js';
import {describeConformance} from '../suites/conformance.js';
import {ALPHA_DROPOUT_VALUES, FALLBACK_FORWARD, FALLBACK_GRADIENT} from '../support/tolerances.js';

const CUSTOM_BACKEND = 'custom-without-selu';
const WASM_WITHOUT_PLUGIN = 'wasm-without-selu';

/** Registers `name` as a copy of the backend `like`: its factory and built-in kernels, none of the plugin's. */
function registerCopyWithoutPlugin(name: string, like: string, factory: () => tf.KernelBackend | Promise<tf.KernelBackend>,
                                   priority: number): void {
  tf.registerBackend(name, factory, priority);
  for (const kernel of tf.getKernelsForBackend(like)) {
    if (PLUGIN_KERNEL_NAMES.has(kernel.kernelName)) continue;
    tf.registerKernel({...kernel, backendName: name});
  }
}
// A third-party-like backend: cpu's storage and built-in kernels.
registerCopyWithoutPlugin(CUSTOM_BACKEND, 'cpu', () => new MathBackendCPU(), -1);
registerCopyWithoutPlugin(WASM_WITHOUT_PLUGIN, 'wasm', () => tf.findBackendFactory('wasm')!(), -1);

const fallbackTolerances = {
  forward: FALLBACK_FORWARD,
  gradient: FALLBACK_GRADIENT,
  viaFallback: true,
  stress: {iterations: 10000, largestSize: 1e7},
};
describeConformance({backend: WASM_WITHOUT_PLUGIN, ...fallbackTolerances});
describeConformance({backend: CUSTOM_BACKEND, ...fallbackTolerances});
// AlphaDropout's host mask and composition: the same masks, float32 ops (ALPHA_DROPOUT_VALUES holds them too).
describeAlphaDropout({backend: WASM_WITHOUT_PLUGIN, values: ALPHA_DROPOUT_VALUES, viaFallback: true});
describeAlphaDropout({backend: CUSTOM_BACKEND, values: ALPHA_DROPOUT_VALUES, viaFallback: true});

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
    registerCopyWithoutPlugin('wasm-again', 'wasm', () => tf.findBackendFactory('wasm')!(), -2);
    await tf.setBackend('wasm-again');
    const warnings = await captureWarnings(() => {
      for (let i = 0; i < 3; ++i) tf.dispose([selu([1, -1]), tf.grad((t: tf.Tensor) => selu(t))(tf.tensor1d([1, -1]))]);
    });
    const ours = warnings.filter(w => w.includes('tfjs-selu'));
    expectEqual(ours.length, 1, `warnings: ${JSON.stringify(ours)}`);
    expectTrue(ours[0].includes("'wasm-again'") && ours[0].includes('no kernels'), ours[0]);
  });

  it('is the same one warning for alphaDropout (forward and gradient)', async () => {
    registerCopyWithoutPlugin('cpu-again', 'cpu', () => new MathBackendCPU(), -2);
    await tf.setBackend('cpu-again');
    const warnings = await captureWarnings(() => {
      for (let i = 0; i < 3; ++i) {
        tf.dispose([alphaDropout([1, -1], {rate: 0.5}), tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: 0.5}))(tf.tensor1d([1, -1]))]);
      }
      tf.dispose(selu([1]));
    });
    const ours = warnings.filter(w => w.includes('tfjs-selu'));
    expectEqual(ours.length, 1, `warnings: ${JSON.stringify(ours)}`);
    expectTrue(ours[0].includes("'cpu-again'") && ours[0].includes('no kernels'), ours[0]);
  });

  const knownBackends: Array<[string, KernelConfig[]]> = [
    ['cpu', [seluCpuConfig, seluGradCpuConfig]],
    ['wasm', [seluWasmConfig, seluGradWasmConfig]],
  ];
  for (const [backend, configs] of knownBackends) {
    it(`names the entry point for a known backend ('${backend}' without tfjs-selu/${backend}'s kernels)`, async () => {
      await tf.setBackend(backend);
      tf.unregisterKernel(SeluKernel, backend);
      tf.unregisterKernel(SeluGradKernel, backend);
      const warnings = await captureWarnings(() => tf.dispose([selu([1, -1]), selu([2])]));
      configs.forEach(config => tf.registerKernel(config));
      const ours = warnings.filter(w => w.includes('tfjs-selu'));
      expectEqual(ours.length, 1, `warnings: ${JSON.stringify(ours)}`);
      expectTrue(ours[0].includes(`import 'tfjs-selu/${backend}'`), ours[0]);
    });
  }
});
