/**
 * Side-effect entry point `tfjs-selu/cpu`: registers the plugin's kernels for
 * the 'cpu' backend (and, through the main module, its gradients).
 */
import {registerKernel} from '@tensorflow/tfjs-core';
import '../../src/index.js';
import {alphaDropoutCpuConfig} from './AlphaDropout.js';
import {alphaDropoutGradCpuConfig} from './AlphaDropoutGrad.js';
import {seluCpuConfig} from './Selu.js';
import {seluGradCpuConfig} from './SeluGrad.js';

registerKernel(seluCpuConfig);
registerKernel(seluGradCpuConfig);
registerKernel(alphaDropoutCpuConfig);
registerKernel(alphaDropoutGradCpuConfig);
