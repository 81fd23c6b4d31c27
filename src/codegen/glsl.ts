/** Prints a {@link Float32Program} as a GLSL function (GLSL ES 3.0, and 1.0 where the program allows). */
import {floatLiteral} from './float_literal.js';
import type {Float32Program} from './float32_program.js';
import {infixFunction} from './infix.js';

/**
 * GLSL of `float name(float input)`. 2^k is built from its bits on WebGL2
 * (`intBitsToFloat`); GLSL ES 1.0 has no bit casts, so WebGL1 uses `exp2`
 * of the integral k. The shift trick is not offered: shader compilers may
 * fold (v + c) − c to v.
 */
export function glslFunction(name: string, program: Float32Program, webglVersion: number): string {
  return infixFunction(`float ${name}(float ${program.input})`, program, {
    literal: floatLiteral,
    floor: a => `floor(${a})`,
    pow2: k => webglVersion === 2 ? `intBitsToFloat((int(${k}) + 127) << 23)` : `exp2(${k})`,
    pow2OfShifted: () => {
      throw new Error('GLSL: the shift trick is not emitted (compilers may fold it away); use floor rounding');
    },
    declare: (local, value) => `float ${local} = ${value};`,
  });
}
