/**
 * useSeluPluginForBuiltin on the Node backends: cpu, wasm and tensorflow (the
 * shared suite in test/suites/override.ts).
 */
import '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import '../../kernels/node/index.js';
import '@tensorflow/tfjs-backend-wasm';
import '../../kernels/wasm/index.js';
import {FLOAT32_EPS} from '../support/assertions.js';
import {describeOverride} from '../suites/override.js';
import {WASM_SIMD_FORWARD} from '../support/tolerances.js';

describeOverride({backend: 'cpu', tolerance: {rtol: FLOAT32_EPS, atol: 1.5 * FLOAT32_EPS}});
// The wasm kernels' SIMD path: within 3 ulps (test/support/tolerances.ts).
describeOverride({backend: 'wasm', tolerance: {rtol: WASM_SIMD_FORWARD.rtol, atol: 1.5 * FLOAT32_EPS}});
describeOverride({
  backend: 'tensorflow',
  // TensorFlow's float32 kernels: a few ulps.
  tolerance: {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS},
  load: async suite => {
    if (process.env.TFJS_SELU_SKIP_TFJS_NODE !== undefined && process.env.CI !== 'true') suite.skip();
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    await import('@tensorflow/tfjs-node');
  },
});
