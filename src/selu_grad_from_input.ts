import {engine, mul, sub, step} from '@tensorflow/tfjs-core';
import type {NamedAttrMap, NamedTensorMap, Tensor} from '@tensorflow/tfjs-core';
import {differentiableComposite} from './gradients/partials.js';
import type {SeluAttrs} from './kernel_names.js';
import {SeluGradFromInputKernel} from './kernel_names.js';
import {hasPluginKernel, seluGradFromInputComposite} from './fallback.js';

/**
 * The SELU gradient from the forward INPUT: `dy * scale` where x > 0,
 * `dy * scale * alpha * exp(x)` where x ≤ 0. One pass; selu uses it where
 * the backend stores y lossily (src/gradient_source.ts). Differentiable at
 * every order. Internal: `x` and `dy` are float32 tensors of one shape.
 */
export function seluGradFromInput(dy: Tensor, x: Tensor, attrs: SeluAttrs): Tensor {
  if (hasPluginKernel(SeluGradFromInputKernel)) {
    return engine().runKernel(
        SeluGradFromInputKernel, {dy, x} as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as Tensor;
  }
  return differentiableComposite(seluGradFromInputComposite, seluGradFromInputPartials, dy, x, attrs);
}

/**
 * The partials of G(dy, x) = dy·g(x) times the upstream ddx, lazily:
 * ∂G/∂dy = g(x) (another pass) and ∂G/∂x = dy·g'(x) = dy·g(x)·[x ≤ 0]
 * (g' is λα·exp(x) below 0 and 0 above). The mask 1 − step(x) is NaN where x
 * is NaN and has a zero gradient, so third order works too.
 */
export function seluGradFromInputPartials(ddx: Tensor, dy: Tensor, x: Tensor, attrs: SeluAttrs): [() => Tensor, () => Tensor] {
  return [
    () => seluGradFromInput(ddx, x, attrs),
    () => mul(seluGradFromInput(mul(ddx, dy), x, attrs), sub(1, step(x))),
  ];
}
