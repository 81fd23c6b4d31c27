/**
 * Node benchmark of the BUILT package (what users run) against the built-in tf.selu on each Node
 * backend available, at several sizes. Usage: npm run bench [-- --sizes 1e3,1e6]
 */
import * as tf from '@tensorflow/tfjs';
import 'tfjs-selu/cpu';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {join} from 'node:path';
import {selu, seluGrad, seluInPlace} from 'tfjs-selu';
import {compare, compareMemory, memoryTable, standardComparisons, stats, timingTable} from './harness.js';
import type {MemoryResult, Result} from './harness.js';
import {machineNotes, writeSection} from './report.js';

function parseSizes(): number[] {
  const flag = process.argv.indexOf('--sizes');
  const text = flag >= 0 ? process.argv[flag + 1] : '1e3,1e4,1e5,1e6,1e7';
  return text.split(',').map(Number);
}

async function main(): Promise<void> {
  const sizes = parseSizes();
  const backends = ['cpu'];
  let notes = machineNotes();
  // The documented opt-out for machines without the native TensorFlow library.
  if (!process.env.TFJS_SELU_SKIP_TFJS_NODE) {
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    await import('@tensorflow/tfjs-node');
    await import('tfjs-selu/node');
    backends.push('tensorflow');
    notes += ` Native TensorFlow ${(tf.findBackend('tensorflow') as unknown as NodeJSKernelBackend).binding.TF_Version} (tfjs-node).`;
  }
  const timings: Result[] = [];
  const memory: MemoryResult[] = [];
  // Memory at 1M (the size the targets are stated at) if it is run.
  const memorySize = sizes.includes(1e6) ? 1e6 : Math.max(...sizes);
  for (const backend of backends) {
    await tf.setBackend(backend);
    for (const size of sizes) {
      const {inputs, comparisons} = standardComparisons(backend, size, x => selu(x), (dy, y) => seluGrad(dy, y));
      for (const comparison of comparisons) {
        const result = await compare(comparison);
        timings.push(result);
        console.log(`${backend} ${comparison.what} ${size}: ours ${result.ours.median.toFixed(3)} ms, ` +
            `built-in ${result.builtin.median.toFixed(3)} ms, speed-up ${result.speedup.toFixed(2)}x`);
        if (size === memorySize) memory.push(await compareMemory(comparison));
      }
      tf.dispose(inputs);
    }
  }
  await tf.setBackend('cpu');
  const markdown = `## Node (${backends.join(', ')})\n\n${notes}\n\n${timingTable(timings)}\n\n` +
      `Memory (tf.profile, one run, ${memorySize.toExponential(0)} elements):\n\n${memoryTable(memory)}\n\n` +
      `${inPlaceReport(memorySize)}\n\n${expm1Report()}\n`;
  console.log(`\n${markdown}`);
  writeSection(join(__dirname, '..', 'docs', 'BENCHMARKS.md'), 'node', markdown);
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

main().catch(error => {
  console.error(error);
  process.exit(1);
});
