/**
 * Node benchmark of the BUILT package (what users run) against the built-in tf.selu on each Node
 * backend available, at several sizes. Usage: npm run bench [-- --sizes 1e3,1e6]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import 'tfjs-selu/cpu';
import {forceWasmSeluPath, wasmSeluPath} from 'tfjs-selu/wasm';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {join} from 'node:path';
import {SeluGradKernel, SeluKernel, selu, seluGrad, seluInPlace} from 'tfjs-selu';
import {compare, compareMemory, memoryTable, standardComparisons, stats, timingTable} from './harness.js';
import type {Comparison, MemoryResult, Result} from './harness.js';
import {machineNotes, writeSection} from './report.js';
import {skipRequested} from '../test/support/env.js';

/** One benchmarked configuration: a backend, and for 'tensorflow' which kernel path. */
interface Run {
  label: string;
  backend: string;
  nodeKernels?: 'native' | 'composition';
}

/**
 * The built package's kernel-path switch (the module 'tfjs-selu/node' loaded):
 * internal, so reached by file rather than through the package's exports.
 */
function redecideNodeKernels(path: 'native' | 'composition'): {path: string, reason?: string} {
  process.env.TFJS_SELU_NODE_KERNELS = path;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addon = require(join(__dirname, '..', 'dist', 'cjs', 'kernels', 'node', 'native_addon.js')) as
      {redecideNodeKernelPathForTesting(): {path: string, reason?: string}};
  return addon.redecideNodeKernelPathForTesting();
}

function parseSizes(): number[] {
  const flag = process.argv.indexOf('--sizes');
  const text = flag >= 0 ? process.argv[flag + 1] : '1e3,1e4,1e5,1e6,1e7';
  return text.split(',').map(Number);
}

async function main(): Promise<void> {
  const sizes = parseSizes();
  const runs: Run[] = [{label: 'cpu', backend: 'cpu'}, {label: 'wasm', backend: 'wasm'}];
  let notes = machineNotes();
  // The documented opt-out for machines without the native TensorFlow library.
  if (!skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) {
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    await import('@tensorflow/tfjs-node');
    const {nodeKernelStatus} = await import('tfjs-selu/node');
    await tf.setBackend('tensorflow');
    const status = nodeKernelStatus();
    if (status.path !== 'native') throw new Error(`the native SELU op is not available: ${status.reason}`);
    const {isa, maxThreads, forwardOp} = status.native!;
    runs.push({label: 'tensorflow (native op)', backend: 'tensorflow', nodeKernels: 'native'},
        {label: 'tensorflow (composition)', backend: 'tensorflow', nodeKernels: 'composition'});
    notes += ` Native TensorFlow ${(tf.findBackend('tensorflow') as unknown as NodeJSKernelBackend).binding.TF_Version} ` +
        `(tfjs-node); the plugin's native op ${forwardOp} runs ${isa} loops on up to ${maxThreads} threads; ` +
        "'tensorflow (composition)' is the fallback without it (TFJS_SELU_NODE_KERNELS=composition).";
  }
  const timings: Result[] = [];
  const memory: MemoryResult[] = [];
  // Memory at 1M (the size the targets are stated at) if it is run.
  const memorySize = sizes.includes(1e6) ? 1e6 : Math.max(...sizes);
  for (const {label, backend, nodeKernels} of runs) {
    await tf.setBackend(backend);
    if (nodeKernels !== undefined) {
      const status = redecideNodeKernels(nodeKernels);
      if (status.path !== nodeKernels) throw new Error(`kernel path ${status.path}, not ${nodeKernels}: ${status.reason}`);
    }
    if (backend === 'wasm') notes += ` wasm: ${wasmSeluPath().reason}.`;
    for (const size of sizes) {
      const {inputs, comparisons} = standardComparisons(backend, size, x => selu(x), (dy, y) => seluGrad(dy, y));
      if (backend === 'wasm') comparisons.push(...heapJsComparisons(comparisons));
      for (const comparison of comparisons) {
        comparison.backend = label;
        const result = await compare(comparison);
        timings.push(result);
        console.log(`${label} ${comparison.what} ${size}: ours ${result.ours.median.toFixed(3)} ms, ` +
            `built-in ${result.builtin.median.toFixed(3)} ms, speed-up ${result.speedup.toFixed(2)}x`);
        if (size === memorySize) memory.push(await compareMemory(comparison));
      }
      tf.dispose(inputs);
    }
  }
  await tf.setBackend('cpu');
  const markdown = `## Node (${runs.map(r => r.label).join(', ')})\n\n${notes}\n\n${timingTable(timings)}\n\n` +
      `Memory (tf.profile, one run, ${memorySize.toExponential(0)} elements):\n\n${memoryTable(memory)}\n\n` +
      `${inPlaceReport(memorySize)}\n\n${expm1Report()}\n\n${await cpuThroughSimdReport()}\n`;
  console.log(`\n${markdown}`);
  writeSection(join(__dirname, '..', 'docs', 'BENCHMARKS.md'), 'node', markdown);
}

/**
 * The wasm kernels' fallback path for comparison: forward and step with the
 * heap-JS loops forced (the kernels run synchronously inside \`run\`).
 */
function heapJsComparisons(comparisons: Comparison[]): Comparison[] {
  return comparisons.filter(c => c.what === 'forward' || c.what === 'step').map(c => ({
    ...c,
    what: `${c.what} (heap-JS path)`,
    ours: {name: `${c.ours.name} (heap-JS)`, run: () => {
      const previous = forceWasmSeluPath('heap-js');
      try {
        return c.ours.run();
      } finally {
        forceWasmSeluPath(previous);
      }
    }},
  }));
}

/**
 * seluInPlace on cpu: tf.profile counts bytes per tensor even when tensors
 * share a buffer, so count the engine's distinct data buffers instead.
 */
function inPlaceReport(size: number): string {
  const buffersAfter = (op: (x: tf.Tensor) => tf.Tensor, consumesInput: boolean) => {
    const before = tf.memory().numDataBuffers;
    const x = tf.randomNormal([size]);
    const y = op(x);
    const held = tf.memory().numDataBuffers - before;
    tf.dispose(consumesInput ? [y] : [x, y]);
    return held;
  };
  const copying = buffersAfter(x => selu(x), false);
  const inPlace = buffersAfter(x => seluInPlace(x), true);
  const mb = (buffers: number) => (buffers * 4 * size / 1e6).toFixed(1);
  return `In place (cpu, ${size.toExponential(0)} elements): after \`seluInPlace(x)\` ${inPlace} buffer (${mb(inPlace)} MB) ` +
      `is alive where \`selu(x)\` leaves ${copying} (${mb(copying)} MB: input and output), a saving of ` +
      `${mb(copying - inPlace)} MB per activation that the caller no longer needs.`;
}

/**
 * The cpu forward's expm1 (src/math/expm1.ts) against Math.expm1 and
 * Math.exp(x) − 1 on the same million float32 inputs in [−30, 0], interleaved.
 */
function expm1Report(): string {
  const inputs = Float32Array.from({length: 1e6}, (_, i) => Math.fround(-30 * ((i * 7919) % 1e6) / 1e6));
  const out = new Float64Array(inputs.length);
  // The built package's (internal) module, typed by its source: the bench measures what users run.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const {expm1NonPositive} = require('../dist/cjs/src/math/expm1.js') as typeof import('../src/math/expm1.js');
  const ours = expm1NonPositive;
  // One loop per evaluation, so each call site stays monomorphic and can be inlined.
  const loops: Array<[string, () => void]> = [
    ['table-driven expm1 (ours)', () => { for (let i = 0; i < inputs.length; ++i) out[i] = ours(inputs[i]); }],
    ['Math.expm1', () => { for (let i = 0; i < inputs.length; ++i) out[i] = Math.expm1(inputs[i]); }],
    ['Math.exp(x) − 1', () => { for (let i = 0; i < inputs.length; ++i) out[i] = Math.exp(inputs[i]) - 1; }],
  ];
  const samples: number[][] = loops.map(() => []);
  for (let rep = 0; rep < 25; ++rep) {
    loops.forEach(([, loop], k) => {
      const start = performance.now();
      loop();
      samples[k].push(performance.now() - start);
    });
  }
  const worstRelative = (f: (x: number) => number) => inputs.reduce((worst, x) =>
    x === 0 ? worst : Math.max(worst, Math.abs(f(x) - Math.expm1(x)) / Math.abs(Math.expm1(x))), 0);
  const errors = [worstRelative(ours), 0, worstRelative(x => Math.exp(x) - 1)];
  const rows = loops.map(([name], k) =>
    `| ${name} | ${stats(samples[k]).median.toFixed(2)} | ${errors[k].toExponential(1)} |`);
  return `expm1 for the cpu forward (1M float32 inputs in [−30, 0], JS loop, median of 25):\n\n` +
      `| evaluation | ms | worst relative error vs Math.expm1 |\n|---|---:|---:|\n${rows.join('\n')}`;
}

/**
 * Would the cpu backend gain from the wasm SIMD module? A cpu kernel would
 * have to copy its float32 arrays into a scratch wasm memory and back. This
 * times the cpu training step (\`tf.grad(x => selu(x))(x, dy)\`, read back) at
 * 1M elements with the plugin's cpu kernels swapped, run by run, for
 * prototypes that do exactly that (x in, y out; dy and y in, dx out). Adopting
 * the module for cpu would need a step CPU_SIMD_ADOPTION_RATIO times faster.
 */
const CPU_SIMD_ADOPTION_RATIO = 1.5;

async function cpuThroughSimdReport(): Promise<string> {
  // The built package's (internal) modules, typed by their sources.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const {SELU_SIMD_WASM} = require('../dist/cjs/kernels/wasm/generated/selu_simd_wasm.js') as
      typeof import('../kernels/wasm/generated/selu_simd_wasm.js');
  const {seluGradLoop, seluLoop} = require('../dist/cjs/src/math/selu_loops.js') as typeof import('../src/math/selu_loops.js');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const memory = new WebAssembly.Memory({initial: 1});
  const simd = new WebAssembly.Instance(new WebAssembly.Module(SELU_SIMD_WASM), {env: {memory}}).exports as unknown as {
    selu(x: number, y: number, n: number, scale: number, scaleAlpha: number): void;
    seluGrad(dy: number, y: number, dx: number, n: number, scale: number, scaleAlpha: number): void;
  };
  /** The scratch memory as floats, grown to hold `floats`. */
  const scratch = (floats: number): Float32Array => {
    const missing = 4 * floats - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65536));
    return new Float32Array(memory.buffer);
  };
  type CpuData = {data: {get(id: tf.DataId): {values: Float32Array}},
    makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo};
  type Attrs = {alpha: number, scale: number};
  const viaSimd: tf.KernelConfig[] = [
    {kernelName: SeluKernel, backendName: 'cpu', kernelFunc: ({inputs, backend, attrs}) => {
      const x = inputs.x as tf.TensorInfo;
      const {alpha, scale} = attrs as unknown as Attrs;
      const cpu = backend as unknown as CpuData;
      const xs = cpu.data.get(x.dataId).values;
      const n = xs.length;
      const heap = scratch(2 * n);
      heap.set(xs, 0);
      simd.selu(0, 4 * n, n - n % 4, scale, Math.fround(scale * alpha));
      const ys = heap.slice(n, 2 * n);
      seluLoop(xs, ys, {alpha, scale}, n - n % 4, n);
      return cpu.makeTensorInfo(x.shape, 'float32', ys);
    }},
    {kernelName: SeluGradKernel, backendName: 'cpu', kernelFunc: ({inputs, backend, attrs}) => {
      const {dy, y} = inputs as {dy: tf.TensorInfo, y: tf.TensorInfo};
      const {alpha, scale} = attrs as unknown as Attrs;
      const cpu = backend as unknown as CpuData;
      const dys = cpu.data.get(dy.dataId).values;
      const ys = cpu.data.get(y.dataId).values;
      const n = ys.length;
      const heap = scratch(3 * n);
      heap.set(dys, 0);
      heap.set(ys, n);
      simd.seluGrad(0, 4 * n, 8 * n, n - n % 4, scale, Math.fround(scale * alpha));
      const dxs = heap.slice(2 * n, 3 * n);
      seluGradLoop(dys, ys, dxs, {alpha, scale}, n - n % 4, n);
      return cpu.makeTensorInfo(y.shape, 'float32', dxs);
    }},
  ];
  const plugin = [tf.getKernel(SeluKernel, 'cpu'), tf.getKernel(SeluGradKernel, 'cpu')];
  const use = (configs: tf.KernelConfig[]) => configs.forEach(config => {
    tf.unregisterKernel(config.kernelName, 'cpu');
    tf.registerKernel(config);
  });
  await tf.setBackend('cpu');
  const size = 1e6;
  const x = tf.randomNormal([size], 0, 2);
  const dy = tf.randomNormal([size]);
  const step = tf.grad((t: tf.Tensor) => selu(t));
  let result: Result;
  try {
    result = await compare({backend: 'cpu', what: 'step', size,
      ours: {name: 'SIMD module with copies', run: () => {
        use(viaSimd);
        return step(x, dy);
      }},
      builtin: {name: 'JavaScript loops', run: () => {
        use(plugin);
        return step(x, dy);
      }}}, 41);
  } finally {
    use(plugin);
    tf.dispose([x, dy]);
  }
  return `The cpu backend through the wasm SIMD module (1M float32, the cpu training step with readback, median of 41, ` +
      `interleaved):\n\n| cpu kernels | step ms (p25–p75) |\n|---|---:|\n` +
      `| JavaScript loops (today's) | ${result.builtin.median.toFixed(2)} (${result.builtin.p25.toFixed(2)}–${result.builtin.p75.toFixed(2)}) |\n` +
      `| SIMD module, copies in and out | ${result.ours.median.toFixed(2)} (${result.ours.p25.toFixed(2)}–${result.ours.p75.toFixed(2)}) |\n\n` +
      `Gain ${result.speedup.toFixed(2)}x, against the ${CPU_SIMD_ADOPTION_RATIO}x a step must gain for cpu to adopt the module. ` +
      'Not adopted whatever the gain (README, WebAssembly): the module would cost cpu its one-rounding float64 accuracy ' +
      '(0.5 ulp, against ~2) and hold a scratch memory of three times the largest tensor, which a wasm memory never gives back.';
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
