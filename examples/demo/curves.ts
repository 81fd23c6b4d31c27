/**
 * selu, selu' and selu'' through the plugin's kernels (forward, tf.grad,
 * tf.grad of tf.grad), and the generalised family for a few (alpha, scale).
 */
import * as tf from '@tensorflow/tfjs';
import {SELU_ALPHA, SELU_SCALE, selu} from 'tfjs-selu';
import type {SeluOptions} from 'tfjs-selu';
import type {TopLevelSpec} from 'vega-lite';

const FUNCTIONS = ['selu(x)', 'selu′(x)', 'selu″(x)'];

/** A point of a curve, or a marker at 0 (`side` = the marker's kind). */
interface CurvePoint {
  function: string;
  x: number;
  y: number;
  /** Each side of 0 is drawn as its own line, so the jumps at 0 stay visible. */
  side: 'x ≤ 0' | 'x > 0' | typeof MARKERS[number];
}

const MARKERS = ['value at 0', 'limit from the right'] as const;

/** selu and its first two derivatives at `xs`, each computed by the plugin. */
async function seluAndDerivatives(xs: number[]): Promise<Float32Array[]> {
  const x = tf.tensor1d(xs);
  const first = tf.grad((t: tf.Tensor) => selu(t));
  const second = tf.grad((t: tf.Tensor) => first(t));
  const results = [selu(x), first(x), second(x)];
  const values = await Promise.all(results.map(async t => await t.data() as Float32Array));
  tf.dispose([x, ...results]);
  return values;
}

function range(start: number, stop: number, count: number): number[] {
  return Array.from({length: count}, (_, i) => start + (stop - start) * i / (count - 1));
}

/** The derivatives plot: one panel per function, dots for the value at 0 and open circles for the limit from the right. */
export async function derivativesPlot(): Promise<TopLevelSpec> {
  const left = range(-4, 0, 401);
  const right = range(1e-6, 3, 301);
  const [leftValues, rightValues] = await Promise.all([seluAndDerivatives(left), seluAndDerivatives(right)]);
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
  return {
    title: `SELU and its derivatives through the plugin's kernels (α = ${SELU_ALPHA.toFixed(4)}, λ = ${SELU_SCALE.toFixed(4)})`,
    data: {values: points},
    facet: {column: {field: 'function', type: 'nominal', sort: FUNCTIONS, title: null, header: {labelFontSize: 13}}},
    spec: {
      width: 240,
      height: 220,
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

/** A few members of the generalised family selu(x; α, λ). */
export const FAMILY: Array<{label: string, options: Required<SeluOptions>}> = [
  {label: `paper: α = ${SELU_ALPHA.toFixed(4)}, λ = ${SELU_SCALE.toFixed(4)}`, options: {alpha: SELU_ALPHA, scale: SELU_SCALE}},
  {label: 'ELU: α = 1, λ = 1', options: {alpha: 1, scale: 1}},
  {label: `λ·relu: α = 0, λ = ${SELU_SCALE.toFixed(4)}`, options: {alpha: 0, scale: SELU_SCALE}},
  {label: 'α = 3, λ = 1', options: {alpha: 3, scale: 1}},
  {label: 'α = 1, λ = 1.5', options: {alpha: 1, scale: 1.5}},
];

export async function familyPlot(): Promise<TopLevelSpec> {
  const xs = range(-4, 3, 701);
  const x = tf.tensor1d(xs);
  const points: Array<{family: string, x: number, y: number}> = [];
  for (const {label, options} of FAMILY) {
    const y = selu(x, options);
    const values = await y.data();
    y.dispose();
    xs.forEach((v, i) => points.push({family: label, x: v, y: values[i]}));
  }
  x.dispose();
  return {
    title: 'The generalised family selu(x; α, λ) = λx for x > 0, λα(eˣ − 1) for x ≤ 0',
    width: 520,
    height: 300,
    data: {values: points},
    mark: {type: 'line', strokeWidth: 2},
    encoding: {
      x: {field: 'x', type: 'quantitative'},
      y: {field: 'y', type: 'quantitative', title: 'selu(x; α, λ)'},
      color: {field: 'family', type: 'nominal', sort: FAMILY.map(f => f.label), title: '(α, λ)', legend: {labelLimit: 300}},
    },
  };
}

/** Values at a few points, for the console: what the plot shows, in numbers. */
export async function derivativeTable(): Promise<Array<Record<string, number>>> {
  const xs = [-10, -1, -1e-4, 0, 1e-4, 1, 10];
  const [y, d1, d2] = await seluAndDerivatives(xs);
  return xs.map((x, i) => ({'x': x, 'selu(x)': y[i], 'selu′(x)': d1[i], 'selu″(x)': d2[i]}));
}
