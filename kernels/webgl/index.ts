/**
 * Side-effect entry point `tfjs-selu/webgl`: registers the plugin's kernels for
 * the 'webgl' backend (and, through the main module, its gradients). Bring
 * the backend itself (`@tensorflow/tfjs-backend-webgl` or `@tensorflow/tfjs`).
 */
import {registerKernel} from '@tensorflow/tfjs-core';
import '../../src/index.js';
import {alphaDropoutWebGLConfig} from './AlphaDropout.js';
import {alphaDropoutGradWebGLConfig} from './AlphaDropoutGrad.js';
import {seluWebGLConfig} from './Selu.js';
import {seluGradWebGLConfig} from './SeluGrad.js';

registerKernel(seluWebGLConfig);
registerKernel(seluGradWebGLConfig);
registerKernel(alphaDropoutWebGLConfig);
registerKernel(alphaDropoutGradWebGLConfig);
