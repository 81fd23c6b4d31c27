import '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import {FLOAT32_EPS} from '../assertions.js';
import {describeConformance} from '../conformance.js';

// The cpu kernels compute in float64 and round once: within an ulp.
describeConformance({
  backend: 'cpu',
  forward: {rtol: FLOAT32_EPS, atol: 0},
  gradient: {rtol: 2 * FLOAT32_EPS, atol: 3 * FLOAT32_EPS},
  stress: {iterations: 10000, largestSize: 1e8},
});
