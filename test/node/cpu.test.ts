import '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import {describeAlphaDropout} from '../suites/alpha_dropout.js';
import {describeConformance} from '../suites/conformance.js';
import {ALPHA_DROPOUT_VALUES, CPU_FORWARD, CPU_GRADIENT} from '../support/tolerances.js';

describeConformance({
  backend: 'cpu',
  forward: CPU_FORWARD,
  gradient: CPU_GRADIENT,
  stress: {iterations: 10000, largestSize: 1e8},
});

describeAlphaDropout({backend: 'cpu', values: ALPHA_DROPOUT_VALUES});
