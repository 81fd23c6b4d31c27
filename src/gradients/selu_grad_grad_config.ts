import {SeluGradKernel} from '../kernel_names.js';
import {seluGradPartials} from '../selu_grad.js';
import {partialsGradConfig} from './partials.js';

/**
 * Gradient of {@link SeluGradKernel}, which makes second and higher orders
 * work (see {@link seluGradPartials}).
 */
export const seluGradGradConfig = partialsGradConfig(SeluGradKernel, ['dy', 'y'], seluGradPartials);
