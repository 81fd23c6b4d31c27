/**
 * What only the native op pair (kernels/node/native) has, on real TensorFlow:
 * proof that it runs (not the composition), its direct-call errors, empty,
 * 0-d and 1e8-element tensors, bit-identical results across threads and
 * instruction sets, loading twice and from two copies, the environment flag,
 * and the package's install step without a compiler. Both paths' conformance
 * suites are in tensorflow.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import {spawnSync} from 'node:child_process';
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import '../../kernels/node/index.js';
import {NATIVE_ADDON_ENV, NODE_KERNELS_ENV, nodeKernelStatus} from '../../kernels/node/index.js';
import {nativeOpsForKernel, redecideNodeKernelPathForTesting} from '../../kernels/node/native_addon.js';
import type {NativeOps} from '../../kernels/node/native_addon.js';
import {SELU_ALPHA, SELU_SCALE, SeluGradKernel, SeluKernel, selu, seluGrad} from '../../src/index.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {expectClose, expectEqual, expectThrows, expectTrue, take} from '../support/assertions.js';
import {DEFAULT_ATTRS, randomNormals, seluPrimeRef, seluRef} from '../support/reference.js';
import {TENSORFLOW_NATIVE_FORWARD, TENSORFLOW_NATIVE_GRADIENT} from '../support/tolerances.js';
import {nativeBackend, useNodeKernelPath} from '../support/tensorflow_paths.js';

const root = join(__dirname, '..', '..');
const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string}).version;
const forward = TENSORFLOW_NATIVE_FORWARD;
const gradient = TENSORFLOW_NATIVE_GRADIENT;

function ops(): NativeOps {
  const found = nativeOpsForKernel();
  if (found === undefined) throw new Error('the native op is not loaded');
  return found;
}

/** Runs the native op directly through tfjs-node's op API. */
function runOp(name: string, inputs: tf.Tensor[], attrs = DEFAULT_ATTRS): tf.Tensor {
  const backend = nativeBackend();
  const {binding} = backend;
  return backend.executeSingleOutput(name, [
    {name: 'scale', type: binding.TF_ATTR_FLOAT, value: attrs.scale},
    {name: 'scale_alpha', type: binding.TF_ATTR_FLOAT, value: float32ScaleAlpha(attrs)},
  ], inputs);
}

/** Inputs that touch every region: specials, ±0, denormals, near 0, both sides, saturation. */
function awkwardInputs(size: number): Float32Array {
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 2 ** -126, -(2 ** -126), 1e-30, -1e-8, -17, -88, 3e38];
  const random = randomNormals(size, 77, 6);
  return Float32Array.from({length: size}, (_, i) => i % 97 < specials.length ? specials[i % 97] : random[i]);
}

function bitsOf(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

function expectSameBits(actual: Float32Array, expected: Float32Array, what: string): void {
  const a = bitsOf(actual);
  const b = bitsOf(expected);
  expectEqual(a.length, b.length, `${what}: length`);
  for (let i = 0; i < a.length; ++i) {
    if (a[i] !== b[i]) throw new Error(`${what}: element ${i} differs: ${actual[i]} vs ${expected[i]}`);
  }
}

/** Runs a CommonJS snippet in a fresh Node process from the repository root. */
function runNode(code: string, env: Record<string, string | undefined> = {}): {status: number | null, stdout: string, stderr: string} {
  const merged: Record<string, string> = {};
  for (const [key, value] of Object.entries({...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...env})) {
    if (value !== undefined) merged[key] = value;
  }
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', code], {cwd: root, encoding: 'utf8', env: merged, timeout: 120000});
  return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

function lastJson<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

describe("the native SELU op on the 'tensorflow' backend", () => {
  useNodeKernelPath('native');
  before(async () => {
    expectTrue(await tf.setBackend('tensorflow'), "backend 'tensorflow'");
  });
  afterEach(() => {
    ops().addon.configure({maxThreads: ops().info.cores, parallelThreshold: defaults.parallelThreshold, isa: defaults.isa});
  });
  const defaults = {parallelThreshold: 0, isa: ''};
  before(() => {
    defaults.parallelThreshold = ops().info.parallelThreshold;
    defaults.isa = ops().info.isa;
  });

  it('reports itself: versioned op names, the TensorFlow it registered with, ISA and threads', () => {
    const status = nodeKernelStatus();
    expectEqual(status.path, 'native', 'path');
    expectEqual(status.reason, undefined, 'reason');
    const info = status.native!;
    const tag = `V${packageVersion.replace(/[^A-Za-z0-9]/g, 'x')}`;
    expectEqual(info.forwardOp, `TfjsSelu${tag}`, 'forward op name');
    expectEqual(info.gradientOp, `TfjsSeluGrad${tag}`, 'gradient op name');
    expectEqual(info.tensorflowVersion, nativeBackend().binding.TF_Version, 'TensorFlow version');
    expectTrue(['avx512', 'avx2', 'baseline'].includes(info.isa), `isa ${info.isa}`);
    expectTrue(info.maxThreads >= 1 && info.maxThreads <= info.cores, `threads ${info.maxThreads} of ${info.cores} cores`);
  });

  it('is what runs: its call counters move, one call per kernel, and the composition leaves them still', async () => {
    const x = tf.tensor1d(randomNormals(1000, 1, 2));
    const {addon} = ops();
    const before = addon.counters();
    const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => selu(t))(x).dispose());
    const after = addon.counters();
    expectEqual(after.forward - before.forward, 1, 'native forward calls');
    expectEqual(after.gradient - before.gradient, 1, 'native gradient calls');
    // The composition's ops (Softsign, Tanh, LeakyRelu, SeluGrad, …) never ran: tfjs-node's
    // profile lists the tfjs kernels, and each ran once.
    expectEqual(profile.kernels.map(k => k.name).filter(n => n === SeluKernel || n === SeluGradKernel).length, 2, 'kernels');
    process.env[NODE_KERNELS_ENV] = 'composition';
    try {
      expectEqual(redecideNodeKernelPathForTesting().path, 'composition', 'switched path');
      const still = addon.counters();
      tf.grad((t: tf.Tensor) => selu(t))(x).dispose();
      expectEqual(addon.counters(), still, 'native calls on the composition path');
    } finally {
      process.env[NODE_KERNELS_ENV] = 'native';
      redecideNodeKernelPathForTesting();
    }
    x.dispose();
  });

  describe('called directly', () => {
    it('rejects wrong dtypes, mismatched shapes and missing attributes with catchable errors, leaking nothing', () => {
      const backend = nativeBackend();
      const xi = tf.tensor1d([1, -1], 'int32');
      const xb = tf.tensor1d([true], 'bool');
      const a = tf.ones([3]);
      const b = tf.ones([2]);
      const misuse = () => {
        expectThrows(() => runOp(ops().info.forwardOp, [xi]), ops().info.forwardOp, 'float', 'int32');
        expectThrows(() => runOp(ops().info.forwardOp, [xb]), ops().info.forwardOp, 'float', 'bool');
        expectThrows(() => runOp(ops().info.gradientOp, [xi, a]), ops().info.gradientOp, 'float', 'int32');
        expectThrows(() => runOp(ops().info.gradientOp, [a, b]), ops().info.gradientOp, 'same shape', '[3]', '[2]');
        expectThrows(() => backend.executeSingleOutput(ops().info.forwardOp, [], [a]), 'scale');
      };
      misuse();  // the inputs become native tensors on first use
      const before = backend.getNumOfTFTensors();
      misuse();
      expectEqual(backend.getNumOfTFTensors(), before, 'native tensors after the errors');
      tf.dispose([xi, xb, a, b]);
    });

    it('handles empty and 0-d tensors, forward and gradient', async () => {
      for (const shape of [[0], [3, 0, 2], [], [1]]) {
        const size = shape.reduce((p, q) => p * q, 1);
        const xs = Float32Array.from({length: size}, () => -0.75);
        const x = tf.tensor(xs, shape);
        const y = runOp(ops().info.forwardOp, [x]);
        const dx = runOp(ops().info.gradientOp, [tf.onesLike(x), y]);
        expectEqual(y.shape, shape, `forward shape ${JSON.stringify(shape)}`);
        expectEqual(dx.shape, shape, `gradient shape ${JSON.stringify(shape)}`);
        expectClose(await take(y), Array.from(xs, v => seluRef(v)), forward);
        expectClose(await take(dx), Array.from(xs, v => seluPrimeRef(v)), gradient);
        x.dispose();
      }
    });

    it('keeps −0 and NaN, and saturates at exactly float32(−λα)', async () => {
      const y = await take(runOp(ops().info.forwardOp, [tf.tensor1d([-0, NaN, -Infinity, -1000])]));
      expectTrue(Object.is(y[0], -0), `selu(−0) = ${y[0]}`);
      expectTrue(Number.isNaN(y[1]), `selu(NaN) = ${y[1]}`);
      const floor = -Math.fround(SELU_SCALE * SELU_ALPHA);
      expectEqual([y[2], y[3]], [floor, floor], 'saturation');
    });
  });

  it('computes a 1e8-element tensor, forward and gradient, spot-checked against float64', async function () {
    this.timeout(300000);
    const size = 1e8;
    // Made and probed natively: only the probes travel to JavaScript.
    const x = tf.linspace(-20, 20, size);
    const y = selu(x);
    const dy = tf.fill([size], 0.5);
    const dx = seluGrad(dy, y);
    const probes = Array.from({length: 4001}, (_, k) => Math.round((size - 1) * k / 4000));
    const indices = tf.tensor1d(probes, 'int32');
    const [xs, ys, dxs] = await Promise.all([x, y, dx].map(t => take(tf.gather(t, indices))));
    tf.dispose([x, y, dy, dx, indices]);
    expectClose(ys, Array.from(xs, v => seluRef(v)), forward, xs, 'y at 1e8');
    expectClose(dxs, Array.from(xs, v => 0.5 * seluPrimeRef(v)), gradient, xs, 'dx at 1e8');
  });

  describe('threads and instruction sets', () => {
    const size = 5e5 + 13;  // several chunks and a ragged end
    const xs = awkwardInputs(size);
    const dys = Float32Array.from(randomNormals(size, 5, 3));

    async function run(): Promise<{y: Float32Array, dx: Float32Array}> {
      const x = tf.tensor1d(xs);
      const dy = tf.tensor1d(dys);
      const yT = runOp(ops().info.forwardOp, [x]);
      const dxT = runOp(ops().info.gradientOp, [dy, yT]);
      const y = await take(yT);
      const dx = await take(dxT);
      tf.dispose([x, dy]);
      return {y, dx};
    }

    it('give bit-identical results on one thread and on all of them (denormals, NaN, ±0 included)', async function () {
      const {cores} = ops().info;
      if (cores < 2) this.skip();  // nothing to compare on one core
      ops().addon.configure({maxThreads: 1});
      const single = await run();
      const parallelBefore = ops().addon.counters().parallel;
      ops().addon.configure({maxThreads: cores, parallelThreshold: 1});
      const multi = await run();
      expectEqual(ops().addon.counters().parallel - parallelBefore, 2, 'calls that used the pool');
      expectSameBits(multi.y, single.y, 'forward');
      expectSameBits(multi.dx, single.dx, 'gradient');
      expectClose(single.y.filter((_, i) => Number.isFinite(xs[i])), Array.from(xs.filter(Number.isFinite), v => seluRef(v)),
          forward, undefined, 'values');
    });

    it('give bit-identical results with every instruction set the CPU has (AVX-512, AVX2, baseline)', async function () {
      const isas = ['baseline', 'avx2', 'avx512'].slice(0, ['baseline', 'avx2', 'avx512'].indexOf(defaults.isa) + 1);
      if (isas.length < 2) this.skip();  // the CPU has only the baseline
      ops().addon.configure({isa: 'baseline'});
      expectEqual(ops().addon.configure({}).isa, 'baseline', 'forced isa');
      const baseline = await run();
      for (const isa of isas.slice(1)) {
        expectEqual(ops().addon.configure({isa}).isa, isa, 'forced isa');
        const other = await run();
        expectSameBits(other.y, baseline.y, `forward, ${isa} vs baseline`);
        expectSameBits(other.dx, baseline.dx, `gradient, ${isa} vs baseline`);
      }
    });

    it('never use more threads than cores, and refuse an unknown ISA', () => {
      const {cores} = ops().info;
      expectEqual(ops().addon.configure({maxThreads: cores + 7}).maxThreads, cores, 'threads clamped to cores');
      expectThrows(() => ops().addon.configure({isa: 'sse9'}), "isa 'sse9'");
    });
  });

  describe('in other processes', () => {
    const addonPath = join(root, 'kernels', 'node', 'native', 'build', 'Release', 'tfjs_selu_native.node');

    it('loads twice, and from two copies of the addon, without a crash; the second copy reuses the ops', () => {
      const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-copy-'));
      try {
        const copy = join(dir, 'tfjs_selu_native.node');
        copyFileSync(addonPath, copy);
        const out = runNode(`
          const tf = require('@tensorflow/tfjs-node');
          const first = require(${JSON.stringify(addonPath)});
          const a = first.load(), again = first.load();
          const second = require(${JSON.stringify(copy)});
          if (second === first) throw new Error('the copy is the same module');
          const b = second.load();
          const {selu} = require('./src/index.ts');
          require('./kernels/node/index.ts');
          const y = Array.from(selu(tf.tensor1d([-1, 2])).dataSync());
          console.log(JSON.stringify({a: a.registeredHere, again: again.registeredHere, b: b.registeredHere,
            same: a.forwardOp === b.forwardOp, y}));
        `);
        expectEqual(out.status, 0, `child exit status; stderr: ${out.stderr}`);
        const result = lastJson<{a: boolean, again: boolean, b: boolean, same: boolean, y: number[]}>(out.stdout);
        expectEqual([result.a, result.again, result.b, result.same], [true, true, false, true], 'registrations');
        expectClose(result.y, [seluRef(-1), seluRef(2)], forward);
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    });

    it('fails cleanly when loaded before TensorFlow, and works once tfjs-node is loaded', () => {
      const out = runNode(`
        const addon = require(${JSON.stringify(addonPath)});
        let early = '';
        try { addon.load(); } catch (e) { early = e.message; }
        const {nodeKernelStatus} = require('./kernels/node/index.ts');
        const before = nodeKernelStatus();
        const tf = require('@tensorflow/tfjs-node');
        const after = nodeKernelStatus();
        const {selu} = require('./src/index.ts');
        const y = Array.from(selu(tf.tensor1d([-1])).dataSync());
        console.log(JSON.stringify({early, before: before.path, reason: before.reason, after: after.path, y}));
      `);
      expectEqual(out.status, 0, `child exit status; stderr: ${out.stderr}`);
      const result = lastJson<{early: string, before: string, reason: string, after: string, y: number[]}>(out.stdout);
      expectTrue(result.early.includes('no TensorFlow library'), `error before TensorFlow: ${result.early}`);
      expectEqual([result.before, result.after], ['composition', 'native'], 'status before and after tfjs-node');
      expectTrue(result.reason.includes('tfjs-node'), result.reason);
      expectClose(result.y, [seluRef(-1)], forward);
    });

    const probe = `
      const tf = require('@tensorflow/tfjs-node');
      const {selu} = require('./src/index.ts');
      const {nodeKernelStatus} = require('./kernels/node/index.ts');
      let y = null, error = '';
      try { y = Array.from(selu(tf.tensor1d([-1, 2])).dataSync()); } catch (e) { error = e.message; }
      let status = null;
      try { status = nodeKernelStatus(); } catch (e) { status = {error: e.message}; }
      console.log(JSON.stringify({y, error, status}));
    `;
    type Probe = {y: number[] | null, error: string, status: {path?: string, reason?: string, error?: string}};

    it(`${NODE_KERNELS_ENV} chooses the path: composition, native, or auto with one warning naming why`, () => {
      const missing = join(tmpdir(), 'no-such-dir', 'tfjs_selu_native.node');
      const cases: Array<[Record<string, string>, (r: Probe, stderr: string) => void]> = [
        [{[NODE_KERNELS_ENV]: 'composition'}, (r, stderr) => {
          expectEqual(r.status.path, 'composition', 'path');
          expectTrue(!stderr.includes('tfjs-selu'), `no warning expected: ${stderr}`);
        }],
        [{[NODE_KERNELS_ENV]: 'native'}, r => expectEqual(r.status.path, 'native', 'path')],
        [{}, r => expectEqual(r.status.path, 'native', 'path (auto, addon built)')],
        [{[NODE_KERNELS_ENV]: 'auto', [NATIVE_ADDON_ENV]: missing}, (r, stderr) => {
          expectEqual(r.status.path, 'composition', 'path (auto, addon missing)');
          expectTrue(r.status.reason!.includes(missing), `reason names the file: ${r.status.reason}`);
          const warnings = stderr.split('\n').filter(l => l.includes('tfjs-selu: the native SELU op is not available'));
          expectEqual(warnings.length, 1, `one warning: ${stderr}`);
          expectTrue(warnings[0].includes(missing), warnings[0]);
        }],
        [{[NODE_KERNELS_ENV]: 'native', [NATIVE_ADDON_ENV]: missing}, r => {
          expectEqual(r.y, null, 'no result');
          expectTrue(r.error.includes(`${NODE_KERNELS_ENV}=native`) && r.error.includes(missing), r.error);
          expectTrue(r.status.error!.includes(missing), `status: ${JSON.stringify(r.status)}`);
        }],
        [{[NODE_KERNELS_ENV]: 'fast'}, r => expectTrue(r.error.includes(NODE_KERNELS_ENV) && r.error.includes("'fast'"), r.error)],
      ];
      for (const [env, check] of cases) {
        const out = runNode(probe, {[NODE_KERNELS_ENV]: undefined, [NATIVE_ADDON_ENV]: undefined, ...env});
        expectEqual(out.status, 0, `child exit status with ${JSON.stringify(env)}; stderr: ${out.stderr}`);
        const result = lastJson<Probe>(out.stdout);
        if (result.y !== null) expectClose(result.y, [seluRef(-1), seluRef(2)], forward);
        check(result, out.stderr);
      }
    });

    it("the package's install step never fails: without a compiler it prints one line saying why", () => {
      const result = spawnSync(process.execPath, [join(root, 'scripts', 'build-native.cjs'), '--install'], {
        cwd: root, encoding: 'utf8', env: {PATH: join(tmpdir(), 'no-such-dir'), HOME: tmpdir()},
      });
      expectEqual(result.status, 0, `exit status; stderr: ${result.stderr}`);
      const lines = `${result.stdout}${result.stderr}`.trim().split('\n');
      expectEqual(lines.length, 1, `one line: ${JSON.stringify(lines)}`);
      expectTrue(/native SELU op skipped \(no C\+\+ compiler found/.test(lines[0]) && lines[0].includes('composition'), lines[0]);
    });
  });
});
