import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import type {TensorInfo} from '@tensorflow/tfjs-core';
import type {AlphaDropoutAttrs} from '../../src/kernel_names.js';
import {maskedAffineLoop} from '../../src/math/alpha_dropout_loops.js';
import type {MaskedAffine} from '../../src/math/alpha_dropout_loops.js';

/**
 * Both AlphaDropout kernels on tfjs-backend-wasm's heap, without copies: the
 * output from backend.makeOutput, then the shared masked affine loop over
 * views of the heap (taken after the allocation, which may grow the heap and
 * replace its buffer).
 */
export function maskedAffineWasm(input: TensorInfo, backend: BackendWasm, attrs: AlphaDropoutAttrs,
                                 affine: MaskedAffine): TensorInfo {
  const out = backend.makeOutput(input.shape, 'float32');
  maskedAffineLoop(backend.typedArrayFromHeap(input), backend.typedArrayFromHeap(out) as Float32Array, input.shape,
      attrs, affine);
  return out;
}
