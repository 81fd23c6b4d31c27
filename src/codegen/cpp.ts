/** Prints a {@link Float32Program} as a C++ function on float (built with -ffp-contract=off: no fused multiply-add). */
import {float32HexLiteral} from './float_literal.js';
import type {Float32Program} from './float32_program.js';
import {infixFunction} from './infix.js';

/** A float32 constant as an exact C++17 hexadecimal float literal, e.g. `0x1.715476p+0f`. */
export function cppFloatLiteral(value: number): string {
  return `${float32HexLiteral(value)}f`;
}

/**
 * C++ of `<qualifiers> float name(float input)`. 2^k is built from the bits
 * of the shifted sum with `Bits` / `FromBits` (memcpy bit casts), which the
 * including file must provide.
 */
export function cppFunction(qualifiers: string, name: string, program: Float32Program): string {
  return infixFunction(`${qualifiers} float ${name}(float ${program.input})`, program, {
    literal: cppFloatLiteral,
    floor: a => `std::floor(${a})`,
    pow2: k => `FromBits(static_cast<uint32_t>(static_cast<int32_t>(${k}) + 127) << 23)`,
    pow2OfShifted: shifted => `FromBits((Bits(${shifted}) + 127u) << 23)`,
    declare: (local, value) => `const float ${local} = ${value};`,
  });
}
