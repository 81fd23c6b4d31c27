import {SeluGradFromInputKernel} from '../kernel_names.js';
import {seluGradFromInputPartials} from '../selu_grad_from_input.js';
import {partialsGradConfig} from './partials.js';

/**
 * Gradient of {@link SeluGradFromInputKernel}, for second and higher orders
 * where selu's gradient is computed from x (see {@link seluGradFromInputPartials}).
 */
export const seluGradFromInputGradConfig = partialsGradConfig(SeluGradFromInputKernel, ['dy', 'x'], seluGradFromInputPartials);
