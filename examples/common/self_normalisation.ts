/**
 * The self-normalisation experiment, shared by the demo (Node) and the
 * playground (browser): standardised random inputs through a deep stack of
 * dense layers with weights of mean 0 and variance 1/fan_in (LeCun normal),
 * with SELU, ReLU or tanh after each; the mean and variance of every layer's
 * activations, on whichever backend is active.
 */
import * as tf from '@tensorflow/tfjs';
import {selu} from 'tfjs-selu';
import type {SeluOptions} from 'tfjs-selu';
import type {TopLevelSpec} from 'vega-lite';

export interface Stack {
  samples: number;
  width: number;
  depth: number;
  seed: number;
}

export const STACK: Stack = {samples: 250, width: 256, depth: 64, seed: 2017};

/** The criterion the demo checks: SELU within these of mean 0 and variance 1 at every depth. */
export const TOLERANCE = {mean: 0.1, variance: 0.2};

export const SELU_RUN = 'SELU (plugin)';
/** tfjs-layers' leCunNormal truncates at 2σ without rescaling: weight variance 0.774/fan_in (tfjs #8594). */
export const SELU_TFJS_LECUN_RUN = 'SELU, tfjs leCunNormal';
export const RUNS = [SELU_RUN, 'ReLU', 'tanh', SELU_TFJS_LECUN_RUN] as const;
export type RunName = typeof RUNS[number];

export interface LayerStats {
  run: RunName;
  layer: number;
  mean: number;
  variance: number;
}

interface ExperimentOptions {
  stack?: Stack;
  /** Which runs, in order (default: all of {@link RUNS}). */
  runs?: readonly RunName[];
  /** SELU's constants (default: the paper's). */
  selu?: SeluOptions;
  /** Called after each layer's statistics are read, e.g. to draw them as they arrive. */
  onLayer?: (stats: LayerStats) => void | Promise<void>;
}

export async function selfNormalisation(options: ExperimentOptions = {}): Promise<LayerStats[]> {
  const {stack = STACK, runs = RUNS, selu: seluOptions = {}, onLayer} = options;
  const {samples, width, depth, seed} = stack;
  const inputs = tf.tidy(() => {
    const raw = tf.randomNormal([samples, width], 0, 1, 'float32', seed);
    const {mean, variance} = tf.moments(raw, 0);
    return tf.div(tf.sub(raw, mean), tf.sqrt(variance));
  });
  // Exactly N(0, 1/fan_in), as in the paper, shared by SELU, ReLU and tanh.
  const lecun = (l: number) => tf.randomNormal([width, width], 0, 1 / Math.sqrt(width), 'float32', seed + 1 + l) as tf.Tensor2D;
  const tfjsLecun = (l: number) => tf.initializers.leCunNormal({seed: seed + 1 + l}).apply([width, width]) as tf.Tensor2D;
  const setups: Record<RunName, {activation: (x: tf.Tensor) => tf.Tensor, weights: (l: number) => tf.Tensor2D}> = {
    [SELU_RUN]: {activation: x => selu(x, seluOptions), weights: lecun},
    'ReLU': {activation: x => tf.relu(x), weights: lecun},
    'tanh': {activation: x => tf.tanh(x), weights: lecun},
    [SELU_TFJS_LECUN_RUN]: {activation: x => selu(x, seluOptions), weights: tfjsLecun},
  };
  const stats: LayerStats[] = [];
  try {
    for (const run of runs) {
      const {activation, weights} = setups[run];
      let activations = inputs.clone();
      try {
        for (let layer = 1; layer <= depth; ++layer) {
          // The same seeds give every run the same weights; drawing them per layer keeps one matrix alive at a time.
          const next = tf.tidy(() => activation(tf.matMul(activations, weights(layer - 1))));
          activations.dispose();
          activations = next;
          const moments = tf.moments(activations);
          const [mean, variance] = await Promise.all([moments.mean.data(), moments.variance.data()]);
          tf.dispose([moments.mean, moments.variance]);
          const layerStats = {run, layer, mean: mean[0], variance: variance[0]};
          stats.push(layerStats);
          await onLayer?.(layerStats);
        }
      } finally {
        activations.dispose();
      }
    }
  } finally {
    inputs.dispose();
  }
  return stats;
}

/** The range of SELU's per-layer statistics and whether it meets {@link TOLERANCE}. */
export function seluSummary(stats: LayerStats[], run: RunName = SELU_RUN): {
  mean: [number, number], variance: [number, number], withinTolerance: boolean,
} {
  const own = stats.filter(s => s.run === run);
  const mean: [number, number] = [Math.min(...own.map(s => s.mean)), Math.max(...own.map(s => s.mean))];
  const variance: [number, number] = [Math.min(...own.map(s => s.variance)), Math.max(...own.map(s => s.variance))];
  const withinTolerance = own.every(s => Math.abs(s.mean) <= TOLERANCE.mean && Math.abs(s.variance - 1) <= TOLERANCE.variance);
  return {mean, variance, withinTolerance};
}

/** One row per layer, one mean/variance column pair per run. */
export function statsTable(stats: LayerStats[]): Array<Record<string, number | string>> {
  const runs = [...new Set(stats.map(s => s.run))];
  const depth = Math.max(...stats.map(s => s.layer));
  return Array.from({length: depth}, (_, i) => {
    const row: Record<string, number | string> = {layer: i + 1};
    for (const run of runs) {
      const s = stats.find(t => t.run === run && t.layer === i + 1)!;
      row[`${run} mean`] = s.mean.toFixed(3);
      row[`${run} var`] = s.variance.toExponential(2);
    }
    return row;
  });
}

/**
 * Mean and variance per layer, one line per run, with SELU's tolerance band.
 * `data` names a Vega dataset instead of embedding `stats`, so that a page can
 * stream rows into it (`view.insert(name, rows)`).
 */
export function selfNormalisationPlot(stats: LayerStats[] | {name: string}, stack: Stack = STACK,
                                      runs: readonly RunName[] = RUNS): TopLevelSpec {
  const color = {field: 'run', type: 'nominal' as const, sort: [...runs], scale: {domain: [...runs]}, title: null,
    legend: {labelLimit: 260}};
  const layer = {field: 'layer', type: 'quantitative' as const, title: 'layer', scale: {domain: [1, stack.depth]}};
  const band = (y: number, y2: number) => ({
    data: {values: [{y, y2}]},
    mark: {type: 'rect', color: '#2ca02c', opacity: 0.12},
    encoding: {y: {field: 'y', type: 'quantitative'}, y2: {field: 'y2'}},
  });
  return {
    title: {
      text: `Self-normalisation through ${stack.depth} dense layers of width ${stack.width}`,
      subtitle: `weights N(0, 1/fan_in)${runs.includes(SELU_TFJS_LECUN_RUN) ? ' (tfjs leCunNormal: 0.774/fan_in)' : ''}, ` +
          `${stack.samples} standardised inputs; shaded: SELU's tolerance`,
    },
    data: Array.isArray(stats) ? {values: stats} : stats,
    hconcat: [
      {
        width: 330, height: 260,
        layer: [
          band(-TOLERANCE.mean, TOLERANCE.mean),
          {mark: {type: 'line', point: {size: 12}}, encoding: {x: layer, y: {field: 'mean', type: 'quantitative', title: 'mean of the activations'}, color}},
        ],
      },
      {
        width: 330, height: 260,
        layer: [
          band(1 - TOLERANCE.variance, 1 + TOLERANCE.variance),
          {mark: {type: 'line', point: {size: 12}}, encoding: {
            x: layer,
            y: {field: 'variance', type: 'quantitative', title: 'variance of the activations'},
            color,
          }},
        ],
      },
    ],
  } as TopLevelSpec;
}
