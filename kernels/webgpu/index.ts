/**
 * Side-effect entry point `tfjs-selu/webgpu`: registers the plugin's kernels
 * for the 'webgpu' backend (and, through the main module, its gradients).
 * Bring the backend itself (`@tensorflow/tfjs-backend-webgpu` 4.22 or later:
 * see the README for why not older).
 */
import {registerKernel} from '@tensorflow/tfjs-core';
import '../../src/index.js';
import {alphaDropoutWebGPUConfig} from './AlphaDropout.js';
import {alphaDropoutGradWebGPUConfig} from './AlphaDropoutGrad.js';
import {seluWebGPUConfig} from './Selu.js';
import {seluGradWebGPUConfig} from './SeluGrad.js';

registerKernel(seluWebGPUConfig);
registerKernel(seluGradWebGPUConfig);
registerKernel(alphaDropoutWebGPUConfig);
registerKernel(alphaDropoutGradWebGPUConfig);
