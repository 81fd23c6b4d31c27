/**
 * Threefry-2x32-20 as source code for the shader languages (GLSL ES 3.0, WGSL)
 * and C++, generated from the constants and the schedule of src/random/threefry.ts, so
 * no kernel restates a rotation or the parity constant. All three dialects
 * compute on unsigned 32-bit words whose + wraps modulo 2^32 (GLSL `uint`,
 * WGSL `u32`, C++ `uint32_t`), and rotate as (x << r) | (x >> (32 − r)): the
 * same bits as the JavaScript reference, which test/node/threefry_codegen.test.ts
 * checks by evaluating the generated step list and compiling the C++ header.
 */
import {
  MASK_ELEMENT_BITS, MASK_ELEMENTS_PER_BLOCK, MASK_STREAM, THREEFRY_PARITY, THREEFRY_ROTATIONS, THREEFRY_ROUNDS,
} from '../random/threefry.js';

/** Mask element m lies in block m >> MASK_BLOCK_SHIFT (the shaders' floor(m / MASK_ELEMENTS_PER_BLOCK)). */
export const MASK_BLOCK_SHIFT = Math.log2(MASK_ELEMENTS_PER_BLOCK);

/**
 * Mask elements per 32-bit output word: element m is in word 0 or 1 of its
 * block as m & MASK_ELEMENTS_PER_WORD is 0 or not, and is that word's low or
 * high half as m & (MASK_ELEMENTS_PER_WORD − 1) is 0 or 1.
 */
export const MASK_ELEMENTS_PER_WORD = 32 / MASK_ELEMENT_BITS;

/** An element's bits within its word, (word >> (MASK_ELEMENT_BITS · half)) & this, as a GLSL/WGSL unsigned literal. */
export const MASK_ELEMENT_LOW_BITS = `0x${(2 ** MASK_ELEMENT_BITS - 1).toString(16)}u`;

/** One step of the unrolled generator on the state words x0, x1 and the key schedule ks0..ks2. */
export type ThreefryStep =
  /** x0 += x1; x1 = rotl(x1, rotation) ^ x0. */
  | {kind: 'mix', rotation: number}
  /** x0 += ks[word0]; x1 += ks[word1] + injection (the key injection after every fourth round). */
  | {kind: 'inject', word0: number, word1: number, injection: number};

/**
 * The 20 rounds and 5 key injections after the initial one (x = counter + key),
 * unrolled in order: the single description every generated dialect is printed from.
 */
export function threefrySteps(): ThreefryStep[] {
  const steps: ThreefryStep[] = [];
  for (let round = 0; round < THREEFRY_ROUNDS; round++) {
    steps.push({kind: 'mix', rotation: THREEFRY_ROTATIONS[round % THREEFRY_ROTATIONS.length]!});
    if (round % 4 === 3) {
      const injection = (round + 1) / 4;
      steps.push({kind: 'inject', word0: injection % 3, word1: (injection + 1) % 3, injection});
    }
  }
  return steps;
}

/** How one language spells the generator's statements; `W` is the word (lane) type. */
interface Dialect {
  /** A mutable variable of type `type` initialised to `value`. */
  declare(name: string, type: string, value: string): string;
  /** An unsigned 32-bit literal (a word, a shift amount or an injection number) in lane type `type`. */
  literal(value: number, type: string): string;
}

/** An unsigned integer's digits: decimal for small counts (shifts, injections), hexadecimal for words. */
function digits(value: number): string {
  return value < 256 ? String(value) : `0x${(value >>> 0).toString(16)}`;
}

const GLSL: Dialect = {
  declare: (name, type, value) => `${type} ${name} = ${value};`,
  // GLSL ES 3.0 mixes vector and scalar operands, so a scalar literal serves every lane type.
  literal: value => `${digits(value)}u`,
};

const WGSL: Dialect = {
  declare: (name, type, value) => `var ${name} : ${type} = ${value};`,
  // WGSL shifts a vector only by a vector of the same width.
  literal: (value, type) => type === 'u32' ? `${digits(value)}u` : `${type}(${digits(value)}u)`,
};

const CPP: Dialect = {
  declare: (name, type, value) => `${type} ${name} = ${value};`,
  literal: value => `${digits(value)}U`,
};

/**
 * The statements from the key words `k0`, `k1` (scalars) and the counter
 * words `c0`, `c1` (lanes of type `lane`) to the result in `x0`, `x1`.
 */
function body(dialect: Dialect, word: string, lane: string, indent: string): string {
  const lit = (value: number) => dialect.literal(value, lane);
  const lines = [
    dialect.declare('ks0', word, 'k0'),
    dialect.declare('ks1', word, 'k1'),
    dialect.declare('ks2', word, `${dialect.literal(THREEFRY_PARITY, word)} ^ k0 ^ k1`),
    dialect.declare('x0', lane, 'c0 + ks0'),
    dialect.declare('x1', lane, 'c1 + ks1'),
  ];
  for (const step of threefrySteps()) {
    if (step.kind === 'mix') {
      lines.push(`x0 = x0 + x1; x1 = ((x1 << ${lit(step.rotation)}) | (x1 >> ${lit(32 - step.rotation)})) ^ x0;`);
    } else {
      lines.push(`x0 = x0 + ks${step.word0}; x1 = x1 + ks${step.word1} + ${lit(step.injection)};`);
    }
  }
  return lines.map(line => `${indent}${line}`).join('\n');
}

/**
 * GLSL ES 3.0 of `uvec2 tfjsThreefry2x32(uint k0, uint k1, uint c0, uint c1)`:
 * the two output words of block (c0, c1) under key (k0, k1). Needs WebGL 2
 * (GLSL ES 1.0 has no integers).
 */
export function threefryGlsl(): string {
  return `
  uvec2 tfjsThreefry2x32(uint k0, uint k1, uint c0, uint c1) {
${body(GLSL, 'uint', 'uint', '    ')}
    return uvec2(x0, x1);
  }
`;
}

/** The WGSL lane types the generator is emitted for. */
export type WgslWordLanes = 'u32' | 'vec4<u32>';

/**
 * WGSL of `fn <name>(k0 : u32, k1 : u32, c0 : L, c1 : L) -> array<L, 2>`:
 * the two output words of `L`'s lanes of blocks (c0, c1) under key (k0, k1),
 * one block per lane.
 */
export function threefryWgsl(lanes: WgslWordLanes, name = 'tfjsThreefry2x32'): string {
  return `
  fn ${name}(k0 : u32, k1 : u32, c0 : ${lanes}, c1 : ${lanes}) -> array<${lanes}, 2> {
${body(WGSL, 'u32', lanes, '    ')}
    return array<${lanes}, 2>(x0, x1);
  }
`;
}

/** Where the C++ header lives, relative to the repository root. */
export const THREEFRY_CPP_HEADER_PATH = 'kernels/node/native/threefry_generated.h';

/**
 * The C++ header for the native op: `tfjs_selu::Threefry2x32<W>(k0, k1, c0,
 * c1, &w0, &w1)`, templated over the lane type W (uint32_t, or a GCC/Clang
 * vector of uint32_t, whose operators mix with scalars), written by
 * scripts/generate_threefry.ts and committed; also the mask stream's counter
 * word `kMaskStream` and how a block splits into keep decisions
 * (`kMaskElementsPerBlock`, `kMaskElementBits`).
 */
export function threefryCppHeader(): string {
  return `// GENERATED by scripts/generate_threefry.ts (src/codegen/threefry.ts) from src/random/threefry.ts: do not edit.
// Threefry-2x32-20, bit-identical to the JavaScript reference (docs/NUMERICS.md).
#ifndef TFJS_SELU_THREEFRY_GENERATED_H_
#define TFJS_SELU_THREEFRY_GENERATED_H_

#include <cstdint>

namespace tfjs_selu {

// Counter word c1 of the blocks that give mask bits (MASK_STREAM): mask element
// 4j + q takes the q-th 16-bit quarter of block (j, kMaskStream) = (w0, w1), the
// block's 8 bytes as little-endian uint16 (w0 & 0xFFFF, w0 >> 16, w1 & 0xFFFF,
// w1 >> 16), and is kept when those bits are >= the threshold (unsigned).
constexpr uint32_t kMaskStream = ${MASK_STREAM}U;
// Keep decisions per block (MASK_ELEMENTS_PER_BLOCK) and the bits of each (MASK_ELEMENT_BITS).
constexpr int kMaskElementsPerBlock = ${MASK_ELEMENTS_PER_BLOCK};
constexpr int kMaskElementBits = ${MASK_ELEMENT_BITS};

// The two output words of block (c0, c1) under key (k0, k1), one block per lane of W.
template <typename W>
inline void Threefry2x32(uint32_t k0, uint32_t k1, W c0, W c1, W* w0, W* w1) {
${body(CPP, 'uint32_t', 'W', '  ')}
  *w0 = x0;
  *w1 = x1;
}

}  // namespace tfjs_selu

#endif  // TFJS_SELU_THREEFRY_GENERATED_H_
`;
}

/**
 * WebAssembly text (SIMD) of the rounds and key injections on four blocks at
 * once: the state in the v128 locals `$x0`, `$x1` (one block per i32x4 lane,
 * already counter + key), the key schedule splatted in `$ks0`, `$ks1`, `$ks2`.
 * i32x4 addition wraps modulo 2^32 and the shifts are logical, as in the
 * other dialects. One instruction sequence per step, for the caller to indent.
 */
export function threefryWatI32x4(): string[] {
  const get = (name: string) => `(local.get $${name})`;
  return threefrySteps().map(step => {
    if (step.kind === 'mix') {
      const rotated = `(v128.or (i32x4.shl ${get('x1')} (i32.const ${step.rotation})) ` +
          `(i32x4.shr_u ${get('x1')} (i32.const ${32 - step.rotation})))`;
      return `(local.set $x0 (i32x4.add ${get('x0')} ${get('x1')})) (local.set $x1 (v128.xor ${rotated} ${get('x0')}))`;
    }
    const injection = `(v128.const i32x4 ${Array(4).fill(step.injection).join(' ')})`;
    return `(local.set $x0 (i32x4.add ${get('x0')} ${get(`ks${step.word0}`)})) ` +
        `(local.set $x1 (i32x4.add ${get('x1')} (i32x4.add ${get(`ks${step.word1}`)} ${injection})))`;
  });
}

/**
 * WebAssembly text (SIMD) of the keep decisions of the four blocks in `$x0`,
 * `$x1` (after {@link threefryWatI32x4}): the words of blocks 0, 1 and of
 * blocks 2, 3 interleaved, so that their 16-bit lanes are mask elements 0 … 7
 * and 8 … 15 in order (the block's quarters, src/random/threefry.ts), compared
 * unsigned with the i16x8 threshold `$vthreshold` into `$lo` and `$hi` as −1
 * (kept) / 0 lanes. One instruction per line, for the caller to indent.
 */
export function keepDecisionsWatI16x8(): string[] {
  const interleaved = (lanes: string) => `(i8x16.shuffle ${lanes} (local.get $x0) (local.get $x1))`;
  return [
    `(local.set $lo (i16x8.ge_u ${interleaved('0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23')} (local.get $vthreshold)))`,
    `(local.set $hi (i16x8.ge_u ${interleaved('8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31')} (local.get $vthreshold)))`,
  ];
}
