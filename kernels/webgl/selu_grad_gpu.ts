/**
 * The SELU gradient shader programs: dx from dy and the forward OUTPUT y in
 * one pass, without exp. Unpacked (like tfjs's BinaryOpProgram) and packed
 * (like BinaryOpPackedProgram); λ and λα are uniforms.
 */
import {SeluPairProgram} from './selu_gpu.js';

/**
 * `float seluGradOne(float dy, float y)`: dy·λ where y > 0, dy·(y + λα)
 * elsewhere. λα is the float32-rounded product, so a saturated y = −λα gives
 * exactly 0. NaN in y or dy gives NaN (tested with isnan, not comparisons);
 * y = +Inf gives dy·λ.
 */
const SELU_GRAD_GLSL = `
  float seluGradOne(float upstream, float fwd) {
    float factor = fwd > 0.0 ? seluScale : fwd + seluScaleAlpha;
    float dx = upstream * factor;
    return isnan(fwd) ? fwd : (isnan(upstream) ? upstream : dx);
  }
`;

/** One value per texel; dy and y have the same shape. */
export class SeluGradProgram extends SeluPairProgram {
  constructor(shape: number[]) {
    super(['dy', 'y'], shape, false, SELU_GRAD_GLSL, 'seluGradOne');
  }
}

/** Four values per texel. */
export class SeluGradPackedProgram extends SeluPairProgram {
  constructor(shape: number[]) {
    super(['dy', 'y'], shape, true, SELU_GRAD_GLSL, 'seluGradOne');
  }
}
