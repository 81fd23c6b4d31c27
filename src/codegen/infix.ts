/**
 * Prints a {@link Float32Program} in a C-like language (GLSL, WGSL, C++):
 * infix + − ×, parenthesised exactly where the tree needs it (float
 * arithmetic does not reassociate, so neither may the text).
 */
import type {Float32Expr, Float32Program} from './float32_program.js';

/** The spellings that differ between C-like languages. */
interface InfixDialect {
  literal(value: number): string;
  floor(a: string): string;
  pow2(k: string): string;
  pow2OfShifted(shifted: string): string;
  /** One statement declaring the constant local `name`. */
  declare(name: string, value: string): string;
}

const PRECEDENCE = {add: 1, sub: 1, mul: 2} as const;
const SYMBOL = {add: '+', sub: '-', mul: '*'} as const;
const ATOM = 3;

function precedence(expr: Float32Expr): number {
  return expr.op === 'add' || expr.op === 'sub' || expr.op === 'mul' ? PRECEDENCE[expr.op] : ATOM;
}

function print(expr: Float32Expr, dialect: InfixDialect): string {
  switch (expr.op) {
    case 'ref': return expr.name;
    case 'literal': return dialect.literal(expr.value);
    case 'floor': return dialect.floor(print(expr.a, dialect));
    case 'pow2': return dialect.pow2(print(expr.k, dialect));
    case 'pow2OfShifted': return dialect.pow2OfShifted(print(expr.shifted, dialect));
    default: {
      const own = PRECEDENCE[expr.op];
      // Left operands of equal precedence read left to right as the tree does; right ones need parentheses.
      const left = print(expr.a, dialect);
      const right = print(expr.b, dialect);
      return `${precedence(expr.a) < own ? `(${left})` : left} ${SYMBOL[expr.op]} ` +
          `${precedence(expr.b) <= own ? `(${right})` : right}`;
    }
  }
}

/** The program's statements (one per step) and its result expression. */
function printInfix(program: Float32Program, dialect: InfixDialect): {statements: string[], result: string} {
  return {
    statements: program.steps.map(({name, value}) => dialect.declare(name, print(value, dialect))),
    result: print(program.result, dialect),
  };
}

/** `signature { statements… return result; }`, for languages whose functions look so (GLSL, WGSL, C++). */
export function infixFunction(signature: string, program: Float32Program, dialect: InfixDialect): string {
  const {statements, result} = printInfix(program, dialect);
  return `${signature} {\n${statements.map(s => `  ${s}\n`).join('')}  return ${result};\n}\n`;
}
