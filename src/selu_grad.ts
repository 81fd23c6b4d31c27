import {engine, op, util} from '@tensorflow/tfjs-core';
import type {NamedAttrMap, NamedTensorMap, Tensor, TensorLike} from '@tensorflow/tfjs-core';
import {resolveSeluAttrs} from './constants.js';
import type {SeluOptions} from './constants.js';
import {toFloatTensor} from './convert.js';
import {SeluGradKernel} from './kernel_names.js';

/**
 * The SELU gradient from the forward OUTPUT (Caffe2's SeluGradient,
 * TensorFlow's SeluGrad): `dy * scale` where y > 0,
 * `dy * (y + scale * alpha)` where y ≤ 0. One pass, no `exp`.
 *
 * @param dy Upstream gradient, same shape as `y`.
 * @param y The output of {@link selu} with the same `options`.
 * @param options The `alpha` and `scale` the forward used.
 * @returns dx, a float32 tensor of the shape of `y`.
 */
function seluGrad_<T extends Tensor>(dy: T | TensorLike, y: T | TensorLike, options?: SeluOptions): T {
  const attrs = resolveSeluAttrs(options, 'seluGrad');
  const $dy = toFloatTensor(dy, 'dy', 'seluGrad');
  const $y = toFloatTensor(y, 'y', 'seluGrad');
  util.assertShapesMatch($dy.shape, $y.shape, `Error in seluGrad: 'dy' and 'y' `);
  return engine().runKernel(
      SeluGradKernel, {dy: $dy, y: $y} as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as T;
}

export const seluGrad = op({seluGrad_});
