/** Prints a {@link Float32Program} as a WGSL function over f32 or vec4<f32> lanes. */
import {floatLiteral} from './float_literal.js';
import type {Float32Program} from './float32_program.js';
import {infixFunction} from './infix.js';

/** The WGSL scalar types of one lane width: f32/i32/u32 or their vec4 forms. */
export interface WgslTypes {
  f: string;
  i: string;
  u: string;
}

/** f32/i32/u32, or vec4 of each. */
export function wgslTypes(vec4: boolean): WgslTypes {
  return vec4 ? {f: 'vec4<f32>', i: 'vec4<i32>', u: 'vec4<u32>'} : {f: 'f32', i: 'i32', u: 'u32'};
}

/**
 * WGSL of `fn name(input : f) -> f`. Literals are abstract floats, which
 * WGSL converts to the operand's f32 (or splats to vec4<f32>) exactly.
 */
export function wgslFunction(name: string, program: Float32Program, {f, i, u}: WgslTypes): string {
  return infixFunction(`fn ${name}(${program.input} : ${f}) -> ${f}`, program, {
    literal: floatLiteral,
    floor: a => `floor(${a})`,
    pow2: k => `bitcast<${f}>((${i}(${k}) + 127) << ${u}(23u))`,
    pow2OfShifted: () => {
      throw new Error('WGSL: the shift trick is not emitted (compilers may fold it away); use floor rounding');
    },
    declare: (local, value) => `let ${local} = ${value};`,
  });
}
