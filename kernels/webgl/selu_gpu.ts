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
import {floatLiteral} from '../../src/codegen/float_literal.js';
import {EXP_LOWER_CLAMP} from '../../src/math/expm1.js';
import {glslExpNonPositive, glslExpm1} from './expm1_glsl.js';

/** Uniforms of every plugin program: λ and λα (float32-rounded, see float32ScaleAlpha). */
const SELU_UNIFORMS: NonNullable<GPGPUProgram['customUniforms']> = [
  {name: 'seluScale', type: 'float'},
  {name: 'seluScaleAlpha', type: 'float'},
];

/** Same rule as tfjs-backend-webgl's (unexported) useShapeUniforms. */
export function useShapeUniforms(rank: number): boolean {
  return env().getBool('WEBGL_USE_SHAPES_UNIFORMS') && rank <= 4;
}

/**
 * GLSL of `float seluOne(float x)`: selu of one value.
 *
 * - NaN → NaN, tested with tfjs's `isnan` (which honours WEBGL2_ISNAN_CUSTOM),
 *   never through a comparison, whose result for NaN GLSL does not define.
 * - The negative side is λα·expm1(min(x, 0)) from {@link glslExpm1}; nothing
 *   can overflow: the positive side is λ·x (+Inf → +Inf), at least 2^-126 so
 *   that y > 0 exactly when x > 0 on a GPU that flushes denormals; −Inf gives
 *   λα·(−1).
 */
function seluGlsl(webglVersion: number): string {
  return `
${glslExpm1(webglVersion)}
  float seluOne(float x) {
    float negative = seluScaleAlpha * seluExpm1(x);
    float positive = max(seluScale * x, ${floatLiteral(FLOAT32_MIN_NORMAL)});
    float y = x > 0.0 ? positive : negative;
    return isnan(x) ? x : y;
  }
`;
}

/**
 * GLSL of `float seluGradFromInputOne(float dy, float x)`: dy·λ where x > 0,
 * dy·λα·exp(x) elsewhere, exp from {@link glslExpNonPositive} (the forward's
 * range reduction), 0 below EXP_LOWER_CLAMP (so −Inf gives 0). NaN in x or dy
 * gives NaN.
 */
export function seluGradFromInputGlsl(webglVersion: number): string {
  return `
${glslExpNonPositive(webglVersion)}
  float seluGradFromInputOne(float upstream, float x) {
    float negative = x < ${floatLiteral(EXP_LOWER_CLAMP)} ? 0.0 : seluScaleAlpha * seluExp(x);
    float dx = upstream * (x > 0.0 ? seluScale : negative);
    return isnan(x) ? x : (isnan(upstream) ? upstream : dx);
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

/**
 * An element-wise program over two inputs of one shape that applies the GLSL
 * function `fn(float a, float b)` (defined in `glsl`) to each pair of values:
 * one per texel, or four when packed.
 */
export abstract class SeluPairProgram extends SeluFamilyProgram {
  protected constructor(inputs: [string, string], shape: number[], packed: boolean, glsl: string, fn: string) {
    const [a, b] = inputs.map(name => `get${name[0].toUpperCase()}${name.slice(1)}AtOutCoords()`);
    const main = packed ? `
        vec4 a = ${a};
        vec4 b = ${b};
        setOutput(vec4(${fn}(a.r, b.r), ${fn}(a.g, b.g), ${fn}(a.b, b.b), ${fn}(a.a, b.a)));` : `
        setOutput(${fn}(${a}, ${b}));`;
    super(inputs, shape, packed, `
      ${glsl}

      void main() {${main}
      }
    `);
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
