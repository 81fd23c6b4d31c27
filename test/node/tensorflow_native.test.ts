/**
 * What only the native op pair (kernels/node/native) has, on real TensorFlow,
 * through the addon's testing build (threads, ISA and call counters): proof
 * that it runs (not the composition), its direct-call errors, empty, 0-d and
 * 1e8-element tensors, bit-identical results across threads and instruction
 * sets; then, in child processes, the shipped prebuild (glibc symbol versions,
 * hidden libc++, bit-identical to the local build), the loader's fall-back
 * chain, loading twice and from two copies, the environment flag, and the
 * package's install step. Both paths' conformance suites (on the prebuild) are
 * in tensorflow.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import {spawnSync} from 'node:child_process';
import {copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync,
  writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import '../../kernels/node/index.js';
import {NATIVE_ADDON_ENV, NODE_KERNELS_ENV, nodeKernelStatus} from '../../kernels/node/index.js';
import {redecideNodeKernelPathForTesting} from '../../kernels/node/native_addon.js';
import {AlphaDropoutGradKernel, AlphaDropoutKernel, SELU_ALPHA, SELU_SCALE, SeluGradKernel, SeluKernel, selu, seluGrad}
  from '../../src/index.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {PREBUILD_GLIBC, localBuild, prebuild, sourceDir, testingBuild} from '../../scripts/build-native.cjs';
import {expectClose, expectEqual, expectThrows, expectTrue, take} from '../support/assertions.js';
import {referenceAttrs} from '../support/alpha_dropout_reference.js';
import {DEFAULT_ATTRS, randomNormals, seluPrimeRef, seluRef} from '../support/reference.js';
import {TENSORFLOW_NATIVE_FORWARD, TENSORFLOW_NATIVE_GRADIENT} from '../support/tolerances.js';
import {nativeBackend, testingOps, useNodeKernelPath} from '../support/tensorflow_paths.js';

const root = join(__dirname, '..', '..');
const packageVersion = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string}).version;
const forward = TENSORFLOW_NATIVE_FORWARD;
const gradient = TENSORFLOW_NATIVE_GRADIENT;

const ops = testingOps;
const forwardOp = () => ops().info.ops[SeluKernel];
const gradientOp = () => ops().info.ops[SeluGradKernel];

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

/** Compares dotted version numbers: negative, 0 or positive. */
function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(pa.length, pb.length); ++i) {
    if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  }
  return 0;
}

function lastJson<T>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

describe("the native SELU op on the 'tensorflow' backend", () => {
  useNodeKernelPath('native', testingBuild);
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
    const tag = `V${packageVersion.replace(/[^A-Za-z0-9]/g, 'x')}Testing`;
    expectEqual(info.ops, {[SeluKernel]: `TfjsSelu${tag}`, [SeluGradKernel]: `TfjsSeluGrad${tag}`,
      [AlphaDropoutKernel]: `TfjsAlphaDropout${tag}`, [AlphaDropoutGradKernel]: `TfjsAlphaDropoutGrad${tag}`}, 'op names');
    expectEqual(status.kernels, {[SeluKernel]: 'native', [SeluGradKernel]: 'native', [AlphaDropoutKernel]: 'native',
      [AlphaDropoutGradKernel]: 'native'}, 'the path of each kernel');
    expectEqual([info.addonFile, info.prebuilt], [testingBuild, false], 'the addon file');
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
    expectEqual(after[forwardOp()].calls - before[forwardOp()].calls, 1, 'native forward calls');
    expectEqual(after[gradientOp()].calls - before[gradientOp()].calls, 1, 'native gradient calls');
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
      expectEqual(redecideNodeKernelPathForTesting().native?.addonFile, testingBuild, 'back on the testing build');
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
        expectThrows(() => runOp(forwardOp(), [xi]), forwardOp(), 'float', 'int32');
        expectThrows(() => runOp(forwardOp(), [xb]), forwardOp(), 'float', 'bool');
        expectThrows(() => runOp(gradientOp(), [xi, a]), gradientOp(), 'float', 'int32');
        expectThrows(() => runOp(gradientOp(), [a, b]), gradientOp(), 'same shape', '[3]', '[2]');
        expectThrows(() => backend.executeSingleOutput(forwardOp(), [], [a]), 'scale');
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
        const y = runOp(forwardOp(), [x]);
        const dx = runOp(gradientOp(), [tf.onesLike(x), y]);
        expectEqual(y.shape, shape, `forward shape ${JSON.stringify(shape)}`);
        expectEqual(dx.shape, shape, `gradient shape ${JSON.stringify(shape)}`);
        expectClose(await take(y), Array.from(xs, v => seluRef(v)), forward);
        expectClose(await take(dx), Array.from(xs, v => seluPrimeRef(v)), gradient);
        x.dispose();
      }
    });

    it('keeps −0 and NaN, and saturates at exactly float32(−λα)', async () => {
      const y = await take(runOp(forwardOp(), [tf.tensor1d([-0, NaN, -Infinity, -1000])]));
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
      const yT = runOp(forwardOp(), [x]);
      const dxT = runOp(gradientOp(), [dy, yT]);
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
      const parallelCalls = () => Object.values(ops().addon.counters()).reduce((sum, c) => sum + c.parallel, 0);
      const parallelBefore = parallelCalls();
      ops().addon.configure({maxThreads: cores, parallelThreshold: 1});
      const multi = await run();
      expectEqual(parallelCalls() - parallelBefore, 2, 'calls that used the pool');
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
    const addonPath = localBuild;

    it('loads twice, and from two copies of the addon, without a crash; the second copy reuses the ops, another build registers its own', () => {
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
          const other = require(${JSON.stringify(prebuild)}).load();
          const {selu} = require('./src/index.ts');
          require('./kernels/node/index.ts');
          const y = Array.from(selu(tf.tensor1d([-1, 2])).dataSync());
          console.log(JSON.stringify({a: a.registeredHere, again: again.registeredHere, b: b.registeredHere,
            other: other.registeredHere, ops: [a.ops.TfjsSelu, b.ops.TfjsSelu, other.ops.TfjsSelu], y}));
        `);
        expectEqual(out.status, 0, `child exit status; stderr: ${out.stderr}`);
        const result = lastJson<{a: boolean, again: boolean, b: boolean, other: boolean, ops: string[], y: number[]}>(out.stdout);
        expectEqual([result.a, result.again, result.b, result.other], [true, true, false, true], 'registrations');
        const tag = `V${packageVersion.replace(/[^A-Za-z0-9]/g, 'x')}`;
        expectEqual(result.ops, [`TfjsSelu${tag}Local`, `TfjsSelu${tag}Local`, `TfjsSelu${tag}`], 'op names: local build, its copy, prebuild');
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

    /** A copy of what the install step needs (package.json, the build script, the sources, node_modules linked). */
    function packageCopy(withPrebuild: boolean): string {
      const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-install-'));
      copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
      mkdirSync(join(dir, 'scripts'));
      copyFileSync(join(root, 'scripts', 'build-native.cjs'), join(dir, 'scripts', 'build-native.cjs'));
      const native = join(dir, 'kernels', 'node', 'native');
      mkdirSync(native, {recursive: true});
      for (const name of readdirSync(sourceDir).filter(n => /\.(cc|h|gyp)$/.test(n))) copyFileSync(join(sourceDir, name), join(native, name));
      if (withPrebuild) cpSync(join(sourceDir, 'prebuilds'), join(native, 'prebuilds'), {recursive: true});
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
      return dir;
    }

    function install(dir: string, env: Record<string, string>): string[] {
      const result = spawnSync(process.execPath, ['scripts/build-native.cjs', '--install'], {cwd: dir, encoding: 'utf8', env});
      expectEqual(result.status, 0, `exit status; stderr: ${result.stderr}`);
      return `${result.stdout}${result.stderr}`.trim().split('\n');
    }

    it("the package's install step compiles nothing when the prebuild loads, and never fails: without one or a compiler it prints one line saying why", () => {
      const noCompiler = {PATH: join(tmpdir(), 'no-such-dir'), HOME: tmpdir()};
      const withPrebuild = packageCopy(true);
      const without = packageCopy(false);
      try {
        const used = install(withPrebuild, noCompiler);
        expectEqual(used.length, 1, `one line: ${JSON.stringify(used)}`);
        expectTrue(used[0].includes('using the prebuilt native SELU op (kernels/node/native/prebuilds/linux-x64/'), used[0]);
        expectTrue(!existsSync(join(withPrebuild, 'kernels', 'node', 'native', 'build')), 'nothing compiled');
        const skipped = install(without, noCompiler);
        expectEqual(skipped.length, 1, `one line: ${JSON.stringify(skipped)}`);
        expectTrue(/native SELU op skipped \(no C\+\+ compiler found/.test(skipped[0]) && skipped[0].includes('composition'), skipped[0]);
      } finally {
        for (const dir of [withPrebuild, without]) rmSync(dir, {recursive: true, force: true});
      }
    });

    it(`the prebuild needs at most GLIBC_${PREBUILD_GLIBC}, no libstdc++ (GLIBCXX), and exports only Node-API's entry points`, () => {
      const dynamic = spawnSync('objdump', ['-T', prebuild], {encoding: 'utf8'});
      expectEqual(dynamic.status, 0, `objdump -T: ${dynamic.stderr}`);
      const versions = [...new Set(dynamic.stdout.match(/GLIBC_[0-9.]+/g) ?? [])];
      const newer = versions.filter(v => compareVersions(v.slice('GLIBC_'.length), PREBUILD_GLIBC) > 0);
      expectTrue(versions.length > 0, `objdump -T lists glibc symbols: ${dynamic.stdout.slice(0, 300)}`);
      expectEqual(newer, [], `symbol versions newer than GLIBC_${PREBUILD_GLIBC} (of ${versions.join(', ')})`);
      expectEqual(dynamic.stdout.match(/GLIBCXX_[0-9.]+|CXXABI_[0-9.]+/g), null, 'libstdc++ symbol versions');
      const defined = spawnSync('nm', ['-D', '--defined-only', prebuild], {encoding: 'utf8'});
      expectEqual(defined.status, 0, `nm -D: ${defined.stderr}`);
      const exported = defined.stdout.trim().split('\n').map(l => l.split(' ').pop()).sort();
      expectEqual(exported, ['napi_register_module_v1', 'node_api_module_get_api_version_v1'], 'exported symbols');
    });

    it('the prebuild (clang, glibc 2.17) and the local build (g++) compute the same bits as the testing build', async () => {
      const size = 2e5 + 13;
      const xs = awkwardInputs(size);
      const dys = Float32Array.from(randomNormals(size, 5, 3));
      // AlphaDropout's forward too: its mask loop reads the generator's words as uint16 (alpha_dropout_math.h).
      const dropout = referenceAttrs(0.3, 99, [size]);
      const dropoutAttrs = {threshold: dropout.threshold, a: dropout.a, b: dropout.b, drop_value: dropout.dropValue, noise_shape: []};
      const dropoutKey = [dropout.keyLo | 0, dropout.keyHi | 0];
      const intAttrs = ['threshold', 'noise_shape'];
      const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-bits-'));
      try {
        writeFileSync(join(dir, 'x.bin'), xs);
        writeFileSync(join(dir, 'dy.bin'), dys);
        const x = tf.tensor1d(xs);
        const dy = tf.tensor1d(dys);
        const key = tf.tensor1d(dropoutKey, 'int32');
        const yT = runOp(forwardOp(), [x]);
        const dxT = runOp(gradientOp(), [dy, yT]);
        const {binding} = nativeBackend();
        const droppedT = nativeBackend().executeSingleOutput(ops().info.ops[AlphaDropoutKernel],
            Object.entries(dropoutAttrs).map(([name, value]) =>
              ({name, value, type: intAttrs.includes(name) ? binding.TF_ATTR_INT : binding.TF_ATTR_FLOAT})), [x, key]);
        const expected = {y: await take(yT), dx: await take(dxT), dropped: await take(droppedT)};
        tf.dispose([x, dy, key]);
        for (const file of [prebuild, localBuild]) {
          // One process each: both register the same op names.
          const out = runNode(`
            const tf = require('@tensorflow/tfjs-node');
            const fs = require('node:fs');
            const info = require(${JSON.stringify(file)}).load();
            const b = tf.backend();
            const read = name => new Float32Array(new Uint8Array(fs.readFileSync(${JSON.stringify(dir)} + '/' + name)).buffer);
            const attrs = [{name: 'scale', type: b.binding.TF_ATTR_FLOAT, value: ${DEFAULT_ATTRS.scale}},
              {name: 'scale_alpha', type: b.binding.TF_ATTR_FLOAT, value: ${float32ScaleAlpha(DEFAULT_ATTRS)}}];
            const y = b.executeSingleOutput(info.ops.TfjsSelu, attrs, [tf.tensor1d(read('x.bin'))]);
            const dx = b.executeSingleOutput(info.ops.TfjsSeluGrad, attrs, [tf.tensor1d(read('dy.bin')), y]);
            const dropAttrs = Object.entries(${JSON.stringify(dropoutAttrs)}).map(([name, value]) =>
              ({name, value, type: ${JSON.stringify(intAttrs)}.includes(name) ? b.binding.TF_ATTR_INT : b.binding.TF_ATTR_FLOAT}));
            const dropped = b.executeSingleOutput(info.ops.TfjsAlphaDropout, dropAttrs,
              [tf.tensor1d(read('x.bin')), tf.tensor1d(${JSON.stringify(dropoutKey)}, 'int32')]);
            fs.writeFileSync(${JSON.stringify(dir)} + '/y.bin', y.dataSync());
            fs.writeFileSync(${JSON.stringify(dir)} + '/dx.bin', dx.dataSync());
            fs.writeFileSync(${JSON.stringify(dir)} + '/dropped.bin', dropped.dataSync());
            console.log(JSON.stringify({registeredHere: info.registeredHere, isa: info.isa}));
          `);
          expectEqual(out.status, 0, `child exit status; stderr: ${out.stderr}`);
          const {registeredHere, isa} = lastJson<{registeredHere: boolean, isa: string}>(out.stdout);
          expectEqual([registeredHere, isa], [true, ops().info.isa], `${basename(file)}: registered its ops, ISA`);
          const read = (name: string) => new Float32Array(new Uint8Array(readFileSync(join(dir, name))).buffer);
          expectSameBits(read('y.bin'), expected.y, `forward, ${basename(file)} vs the testing build`);
          expectSameBits(read('dx.bin'), expected.dx, `gradient, ${basename(file)} vs the testing build`);
          expectSameBits(read('dropped.bin'), expected.dropped, `AlphaDropout forward, ${basename(file)} vs the testing build`);
        }
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    });

    it('says the op is Linux-only on another platform, and runs the composition', () => {
      // After TensorFlow has loaded (tfjs-node's own binding is found by platform too).
      const onDarwin = probe.replace("require('@tensorflow/tfjs-node');",
          "require('@tensorflow/tfjs-node'); Object.defineProperty(process, 'platform', {value: 'darwin'});");
      expectTrue(onDarwin !== probe, 'the probe loads tfjs-node');
      const out = runNode(onDarwin, {[NODE_KERNELS_ENV]: undefined, [NATIVE_ADDON_ENV]: undefined});
      expectEqual(out.status, 0, `child exit status; stderr: ${out.stderr}`);
      const {y, status} = lastJson<Probe>(out.stdout);
      expectEqual([status.path, status.reason], ['composition', 'the native op is built for Linux only, and this is darwin'], 'status');
      expectClose(y!, [seluRef(-1), seluRef(2)], forward);
    });

    it('the loader takes a local build, else the prebuild matching the platform, else the composition with the reason', () => {
      const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-loader-'));
      const prebuildCopy = join(dir, 'prebuilds', 'linux-x64', basename(prebuild));
      const localCopy = join(dir, 'build', 'Release', basename(localBuild));
      const status = () => {
        const out = runNode(probe, {[NODE_KERNELS_ENV]: undefined, [NATIVE_ADDON_ENV]: dir});
        expectEqual(out.status, 0, `child exit status; stderr: ${out.stderr}`);
        const result = lastJson<Probe & {status: {native?: {addonFile: string, prebuilt: boolean}}}>(out.stdout);
        expectClose(result.y!, [seluRef(-1), seluRef(2)], forward);
        return {...result.status, stderr: out.stderr};
      };
      const expectLoaded = (file: string, prebuilt: boolean, what: string) => {
        const {path, native} = status();
        expectEqual([path, native?.addonFile, native?.prebuilt], ['native', file, prebuilt], what);
      };
      try {
        mkdirSync(join(dir, 'prebuilds', 'linux-x64'), {recursive: true});
        copyFileSync(prebuild, prebuildCopy);
        expectLoaded(prebuildCopy, true, 'the prebuild alone');
        mkdirSync(join(dir, 'build', 'Release'), {recursive: true});
        copyFileSync(localBuild, localCopy);
        expectLoaded(localCopy, false, 'a local build beside it');
        rmSync(join(dir, 'prebuilds'), {recursive: true});
        expectLoaded(localCopy, false, 'the local build alone');
        rmSync(join(dir, 'build'), {recursive: true});
        const none = status();
        expectEqual(none.path, 'composition', 'neither');
        expectTrue(none.reason!.includes('No native build was found for platform=linux arch=x64') &&
            none.reason!.includes(dir) && none.reason!.includes('npm rebuild tfjs-selu') && !none.reason!.includes('\n'),
            `one-line reason: ${none.reason}`);
        const warnings = none.stderr.split('\n').filter(l => l.includes('tfjs-selu: the native SELU op is not available'));
        expectEqual(warnings.length, 1, `one warning: ${none.stderr}`);
        // A prebuild that does not load here (as a glibc binary would not on musl) is a reason too.
        mkdirSync(join(dir, 'prebuilds', 'linux-x64'), {recursive: true});
        writeFileSync(prebuildCopy, 'not an ELF file');
        const broken = status();
        expectEqual(broken.path, 'composition', 'a prebuild that does not load');
        expectTrue(broken.reason!.includes(prebuildCopy), `reason names the file: ${broken.reason}`);
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    });
  });
});
