import '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import {describeConformance} from '../conformance.js';
import {CPU_FORWARD, CPU_GRADIENT} from '../tolerances.js';

describeConformance({
  backend: 'cpu',
  forward: CPU_FORWARD,
  gradient: CPU_GRADIENT,
  stress: {iterations: 10000, largestSize: 1e8},
});
