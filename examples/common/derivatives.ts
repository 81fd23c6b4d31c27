/**
 * selu, selu′ and selu″ through the plugin's kernels (forward, tf.grad, tf.grad
 * of tf.grad) and the Vega-Lite plot of them, shared by the demo (Node) and
 * the playground (browser).
 */
import * as tf from '@tensorflow/tfjs';
import {SELU_ALPHA, SELU_SCALE, selu} from 'tfjs-selu';
import type {SeluOptions} from 'tfjs-selu';
import type {TopLevelSpec} from 'vega-lite';

export const FUNCTIONS = ['selu(x)', 'selu′(x)', 'selu″(x)'] as const;

const MARKERS = ['value at 0', 'limit from the right'] as const;

/** A point of a curve, or a marker at 0 (`side` = the marker's kind). */
interface CurvePoint {
  function: string;
  x: number;
  y: number;
  /** Each side of 0 is drawn as its own line, so the jumps at 0 stay visible. */
  side: 'x ≤ 0' | 'x > 0' | typeof MARKERS[number];
}

/** selu and its first two derivatives at `xs`, each computed by the plugin on the active backend. */
export async function seluAndDerivatives(xs: ArrayLike<number>, options: SeluOptions = {}): Promise<Float32Array[]> {
  const x = tf.tensor1d(Float32Array.from(xs));
  try {
    const first = tf.grad((t: tf.Tensor) => selu(t, options));
    const second = tf.grad((t: tf.Tensor) => first(t));
    const results: tf.Tensor[] = [];
    try {
      results.push(selu(x, options), first(x), second(x));
      return await Promise.all(results.map(async t => await t.data() as Float32Array));
    } finally {
      tf.dispose(results);
    }
  } finally {
    x.dispose();
  }
}

export function range(start: number, stop: number, count: number): number[] {
  return Array.from({length: count}, (_, i) => start + (stop - start) * i / (count - 1));
}

/** Grids either side of 0 (the right one starts just above 0, so the limit from the right shows). */
const DEFAULT_GRID = {left: range(-4, 0, 401), right: range(1e-6, 3, 301)};

const fmt = (v: number) => v.toFixed(4);

/**
 * The derivatives plot: one panel per function, dots for the value at 0 and
 * open circles for the limit from the right. `left` must end at 0, `right`
 * start just above it.
 */
export async function derivativesPlot(options: SeluOptions = {}, grid = DEFAULT_GRID,
                                      size = {width: 240, height: 220}): Promise<TopLevelSpec> {
  const {left, right} = grid;
  const [leftValues, rightValues] = await Promise.all([seluAndDerivatives(left, options), seluAndDerivatives(right, options)]);
  const points: CurvePoint[] = [];
  FUNCTIONS.forEach((name, f) => {
    left.forEach((x, i) => points.push({function: name, x, y: leftValues[f][i], side: 'x ≤ 0'}));
    right.forEach((x, i) => points.push({function: name, x, y: rightValues[f][i], side: 'x > 0'}));
    points.push({function: name, x: 0, y: leftValues[f][left.length - 1], side: MARKERS[0]});
    points.push({function: name, x: 0, y: rightValues[f][0], side: MARKERS[1]});
  });
  const x = {field: 'x', type: 'quantitative', title: 'x'} as const;
  const y = {field: 'y', type: 'quantitative', title: null} as const;
  const isMarker = MARKERS.map(m => `datum.side === '${m}'`).join(' || ');
  const {alpha = SELU_ALPHA, scale = SELU_SCALE} = options;
  return {
    title: `SELU and its derivatives through the plugin's kernels (α = ${fmt(alpha)}, λ = ${fmt(scale)})`,
    data: {values: points},
    facet: {column: {field: 'function', type: 'nominal', sort: [...FUNCTIONS], title: null, header: {labelFontSize: 13}}},
    spec: {
      ...size,
      layer: [
        {transform: [{filter: `!(${isMarker})`}], mark: {type: 'line', strokeWidth: 2}, encoding: {x, y, detail: {field: 'side'}}},
        {
          transform: [{filter: isMarker}],
          mark: {type: 'point', size: 70, strokeWidth: 2, opacity: 1, shape: 'circle', stroke: '#1f77b4'},
          encoding: {
            x, y,
            fill: {field: 'side', type: 'nominal', scale: {domain: [...MARKERS], range: ['#1f77b4', 'white']},
              title: null, legend: {labelLimit: 200}},
          },
        },
      ],
    },
    resolve: {scale: {y: 'independent'}},
  } as TopLevelSpec;
}
