/**
 * The karma entry of karma.wasm-threaded.conf.js: the wasm suites on
 * tfjs-backend-wasm's threaded build, in a cross-origin-isolated page.
 */
import '@tensorflow/tfjs';
import {getThreadsCount} from '@tensorflow/tfjs-backend-wasm';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '../support/wasm_paths.js';
import '../../kernels/wasm/index.js';
import {expectTrue} from '../support/assertions.js';
import {describeAlphaDropoutOnWasmPaths, describeWasm} from '../suites/wasm.js';

describe('the threaded wasm build', () => {
  it('runs: the page is cross-origin isolated and the backend is the threaded (pthreads) module', async () => {
    expectTrue(globalThis.crossOriginIsolated === true, 'the page is not cross-origin isolated (COOP/COEP headers missing)');
    expectTrue(await tf.setBackend('wasm'), "backend 'wasm' failed to initialise");
    // Only the threaded Emscripten module has PThread (BackendWasmThreadedSimdModule).
    const module = (tf.backend() as unknown as BackendWasm).wasm;
    expectTrue('PThread' in module, 'tfjs-backend-wasm loaded its plain module, not the threaded one');
    console.log(`threaded wasm build: ${getThreadsCount()} XNNPACK thread(s) (one per core by default)`);
  });
});

describeWasm({expectSharedMemory: true, stress: {iterations: 10000, largestSize: 1e7}});
describeAlphaDropoutOnWasmPaths();
