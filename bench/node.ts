/**
 * Node benchmark of the BUILT package (what users run) against the built-in tf.selu on each Node
 * backend available, at several sizes. Usage: npm run bench [-- --sizes 1e3,1e6]
 */
import * as tf from '@tensorflow/tfjs';
import 'tfjs-selu/cpu';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {join} from 'node:path';
import {selu} from 'tfjs-selu';
import {compare, compareMemory, memoryTable, standardComparisons, timingTable} from './harness.js';
import type {MemoryResult, Result} from './harness.js';
import {machineNotes, writeSection} from './report.js';

function parseSizes(): number[] {
  const flag = process.argv.indexOf('--sizes');
  const text = flag >= 0 ? process.argv[flag + 1] : '1e3,1e4,1e5,1e6';
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
  for (const backend of backends) {
    await tf.setBackend(backend);
    for (const size of sizes) {
      const {inputs, comparisons} = standardComparisons(backend, size, x => selu(x));
      for (const comparison of comparisons) {
        const result = await compare(comparison);
        timings.push(result);
        console.log(`${backend} ${comparison.what} ${size}: ours ${result.ours.median.toFixed(3)} ms, ` +
            `built-in ${result.builtin.median.toFixed(3)} ms, speed-up ${result.speedup.toFixed(2)}x`);
        if (size === Math.max(...sizes)) memory.push(await compareMemory(comparison));
      }
      tf.dispose(inputs);
    }
  }
  const markdown = `## Node (${backends.join(', ')})\n\n${notes}\n\n${timingTable(timings)}\n\n` +
      `Memory (tf.profile, one run):\n\n${memoryTable(memory)}\n`;
  console.log(`\n${markdown}`);
  writeSection(join(__dirname, '..', 'docs', 'BENCHMARKS.md'), 'node', markdown);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
