/** The conformance and AlphaDropout suites on 'cpu' in the browser (the Node run: test/node/cpu.test.ts). */
import '../../kernels/cpu/index.js';
import {describeAlphaDropout} from '../suites/alpha_dropout.js';
import {describeConformance} from '../suites/conformance.js';
import {ALPHA_DROPOUT_VALUES, CPU_FORWARD, CPU_GRADIENT} from '../support/tolerances.js';

// Same tolerances as the Node cpu suite: the cpu kernels are the same code.
describeConformance({
  backend: 'cpu',
  forward: CPU_FORWARD,
  gradient: CPU_GRADIENT,
  stress: {iterations: 10000, largestSize: 1e7},
});

describeAlphaDropout({backend: 'cpu', values: ALPHA_DROPOUT_VALUES});
