/**
 * The wasm suite on tfjs-backend-wasm's plain build (the page karma.conf.js
 * serves is not cross-origin isolated; wasm_threaded.test.ts runs the threaded
 * build under karma.wasm-threaded.conf.js).
 */
import '@tensorflow/tfjs-backend-wasm';
import '../support/wasm_paths.js';
import '../../kernels/wasm/index.js';
import {describeAlphaDropoutOnWasmPaths, describeWasm} from '../suites/wasm.js';

describeWasm({expectSharedMemory: false, stress: {iterations: 10000, largestSize: 1e7}});
describeAlphaDropoutOnWasmPaths();
