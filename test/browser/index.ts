/**
 * The karma entry (karma.conf.js): the shared conformance suite on the 'cpu',
 * 'webgl' and 'webgpu' backends in headless Chromium, the backend-specific
 * tests, the Keras real-model suite, and the fallback composition on WebGPU (a
 * 'webgpu' backend without the plugin's kernels), then the wasm suites on the
 * plain wasm build (the page is not cross-origin isolated;
 * karma.wasm-threaded.conf.js runs the threaded build). '@tensorflow/tfjs' (the
 * union) registers cpu and webgl and the built-in gradients the suite compares
 * against; tfjs-backend-webgpu registers 'webgpu', tfjs-backend-wasm 'wasm'.
 */
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import '@tensorflow/tfjs-backend-wasm';
import './wasm_paths.js';
import '../../kernels/cpu/index.js';
import '../../kernels/webgl/index.js';
import '../../kernels/webgpu/index.js';
import '../../kernels/wasm/index.js';
import {describeConformance} from '../conformance.js';
import {describeOverride} from '../override.js';
import {CPU_FORWARD, CPU_GRADIENT, WEBGL_FORWARD, WEBGL_GRADIENT, WEBGPU_FORWARD, WEBGPU_GRADIENT} from '../tolerances.js';
import {describeWasm} from '../wasm.js';
import {FALLBACK_WEBGPU, describeFallbackOnWebGPU} from './fallback_webgpu.js';
import {describeKerasInBrowser} from './keras.js';
import {describeWebGL} from './webgl.js';
import {describeWebGPU} from './webgpu.js';

describeWebGL();

// Same tolerances as the Node cpu suite: the cpu kernels are the same code.
describeConformance({
  backend: 'cpu',
  forward: CPU_FORWARD,
  gradient: CPU_GRADIENT,
  stress: {iterations: 10000, largestSize: 1e7},
});

// SwiftShader rasterises on the CPU: a smaller largest tensor than on cpu (the
// webgl tests also cover tensors beyond WEBGL_MAX_TEXTURE_SIZE).
describeConformance({
  backend: 'webgl',
  forward: WEBGL_FORWARD,
  gradient: WEBGL_GRADIENT,
  flushesDenormals: true,
  stress: {iterations: 10000, largestSize: 4e6},
});

// Real Keras models converted by tensorflowjs (fixtures served by karma).
describeKerasInBrowser();

describeWebGPU();

// The webgpu tests also cover dispatches beyond one grid dimension (> 4e6 elements).
describeConformance({
  backend: 'webgpu',
  forward: WEBGPU_FORWARD,
  gradient: WEBGPU_GRADIENT,
  flushesDenormals: true,
  stress: {iterations: 10000, largestSize: 4e6},
});

describeFallbackOnWebGPU();
describeConformance(FALLBACK_WEBGPU);

// The override is generic over backends with plugin kernels: here on WebGPU.
describeOverride({backend: 'webgpu', tolerance: {rtol: WEBGPU_FORWARD.rtol, atol: WEBGPU_GRADIENT.atol / 2}});

describeWasm({expectSharedMemory: false, stress: {iterations: 10000, largestSize: 1e7}});
