import '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import {disableKeepMaskSimdForTesting} from '../../src/random/keep_mask_simd.js';
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

// The same suite with the host SIMD module off: the JavaScript Threefry that runs where WebAssembly SIMD cannot.
describe('with the keep-mask SIMD module switched off', () => {
  let previous = false;
  before(() => {
    previous = disableKeepMaskSimdForTesting(true);
  });
  after(() => {
    disableKeepMaskSimdForTesting(previous);
  });
  describeAlphaDropout({backend: 'cpu', values: ALPHA_DROPOUT_VALUES});
});
