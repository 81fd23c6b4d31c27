/**
 * Measures where the native op's thread pool starts to pay, and what it gives
 * at 10M: the native forward and gradient on one thread against all cores,
 * interleaved, at sizes around the threshold (kDefaultParallelThreshold in
 * kernels/node/native/parallel.h) and at 1e7. Runs the addon's testing build
 * (its configure() sets the threads; scripts/build-native.cjs builds it).
 * Part of \`npm run bench\` (writes the "native-threads" section of docs/BENCHMARKS.md);
 * alone: npx tsx bench/node_native_threshold.ts
 */
import * as tf from '@tensorflow/tfjs-node';
import '../kernels/node/index.js';
import {NATIVE_ADDON_ENV, nativeOpsForKernel} from '../kernels/node/native_addon.js';
import {testingBuild} from '../scripts/build-native.cjs';
import type {TestingAddon} from '../test/support/tensorflow_paths.js';
import {selu, seluGrad} from '../src/index.js';
import {join} from 'node:path';
import {stats} from './harness.js';
import {machineNotes, writeSection} from './report.js';

async function main(): Promise<void> {
  process.env.TFJS_SELU_NODE_KERNELS = 'native';
  process.env[NATIVE_ADDON_ENV] = testingBuild;
  const ops = nativeOpsForKernel()!;
  const addon = ops.addon as TestingAddon;
  const {cores} = ops.info;
  const rows: string[] = [];
  const sizes = [...Array.from({length: 9}, (_, k) => 2 ** (13 + k)), 1e7];
  for (const size of sizes) {
    const x = tf.randomNormal([size], 0, 2);
    const dy = tf.randomNormal([size]);
    const y = selu(x);
    const reps = Math.max(50, Math.min(2000, Math.round(2e8 / size)));
    const samples: Record<string, number[]> = {f1: [], fN: [], g1: [], gN: []};
    const time = (key: string, threads: number, run: () => tf.Tensor) => {
      addon.configure({maxThreads: threads, parallelThreshold: 1});
      const start = process.hrtime.bigint();
      const out = run();
      samples[key].push(Number(process.hrtime.bigint() - start) / 1e6);
      out.dispose();
    };
    for (let i = 0; i < reps; ++i) {
      time('f1', 1, () => selu(x));
      time('fN', cores, () => selu(x));
      time('g1', 1, () => seluGrad(dy, y));
      time('gN', cores, () => seluGrad(dy, y));
    }
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, stats(v).median]));
    rows.push(`| ${Number.isInteger(Math.log2(size)) ? `2^${Math.log2(size)}` : size.toExponential(0)} | ${m.f1.toFixed(3)} | ${m.fN.toFixed(3)} | ${(m.f1 / m.fN).toFixed(2)} | ` +
        `${m.g1.toFixed(3)} | ${m.gN.toFixed(3)} | ${(m.g1 / m.gN).toFixed(2)} |`);
    tf.dispose([x, dy, y]);
  }
  addon.configure({maxThreads: cores});
  const markdown = `## Node: the native op's thread pool (1 thread vs ${cores})\n\n${machineNotes()} ` +
      `The native forward and gradient (testing build, no readback), median ms, one thread against the pool on all ` +
      `${cores} cores, interleaved; the pool is used from kDefaultParallelThreshold (docs/NODE.md, "Threads").\n\n` +
      '| size | forward 1 | forward N | speed-up | gradient 1 | gradient N | speed-up |\n|---:|---:|---:|---:|---:|---:|---:|\n' +
      rows.join('\n');
  console.log(markdown);
  writeSection(join(__dirname, '..', 'docs', 'BENCHMARKS.md'), 'native-threads', markdown);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
