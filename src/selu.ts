import {customGrad, engine, op} from '@tensorflow/tfjs-core';
import type {GradSaveFunc, NamedAttrMap, NamedTensorMap, Tensor, TensorLike} from '@tensorflow/tfjs-core';
import type {SeluAttrs, SeluForwardAttrs} from './kernel_names.js';
import {resolveSeluAttrs} from './validation.js';
import type {SeluOptions} from './validation.js';
import {toFloatTensor} from './convert.js';
import {hasPluginKernel, seluComposite, warnFallbackOnce} from './fallback.js';
import {SeluKernel} from './kernel_names.js';
import {seluGrad} from './selu_grad.js';
import {seluGradFromInput} from './selu_grad_from_input.js';
import {seluGradientSourceAtForward} from './gradient_source.js';
import type {SeluGradientSource} from './gradient_source.js';

/**
 * Scaled exponential linear unit, element-wise:
 * `scale * x` for x > 0, `scale * alpha * (exp(x) - 1)` for x ≤ 0.
 *
 * Runs the plugin's `SeluKernel` on the active backend. Its gradient keeps only
 * the output and costs one pass without `exp`; gradients of any order work.
 * On a backend without the plugin's kernels it warns once and computes the
 * same values with tfjs-core ops.
 *
 * ```js
 * import {selu} from 'tfjs-selu';
 * import 'tfjs-selu/cpu';
 * selu(tf.tensor1d([-1, 0, 2])).print();          // paper constants
 * selu([-1, 0, 2], {alpha: 1, scale: 1}).print();  // ELU
 * ```
 *
 * @param x Input: a float32 or int32 tensor, or a tensor-like (nested arrays,
 *     typed array). int32 is cast to float32; other dtypes are rejected.
 * @param options `alpha` (finite, ≥ 0) and `scale` (finite, > 0); the paper's
 *     constants by default.
 * @returns A float32 tensor of the shape of `x`.
 */
function selu_<T extends Tensor>(x: T | TensorLike, options?: SeluOptions): T {
  const attrs = resolveSeluAttrs(options, 'selu');
  const $x = toFloatTensor(x, 'x', 'selu');
  const source = seluGradientSourceAtForward();
  if (source !== 'output') return seluSavingInput($x, attrs, source) as T;
  if (hasPluginKernel(SeluKernel)) return runSeluKernel($x, attrs) as T;
  warnFallbackOnce();
  return seluFallback($x, attrs) as T;
}

export const selu = /* @__PURE__ */ op({selu_});

/** Runs the plugin's SeluKernel (registered on the active backend) on x. */
export function runSeluKernel(x: Tensor, attrs: SeluForwardAttrs): Tensor {
  return engine().runKernel(SeluKernel, {x} as unknown as NamedTensorMap, attrs as unknown as NamedAttrMap) as Tensor;
}

/** selu's values without gradient wiring: the plugin's kernel, or (warning once) the composition. */
function seluValues(x: Tensor, attrs: SeluAttrs): Tensor {
  if (hasPluginKernel(SeluKernel)) return runSeluKernel(x, attrs);
  warnFallbackOnce();
  return seluComposite(x, attrs);
}

/**
 * The forward whose gradient saves x (src/gradient_source.ts says when):
 * 'recomputed-output' recomputes y = selu(x) on the tape, so an outer
 * gradient reaches x through selu and seluGrad, both of which have
 * gradients; 'input' computes dy·λα·exp(x) from x in one pass (differentiable
 * too), for backends whose stored y is too coarse.
 */
function seluSavingInput(x: Tensor, attrs: SeluAttrs, source: Exclude<SeluGradientSource, 'output'>): Tensor {
  return customGrad((...args: Array<Tensor | GradSaveFunc>) => {
    const [input, save] = args as [Tensor, GradSaveFunc];
    save([input]);
    const value = seluValues(input, attrs);
    return {value, gradFunc: (dy: Tensor, [savedX]: Tensor[]) => seluGradFromSavedInput(dy, savedX, attrs, source)};
  })(x);
}

/** dx from a saved x, as `source` says: from x itself, or through a recomputed y. */
export function seluGradFromSavedInput(dy: Tensor, x: Tensor, attrs: SeluAttrs,
                                       source: Exclude<SeluGradientSource, 'output'>): Tensor {
  return source === 'input' ? seluGradFromInput(dy, x, attrs) : seluGrad(dy, selu(x, attrs), attrs);
}

/** The composition of tfjs-core ops, with the same output-only gradient as the kernel. */
function seluFallback(x: Tensor, attrs: SeluAttrs): Tensor {
  return customGrad((...args: Array<Tensor | GradSaveFunc>) => {
    const [input, save] = args as [Tensor, GradSaveFunc];
    const value = seluComposite(input, attrs);
    save([value]);
    return {value, gradFunc: (dy: Tensor, [y]: Tensor[]) => seluGrad(dy, y, attrs)};
  })(x);
}
