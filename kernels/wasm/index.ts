/**
 * Entry point `tfjs-selu/wasm`: registers the plugin's kernels for the 'wasm'
 * backend (and, through the main module, its gradients) as a side effect, and
 * exports the query and the switch of the kernels' path (SIMD or heap-JS).
 */
import {registerKernel} from '@tensorflow/tfjs-core';
import '../../src/index.js';
import {alphaDropoutWasmConfig} from './AlphaDropout.js';
import {alphaDropoutGradWasmConfig} from './AlphaDropoutGrad.js';
import {seluWasmConfig} from './Selu.js';
import {seluGradWasmConfig} from './SeluGrad.js';

registerKernel(seluWasmConfig);
registerKernel(seluGradWasmConfig);
registerKernel(alphaDropoutWasmConfig);
registerKernel(alphaDropoutGradWasmConfig);

export {forceWasmSeluPath, wasmSeluPath} from './simd.js';
export type {WasmSeluPath, WasmSeluPathChoice, WasmSeluPathInfo} from './simd.js';
