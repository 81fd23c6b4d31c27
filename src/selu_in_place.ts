import {Tensor, Variable, op} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';
import {resolveSeluAttrs} from './validation.js';
import type {SeluOptions} from './validation.js';
import {toFloatTensor} from './convert.js';
import {hasPluginKernel} from './fallback.js';
import {SeluKernel} from './kernel_names.js';
import {runSeluKernel, selu} from './selu.js';
import {seluGradientSourceAtForward} from './gradient_source.js';

/**
 * {@link selu} that CONSUMES its input (Caffe2's allow_inplace): `x` is
 * disposed, and where the backend can (cpu, wasm), y is written into x's buffer when
 * no other tensor shares it — otherwise it is computed into a new one. Safe
 * under `tf.grad`, because the gradient needs only the output. Note that
 * tfjs's cpu backend keeps the typed array a tensor was created from, so
 * `seluInPlace(tf.tensor(myFloat32Array))` overwrites `myFloat32Array`.
 *
 * ```js
 * const h = seluInPlace(tf.matMul(a, w));   // the matMul result is reused
 * ```
 *
 * @param x The input, which is disposed; not a `tf.Variable`.
 * @param options `alpha` and `scale`, as for {@link selu}.
 * @returns A float32 tensor of the shape of `x`.
 */
function seluInPlace_<T extends Tensor>(x: T | TensorLike, options?: SeluOptions): T {
  const attrs = resolveSeluAttrs(options, 'seluInPlace');
  if (x instanceof Variable) {
    throw new Error(`Argument 'x' passed to 'seluInPlace' is a tf.Variable, which it would destroy: use 'selu'.`);
  }
  const $x = toFloatTensor(x, 'x', 'seluInPlace');
  // Where the gradient needs x (nested tapes, lossy output storage) selu saves x
  // itself, which outlives this call until the backward pass; the fallback has
  // no buffer to reuse.
  const y = seluGradientSourceAtForward() !== 'output' || !hasPluginKernel(SeluKernel) ?
      selu($x, attrs) :
      runSeluKernel($x, {...attrs, inPlace: true});
  if (x instanceof Tensor) x.dispose();
  return y as T;
}

export const seluInPlace = /* @__PURE__ */ op({seluInPlace_});
