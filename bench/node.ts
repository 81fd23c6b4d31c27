/**
 * Node benchmark of the BUILT package (what users run) against the built-in tf.selu on each Node
 * backend available, at several sizes. Usage: npm run bench [-- --sizes 1e3,1e6]
 */
import * as tf from '@tensorflow/tfjs';
import 'tfjs-selu/cpu';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {join} from 'node:path';
import {selu, seluGrad, seluInPlace} from 'tfjs-selu';
import {compare, compareMemory, memoryTable, standardComparisons, timingTable} from './harness.js';
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
      `${inPlaceReport(memorySize)}\n`;
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

main().catch(error => {
  console.error(error);
  process.exit(1);
});
