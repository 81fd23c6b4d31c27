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
  /** The cheapest one-pass kernel of the same shape on this backend: the limit ours is read against. */
  limit?: Contender;
  /** Where measured: the least work a kernel drawing random bits in the kernel must do (bench/generator_limit.ts). */
  generatorLimit?: Contender;
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
  limit?: Stats;
  /** limit median / ours median: 1 means ours runs at the backend's limit. */
  fractionOfLimit?: number;
  generatorLimit?: Stats;
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

/** Interleaves the contenders (rotating which goes first) after a warm-up. */
export async function compare(c: Comparison, reps = repetitionsFor(c.size), warmup = 3): Promise<Result> {
  const contenders = [c.ours, c.builtin, c.limit, c.generatorLimit].filter((k): k is Contender => k !== undefined);
  const samples: number[][] = contenders.map(() => []);
  for (let i = 0; i < warmup; ++i) {
    for (const contender of contenders) await timeOnce(contender);
  }
  for (let i = 0; i < reps; ++i) {
    for (let k = 0; k < contenders.length; ++k) {
      const index = (i + k) % contenders.length;
      samples[index].push(await timeOnce(contenders[index]));
    }
  }
  const statsOf = (contender?: Contender) => contender && stats(samples[contenders.indexOf(contender)]);
  const oursStats = stats(samples[0]);
  const builtinStats = stats(samples[1]);
  const result: Result = {backend: c.backend, what: c.what, size: c.size, ours: oursStats, builtin: builtinStats,
    speedup: builtinStats.median / oursStats.median};
  const limitStats = statsOf(c.limit);
  if (limitStats) {
    result.limit = limitStats;
    result.fractionOfLimit = limitStats.median / oursStats.median;
  }
  const generatorStats = statsOf(c.generatorLimit);
  if (generatorStats) result.generatorLimit = generatorStats;
  return result;
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

/** Peak bytes (above the baseline) and kernels of one run of each contender (tf.profile). */
export async function compareMemory(c: Comparison): Promise<MemoryResult> {
  const profileOf = async (contender: Contender) => {
    // Peak above what was alive before (the shared inputs), so both sides pay the same baseline.
    const baseline = tf.memory().numBytes;
    // tf.profile returns one mutable object: copy what we need right away.
    const info = await tf.profile(() => contender.run().dispose());
    return {peak: info.peakBytes - baseline, kernels: info.kernels.map(k => k.name)};
  };
  const ours = await profileOf(c.ours);
  const builtin = await profileOf(c.builtin);
  return {backend: c.backend, what: c.what, size: c.size, oursPeakBytes: ours.peak, builtinPeakBytes: builtin.peak,
    oursKernels: ours.kernels, builtinKernels: builtin.kernels};
}

/** Width of the dense+SELU block: small enough that matMul does not drown the activation. */
const DENSE_WIDTH = 64;
/** The dense block runs up to this many activations (its matMul dominates beyond). */
const DENSE_MAX_SIZE = 1e6;

/**
 * The limit contenders: on cpu, registered kernels that only copy (one input)
 * or multiply (two inputs) in a plain loop; elsewhere the backend's own
 * cheapest element-wise ops (Neg, Multiply), one pass each.
 */
const LIMIT_COPY = 'BenchLimitCopy';
const LIMIT_MULTIPLY = 'BenchLimitMultiply';
type CpuData = {data: {get(id: tf.DataId): {values: Float32Array}}, makeTensorInfo: (shape: number[], dtype: tf.DataType, values: Float32Array) => tf.TensorInfo};
function registerCpuLimitKernels(): void {
  if (tf.getKernel(LIMIT_COPY, 'cpu')) return;
  tf.registerKernel({kernelName: LIMIT_COPY, backendName: 'cpu', kernelFunc: ({inputs, backend}) => {
    const cpu = backend as unknown as CpuData;
    const x = inputs.x as tf.TensorInfo;
    return cpu.makeTensorInfo(x.shape, 'float32', cpu.data.get(x.dataId).values.slice());
  }});
  tf.registerKernel({kernelName: LIMIT_MULTIPLY, backendName: 'cpu', kernelFunc: ({inputs, backend}) => {
    const cpu = backend as unknown as CpuData;
    const a = cpu.data.get((inputs.a as tf.TensorInfo).dataId).values;
    const b = cpu.data.get((inputs.b as tf.TensorInfo).dataId).values;
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; ++i) out[i] = a[i] * b[i];
    return cpu.makeTensorInfo((inputs.a as tf.TensorInfo).shape, 'float32', out);
  }});
}

/** The backend's cheapest one-pass op on one input (cpu: a registered copy kernel): the limit rows read against. */
export function limitOneInput(backend: string, x: tf.Tensor): Contender {
  registerCpuLimitKernels();
  if (backend === 'cpu') return {name: 'copy', run: () => tf.engine().runKernel(LIMIT_COPY, {x}) as tf.Tensor};
  return {name: 'neg', run: () => tf.neg(x)};
}

/**
 * The training step of the backend's cheapest one-pass op, \`tf.grad(neg)\`: one
 * pass forward and one back, the limit of any one-pass kernel pair's step.
 */
export function limitStep(x: tf.Tensor, dy: tf.Tensor): Contender {
  const step = tf.grad((t: tf.Tensor) => tf.neg(t));
  return {name: 'grad(neg)', run: () => step(x, dy)};
}

function limitTwoInputs(backend: string, a: tf.Tensor, b: tf.Tensor): Contender {
  if (backend === 'cpu') return {name: 'a·b', run: () => tf.engine().runKernel(LIMIT_MULTIPLY, {a, b}) as tf.Tensor};
  return {name: 'mul', run: () => tf.mul(a, b)};
}

/** tfjs-core's own gradient of 'Selu', called directly: the built-in backward alone. */
function builtinSeluBackward(dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const config = tf.getGradient('Selu');
  if (!config) throw new Error("tfjs-core's gradient of 'Selu' is not registered: import '@tensorflow/tfjs'");
  return tf.tidy(() => (config.gradFunc(dy, [x], {}) as {x: () => tf.Tensor}).x());
}

/**
 * The contenders, ours against tf.selu: forward; backward alone (seluGrad
 * against the built-in gradient function); the training step
 * tf.grad(x => op(x))(x, dy); and a dense+SELU block's training step.
 */
export function standardComparisons(backend: string, size: number,
                                    selu: (x: tf.Tensor) => tf.Tensor,
                                    seluGrad?: (dy: tf.Tensor, y: tf.Tensor) => tf.Tensor): {inputs: tf.Tensor[], comparisons: Comparison[]} {
  registerCpuLimitKernels();
  const x = tf.randomNormal([size], 0, 2);
  const dy = tf.randomNormal([size]);
  const y = selu(x);
  const oursStep = tf.grad((t: tf.Tensor) => selu(t));
  const builtinStep = tf.grad((t: tf.Tensor) => tf.selu(t));
  const inputs = [x, dy, y];
  const comparisons: Comparison[] = [
    {backend, what: 'forward', size, ours: {name: 'selu', run: () => selu(x)}, builtin: {name: 'tf.selu', run: () => tf.selu(x)},
      limit: limitOneInput(backend, x)},
  ];
  if (seluGrad) {
    comparisons.push({backend, what: 'backward', size, ours: {name: 'seluGrad', run: () => seluGrad(dy, y)},
      builtin: {name: "tf.selu's gradient", run: () => builtinSeluBackward(dy, x)}, limit: limitTwoInputs(backend, dy, y)});
  }
  comparisons.push({backend, what: 'step', size, ours: {name: 'grad(selu)', run: () => oursStep(x, dy)},
    builtin: {name: 'grad(tf.selu)', run: () => builtinStep(x, dy)}, limit: limitStep(x, dy)});
  if (size <= DENSE_MAX_SIZE) {
    const batch = Math.max(1, Math.round(size / DENSE_WIDTH));
    const input = tf.randomNormal([batch, DENSE_WIDTH]);
    const weights = tf.randomNormal([DENSE_WIDTH, DENSE_WIDTH], 0, 1 / Math.sqrt(DENSE_WIDTH));
    inputs.push(input, weights);
    const blockStep = (activation: (h: tf.Tensor) => tf.Tensor) =>
      () => tf.grad((w: tf.Tensor) => tf.mean(activation(tf.matMul(input, w))))(weights);
    comparisons.push({backend, what: `dense ${DENSE_WIDTH}+SELU step`, size: batch * DENSE_WIDTH,
      ours: {name: 'dense+selu', run: blockStep(selu)}, builtin: {name: 'dense+tf.selu', run: blockStep(h => tf.selu(h))}});
  }
  return {inputs, comparisons};
}

const fmtMs = (ms: number) => ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0);
const fmtSize = (n: number) => n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);

export function timingTable(results: Result[]): string {
  const lines = [
    '| backend | what | size | ours median ms (p25–p75) | built-in median ms (p25–p75) | speed-up | limit ms | fraction of limit |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const limit = r.limit && r.fractionOfLimit !== undefined ?
        `${fmtMs(r.limit.median)} | ${r.fractionOfLimit.toFixed(2)}` : '— | —';
    lines.push(`| ${r.backend} | ${r.what} | ${fmtSize(r.size)} | ${fmtMs(r.ours.median)} (${fmtMs(r.ours.p25)}–${fmtMs(r.ours.p75)}) | ` +
        `${fmtMs(r.builtin.median)} (${fmtMs(r.builtin.p25)}–${fmtMs(r.builtin.p75)}) | **${r.speedup.toFixed(2)}x** | ${limit} |`);
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
