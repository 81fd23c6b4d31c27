/**
 * The self-normalisation experiment: standardised random inputs through a
 * deep stack of dense layers with weights of mean 0 and variance 1/fan_in
 * (LeCun normal), with SELU, ReLU or tanh after each; the mean and variance
 * of every layer's activations.
 */
import * as tf from '@tensorflow/tfjs';
import {selu} from 'tfjs-selu';
import type {TopLevelSpec} from 'vega-lite';

export const STACK = {samples: 250, width: 256, depth: 64, seed: 2017};

/** The criterion the demo checks: SELU within these of mean 0 and variance 1 at every depth. */
export const TOLERANCE = {mean: 0.1, variance: 0.2};

export const SELU_RUN = 'SELU (plugin)';
/** tfjs-layers' leCunNormal truncates at 2σ without rescaling: weight variance 0.774/fan_in (tfjs #8594). */
export const SELU_TFJS_LECUN_RUN = 'SELU, tfjs leCunNormal';

export interface LayerStats {
  run: string;
  layer: number;
  mean: number;
  variance: number;
}

interface Run {
  name: string;
  activation: (x: tf.Tensor) => tf.Tensor;
  weights: tf.Tensor2D[];
}

export async function selfNormalisation(): Promise<LayerStats[]> {
  const {samples, width, depth, seed} = STACK;
  const inputs = tf.tidy(() => {
    const raw = tf.randomNormal([samples, width], 0, 1, 'float32', seed);
    const {mean, variance} = tf.moments(raw, 0);
    return tf.div(tf.sub(raw, mean), tf.sqrt(variance));
  });
  // Exactly N(0, 1/fan_in), as in the paper, shared by SELU, ReLU and tanh.
  const lecun = Array.from({length: depth}, (_, l) =>
    tf.randomNormal([width, width], 0, 1 / Math.sqrt(width), 'float32', seed + 1 + l) as tf.Tensor2D);
  const tfjsLecun = Array.from({length: depth}, (_, l) =>
    tf.initializers.leCunNormal({seed: seed + 1 + l}).apply([width, width]) as tf.Tensor2D);
  const runs: Run[] = [
    {name: SELU_RUN, activation: x => selu(x), weights: lecun},
    {name: 'ReLU', activation: x => tf.relu(x), weights: lecun},
    {name: 'tanh', activation: x => tf.tanh(x), weights: lecun},
    {name: SELU_TFJS_LECUN_RUN, activation: x => selu(x), weights: tfjsLecun},
  ];
  const stats: LayerStats[] = [];
  for (const run of runs) {
    let activations = inputs.clone();
    for (let layer = 1; layer <= depth; ++layer) {
      const next = tf.tidy(() => run.activation(tf.matMul(activations, run.weights[layer - 1])));
      activations.dispose();
      activations = next;
      const {mean, variance} = tf.moments(activations);
      stats.push({run: run.name, layer, mean: (await mean.data())[0], variance: (await variance.data())[0]});
      tf.dispose([mean, variance]);
    }
    activations.dispose();
  }
  tf.dispose([inputs, ...lecun, ...tfjsLecun]);
  return stats;
}

/** The range of SELU's per-layer statistics and whether it meets {@link TOLERANCE}. */
export function seluSummary(stats: LayerStats[], run = SELU_RUN): {
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
  return Array.from({length: STACK.depth}, (_, i) => {
    const row: Record<string, number | string> = {layer: i + 1};
    for (const run of runs) {
      const s = stats.find(t => t.run === run && t.layer === i + 1)!;
      row[`${run} mean`] = s.mean.toFixed(3);
      row[`${run} var`] = s.variance.toExponential(2);
    }
    return row;
  });
}

export function selfNormalisationPlot(stats: LayerStats[]): TopLevelSpec {
  const runs = [...new Set(stats.map(s => s.run))];
  const color = {field: 'run', type: 'nominal', sort: runs, title: null, legend: {labelLimit: 260}} as const;
  const layer = {field: 'layer', type: 'quantitative', title: 'layer'} as const;
  const band = (y: number, y2: number) => ({
    data: {values: [{y, y2}]},
    mark: {type: 'rect', color: '#2ca02c', opacity: 0.12},
    encoding: {y: {field: 'y', type: 'quantitative'}, y2: {field: 'y2'}},
  });
  return {
    title: {
      text: `Self-normalisation through ${STACK.depth} dense layers of width ${STACK.width}`,
      subtitle: `weights N(0, 1/fan_in) (tfjs leCunNormal: 0.774/fan_in), ${STACK.samples} standardised inputs; ` +
          `shaded: SELU's tolerance`,
    },
    data: {values: stats},
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
