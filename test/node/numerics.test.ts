/**
 * The float32 algorithms of every backend, replayed in JavaScript from the
 * description they are generated from (src/math/expm1.ts): each operation
 * rounded with Math.fround, so the worst errors in docs/NUMERICS.md are
 * computed here, not measured per backend by hand. Where the real code runs
 * in Node (the wasm SIMD module, the native op's C++ header compiled with
 * g++), it must give the emulation's bits exactly; the GPU backends' suites
 * measure their shaders in Chromium. Also: the generated C++ header is
 * current, and the literals printed into generated code round-trip.
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {FLOAT32_MIN_POSITIVE, SELU_ALPHA, SELU_SCALE} from '../../src/constants.js';
import {float32HexLiteral, floatLiteral} from '../../src/codegen/float_literal.js';
import {FLOAT32_ARITHMETIC, compileFloat32Program} from '../../src/codegen/float32_program.js';
import {
  EXPM1_LOWER_CLAMP, EXP_LOWER_CLAMP, FALLBACK_POLYNOMIAL_FLOOR, FLOAT32_EXPM1_SCHEMES, fallbackExpm1Program,
  float32Expm1Program,
} from '../../src/math/expm1.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {SELU_SIMD_WASM} from '../../kernels/wasm/generated/selu_simd_wasm.js';
import {NATIVE_MATH_HEADER, nativeMathHeader} from '../../scripts/generate_native_math.js';
import {FLOAT32_EPS, expectClose, expectEqual, expectTrue} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {float32Ulp, randomNormals} from '../support/reference.js';
import {
  FALLBACK_FORWARD, FALLBACK_GRADIENT, TENSORFLOW_NATIVE_FORWARD, TENSORFLOW_NATIVE_GRADIENT, WASM_SIMD_FORWARD,
  WASM_SIMD_GRADIENT, WEBGL_FORWARD, WEBGL_GRADIENT, WEBGPU_FORWARD, WEBGPU_GRADIENT,
} from '../support/tolerances.js';

const root = join(__dirname, '..', '..');
const SCALE_F32 = Math.fround(SELU_SCALE);
const SCALE_ALPHA_F32 = float32ScaleAlpha({alpha: SELU_ALPHA, scale: SELU_SCALE});
const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;

/**
 * Negative float32 inputs down to `lowest`: every 997th bit pattern (all
 * binades alike, denormals included), the 64 floats around each rounding
 * boundary t = (k + ½)·ln2 (where |r| is largest), and random normals.
 */
function negativeInputs(lowest: number): Float32Array {
  const bits = new Uint32Array(new Float32Array([-lowest]).buffer)[0];
  const values: number[] = [];
  const asFloat = new Float32Array(1);
  const asBits = new Uint32Array(asFloat.buffer);
  for (let b = 1; b <= bits; b += 997) {
    asBits[0] = b;
    values.push(-asFloat[0]);
  }
  for (let k = 0; (k + 0.5) * Math.LN2 < -lowest; ++k) {
    asFloat[0] = (k + 0.5) * Math.LN2;
    const center = asBits[0];
    for (let d = -32; d < 32; ++d) {
      asBits[0] = center + d;
      values.push(-asFloat[0]);
    }
  }
  for (const v of randomNormals(100000, 21, 6)) values.push(-Math.abs(v));
  values.push(-0, lowest);
  return Float32Array.from(values.filter(v => v >= lowest));
}

const INPUTS = negativeInputs(EXPM1_LOWER_CLAMP);

interface Emulated {
  /** expm1 of each clamped input, as the backend computes it. */
  expm1: Float64Array;
  /** selu = float32(λα)·expm1, rounded. */
  forward: Float64Array;
}

/** The backend's forward for x ≤ 0, given its expm1 of the clamped input. */
function emulate(expm1: (t: number) => number): Emulated {
  const e = INPUTS.map(x => expm1(Math.max(Math.min(x, 0), EXPM1_LOWER_CLAMP)));
  return {expm1: Float64Array.from(e), forward: Float64Array.from(e, v => Math.fround(SCALE_ALPHA_F32 * v))};
}

const shaderExpm1 = compileFloat32Program(float32Expm1Program(FLOAT32_EXPM1_SCHEMES.shader), FLOAT32_ARITHMETIC);
const wasmExpm1 = compileFloat32Program(float32Expm1Program(FLOAT32_EXPM1_SCHEMES.wasm), FLOAT32_ARITHMETIC);
const nativeExpm1Clamped = compileFloat32Program(float32Expm1Program(FLOAT32_EXPM1_SCHEMES.native), FLOAT32_ARITHMETIC);
const fallbackPolynomial = compileFloat32Program(fallbackExpm1Program(), FLOAT32_ARITHMETIC);

/** selu_math.h's Expm1NonPositive: the generated expm1, with the sign of t restored (so −0 gives −0). */
function nativeExpm1(t: number): number {
  const e = Math.abs(nativeExpm1Clamped(t));
  return Object.is(t, 0) ? e : -e;
}

/**
 * src/fallback.ts with tfjs-core ops that round each result to float32: the
 * polynomial above FALLBACK_POLYNOMIAL_FLOOR, exp(t) − 1 below, modelling the
 * backend's exp as correctly rounded (the cpu and wasm backends' is, to an ulp).
 */
function fallbackExpm1(t: number): number {
  return t > FALLBACK_POLYNOMIAL_FLOOR ? fallbackPolynomial(t) : Math.fround(Math.fround(Math.exp(t)) - 1);
}

interface Row {
  /** The first cell of the row in docs/NUMERICS.md's table of computed bounds. */
  scheme: string;
  emulated: Emulated;
  forward: Tolerance[];
  gradient: Tolerance[];
}

const ROWS: Row[] = [
  {scheme: 'shader', emulated: emulate(shaderExpm1), forward: [WEBGL_FORWARD, WEBGPU_FORWARD], gradient: [WEBGL_GRADIENT, WEBGPU_GRADIENT]},
  {scheme: 'wasm', emulated: emulate(wasmExpm1), forward: [WASM_SIMD_FORWARD], gradient: [WASM_SIMD_GRADIENT]},
  {scheme: 'native', emulated: emulate(nativeExpm1), forward: [TENSORFLOW_NATIVE_FORWARD], gradient: [TENSORFLOW_NATIVE_GRADIENT]},
  {scheme: 'fallback', emulated: emulate(fallbackExpm1), forward: [FALLBACK_FORWARD], gradient: [FALLBACK_GRADIENT]},
];

/** Worst |actual − expected| in float32 ulps of expected, over non-zero expected values. */
function worstUlps(actual: ArrayLike<number>, expected: (i: number) => number): number {
  let worst = 0;
  for (let i = 0; i < actual.length; ++i) {
    const e = expected(i);
    if (e !== 0) worst = Math.max(worst, Math.abs(actual[i] - e) / float32Ulp(e));
  }
  return worst;
}

/** The output-based gradient with dy = 1: float32(y + float32(λα)); its float64 reference is λα·e^x. */
function gradients(forward: Float64Array): Float64Array {
  return forward.map(y => Math.fround(y + SCALE_ALPHA_F32));
}

/** Worst gradient error in units of 2^-23: relative above 1, absolute below (as docs/NUMERICS.md states it). */
function worstGradientError(dx: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < dx.length; ++i) {
    const reference = SCALE_ALPHA * Math.exp(INPUTS[i]);
    worst = Math.max(worst, Math.abs(dx[i] - reference) / Math.max(1, reference) / FLOAT32_EPS);
  }
  return worst;
}

/** The computed cells of each row: expm1 ulps, forward ulps, gradient in 2^-23. */
function computedCells(row: Row): string[] {
  const expm1Ulps = worstUlps(row.emulated.expm1, i => Math.expm1(INPUTS[i]));
  const forwardUlps = worstUlps(row.emulated.forward, i => SCALE_ALPHA * Math.expm1(INPUTS[i]));
  return [expm1Ulps, forwardUlps, worstGradientError(gradients(row.emulated.forward))].map(v => v.toFixed(2));
}

/** The table of computed bounds in docs/NUMERICS.md: first cell → the computed cells that follow the backends cell. */
function documentedCells(): Map<string, string[]> {
  const text = readFileSync(join(root, 'docs', 'NUMERICS.md'), 'utf8');
  const start = text.indexOf('<!-- computed by test/node/numerics.test.ts -->');
  expectTrue(start >= 0, 'docs/NUMERICS.md has the table of computed bounds');
  const cells = new Map<string, string[]>();
  for (const line of text.slice(start).split('\n').slice(1)) {
    if (!line.startsWith('|')) {
      if (cells.size > 0) break;
      continue;
    }
    const [scheme, , ...rest] = line.split('|').slice(1, -1).map(c => c.trim());
    if (/^`\w+`/.test(scheme)) cells.set(/^`(\w+)`/.exec(scheme)![1], rest);
  }
  return cells;
}

describe('the float32 algorithms, replayed in JavaScript from src/math/expm1.ts', () => {
  it(`covers ${INPUTS.length} float32 inputs in [${EXPM1_LOWER_CLAMP}, 0], all binades, every rounding boundary`, () => {
    expectTrue(INPUTS.length > 1000000, `${INPUTS.length} inputs`);
    expectTrue(INPUTS.some(x => x > -(2 ** -126) && x < 0), 'denormal inputs');
  });

  for (const row of ROWS) {
    it(`'${row.scheme}': the forward and the gradient are within every tolerance stated for its backends`, () => {
      const reference = Float64Array.from(INPUTS, x => SCALE_ALPHA * Math.expm1(x));
      for (const tolerance of row.forward) expectClose(row.emulated.forward, reference, tolerance, INPUTS, `${row.scheme} forward`);
      const gradientReference = Float64Array.from(INPUTS, x => SCALE_ALPHA * Math.exp(x));
      for (const tolerance of row.gradient) {
        expectClose(gradients(row.emulated.forward), gradientReference, tolerance, INPUTS, `${row.scheme} gradient`);
      }
    });
  }

  it('docs/NUMERICS.md states the worst errors computed here', () => {
    const computed = Object.fromEntries(ROWS.map(row => [row.scheme, computedCells(row)]));
    const expOnShaders = negativeInputs(EXP_LOWER_CLAMP);
    const shaderExp = compileFloat32Program(float32Expm1Program(FLOAT32_EXPM1_SCHEMES.shader, 'exp'), FLOAT32_ARITHMETIC);
    computed.shaderExp = [worstUlps(expOnShaders.map(shaderExp), i => Math.exp(expOnShaders[i])).toFixed(2), '', ''];
    console.log(`      computed: ${JSON.stringify(computed)}`);
    const documented = documentedCells();
    for (const [scheme, cells] of Object.entries(computed)) {
      expectEqual(documented.get(scheme)?.slice(0, cells.length), cells, `docs/NUMERICS.md's row \`${scheme}\``);
    }
  });

  it('the wasm SIMD module computes exactly the emulated bits', () => {
    const n = INPUTS.length - INPUTS.length % 4;
    const memory = new WebAssembly.Memory({initial: Math.ceil(8 * n / 65536)});
    const simd = new WebAssembly.Instance(new WebAssembly.Module(SELU_SIMD_WASM), {env: {memory}}).exports as unknown as
        {selu(x: number, y: number, n: number, scale: number, scaleAlpha: number): void};
    new Float32Array(memory.buffer, 0, n).set(INPUTS.subarray(0, n));
    simd.selu(0, 4 * n, n, SCALE_F32, SCALE_ALPHA_F32);
    expectSameBits(new Float32Array(memory.buffer, 4 * n, n), ROWS[1].emulated.forward.subarray(0, n), 'wasm SIMD');
  });

  it("the native op's C++ (compiled with g++ as binding.gyp compiles it) computes exactly the emulated bits", function () {
    this.timeout(120000);
    const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-native-math-'));
    try {
      writeFileSync(join(dir, 'replay.cc'), `#include <cstdio>
#include <vector>
#include "selu_math.h"
int main() {
  std::vector<float> x;
  float v;
  while (std::fread(&v, sizeof v, 1, stdin) == 1) x.push_back(v);
  std::vector<float> y(x.size());
  tfjs_selu::SeluForwardLoop(x.data(), y.data(), static_cast<int64_t>(x.size()),
                             tfjs_selu::SeluParams{${float32HexLiteral(SCALE_F32)}f, ${float32HexLiteral(SCALE_ALPHA_F32)}f,
                                                   ${float32HexLiteral(FLOAT32_MIN_POSITIVE)}f});
  std::fwrite(y.data(), sizeof(float), y.size(), stdout);
}
`);
      // binding.gyp's flags that change results: no fused multiply-add, the same optimisation level.
      const compile = spawnSync('g++', ['-std=c++17', '-O3', '-fno-trapping-math', '-fno-math-errno', '-ffp-contract=off',
        '-I', join(root, 'kernels', 'node', 'native'), '-o', join(dir, 'replay'), join(dir, 'replay.cc')], {encoding: 'utf8'});
      expectEqual(compile.status, 0, `g++ failed: ${compile.error ?? compile.stderr}`);
      const run = spawnSync(join(dir, 'replay'), {input: Buffer.from(INPUTS.buffer, INPUTS.byteOffset, INPUTS.byteLength),
        maxBuffer: 8 * INPUTS.byteLength});
      expectEqual(run.status, 0, `replay failed: ${run.stderr}`);
      const out = run.stdout as Buffer;
      expectSameBits(new Float32Array(out.buffer, out.byteOffset, out.byteLength / 4), ROWS[2].emulated.forward, 'native C++');
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

/** Every element equal as float32 bits (−0 is not +0). */
function expectSameBits(actual: Float32Array, emulated: Float64Array, what: string): void {
  expectEqual(actual.length, emulated.length, `${what}: length`);
  for (let i = 0; i < actual.length; ++i) {
    if (!Object.is(actual[i], Math.fround(emulated[i]))) {
      throw new Error(`${what}: x = ${INPUTS[i]} gives ${actual[i]}, the emulation ${emulated[i]}`);
    }
  }
}

describe('generated code', () => {
  it(`${NATIVE_MATH_HEADER} is what scripts/generate_native_math.ts writes (regenerate with npx tsx)`, () => {
    expectEqual(readFileSync(join(root, NATIVE_MATH_HEADER), 'utf8'), nativeMathHeader(), NATIVE_MATH_HEADER);
  });

  it('float literals denote exactly the float32 they print, for every binade and denormals', () => {
    const values = [...randomNormals(2000, 5, 1e3), 2 ** -149, -1 * 2 ** -140, 2 ** -126, 3.4028234663852886e38, 1, -30, 0.1];
    for (const value of values) {
      const v = Math.fround(value);
      expectEqual(Math.fround(Number(floatLiteral(v))), v, `floatLiteral(${v}) = ${floatLiteral(v)}`);
      const [, sign, lead, fraction, exponent] = /^(-?)0x([01])\.([0-9a-f]{6})p([+-]\d+)$/.exec(float32HexLiteral(v))!;
      const parsed = (sign ? -1 : 1) * (Number(lead) + parseInt(fraction, 16) / 2 ** 24) * 2 ** Number(exponent);
      expectEqual(parsed, v, `float32HexLiteral(${v}) = ${float32HexLiteral(v)}`);
    }
    expectEqual(floatLiteral(-30), '-30.0000000', 'an integral value keeps its point');
  });
});
