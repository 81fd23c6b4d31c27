/**
 * Entry point `tfjs-selu/node`: registers the plugin's kernels for the
 * 'tensorflow' backend of `@tensorflow/tfjs-node` (and, through the main
 * module, its gradients). The kernels run the plugin's native TensorFlow op
 * pair (an addon shipped prebuilt for Linux x64, else compiled at install)
 * or, without it, a composition of TensorFlow's own ops; `nodeKernelStatus()`
 * says which.
 */
import {registerKernel} from '@tensorflow/tfjs-core';
import '../../src/index.js';
import {alphaDropoutNodeConfig} from './AlphaDropout.js';
import {alphaDropoutGradNodeConfig} from './AlphaDropoutGrad.js';
import {seluNodeConfig} from './Selu.js';
import {seluGradNodeConfig} from './SeluGrad.js';

export {NATIVE_ADDON_ENV, NODE_KERNELS_ENV, nodeKernelStatus} from './native_addon.js';
export type {NativeOpInfo, NodeKernelPath, NodeKernelStatus} from './native_addon.js';

registerKernel(seluNodeConfig);
registerKernel(seluGradNodeConfig);
registerKernel(alphaDropoutNodeConfig);
registerKernel(alphaDropoutGradNodeConfig);
