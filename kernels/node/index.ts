/**
 * Side-effect entry point `tfjs-selu/node`: registers the plugin's kernels for
 * the 'tensorflow' backend of `@tensorflow/tfjs-node` (and, through the main
 * module, its gradients). The kernels run native TensorFlow ops.
 */
import {registerKernel} from '@tensorflow/tfjs-core';
import '../../src/index.js';
import {seluNodeConfig} from './Selu.js';
import {seluGradNodeConfig} from './SeluGrad.js';

registerKernel(seluNodeConfig);
registerKernel(seluGradNodeConfig);
