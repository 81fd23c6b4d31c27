/**
 * The karma entry (karma.conf.js): the shared conformance suite on the 'cpu'
 * and 'webgl' backends in headless Chromium, then the WebGL-specific tests and
 * the Keras real-model suite.
 * '@tensorflow/tfjs' (the union) registers both backends and the built-in
 * gradients the suite compares against.
 */
import '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import '../../kernels/webgl/index.js';
import {describeConformance} from '../conformance.js';
import {CPU_FORWARD, CPU_GRADIENT, WEBGL_FORWARD, WEBGL_GRADIENT} from '../tolerances.js';
import {describeKerasInBrowser} from './keras.js';
import {describeWebGL} from './webgl.js';

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
