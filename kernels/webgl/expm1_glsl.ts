/**
 * expm1 and exp for WebGL programs, generated from the package's one
 * definition (src/math/expm1.ts): + − × only, which GLSL ES 3.0 rounds
 * correctly, so the accuracy does not depend on the GPU's `exp` (whose
 * precision GLSL leaves at 3 + 2|x| ulp). Any program can paste these in.
 */
import {floatLiteral} from '../../src/codegen/float_literal.js';
import {glslFunction} from '../../src/codegen/glsl.js';
import {EXPM1_LOWER_CLAMP, EXP_LOWER_CLAMP, FLOAT32_EXPM1_SCHEMES, float32Expm1Program} from '../../src/math/expm1.js';

/**
 * GLSL of `float <name>(float x)` = e^min(x, 0) − 1 (`'expm1'`) or e^min(x, 0)
 * (`'exp'`), for every x but NaN (the caller tests NaN: what a comparison
 * gives for NaN, GLSL does not define). x is clamped first, so nothing can
 * overflow: expm1 to [EXPM1_LOWER_CLAMP, 0] (below, expm1 is −1 to float32),
 * exp to [EXP_LOWER_CLAMP, 0] (below, it returns e^-87 ≈ 1.6e-38 in place of
 * smaller values: callers that need 0 there test x themselves). Works on
 * WebGL1 and WebGL2 (`webglVersion`).
 */
function glslExpFamily(value: 'expm1' | 'exp', webglVersion: number, name: string): string {
  const reduced = `${name}NonPositive`;
  return `${glslFunction(reduced, float32Expm1Program(FLOAT32_EXPM1_SCHEMES.shader, value), webglVersion)}
float ${name}(float x) {
  return ${reduced}(clamp(x, ${floatLiteral(value === 'expm1' ? EXPM1_LOWER_CLAMP : EXP_LOWER_CLAMP)}, 0.0));
}
`;
}

/** GLSL of `float <name>(float x)` = expm1(min(x, 0)): see {@link glslExpFamily}. */
export function glslExpm1(webglVersion: number, name = 'seluExpm1'): string {
  return glslExpFamily('expm1', webglVersion, name);
}

/** GLSL of `float <name>(float x)` = exp(min(x, 0)), full relative precision down to e^-87: see {@link glslExpFamily}. */
export function glslExpNonPositive(webglVersion: number, name = 'seluExp'): string {
  return glslExpFamily('exp', webglVersion, name);
}
