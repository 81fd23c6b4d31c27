/**
 * The self-normalisation panel: the shared experiment
 * (examples/common/self_normalisation.ts) on the active backend, its chart
 * filled layer by layer.
 */
import type {SeluOptions} from 'tfjs-selu';
import {SELU_RUN, TOLERANCE, seluSummary, selfNormalisation, selfNormalisationPlot} from '../common/self_normalisation.js';
import type {LayerStats, RunName, Stack} from '../common/self_normalisation.js';
import {appendRows, drawChart} from './charts.js';

const RUNS: readonly RunName[] = [SELU_RUN, 'ReLU', 'tanh'];
const DATASET = 'layers';

export interface ExperimentResult {
  stack: Stack;
  stats: LayerStats[];
  selu: ReturnType<typeof seluSummary>;
}

export async function runExperiment(stack: Stack, selu: SeluOptions, status: (text: string) => void): Promise<ExperimentResult> {
  const plot = document.getElementById('experiment-plot')!;
  await drawChart(plot, selfNormalisationPlot({name: DATASET}, stack, RUNS));
  const stats = await selfNormalisation({
    stack, selu, runs: RUNS,
    onLayer: async layer => {
      status(`${layer.run}: layer ${layer.layer}/${stack.depth}`);
      await appendRows(plot, DATASET, [layer]);
    },
  });
  const summary = seluSummary(stats);
  const last = (run: RunName) => stats.filter(s => s.run === run).at(-1)!;
  const interval = ([low, high]: [number, number]) => `[${low.toFixed(4)}, ${high.toFixed(4)}]`;
  status(`SELU: mean in ${interval(summary.mean)}, variance in ${interval(summary.variance)} over ${stack.depth} layers ` +
      `(${summary.withinTolerance ? 'within' : 'outside'} ±${TOLERANCE.mean} / ±${TOLERANCE.variance} of (0, 1))\n` +
      `layer ${stack.depth}: ReLU variance ${last('ReLU').variance.toExponential(2)}, tanh variance ${last('tanh').variance.toExponential(2)}`);
  return {stack, stats, selu: summary};
}
