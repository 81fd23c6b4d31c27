/**
 * useSeluPluginForBuiltin on the Node backends: cpu, wasm and tensorflow (the
 * shared suite in test/suites/override.ts).
 */
import '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import '../../kernels/node/index.js';
import '@tensorflow/tfjs-backend-wasm';
import '../../kernels/wasm/index.js';
import {describeOverride} from '../suites/override.js';
import {skipRequested} from '../support/env.js';
import {CPU_OVERRIDE, TENSORFLOW_OVERRIDE, WASM_SIMD_OVERRIDE} from '../support/tolerances.js';

describeOverride({backend: 'cpu', tolerance: CPU_OVERRIDE});
describeOverride({backend: 'wasm', tolerance: WASM_SIMD_OVERRIDE});
describeOverride({
  backend: 'tensorflow',
  tolerance: TENSORFLOW_OVERRIDE,
  load: async suite => {
    if (skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) suite.skip();
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    await import('@tensorflow/tfjs-node');
  },
});
