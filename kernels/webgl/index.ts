/**
 * Side-effect entry point `tfjs-selu/webgl`: registers the plugin's kernels for
 * the 'webgl' backend (and, through the main module, its gradients). Bring
 * the backend itself (`@tensorflow/tfjs-backend-webgl` or `@tensorflow/tfjs`).
 */
import {env, registerKernel} from '@tensorflow/tfjs-core';
import '../../src/index.js';
import {registerLossyOutputProbe} from '../../src/gradient_source.js';
import {alphaDropoutWebGLConfig} from './AlphaDropout.js';
import {alphaDropoutGradWebGLConfig} from './AlphaDropoutGrad.js';
import {seluWebGLConfig} from './Selu.js';
import {seluGradWebGLConfig} from './SeluGrad.js';
import {seluGradFromInputWebGLConfig} from './SeluGradFromInput.js';

registerKernel(seluWebGLConfig);
registerKernel(seluGradWebGLConfig);
registerKernel(seluGradFromInputWebGLConfig);
registerKernel(alphaDropoutWebGLConfig);
registerKernel(alphaDropoutGradWebGLConfig);
// tfjs-backend-webgl renders every output into a half-float texture when
// float32 render targets are off (WEBGL_RENDER_FLOAT32_ENABLED, read at each
// allocation): selu's gradient then comes from x (src/gradient_source.ts). A
// WebGL backend is recognised by its program runner, whatever its name.
registerLossyOutputProbe(backend => 'runWebGLProgram' in backend && !env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'));
