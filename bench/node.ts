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
import {SeluKernel, selu, seluGrad, seluInPlace} from 'tfjs-selu';
import {compare, compareMemory, memoryTable, standardComparisons, timingTable} from './harness.js';
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
    const {isa, maxThreads, ops, prebuilt} = status.native!;
    runs.push({label: 'tensorflow (native op)', backend: 'tensorflow', nodeKernels: 'native'},
        {label: 'tensorflow (composition)', backend: 'tensorflow', nodeKernels: 'composition'});
    notes += ` Native TensorFlow ${(tf.findBackend('tensorflow') as unknown as NodeJSKernelBackend).binding.TF_Version} ` +
        `(tfjs-node); the plugin's native op ${ops[SeluKernel]} (${prebuilt ? 'the prebuild' : 'a local build'}) runs ${isa} loops ` +
        `on up to ${maxThreads} threads; ` +
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
      `${inPlaceReport(memorySize)}\n`;
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

main().catch(error => {
  console.error(error);
  process.exit(1);
});
