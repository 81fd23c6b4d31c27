/**
 * The forward SELU shader programs for tfjs-backend-webgl: an unpacked one
 * (one value per texel, like tfjs's UnaryOpProgram) and a packed one (four
 * values per texel, like UnaryOpPackedProgram). Both share one GLSL function,
 * and take λ and λα as uniforms, so every (alpha, scale) pair runs the same
 * compiled shader.
 */
import {env} from '@tensorflow/tfjs-core';
import type {GPGPUProgram} from '@tensorflow/tfjs-backend-webgl';
import {FLOAT32_MIN_NORMAL} from '../../src/constants.js';
import {EXPM1_LOWER_CLAMP, LN2_HI, LN2_LO, expm1TaylorDescending} from '../../src/math/expm1.js';

/** Uniforms of every plugin program: λ and λα (float32-rounded, see float32ScaleAlpha). */
export const SELU_UNIFORMS: NonNullable<GPGPUProgram['customUniforms']> = [
  {name: 'seluScale', type: 'float'},
  {name: 'seluScaleAlpha', type: 'float'},
];

/** Same rule as tfjs-backend-webgl's (unexported) useShapeUniforms. */
export function useShapeUniforms(rank: number): boolean {
  return env().getBool('WEBGL_USE_SHAPES_UNIFORMS') && rank <= 4;
}


/** 1/j! for j = 8 … 1: expm1(r) = r·(1 + r/2 + r²/6 + … + r⁷/8!). */
const TAYLOR = expm1TaylorDescending(8);

/** GLSL of `p = c0; p = p·r + c1; …` as literals (no divisions left to the compiler). */
function horner(p: string, r: string, coefficients: number[]): string {
  const [first, ...rest] = coefficients;
  return [`    float ${p} = ${glslFloat(first)};`, ...rest.map(c => `    ${p} = ${p} * ${r} + ${glslFloat(c)};`)].join('\n');
}

/** GLSL float literal that round-trips to the same float32. */
export function glslFloat(value: number): string {
  const text = Math.fround(value).toPrecision(9);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * GLSL of `float seluOne(float x)`: selu of one value.
 *
 * - NaN → NaN, tested with tfjs's `isnan` (which honours WEBGL2_ISNAN_CUSTOM),
 *   never through a comparison, whose result for NaN GLSL does not define.
 * - expm1 without `exp` and without cancellation, by fdlibm's range
 *   reduction: n = clamp(x, −30, 0) = k·ln2 + r with k = round(n/ln2) and
 *   |r| ≤ ln2/2, expm1(n) = 2^k·expm1(r) + (2^k − 1), expm1(r) from its
 *   degree-8 Taylor polynomial (truncation < 6e-10 relative). Only + − ×
 *   are used, which GLSL ES 3.0 rounds correctly, so the accuracy does not
 *   depend on the GPU's exp (whose precision GLSL leaves at 3 + 2|x| ulp).
 *   For k = 0 (−0.35 < x ≤ 0) it is the polynomial alone: full relative
 *   precision near 0. 2^k (k ∈ [−43, 0]) is built exactly from its bits on
 *   WebGL2, with exp2 on WebGL1.
 * - Nothing can overflow: the positive side is λ·x (+Inf → +Inf), the
 *   negative side only ever sees the clamped n; −Inf gives λα·(−1).
 */
export function seluGlsl(webglVersion: number): string {
  const pow2 = webglVersion === 2 ? 'intBitsToFloat((int(k) + 127) << 23)' : 'exp2(k)';
  return `
  float seluExpm1(float n) {
    float k = floor(n * ${glslFloat(Math.LOG2E)} + 0.5);
    float r = (n - k * ${glslFloat(LN2_HI)}) - k * ${glslFloat(LN2_LO)};
${horner('p', 'r', TAYLOR)}
    p = p * r;
    float twoK = ${pow2};
    return twoK * p + (twoK - 1.0);
  }

  float seluOne(float x) {
    float negative = seluScaleAlpha * seluExpm1(clamp(x, ${glslFloat(EXPM1_LOWER_CLAMP)}, 0.0));
    float positive = max(seluScale * x, ${glslFloat(FLOAT32_MIN_NORMAL)});
    float y = x > 0.0 ? positive : negative;
    return isnan(x) ? x : y;
  }
`;
}

/**
 * What every plugin program shares: element-wise over one shape, λ and λα as
 * uniforms (so one compiled shader serves every pair), shape uniforms where
 * tfjs uses them, and, when packed, packed inputs and output so a packed graph
 * (WEBGL_PACK) runs it without a pack/unpack conversion on either side.
 */
export abstract class SeluFamilyProgram implements GPGPUProgram {
  outputShape: number[];
  userCode: string;
  enableShapeUniforms: boolean;
  customUniforms = SELU_UNIFORMS;
  packedInputs: boolean;
  packedOutput: boolean;

  protected constructor(readonly variableNames: string[], shape: number[], packed: boolean, userCode: string) {
    this.outputShape = shape;
    this.enableShapeUniforms = useShapeUniforms(shape.length);
    this.packedInputs = packed;
    this.packedOutput = packed;
    this.userCode = userCode;
  }
}

/** One value per texel. */
export class SeluProgram extends SeluFamilyProgram {
  constructor(shape: number[]) {
    super(['A'], shape, false, `
      ${seluGlsl(env().getNumber('WEBGL_VERSION'))}

      void main() {
        setOutput(seluOne(getAAtOutCoords()));
      }
    `);
  }
}

/** Four values per texel. */
export class SeluPackedProgram extends SeluFamilyProgram {
  constructor(shape: number[]) {
    super(['A'], shape, true, `
      ${seluGlsl(env().getNumber('WEBGL_VERSION'))}

      void main() {
        vec4 x = getAAtOutCoords();
        setOutput(vec4(seluOne(x.r), seluOne(x.g), seluOne(x.b), seluOne(x.a)));
      }
    `);
  }
}
