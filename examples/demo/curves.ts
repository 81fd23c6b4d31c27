/**
 * The generalised family selu(x; α, λ) for a few (alpha, scale), and the
 * derivatives at a few points for the console (the derivatives plot is
 * shared with the playground: examples/common/derivatives.ts).
 */
import * as tf from '@tensorflow/tfjs';
import {SELU_ALPHA, SELU_SCALE, selu} from 'tfjs-selu';
import type {SeluOptions} from 'tfjs-selu';
import type {TopLevelSpec} from 'vega-lite';
import {range, seluAndDerivatives} from '../common/derivatives.js';

export {derivativesPlot} from '../common/derivatives.js';

/** A few members of the generalised family selu(x; α, λ). */
const FAMILY: Array<{label: string, options: Required<SeluOptions>}> = [
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
