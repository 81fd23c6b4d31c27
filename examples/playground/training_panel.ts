/**
 * The training panel: the shared SNN (examples/common/snn.ts, the plugin's
 * SeluLayer and AlphaDropout under the chosen constants) trained on the MNIST
 * subset shipped with the page, on the active backend, with a progress bar
 * and live loss / held-out accuracy charts.
 */
import type {SeluOptions} from 'tfjs-selu';
import type {TopLevelSpec} from 'vega-lite';
import {CLASSES, SNN, buildSnn, disposeSplit, heldOutMetrics, splitDigits, trainOneEpoch} from '../common/snn.js';
import type {Digit} from '../common/snn.js';
import {appendRows, drawChart} from './charts.js';
import {MNIST_ASSET, unpackDigits} from './mnist_format.js';

interface EpochRecord {
  /** 0: before training. */
  epoch: number;
  /** Mean training loss over the epoch's batches (undefined for epoch 0). */
  trainLoss?: number;
  heldOutLoss: number;
  heldOutAccuracy: number;
  seconds?: number;
}

export interface TrainingResult {
  trainSize: number;
  testSize: number;
  epochs: EpochRecord[];
  stopped: boolean;
}

let shipped: Promise<Digit[]> | undefined;

/** The digits shipped with the page (fetched once). */
function shippedDigits(): Promise<Digit[]> {
  return shipped ??= (async () => {
    const response = await fetch(MNIST_ASSET);
    if (!response.ok) throw new Error(`${MNIST_ASSET}: HTTP ${response.status}`);
    return unpackDigits(new Uint8Array(await response.arrayBuffer()));
  })();
}

/** The first `count / 10` digits of each label. */
function balancedSubset(digits: Digit[], count: number): Digit[] {
  const perLabel = Math.ceil(count / CLASSES);
  const taken = new Array<number>(CLASSES).fill(0);
  return digits.filter(({label}) => taken[label]++ < perLabel);
}

const LOSS = 'loss';
const ACCURACY = 'accuracy';

function trainingSpec(epochs: number): TopLevelSpec {
  const x = {field: 'epoch', type: 'quantitative' as const, title: 'epoch', scale: {domain: [0, epochs]}, axis: {tickMinStep: 1}};
  return {
    title: `SNN: ${SNN.hiddenLayers} hidden dense layers of ${SNN.width}, SELU + AlphaDropout ${SNN.dropout}, Adam ${SNN.learningRate}, ` +
        `batch ${SNN.batchSize}`,
    hconcat: [
      {
        width: 420, height: 230, data: {name: LOSS},
        mark: {type: 'line', point: {size: 14}, tooltip: true},
        encoding: {
          x, y: {field: 'loss', type: 'quantitative', title: 'cross-entropy'},
          color: {field: 'series', type: 'nominal', title: null, scale: {domain: ['training batches', 'held out']}},
        },
      },
      {
        width: 300, height: 230, data: {name: ACCURACY},
        mark: {type: 'line', point: true, tooltip: true},
        encoding: {x, y: {field: 'accuracy', type: 'quantitative', title: 'held-out accuracy (%)', scale: {domain: [0, 100]}}},
      },
    ],
  } as TopLevelSpec;
}

interface TrainingControls {
  status: (text: string) => void;
  progress: (fraction: number) => void;
  /** Polled between batches: true ends the run after the current batch. */
  stopRequested: () => boolean;
}

export async function runTraining(count: number, epochs: number, selu: SeluOptions, controls: TrainingControls): Promise<TrainingResult> {
  const plot = document.getElementById('training-plot')!;
  controls.progress(0);
  controls.status(`loading ${MNIST_ASSET}…`);
  const digits = balancedSubset(await shippedDigits(), count);
  const split = splitDigits(digits);
  const model = buildSnn('plugin SeluLayer', selu);
  try {
    const trainSize = split.train.x.shape[0];
    const testSize = split.test.labels.length;
    await drawChart(plot, trainingSpec(epochs));
    const record = async (entry: EpochRecord) => {
      await appendRows(plot, LOSS, [{epoch: entry.epoch, loss: entry.heldOutLoss, series: 'held out'}]);
      await appendRows(plot, ACCURACY, [{epoch: entry.epoch, accuracy: 100 * entry.heldOutAccuracy}]);
    };
    const first = {epoch: 0, ...renameMetrics(await heldOutMetrics(model, split.test))};
    const history: EpochRecord[] = [first];
    await record(first);
    let stopped = false;
    for (let epoch = 1; epoch <= epochs && !stopped; ++epoch) {
      const losses: number[] = [];
      const {seconds} = await trainOneEpoch(model, split.train, async (batch, batches, loss) => {
        losses.push(loss);
        controls.progress((epoch - 1 + (batch + 1) / batches) / epochs);
        controls.status(`epoch ${epoch}/${epochs}, batch ${batch + 1}/${batches}: loss ${loss.toFixed(4)}`);
        await appendRows(plot, LOSS, [{epoch: epoch - 1 + (batch + 1) / batches, loss, series: 'training batches'}]);
        if (controls.stopRequested()) {
          model.stopTraining = true;
          stopped = true;
        }
      });
      if (stopped) break;
      const entry = {epoch, trainLoss: losses.reduce((a, b) => a + b, 0) / losses.length, seconds,
        ...renameMetrics(await heldOutMetrics(model, split.test))};
      history.push(entry);
      await record(entry);
    }
    const last = history.at(-1)!;
    controls.status(`${stopped ? 'stopped' : 'done'}: ${trainSize} digits trained on, ${testSize} held out; ` +
        `held-out loss ${first.heldOutLoss.toFixed(4)} → ${last.heldOutLoss.toFixed(4)}, ` +
        `accuracy ${(100 * first.heldOutAccuracy).toFixed(1)}% → ${(100 * last.heldOutAccuracy).toFixed(1)}% after ${last.epoch} epochs` +
        (history.length > 1 ? `, ${(history.slice(1).reduce((s, e) => s + e.seconds!, 0) / (history.length - 1)).toFixed(2)} s per epoch` : ''));
    return {trainSize, testSize, epochs: history, stopped};
  } finally {
    // The optimizer was passed in as an object, so the model does not own (or dispose) its slots.
    model.optimizer.dispose();
    model.dispose();
    disposeSplit(split);
  }
}

function renameMetrics({loss, accuracy}: {loss: number, accuracy: number}): {heldOutLoss: number, heldOutAccuracy: number} {
  return {heldOutLoss: loss, heldOutAccuracy: accuracy};
}
