/**
 * The shader programs of the gradient from the forward INPUT: dx from dy and
 * x in one pass, exp by the forward's range reduction. selu runs them where
 * outputs are stored in half floats (src/gradient_source.ts). Unpacked and
 * packed, like the output-based gradient's programs; λ and λα are uniforms.
 */
import {env} from '@tensorflow/tfjs-core';
import {SeluPairProgram, seluGradFromInputGlsl} from './selu_gpu.js';

/** One value per texel; dy and x have the same shape. */
export class SeluGradFromInputProgram extends SeluPairProgram {
  constructor(shape: number[]) {
    super(['dy', 'x'], shape, false, seluGradFromInputGlsl(env().getNumber('WEBGL_VERSION')), 'seluGradFromInputOne');
  }
}

/** Four values per texel. */
export class SeluGradFromInputPackedProgram extends SeluPairProgram {
  constructor(shape: number[]) {
    super(['dy', 'x'], shape, true, seluGradFromInputGlsl(env().getNumber('WEBGL_VERSION')), 'seluGradFromInputOne');
  }
}
