import type {SeluAttrs} from '../kernel_names.js';

/**
 * λα rounded to float32. The gradient kernels add it to the float32 output y:
 * with a float32 constant, y + λα is exactly 0 where y has saturated at −λα
 * (selu'(−∞) = 0), as TensorFlow's float32 SeluGrad computes it.
 */
export function float32ScaleAlpha({alpha, scale}: SeluAttrs): number {
  return Math.fround(scale * alpha);
}
