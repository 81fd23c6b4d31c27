/**
 * The SELU gradient compute program: dx from dy and the forward OUTPUT y in
 * one pass, without exp, laid out like the forward (flat dispatch, vec4 lanes
 * when the size is a multiple of 4, λ and λα as uniforms).
 */
import {MAIN_WITH_INDEX, SeluFamilyProgram, seluIsNanWgsl} from './selu_webgpu.js';
import type {WgslTypes} from '../../src/codegen/wgsl.js';

/**
 * WGSL of `seluGradOne(dy, y)`: dy·λ where y > 0, dy·(y + λα) elsewhere. λα
 * is the float32-rounded product, so a saturated y = −λα gives exactly 0.
 * NaN in y or dy gives NaN (from the bits, see seluIsNan); y = +Inf gives dy·λ.
 */
function seluGradWgsl(types: WgslTypes): string {
  const {f} = types;
  return `${seluIsNanWgsl(types)}
  fn seluGradOne(upstream : ${f}, fwd : ${f}) -> ${f} {
    let factor = select(fwd + uniforms.seluScaleAlpha, ${f}(uniforms.seluScale), fwd > ${f}(0.0));
    let dx = upstream * factor;
    return select(select(dx, upstream, seluIsNan(upstream)), fwd, seluIsNan(fwd));
  }
`;
}

/** seluGrad(dy, y), element-wise; dy and y have the same shape. */
export class SeluGradProgram extends SeluFamilyProgram {
  constructor(shape: number[]) {
    super(['dy', 'y'], shape, 'tfjsSeluGrad');
  }

  getUserCode(): string {
    return `
  ${seluGradWgsl(this.types)}
  ${MAIN_WITH_INDEX} {
    if (index < uniforms.size) {
      setOutputAtIndex(index, seluGradOne(getDyByOutputIndex(index), getYByOutputIndex(index)));
    }
  }
`;
  }
}
