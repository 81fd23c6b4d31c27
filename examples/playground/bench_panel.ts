/**
 * The benchmark panel: the project's harness (bench/harness.ts) in the page,
 * on the active backend: the plugin against tf.selu, forward and training
 * step, A/B interleaved, medians, drawn as bars.
 */
import {selu} from 'tfjs-selu';
import * as tf from '@tensorflow/tfjs';
import type {TopLevelSpec} from 'vega-lite';
import {compare, repetitionsFor, standardComparisons} from '../../bench/harness.js';
import type {Result} from '../../bench/harness.js';
import {drawChart} from './charts.js';

const WHATS = ['forward', 'step'];
/** At least this many samples per contender, whatever the page's bound on repetitions. */
const MIN_REPETITIONS = 3;

const formatSize = (n: number) => n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);

function benchSpec(results: Result[], backend: string): TopLevelSpec {
  const rows = results.flatMap(r => {
    const size = formatSize(r.size);
    const bars = [
      {what: r.what, size, contender: 'plugin', ...r.ours},
      {what: r.what, size, contender: 'tf.selu', ...r.builtin},
    ];
    if (r.limit) bars.push({what: r.what, size, contender: 'limit', ...r.limit});
    return bars;
  });
  const contenders = ['plugin', 'tf.selu', 'limit'];
  const sizes = [...new Set(results.map(r => formatSize(r.size)))];
  return {
    title: {text: `plugin vs tf.selu on ${backend}`, subtitle: 'median ms per call including read-back, symlog scale (lower is better)'},
    data: {values: rows},
    facet: {column: {field: 'what', type: 'nominal', sort: WHATS, title: null, header: {labelFontSize: 13}}},
    spec: {
      width: 280, height: 220,
      encoding: {
        x: {field: 'size', type: 'ordinal', sort: sizes, title: 'elements'},
        xOffset: {field: 'contender', type: 'nominal', sort: contenders},
        color: {field: 'contender', type: 'nominal', sort: contenders, scale: {domain: contenders}, title: null},
      },
      layer: [
        {mark: {type: 'bar', tooltip: true}, encoding: {y: {field: 'median', type: 'quantitative', title: 'ms', scale: {type: 'symlog'}}}},
        {mark: {type: 'rule', color: 'black'}, encoding: {y: {field: 'p25', type: 'quantitative'}, y2: {field: 'p75'}}},
      ],
    },
    resolve: {scale: {y: 'independent'}},
  } as TopLevelSpec;
}

function fillTable(results: Result[]): void {
  const body = document.querySelector('#bench-table tbody')!;
  body.replaceChildren(...results.map(r => {
    const row = document.createElement('tr');
    row.replaceChildren(...[r.what, formatSize(r.size), r.ours.median.toFixed(3), r.builtin.median.toFixed(3), `${r.speedup.toFixed(2)}×`]
        .map(text => Object.assign(document.createElement('td'), {textContent: text})));
    return row;
  }));
}

export async function runBenchmark(sizes: number[], maxRepetitions: number, status: (text: string) => void): Promise<Result[]> {
  const backend = tf.getBackend();
  const results: Result[] = [];
  for (const size of sizes) {
    const {inputs, comparisons} = standardComparisons(backend, size, x => selu(x));
    try {
      for (const comparison of comparisons.filter(c => WHATS.includes(c.what))) {
        const repetitions = Math.max(MIN_REPETITIONS, Math.min(repetitionsFor(size), maxRepetitions));
        status(`${comparison.what}, ${formatSize(size)} elements: ${repetitions} interleaved repetitions…`);
        results.push(await compare(comparison, repetitions));
        fillTable(results);
      }
    } finally {
      tf.dispose(inputs);
    }
  }
  await drawChart(document.getElementById('bench-plot')!, benchSpec(results, backend));
  status(`done on ${backend}: speed-up (tf.selu median / plugin median) ` +
      results.map(r => `${r.what} ${formatSize(r.size)} ${r.speedup.toFixed(2)}×`).join(', '));
  return results;
}
