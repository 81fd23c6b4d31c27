/**
 * Benchmark harness shared by the Node and browser runners: interleaved A/B
 * timing of the plugin against the built-in tf.selu, medians and spread,
 * memory from tf.profile, and a markdown table. It reports; it never asserts.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface Contender {
  name: string;
  /** Builds the work; the returned tensor is read (forcing completion) and disposed. */
  run: () => tf.Tensor;
}

export interface Comparison {
  backend: string;
  what: string;
  size: number;
  ours: Contender;
  builtin: Contender;
}

export interface Stats {
  median: number;
  p25: number;
  p75: number;
}

export interface Result {
  backend: string;
  what: string;
  size: number;
  ours: Stats;
  builtin: Stats;
  /** builtin median / ours median: above 1 means the plugin is faster. */
  speedup: number;
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {median: quantile(sorted, 0.5), p25: quantile(sorted, 0.25), p75: quantile(sorted, 0.75)};
}

async function timeOnce(contender: Contender): Promise<number> {
  const start = performance.now();
  const result = contender.run();
  await result.data();
  const elapsed = performance.now() - start;
  result.dispose();
  return elapsed;
}

/** Repetitions that keep each size to roughly a second or two of samples. */
export function repetitionsFor(size: number): number {
  return Math.max(7, Math.min(201, Math.round(3e7 / Math.max(size, 1) ** 1.1)));
}

/** Interleaves A and B (alternating which goes first) after a warm-up. */
export async function compare(c: Comparison, reps = repetitionsFor(c.size), warmup = 3): Promise<Result> {
  for (let i = 0; i < warmup; ++i) {
    await timeOnce(c.ours);
    await timeOnce(c.builtin);
  }
  const ours: number[] = [];
  const builtin: number[] = [];
  for (let i = 0; i < reps; ++i) {
    if (i % 2 === 0) {
      ours.push(await timeOnce(c.ours));
      builtin.push(await timeOnce(c.builtin));
    } else {
      builtin.push(await timeOnce(c.builtin));
      ours.push(await timeOnce(c.ours));
    }
  }
  const oursStats = stats(ours);
  const builtinStats = stats(builtin);
  return {backend: c.backend, what: c.what, size: c.size, ours: oursStats, builtin: builtinStats,
    speedup: builtinStats.median / oursStats.median};
}

export interface MemoryResult {
  backend: string;
  what: string;
  size: number;
  oursPeakBytes: number;
  builtinPeakBytes: number;
  oursKernels: string[];
  builtinKernels: string[];
}

/** Peak bytes and kernels of one run of each contender (tf.profile). */
export async function compareMemory(c: Comparison): Promise<MemoryResult> {
  const profileOf = async (contender: Contender) => {
    // tf.profile returns one mutable object: copy what we need right away.
    const info = await tf.profile(() => contender.run().dispose());
    return {peak: info.peakBytes, kernels: info.kernels.map(k => k.name)};
  };
  const ours = await profileOf(c.ours);
  const builtin = await profileOf(c.builtin);
  return {backend: c.backend, what: c.what, size: c.size, oursPeakBytes: ours.peak, builtinPeakBytes: builtin.peak,
    oursKernels: ours.kernels, builtinKernels: builtin.kernels};
}

/** The usual contenders: forward and training step, ours against tf.selu. */
export function standardComparisons(backend: string, size: number,
                                    selu: (x: tf.Tensor) => tf.Tensor): {inputs: tf.Tensor[], comparisons: Comparison[]} {
  const x = tf.randomNormal([size], 0, 2);
  const dy = tf.randomNormal([size]);
  const oursStep = tf.grad((t: tf.Tensor) => selu(t));
  const builtinStep = tf.grad((t: tf.Tensor) => tf.selu(t));
  return {
    inputs: [x, dy],
    comparisons: [
      {backend, what: 'forward', size, ours: {name: 'selu', run: () => selu(x)}, builtin: {name: 'tf.selu', run: () => tf.selu(x)}},
      {backend, what: 'step', size, ours: {name: 'grad(selu)', run: () => oursStep(x, dy)},
        builtin: {name: 'grad(tf.selu)', run: () => builtinStep(x, dy)}},
    ],
  };
}

const fmtMs = (ms: number) => ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0);
const fmtSize = (n: number) => n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);

export function timingTable(results: Result[]): string {
  const lines = [
    '| backend | what | size | ours median ms (p25–p75) | built-in median ms (p25–p75) | speed-up |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(`| ${r.backend} | ${r.what} | ${fmtSize(r.size)} | ${fmtMs(r.ours.median)} (${fmtMs(r.ours.p25)}–${fmtMs(r.ours.p75)}) | ` +
        `${fmtMs(r.builtin.median)} (${fmtMs(r.builtin.p25)}–${fmtMs(r.builtin.p75)}) | **${r.speedup.toFixed(2)}x** |`);
  }
  return lines.join('\n');
}

export function memoryTable(results: MemoryResult[]): string {
  const lines = [
    '| backend | what | size | ours peak MB | built-in peak MB | ours / built-in | kernels (ours) | kernels (built-in) |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const m of results) {
    lines.push(`| ${m.backend} | ${m.what} | ${fmtSize(m.size)} | ${(m.oursPeakBytes / 1e6).toFixed(1)} | ` +
        `${(m.builtinPeakBytes / 1e6).toFixed(1)} | ${(100 * m.oursPeakBytes / m.builtinPeakBytes).toFixed(0)}% | ` +
        `${m.oursKernels.length} | ${m.builtinKernels.length} |`);
  }
  return lines.join('\n');
}
