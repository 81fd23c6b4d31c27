/**
 * The browser example: selu, selu' and selu'' computed by the plugin's WebGL
 * kernels, drawn with Vega-Lite. Sets `data-status` on <body> to 'rendered'
 * (or 'error') and exposes the values as `window.seluExample` when done.
 */
import * as tf from '@tensorflow/tfjs';
import {selu} from 'tfjs-selu';
import 'tfjs-selu/webgl';
import {parse, View} from 'vega';
import {compile} from 'vega-lite';
import type {TopLevelSpec} from 'vega-lite';

interface ExampleResult {
  backend: string;
  xs: number[];
  curves: Record<'selu' | 'selu′' | 'selu″', number[]>;
}

declare global {
  interface Window {
    seluExample?: ExampleResult;
  }
}

/** x from -4 to 3, with 0 in the grid (the derivatives jump there). */
const xs = Array.from({length: 141}, (_, i) => (i - 80) / 20);

async function compute(): Promise<ExampleResult> {
  if (!await tf.setBackend('webgl')) throw new Error('WebGL is not available in this browser');
  const x = tf.tensor1d(xs);
  const first = tf.grad((t: tf.Tensor) => selu(t));
  const second = tf.grad((t: tf.Tensor) => first(t));
  const [y, d1, d2] = [selu(x), first(x), second(x)];
  const curves = {
    'selu': Array.from(await y.data()),
    'selu′': Array.from(await d1.data()),
    'selu″': Array.from(await d2.data()),
  };
  tf.dispose([x, y, d1, d2]);
  return {backend: tf.getBackend(), xs, curves};
}

function spec({xs: grid, curves}: ExampleResult): TopLevelSpec {
  // selu′ and selu″ jump at 0: each side is its own line segment, so the jumps show.
  const values = Object.entries(curves).flatMap(([name, ys]) =>
    grid.map((x, i) => ({function: name, x, y: ys[i], side: name === 'selu' || x <= 0 ? 'left' : 'right'})));
  return {
    width: 480,
    height: 300,
    data: {values},
    mark: {type: 'line', strokeWidth: 2},
    encoding: {
      x: {field: 'x', type: 'quantitative'},
      y: {field: 'y', type: 'quantitative', title: null},
      color: {field: 'function', type: 'nominal', title: null},
      // selu′ = selu″ for x ≤ 0: dashes keep both visible.
      strokeDash: {field: 'function', type: 'nominal', title: null},
      detail: {field: 'side'},
    },
  };
}

async function main(): Promise<void> {
  const result = await compute();
  document.getElementById('backend')!.textContent = `backend: ${result.backend}`;
  const view = new View(parse(compile(spec(result)).spec), {renderer: 'svg', container: '#plot'});
  await view.runAsync();
  const at = (x: number) => xs.findIndex(v => Math.abs(v - x) < 1e-9);
  document.getElementById('values')!.textContent = [-1, 0, 1].map(x =>
    `x = ${x}: selu ${result.curves.selu[at(x)].toFixed(6)}, selu′ ${result.curves['selu′'][at(x)].toFixed(6)}, ` +
    `selu″ ${result.curves['selu″'][at(x)].toFixed(6)}`).join('\n');
  window.seluExample = result;
  document.body.dataset.status = 'rendered';
}

main().catch(error => {
  document.body.dataset.status = 'error';
  document.getElementById('backend')!.textContent = `error: ${error instanceof Error ? error.message : String(error)}`;
  throw error;
});
