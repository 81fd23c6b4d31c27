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
import {EXPM1_LOWER_CLAMP, LN2_HI, LN2_LO, expm1TaylorDescending} from '../../src/math/expm1.js';

/** WGSL members the backend appends to its `Uniforms` struct: λ and λα (float32-rounded, see float32ScaleAlpha). */
export const SELU_WEBGPU_UNIFORMS = 'seluScale : f32, seluScaleAlpha : f32,';

/** Invocations per workgroup, as the backend's element-wise programs use. */
const WORKGROUP_SIZE_X = 64;

/** 1/j! for j = 8 … 1: expm1(r) = r·(1 + r/2 + … + r⁷/8!). */
const TAYLOR = expm1TaylorDescending(8);

/** WGSL float literal (an abstract float) that rounds to the same float32 as `value`. */
export function wgslFloat(value: number): string {
  const text = Math.fround(value).toPrecision(9);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** The WGSL scalar types of one lane width: f32/i32/u32/bool or their vec4 forms. */
export interface WgslTypes {
  f: string;
  i: string;
  u: string;
}

export function wgslTypes(vec4: boolean): WgslTypes {
  return vec4 ? {f: 'vec4<f32>', i: 'vec4<i32>', u: 'vec4<u32>'} : {f: 'f32', i: 'i32', u: 'u32'};
}

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
 * expm1 without `exp` (whose WGSL accuracy is 3 + 2|x| ulp, absolute near 0)
 * by fdlibm's range reduction: n = clamp(x, −30, 0) = k·ln2 + r with
 * k = round(n/ln2), |r| ≤ ln2/2; expm1(n) = 2^k·expm1(r) + (2^k − 1), expm1(r)
 * from its degree-8 Taylor polynomial. Only + − ×, which WGSL rounds
 * correctly; for k = 0 (−0.35 < x ≤ 0) it is the polynomial alone, so full
 * relative precision near 0. 2^k (k ∈ [−43, 0]) is built exactly from its
 * bits. Nothing overflows: the negative side sees only the clamped n, the
 * positive side is λ·x (+Inf stays +Inf), at least 2^-126 so that y > 0
 * exactly when x > 0 on a GPU that flushes denormals. NaN in gives NaN out.
 */
export function seluWgsl(types: WgslTypes): string {
  const {f, i, u} = types;
  const horner = TAYLOR.slice(1).map(c => `    p = p * r + ${wgslFloat(c)};`).join('\n');
  return `${seluIsNanWgsl(types)}
  fn seluExpm1(n : ${f}) -> ${f} {
    let k = floor(n * ${wgslFloat(Math.LOG2E)} + 0.5);
    let r = (n - k * ${wgslFloat(LN2_HI)}) - k * ${wgslFloat(LN2_LO)};
    var p = ${f}(${wgslFloat(TAYLOR[0])});
${horner}
    p = p * r;
    let twoK = bitcast<${f}>((${i}(k) + 127) << ${u}(23u));
    return twoK * p + (twoK - 1.0);
  }

  fn seluOne(v : ${f}) -> ${f} {
    let negative = uniforms.seluScaleAlpha * seluExpm1(clamp(v, ${f}(${wgslFloat(EXPM1_LOWER_CLAMP)}), ${f}(0.0)));
    let positive = max(uniforms.seluScale * v, ${f}(${wgslFloat(FLOAT32_MIN_NORMAL)}));
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
