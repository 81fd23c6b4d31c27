/**
 * The script-tag bundle `dist/tfjs-selu.min.js` (built by scripts/build.mjs,
 * global `tfSelu`): the op, the layers helpers and the kernels for cpu,
 * webgl, webgpu and wasm, for pages that load TensorFlow.js with
 * `<script src=".../tf.min.js">`. `@tensorflow/tfjs-core` and
 * `@tensorflow/tfjs-layers` are not bundled: they are the global `tf` those
 * scripts define (scripts/build.mjs maps the imports), so load them first.
 * Loading it registers the gradients and every browser backend's kernels.
 */
export * from '../src/index.js';
export * from '../src/layers/index.js';
export {forceWasmSeluPath, wasmSeluPath} from '../kernels/wasm/index.js';
export type {WasmSeluPath, WasmSeluPathChoice, WasmSeluPathInfo} from '../kernels/wasm/index.js';
import '../kernels/cpu/index.js';
import '../kernels/webgl/index.js';
import '../kernels/webgpu/index.js';
