import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {util} from '@tensorflow/tfjs-core';
import type {TensorInfo} from '@tensorflow/tfjs-core';
import type {AlphaDropoutAttrs} from '../../src/kernel_names.js';
import {keepMaskWords, maskedAffineLoop, noiseShapeIsFull} from '../../src/math/alpha_dropout_loops.js';
import type {MaskedAffine} from '../../src/math/alpha_dropout_loops.js';
import {SIMD_MASK_GROUP} from '../../src/random/keep_mask_simd.js';
import {seluSimdKernels} from './simd.js';

/**
 * Both AlphaDropout kernels on tfjs-backend-wasm's heap, without copies: the
 * output from backend.makeOutput; float32 input without broadcasting through
 * the SIMD module sixteen elements (four Threefry blocks) at a time, the rest
 * (the last `size % 16`, int32 input, a broadcast mask, engines without SIMD)
 * through the shared JavaScript loop over views of the heap (taken after the
 * allocation, which may grow the heap and replace its buffer).
 */
export function maskedAffineWasm(input: TensorInfo, backend: BackendWasm, attrs: AlphaDropoutAttrs,
                                 affine: MaskedAffine): TensorInfo {
  const out = backend.makeOutput(input.shape, 'float32');
  const size = util.sizeFromShape(input.shape);
  const simd = input.dtype === 'float32' && noiseShapeIsFull(input.shape, attrs.noiseShape) ? seluSimdKernels(backend) : null;
  const simdCount = simd === null ? 0 : size - size % SIMD_MASK_GROUP;
  if (simd !== null && simdCount > 0) {
    const {k0, k1, k2, stream, threshold} = keepMaskWords(attrs);
    simd.maskedAffine(backend.getMemoryOffset(input.dataId), backend.getMemoryOffset(out.dataId), simdCount, 0,
        k0, k1, k2, stream, threshold, affine.a, affine.b, affine.dropped);
  }
  if (simdCount < size) {
    maskedAffineLoop(backend.typedArrayFromHeap(input), backend.typedArrayFromHeap(out) as Float32Array, input.shape,
        attrs, affine, simdCount);
  }
  return out;
}
