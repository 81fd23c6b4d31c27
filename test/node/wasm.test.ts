/**
 * The wasm kernels in Node on the real tfjs-backend-wasm (its plain build: it
 * never picks the threaded one in Node). The threaded build runs in
 * cross-origin-isolated Chromium (karma.wasm-threaded.conf.js).
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import '../../kernels/wasm/index.js';
import {describeAlphaDropoutOnWasmPaths, describeWasm} from '../suites/wasm.js';

describeWasm({expectSharedMemory: false, stress: {iterations: 10000, largestSize: 1e7}});
describeAlphaDropoutOnWasmPaths();
