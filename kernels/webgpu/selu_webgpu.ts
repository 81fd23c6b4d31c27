/**
 * The forward SELU compute program for tfjs-backend-webgpu, in the layout of
 * the backend's own element-wise programs: flat dispatch over the output, four
 * values per invocation (vec4, as its ClipVec4Program and vectorised binary
 * programs do) when the size is a multiple of 4, one otherwise. λ and λα are
 * uniforms, so every (alpha, scale) pair runs the same compiled pipeline.
 * On SwiftShader at 1M elements the scalar layout runs at about 0.65 of the
 * vec4 one (also with four scalars per invocation computed as one vec4).
 */
import {util} from '@tensorflow/tfjs-core';
import type {WebGPUProgram} from '@tensorflow/tfjs-backend-webgpu';
import {FLOAT32_MIN_NORMAL} from '../../src/constants.js';
import {floatLiteral} from '../../src/codegen/float_literal.js';
import {wgslFunction, wgslTypes} from '../../src/codegen/wgsl.js';
import type {WgslTypes} from '../../src/codegen/wgsl.js';
import {EXPM1_LOWER_CLAMP, FLOAT32_EXPM1_SCHEMES, float32Expm1Program} from '../../src/math/expm1.js';

/** WGSL members the backend appends to its `Uniforms` struct: λ and λα (float32-rounded, see float32ScaleAlpha). */
export const SELU_WEBGPU_UNIFORMS = 'seluScale : f32, seluScaleAlpha : f32,';

/** Invocations per workgroup, as the backend's element-wise programs use. */
const WORKGROUP_SIZE_X = 64;

/**
 * WGSL of `seluIsNan(v)`: NaN from the bit pattern. WGSL lets compilers assume
 * floats are finite, so a NaN test by comparison (v != v) may be folded away.
 */
export function seluIsNanWgsl({f, u}: WgslTypes): string {
  return `
  fn seluIsNan(v : ${f}) -> ${f === 'f32' ? 'bool' : 'vec4<bool>'} {
    return (bitcast<${u}>(v) & ${u}(0x7fffffffu)) > ${u}(0x7f800000u);
  }
`;
}

/**
 * WGSL of `seluOne(x)` for f32 or vec4<f32> lanes.
 *
 * expm1 without `exp` (whose WGSL accuracy is 3 + 2|x| ulp, absolute near 0):
 * the package's float32 expm1 (src/math/expm1.ts) on clamp(x, −30, 0), + − ×
 * only, which WGSL rounds correctly; full relative precision near 0, 2^k
 * built exactly from its bits. Nothing overflows: the negative side sees only
 * the clamped value, the positive side is λ·x (+Inf stays +Inf), at least
 * 2^-126 so that y > 0 exactly when x > 0 on a GPU that flushes denormals.
 * NaN in gives NaN out.
 */
function seluWgsl(types: WgslTypes): string {
  const {f} = types;
  return `${seluIsNanWgsl(types)}
${wgslFunction('seluExpm1', float32Expm1Program(FLOAT32_EXPM1_SCHEMES.shader), types)}
  fn seluOne(v : ${f}) -> ${f} {
    let negative = uniforms.seluScaleAlpha * seluExpm1(clamp(v, ${f}(${floatLiteral(EXPM1_LOWER_CLAMP)}), ${f}(0.0)));
    let positive = max(uniforms.seluScale * v, ${f}(${floatLiteral(FLOAT32_MIN_NORMAL)}));
    return select(select(negative, positive, v > ${f}(0.0)), v, seluIsNan(v));
  }
`;
}

/**
 * The fields every plugin program shares: flat dispatch over the output
 * shape, `size` in the uniforms for the bounds check, λ and λα as uniforms.
 */
export abstract class SeluFamilyProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: {x: number[]};
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP_SIZE_X, 1, 1];
  outputComponent: number;
  variableComponents: number[];
  size = true;
  uniforms = SELU_WEBGPU_UNIFORMS;

  protected constructor(readonly variableNames: string[], shape: number[], name: string) {
    this.outputShape = shape;
    this.outputComponent = useVec4(shape) ? 4 : 1;
    this.variableComponents = variableNames.map(() => this.outputComponent);
    this.dispatchLayout = flatDispatchLayout(shape);
    this.dispatch = flatDispatch(util.sizeFromShape(shape), this.workgroupSize[0] * this.outputComponent);
    // The backend appends ranks, dtypes and names to the key; the lane width is ours to add.
    this.shaderKey = `${name}_${this.outputComponent}`;
  }

  get types(): WgslTypes {
    return wgslTypes(this.outputComponent === 4);
  }

  abstract getUserCode(): string;
}

/** Four lanes per invocation when the element count allows it (the backend's `size` uniform is then size/4). */
export function useVec4(shape: number[]): boolean {
  return util.sizeFromShape(shape) % 4 === 0;
}

/** Every dimension on x: the output is addressed by its flat index (webgpu_util.flatDispatchLayout). */
function flatDispatchLayout(shape: number[]): {x: number[]} {
  return {x: shape.map((_, i) => i)};
}

/**
 * Workgroups for `size` elements at `perWorkgroup` each, along x
 * (webgpu_util.computeDispatch for a flat layout). The backend reshapes it
 * when it exceeds the device's per-dimension limit.
 */
function flatDispatch(size: number, perWorkgroup: number): [number, number, number] {
  return [Math.ceil(size / perWorkgroup), 1, 1];
}

/** WGSL of the entry the backend calls with the flat invocation index (getMainHeaderString('index')). */
export const MAIN_WITH_INDEX = 'fn main(index : i32)';

/** selu(x), element-wise. */
export class SeluProgram extends SeluFamilyProgram {
  constructor(shape: number[]) {
    super(['x'], shape, 'tfjsSelu');
  }

  getUserCode(): string {
    return `
  ${seluWgsl(this.types)}
  ${MAIN_WITH_INDEX} {
    if (index < uniforms.size) {
      setOutputAtIndex(index, seluOne(getXByOutputIndex(index)));
    }
  }
`;
  }
}
