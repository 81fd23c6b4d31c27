/**
 * Prints a {@link Float32Program} as WebAssembly text over four float32 lanes
 * (f32x4): each step a `v128` local, each node one SIMD instruction.
 */
import {float32HexLiteral} from './float_literal.js';
import type {Float32Expr, Float32Program} from './float32_program.js';

/** `v128.const` of one float32 in all four lanes. */
export function f32x4Literal(value: number): string {
  return `(v128.const f32x4 ${Array(4).fill(float32HexLiteral(value)).join(' ')})`;
}

function print(expr: Float32Expr): string {
  switch (expr.op) {
    case 'ref': return `(local.get $${expr.name})`;
    case 'literal': return f32x4Literal(expr.value);
    case 'floor': return `(f32x4.floor ${print(expr.a)})`;
    case 'pow2': throw new Error('f32x4: 2^k from a float k is not emitted (use pow2OfShifted)');
    // The shifted sum's low bits are k; + 127 and << 23 put k + 127 in the exponent field, the rest shifts out.
    case 'pow2OfShifted':
      return `(i32x4.shl (i32x4.add ${print(expr.shifted)} (v128.const i32x4 127 127 127 127)) (i32.const 23))`;
    default: return `(f32x4.${expr.op} ${print(expr.a)} ${print(expr.b)})`;
  }
}

/**
 * The program over `$${program.input}` (a v128 local of the caller): the
 * locals its steps need, the `local.set` instructions, and the result.
 */
export function printF32x4(program: Float32Program): {locals: string[], statements: string[], result: string} {
  return {
    locals: program.steps.map(({name}) => `(local $${name} v128)`),
    statements: program.steps.map(({name, value}) => `(local.set $${name} ${print(value)})`),
    result: print(program.result),
  };
}
