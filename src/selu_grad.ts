import {engine, mul, op, step, sub, util} from '@tensorflow/tfjs-core';
import type {NamedAttrMap, NamedTensorMap, Tensor, TensorLike} from '@tensorflow/tfjs-core';
import {differentiableComposite} from './gradients/partials.js';
import type {SeluAttrs} from './kernel_names.js';
import {resolveSeluAttrs} from './validation.js';
import type {SeluOptions} from './validation.js';
import {toFloatTensor} from './convert.js';
import {hasPluginKernel, seluGradComposite, warnFallbackOnce} from './fallback.js';
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
  if (hasPluginKernel(SeluGradKernel)) {
    return engine().runKernel(
        SeluGradKernel, {dy: $dy, y: $y} as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as T;
  }
  warnFallbackOnce();
  return seluGradFallback($dy, $y, attrs) as T;
}

export const seluGrad = /* @__PURE__ */ op({seluGrad_});

/** The composition of tfjs-core ops, differentiable like SeluGradKernel. */
function seluGradFallback(dy: Tensor, y: Tensor, attrs: SeluAttrs): Tensor {
  return differentiableComposite(seluGradComposite, seluGradPartials, dy, y, attrs);
}

/**
 * The partials of G(dy, y) = dy · g(y) times the upstream ddx, lazily:
 * ∂G/∂dy = g(y) (another seluGrad pass) and ∂G/∂y = dy · [y ≤ 0]. The mask
 * 1 − step(y) is NaN where y is NaN, and step's gradient is zero, so the mask
 * is differentiable for third order.
 */
export function seluGradPartials(ddx: Tensor, dy: Tensor, y: Tensor, attrs: SeluAttrs): [() => Tensor, () => Tensor] {
  return [() => seluGrad(ddx, y, attrs), () => mul(mul(ddx, dy), sub(1, step(y)))];
}
