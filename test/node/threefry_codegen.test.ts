import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {THREEFRY_PARITY, threefry2x32} from '../../src/random/threefry.js';
import {THREEFRY_CPP_HEADER_PATH, threefryCppHeader, threefryGlsl, threefrySteps, threefryWgsl}
  from '../../src/codegen/threefry.js';
import {expectEqual, expectTrue} from '../support/assertions.js';

const root = join(__dirname, '..', '..');

/** The generated step list run in JavaScript: what every dialect prints. */
function runSteps(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (THREEFRY_PARITY ^ k0 ^ k1) >>> 0];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (const step of threefrySteps()) {
    if (step.kind === 'mix') {
      x0 = (x0 + x1) >>> 0;
      x1 = (((x1 << step.rotation) | (x1 >>> (32 - step.rotation))) ^ x0) >>> 0;
    } else {
      x0 = (x0 + ks[step.word0]!) >>> 0;
      x1 = (x1 + ks[step.word1]! + step.injection) >>> 0;
    }
  }
  return [x0, x1];
}

/** Deterministic 32-bit words (a multiplicative hash of the index). */
function word(i: number): number {
  return Math.imul(i + 1, 0x9e3779b9) >>> 0;
}

const CASES: Array<[number, number, number, number]> = [
  [0, 0, 0, 0], [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3],
  ...Array.from({length: 61}, (_, i): [number, number, number, number] => [word(4 * i), word(4 * i + 1), i, word(4 * i + 3) & 1]),
];

describe('threefry code generator (GLSL, WGSL, C++)', () => {
  it('its unrolled steps compute the reference threefry2x32', () => {
    expectEqual(threefrySteps().filter(s => s.kind === 'mix').length, 20, 'rounds');
    expectEqual(threefrySteps().filter(s => s.kind === 'inject').length, 5, 'key injections');
    for (const [k0, k1, c0, c1] of CASES) {
      expectEqual(runSteps(k0, k1, c0, c1), threefry2x32(k0, k1, c0, c1), `block (${c0}, ${c1}) under ${k0}:${k1}`);
    }
  });

  it('prints every step in the shader dialects, rotating by r and 32 − r', () => {
    const glsl = threefryGlsl();
    const wgsl = threefryWgsl('vec4<u32>', 'lanes4');
    expectEqual(glsl.match(/x1 << /g)?.length, 20, 'GLSL rotations');
    expectTrue(glsl.includes('(x1 << 13u) | (x1 >> 19u)') && glsl.includes('0x1bd11bdau'), 'GLSL literals');
    expectTrue(wgsl.includes('fn lanes4(k0 : u32, k1 : u32, c0 : vec4<u32>, c1 : vec4<u32>) -> array<vec4<u32>, 2>'),
        'WGSL signature');
    expectTrue(wgsl.includes('(x1 << vec4<u32>(13u)) | (x1 >> vec4<u32>(19u))'), 'WGSL vector shifts');
    expectTrue(threefryWgsl('u32').includes('(x1 << 24u) | (x1 >> 8u)'), 'WGSL scalar shifts');
  });

  it('the committed C++ header is what the generator writes (npx tsx scripts/generate_threefry.ts)', () => {
    const committed = readFileSync(join(root, THREEFRY_CPP_HEADER_PATH), 'utf8');
    expectTrue(committed === threefryCppHeader(), `${THREEFRY_CPP_HEADER_PATH} is stale: regenerate it`);
  });

  it('the C++ header, compiled, gives the reference bits for scalar and vector lanes', function () {
    this.timeout(120000);
    const dir = mkdtempSync(join(tmpdir(), 'threefry-'));
    try {
      const rows = CASES.map(c => `{${c.map(v => `${v}u`).join(', ')}}`).join(',\n');
      writeFileSync(join(dir, 'main.cc'), `
#include <cstdio>
#include "${join(root, THREEFRY_CPP_HEADER_PATH)}"
typedef uint32_t u32x4 __attribute__((vector_size(16)));
static const uint32_t kCases[][4] = {${rows}};
int main() {
  for (const auto& c : kCases) {
    uint32_t w0, w1;
    tfjs_selu::Threefry2x32<uint32_t>(c[0], c[1], c[2], c[3], &w0, &w1);
    u32x4 v0, v1;
    tfjs_selu::Threefry2x32<u32x4>(c[0], c[1], u32x4{c[2], c[2] + 1, c[2], c[2]}, u32x4{c[3], c[3], c[3], c[3]}, &v0, &v1);
    std::printf("%u %u %u %u %u %u\\n", w0, w1, v0[0], v1[0], v0[1], v1[1]);
  }
}
`);
      execFileSync('g++', ['-std=c++17', '-O2', '-Wall', '-Werror', '-o', join(dir, 'main'), join(dir, 'main.cc')]);
      const lines = execFileSync(join(dir, 'main'), {encoding: 'utf8'}).trim().split('\n');
      expectEqual(lines.length, CASES.length, 'output rows');
      CASES.forEach(([k0, k1, c0, c1], i) => {
        const expected = [...threefry2x32(k0, k1, c0, c1), ...threefry2x32(k0, k1, c0, c1), ...threefry2x32(k0, k1, c0 + 1, c1)];
        expectEqual(lines[i]!.split(' ').map(Number), expected, `C++ block (${c0}, ${c1}) under ${k0}:${k1}`);
      });
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
