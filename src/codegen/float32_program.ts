/**
 * A float32 computation written once, as data: a list of named steps over
 * + − ×, floor and exact powers of two. The shader, WebAssembly and C++
 * emitters print it in their language, and {@link compileFloat32Program}
 * evaluates it with any arithmetic: float32 in JavaScript (the tests replay
 * each backend's algorithm bit for bit) or tfjs-core ops (the fallback).
 * Printing adds nothing: every operation of the text is a node of the tree,
 * in the tree's order, so each language rounds exactly as the tree says.
 */

/** One float32 operation, or a named value, or a float32 constant. */
export type Float32Expr =
  | {op: 'ref', name: string}
  | {op: 'literal', value: number}
  | {op: 'add' | 'sub' | 'mul', a: Float32Expr, b: Float32Expr}
  | {op: 'floor', a: Float32Expr}
  /** 2^k for an integral k in [−126, 127], exact (built from its bits). */
  | {op: 'pow2', k: Float32Expr}
  /** 2^k where `shifted` = k + {@link ROUNDING_SHIFT} exactly: k is read from the low bits of `shifted`. */
  | {op: 'pow2OfShifted', shifted: Float32Expr};

/** A named intermediate value: languages declare it once (a local, a `let`, a `const float`). */
export interface Float32Step {
  name: string;
  value: Float32Expr;
}

/** A function of one float32 `input`: its steps in order, then its result. */
export interface Float32Program {
  input: string;
  steps: Float32Step[];
  result: Float32Expr;
}

/**
 * 1.5·2^23: adding it to a float32 |v| < 2^22 rounds v to an integer (ties to
 * even) held in the sum's low mantissa bits, so k = sum − ROUNDING_SHIFT
 * exactly, and the sum's bits give 2^k without a conversion.
 */
export const ROUNDING_SHIFT = 1.5 * 2 ** 23;

export const ref = (name: string): Float32Expr => ({op: 'ref', name});
export const literal = (value: number): Float32Expr => ({op: 'literal', value});
export const sum = (a: Float32Expr, b: Float32Expr): Float32Expr => ({op: 'add', a, b});
export const difference = (a: Float32Expr, b: Float32Expr): Float32Expr => ({op: 'sub', a, b});
export const product = (a: Float32Expr, b: Float32Expr): Float32Expr => ({op: 'mul', a, b});

/** How an arithmetic evaluates each node (see {@link compileFloat32Program}). */
export interface Float32Arithmetic<T> {
  literal(value: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  floor(a: T): T;
  pow2(k: T): T;
  pow2OfShifted(shifted: T): T;
}

/** `program` as a function over `arithmetic`'s values (closures, built once: fast enough for millions of inputs). */
export function compileFloat32Program<T>(program: Float32Program, arithmetic: Float32Arithmetic<T>): (input: T) => T {
  const slots = new Map<string, number>([[program.input, 0]]);
  const values: T[] = [];
  const compile = (expr: Float32Expr): () => T => {
    switch (expr.op) {
      case 'ref': {
        const slot = slots.get(expr.name);
        if (slot === undefined) throw new Error(`float32 program: '${expr.name}' is used before its step`);
        return () => values[slot];
      }
      case 'literal': {
        // Made at each call: tensors must be made inside the caller's tidy.
        const {value} = expr;
        return () => arithmetic.literal(value);
      }
      case 'floor': {
        const a = compile(expr.a);
        return () => arithmetic.floor(a());
      }
      case 'pow2': {
        const k = compile(expr.k);
        return () => arithmetic.pow2(k());
      }
      case 'pow2OfShifted': {
        const shifted = compile(expr.shifted);
        return () => arithmetic.pow2OfShifted(shifted());
      }
      default: {
        const a = compile(expr.a);
        const b = compile(expr.b);
        const operation = arithmetic[expr.op];
        return () => operation(a(), b());
      }
    }
  };
  const steps = program.steps.map(({name, value}) => {
    const evaluate = compile(value);
    const slot = slots.size;
    slots.set(name, slot);
    return () => {
      values[slot] = evaluate();
    };
  });
  const result = compile(program.result);
  return input => {
    values[0] = input;
    for (const step of steps) step();
    return result();
  };
}

const bitsView = new Uint32Array(1);
const floatView = new Float32Array(bitsView.buffer);

function float32Bits(value: number): number {
  floatView[0] = value;
  return bitsView[0];
}

function float32FromBits(bits: number): number {
  bitsView[0] = bits;
  return floatView[0];
}

/**
 * IEEE float32 in JavaScript: every operation rounded with Math.fround, 2^k
 * from the same bit manipulations the generated code does. What a backend
 * computes, bit for bit, when its language rounds + − × correctly and does
 * not fuse a multiply into an add.
 */
export const FLOAT32_ARITHMETIC: Float32Arithmetic<number> = {
  literal: Math.fround,
  add: (a, b) => Math.fround(a + b),
  sub: (a, b) => Math.fround(a - b),
  mul: (a, b) => Math.fround(a * b),
  floor: Math.floor,
  pow2: k => float32FromBits(((k | 0) + 127) << 23),
  pow2OfShifted: shifted => float32FromBits(((float32Bits(shifted) + 127) << 23) >>> 0),
};
