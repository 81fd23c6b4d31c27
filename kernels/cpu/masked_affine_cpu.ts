import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import type {AlphaDropoutAttrs} from '../../src/kernel_names.js';
import {maskedAffineLoop} from '../../src/math/alpha_dropout_loops.js';
import type {MaskedAffine} from '../../src/math/alpha_dropout_loops.js';

/** Both AlphaDropout kernels on cpu: the shared masked affine loop into a new float32 buffer. */
export function maskedAffineCpu(input: TensorInfo, backend: MathBackendCPU, attrs: AlphaDropoutAttrs,
                                affine: MaskedAffine): TensorInfo {
  const values = backend.data.get(input.dataId).values as TypedArray;
  const out = new Float32Array(values.length);
  maskedAffineLoop(values, out, input.shape, attrs, affine);
  return backend.makeTensorInfo(input.shape, 'float32', out);
}
