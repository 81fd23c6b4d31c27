/**
 * AlphaDropout's benchmark rows, shared by the Node and browser runners: the
 * op (forward, and the training step with its peak memory) against the layer
 * composition tfjs-selu used before the op existed (kept here, and only here,
 * as the baseline), and the SNN training step of issue 18 with and without
 * dropout. It reports; it never asserts.
 */
import * as tf from '@tensorflow/tfjs';
import {compare, compareMemory, limitOneInput, limitStep, stats} from './harness.js';
import type {Comparison, Contender, MemoryResult, Result, Stats} from './harness.js';

/** The rate the issue's SNN uses after each SELU layer. */
export const DROPOUT_RATE = 0.05;

/** SELU's constants (tfjs-selu's SELU_ALPHA, SELU_SCALE), restated for the baseline only. */
const BASELINE_SATURATION = -1.0507009873554805 * 1.6732632423543772;

/**
 * The baseline: SeluAlphaDropout's training call before the op (9 tfjs ops:
 * randomUniform, greaterEqual, cast, mul, sub, mul, add, mul, add), whose
 * gradient keeps the mask tensor alive until the backward pass.
 */
export function compositionAlphaDropout(x: tf.Tensor, rate: number): tf.Tensor {
  return tf.tidy(() => {
    const a = ((1 - rate) * (1 + rate * BASELINE_SATURATION ** 2)) ** -0.5;
    const b = -a * BASELINE_SATURATION * rate;
    const kept = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape), rate), 'float32');
    const dropped = tf.add(tf.mul(x, kept), tf.mul(tf.sub(1, kept), BASELINE_SATURATION));
    return tf.add(tf.mul(dropped, a), b);
  });
}

/** The baseline as a layer (the old SeluAlphaDropout), for the SNN rows. */
class CompositionAlphaDropout extends tf.layers.Layer {
  static className = 'BenchCompositionAlphaDropout';
  constructor(private readonly rate: number) {
    super({});
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return kwargs['training'] === true ? compositionAlphaDropout(x, this.rate) : x;
  }
}

/** The op under test, as the runner imports it from the built package. */
export type AlphaDropoutOp = (x: tf.Tensor, options: {rate: number}) => tf.Tensor;

/**
 * The op rows: "alphaDropout forward" (limit: the backend's cheapest one-pass
 * op) and "alphaDropout step" (tf.grad with an upstream dy), ours against the
 * baseline; the "built-in" side of a Result is the baseline here.
 */
export function alphaDropoutComparisons(backend: string, size: number, alphaDropout: AlphaDropoutOp,
                                        generatorLimits?: GeneratorLimits): {inputs: tf.Tensor[], comparisons: Comparison[]} {
  const x = tf.randomNormal([size]);
  const dy = tf.randomNormal([size]);
  const oursStep = tf.grad((t: tf.Tensor) => alphaDropout(t, {rate: DROPOUT_RATE}));
  const baselineStep = tf.grad((t: tf.Tensor) => compositionAlphaDropout(t, DROPOUT_RATE));
  return {inputs: [x, dy], comparisons: [
    {backend, what: 'alphaDropout forward', size, ours: {name: 'alphaDropout', run: () => alphaDropout(x, {rate: DROPOUT_RATE})},
      builtin: {name: "today's composition", run: () => compositionAlphaDropout(x, DROPOUT_RATE)}, limit: limitOneInput(backend, x),
      generatorLimit: generatorLimits?.forward},
    {backend, what: 'alphaDropout step', size, ours: {name: 'grad(alphaDropout)', run: () => oursStep(x, dy)},
      builtin: {name: "grad(today's composition)", run: () => baselineStep(x, dy)}, limit: limitStep(x, dy),
      generatorLimit: generatorLimits?.step},
  ]};
}

/** Where a backend has them: the generator's own limits for a 1-D x (bench/generator_limit.ts). */
export interface GeneratorLimits {
  forward: Contender;
  step: Contender;
}

/** Runs the op rows on the active backend: timings (interleaved medians) and the step's peak memory. */
export async function runAlphaDropoutRows(backend: string, size: number, alphaDropout: AlphaDropoutOp,
                                          repetitions?: number, generatorLimits?: GeneratorLimits):
    Promise<{timings: Result[], memory: MemoryResult[]}> {
  const {inputs, comparisons} = alphaDropoutComparisons(backend, size, alphaDropout, generatorLimits);
  const timings: Result[] = [];
  const memory: MemoryResult[] = [];
  try {
    for (const comparison of comparisons) {
      const result = await compare(comparison, repetitions);
      timings.push(result);
      console.log(`${backend} ${comparison.what} ${size}: ours ${result.ours.median.toFixed(3)} ms, ` +
          `composition ${result.builtin.median.toFixed(3)} ms, ${result.speedup.toFixed(2)}x`);
      if (comparison.what === 'alphaDropout step') memory.push(await compareMemory(comparison));
    }
  } finally {
    tf.dispose(inputs);
  }
  return {timings, memory};
}

/** Issue 18's SNN: 784-512-512-512-512-10, batch 256. */
const SNN_WIDTHS = [512, 512, 512, 512];
const SNN_INPUT = 784;
const SNN_CLASSES = 10;
const SNN_BATCH = 256;

/** The SNN step's variants, in the order they are interleaved. */
const SNN_VARIANTS = ['selu', 'selu + alphaDropout', "selu + today's composition", 'linear', 'tf.selu (built-in)'] as const;
type SnnVariant = typeof SNN_VARIANTS[number];

export interface SnnResult {
  backend: string;
  /** trainOnBatch (loss read back) per variant. */
  steps: Record<SnnVariant, Stats>;
  /**
   * What dropout adds to the step, per round: the with-dropout step minus the
   * 'selu' step of the same round of the interleaving (paired, so a slow
   * stretch of the machine slows both), for the op and for the composition.
   */
  dropoutCost: {op: Stats, composition: Stats};
  repetitions: number;
}

/**
 * The SNN training step (trainOnBatch, SGD, categorical cross-entropy; the
 * loss is read back) per variant, interleaved after a warm-up. 'selu' runs
 * the plugin's SELU kernels (through useSeluPluginForBuiltin, switched on
 * here), 'tf.selu (built-in)' tfjs's own; the dropout variants add
 * AlphaDropout at DROPOUT_RATE after each SELU layer: the plugin's layer, or
 * the baseline composition; 'linear' is the limit.
 */
export async function runSnnStep(backend: string, seluAlphaDropout: (args: {rate: number}) => tf.layers.Layer,
                                 useSeluPluginForBuiltin: () => () => void,
                                 repetitions: number, warmup = 2): Promise<SnnResult> {
  const models = SNN_VARIANTS.map(variant => {
    const model = tf.sequential();
    SNN_WIDTHS.forEach((units, i) => {
      model.add(tf.layers.dense({units, activation: variant === 'linear' ? 'linear' : 'selu',
        kernelInitializer: tf.initializers.leCunNormal({seed: i}), ...(i === 0 ? {inputShape: [SNN_INPUT]} : {})}));
      if (variant === 'selu + alphaDropout') model.add(seluAlphaDropout({rate: DROPOUT_RATE}));
      if (variant === "selu + today's composition") model.add(new CompositionAlphaDropout(DROPOUT_RATE));
    });
    model.add(tf.layers.dense({units: SNN_CLASSES, activation: 'softmax'}));
    model.compile({optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy'});
    return model;
  });
  const x = tf.randomNormal([SNN_BATCH, SNN_INPUT]);
  const y = tf.tidy(() => tf.oneHot(tf.randomUniform([SNN_BATCH], 0, SNN_CLASSES, 'int32'), SNN_CLASSES));
  const samples: number[][] = models.map(() => []);
  // 'selu' activations run the plugin's kernels through the override, except in the built-in
  // variant: the override is switched outside the timed region, before each step that needs it changed.
  let restoreBuiltin: (() => void) | null = null;
  const useBuiltinSelu = (builtin: boolean) => {
    if (builtin && restoreBuiltin) {
      restoreBuiltin();
      restoreBuiltin = null;
    } else if (!builtin && !restoreBuiltin) {
      restoreBuiltin = useSeluPluginForBuiltin();
    }
  };
  const step = async (k: number) => {
    useBuiltinSelu(SNN_VARIANTS[k] === 'tf.selu (built-in)');
    const start = performance.now();
    await models[k].trainOnBatch(x, y);
    return performance.now() - start;
  };
  try {
    for (let i = 0; i < warmup; ++i) for (let k = 0; k < models.length; ++k) await step(k);
    for (let i = 0; i < repetitions; ++i) {
      for (let j = 0; j < models.length; ++j) {
        const k = (i + j) % models.length;
        samples[k].push(await step(k));
      }
    }
  } finally {
    useBuiltinSelu(true);
    models.forEach(model => model.dispose());
    tf.dispose([x, y]);
  }
  const steps = Object.fromEntries(SNN_VARIANTS.map((variant, k) => [variant, stats(samples[k])])) as Record<SnnVariant, Stats>;
  const sampleOf = (variant: SnnVariant) => samples[SNN_VARIANTS.indexOf(variant)];
  const pairedCost = (variant: SnnVariant) => stats(sampleOf(variant).map((ms, i) => ms - sampleOf('selu')[i]));
  const dropoutCost = {op: pairedCost('selu + alphaDropout'), composition: pairedCost("selu + today's composition")};
  const result = {backend, steps, dropoutCost, repetitions};
  console.log(`${backend} SNN step: ${SNN_VARIANTS.map(v => `${v} ${steps[v].median.toFixed(1)} ms`).join(', ')}`);
  return result;
}

const fmt = (ms: number) => ms < 100 ? ms.toFixed(2) : ms.toFixed(0);
/** Dropout's share of the step with it: the median paired cost over the median step. */
const share = (cost: Stats, withDropout: Stats) => `${(100 * cost.median / withDropout.median).toFixed(0)}%`;

/** The op rows: ours against the baseline, with the step's peak memory ratio. */
export function alphaDropoutTable(timings: Result[], memory: MemoryResult[]): string {
  const lines = [
    "| backend | what | size | alphaDropout ms (p25–p75) | today's composition ms (p25–p75) | speed-up | limit ms | " +
        'most any kernel could gain | Threefry alone ms | most an in-shader Threefry could gain | step peak memory, ours / composition |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of timings) {
    const m = memory.find(entry => entry.backend === r.backend && entry.what === r.what);
    const peak = m ? `${(m.oursPeakBytes / 1e6).toFixed(1)} / ${(m.builtinPeakBytes / 1e6).toFixed(1)} MB ` +
        `(${(100 * m.oursPeakBytes / m.builtinPeakBytes).toFixed(0)}%)` : '—';
    lines.push(`| ${r.backend} | ${r.what} | ${r.size >= 1e6 ? `${r.size / 1e6}M` : r.size} | ${fmt(r.ours.median)} ` +
        `(${fmt(r.ours.p25)}–${fmt(r.ours.p75)}) | ${fmt(r.builtin.median)} (${fmt(r.builtin.p25)}–${fmt(r.builtin.p75)}) | ` +
        `**${r.speedup.toFixed(2)}x** | ${r.limit ? fmt(r.limit.median) : '—'} | ` +
        `${r.limit ? `${(r.builtin.median / r.limit.median).toFixed(2)}x` : '—'} | ` +
        `${r.generatorLimit ? fmt(r.generatorLimit.median) : '—'} | ` +
        `${r.generatorLimit ? `${(r.builtin.median / r.generatorLimit.median).toFixed(2)}x` : '—'} | ${peak} |`);
  }
  return lines.join('\n');
}

/** The SNN rows: each variant's median step, and dropout's share of the step with the op and with the baseline. */
export function snnTable(results: SnnResult[]): string {
  const lines = [
    `| backend | tf.selu (built-in) ms | selu ms | speed-up | linear ms (limit) | selu + alphaDropout ms | dropout's share | ` +
        `selu + today's composition ms | its share | reps |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const {backend, steps, dropoutCost, repetitions} of results) {
    const selu = steps.selu.median;
    const op = steps['selu + alphaDropout'];
    const baseline = steps["selu + today's composition"];
    const builtin = steps['tf.selu (built-in)'].median;
    lines.push(`| ${backend} | ${fmt(builtin)} | ${fmt(selu)} | **${(builtin / selu).toFixed(2)}x** | ${fmt(steps.linear.median)} | ` +
        `${fmt(op.median)} | **${share(dropoutCost.op, op)}** | ${fmt(baseline.median)} | ${share(dropoutCost.composition, baseline)} | ` +
        `${repetitions} |`);
  }
  return lines.join('\n');
}

/** The section's text: what the rows measure, then both tables. */
export function alphaDropoutSection(timings: Result[], memory: MemoryResult[], snn: SnnResult[]): string {
  return `AlphaDropout (issue 18), rate ${DROPOUT_RATE}. "today's composition" is the layer's training call before the op ` +
      `(randomUniform, greaterEqual, cast and six arithmetic ops, the mask kept for the backward pass), kept in ` +
      `bench/dropout.ts as the baseline; "step" is \`tf.grad(x => op(x))(x, dy)\`; peak memory from tf.profile over one step. ` +
      `"limit" is the backend's cheapest one-pass op (forward: \`neg\`, a copy on cpu; step: \`tf.grad(neg)\`, one pass each way), ` +
      `so "most any kernel could gain" (composition ÷ limit) bounds the speed-up of any one-pass kernel pair here. ` +
      `"Threefry alone" (webgl, bench/generator_limit.ts) is a pass that reads nothing and only draws one Threefry-2x32-20 ` +
      `block per output texel, the least a fragment drawing its mask in the shader can do (twice for a step): ` +
      `"most an in-shader Threefry could gain" (composition ÷ it) bounds any such kernel pair on this backend.\n\n` +
      `${alphaDropoutTable(timings, memory)}\n\n` +
      `SNN training step (784-512-512-512-512-10, \`activation: 'selu'\` on the plugin's kernels, batch ${SNN_BATCH}, ` +
      `trainOnBatch with SGD, loss read back; interleaved medians). "selu" runs the plugin's kernels (\`useSeluPluginForBuiltin\`), ` +
      `"tf.selu (built-in)" tfjs's own, "linear" the same network without an activation (the limit). ` +
      `"dropout's share" is (with − without) / with, the part of the step dropout costs: the median over rounds of ` +
      `the with-dropout step minus the 'selu' step of the same round (paired, so a slow stretch slows both), ` +
      `over the with-dropout median.\n\n${snnTable(snn)}`;
}
