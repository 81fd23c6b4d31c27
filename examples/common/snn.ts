/**
 * The self-normalizing network on MNIST digits, shared by the demo (Node, the
 * `mnist` package's 10,000 digits) and the playground (browser, a subset
 * packed into the page): the split, the standardisation, the model (hidden
 * dense layers, SELU — the plugin's SeluLayer or tfjs-layers' built-in — and
 * AlphaDropout after each), one training epoch, the held-out accuracy.
 */
import * as tf from '@tensorflow/tfjs';
import type {SeluOptions} from 'tfjs-selu';
// lecunNormal: Keras's LeCun normal, variance exactly 1/fan_in as SNNs need (tfjs-layers'
// leCunNormal truncates at 2σ without rescaling: variance 0.774/fan_in).
import {lecunNormal, seluAlphaDropout, seluLayer} from 'tfjs-selu/layers';
import {CLASSES, PIXELS} from './mnist_digits.js';
import type {Digit} from './mnist_digits.js';

export {CLASSES, PIXELS};
export type {Digit};

export const SNN = {hiddenLayers: 8, width: 128, dropout: 0.05, batchSize: 128, learningRate: 1e-3, seed: 42};

/** Every fifth sample of each digit is held out: never trained on. */
const HOLD_OUT_EVERY = 5;

export const VARIANTS = ['plugin SeluLayer', 'built-in activation \'selu\''] as const;
export type Variant = typeof VARIANTS[number];

export interface Split {
  train: {x: tf.Tensor2D, y: tf.Tensor2D};
  test: {x: tf.Tensor2D, labels: Int32Array};
}

/**
 * Deterministic split (every fifth sample of each label held out), inputs
 * standardised with the training set's pixel mean and deviation.
 */
export function splitDigits(digits: Iterable<Digit>): Split {
  const sets = {train: [] as Digit[], test: [] as Digit[]};
  const seen = new Array<number>(CLASSES).fill(0);
  for (const digit of digits) {
    (seen[digit.label]++ % HOLD_OUT_EVERY === 0 ? sets.test : sets.train).push(digit);
  }
  let sum = 0;
  for (const {pixels} of sets.train) for (let i = 0; i < PIXELS; ++i) sum += pixels[i];
  const mean = sum / (sets.train.length * PIXELS);
  let squares = 0;
  for (const {pixels} of sets.train) for (let i = 0; i < PIXELS; ++i) squares += (pixels[i] - mean) ** 2;
  const deviation = Math.sqrt(squares / (sets.train.length * PIXELS));
  const inputs = (set: Digit[]) => {
    const values = new Float32Array(set.length * PIXELS);
    set.forEach(({pixels}, n) => {
      for (let i = 0; i < PIXELS; ++i) values[n * PIXELS + i] = (pixels[i] - mean) / deviation;
    });
    return tf.tensor2d(values, [set.length, PIXELS]);
  };
  const labels = (set: Digit[]) => Int32Array.from(set, ({label}) => label);
  return {
    train: {x: inputs(sets.train), y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels(sets.train), 'int32'), CLASSES) as tf.Tensor2D)},
    test: {x: inputs(sets.test), labels: labels(sets.test)},
  };
}

export function disposeSplit(split: Split): void {
  tf.dispose([split.train.x, split.train.y, split.test.x]);
}

/**
 * The SNN; both variants get identical initial weights (same seeds). `selu`
 * sets the plugin variant's constants (the built-in has the paper's only).
 */
export function buildSnn(variant: Variant, selu: SeluOptions = {}): tf.Sequential {
  const {hiddenLayers, width, dropout, seed} = SNN;
  const model = tf.sequential();
  for (let i = 0; i < hiddenLayers; ++i) {
    model.add(tf.layers.dense({
      units: width,
      inputShape: i === 0 ? [PIXELS] : undefined,
      kernelInitializer: lecunNormal({seed: seed + i}),
      activation: variant === 'plugin SeluLayer' ? 'linear' : 'selu',
    }));
    if (variant === 'plugin SeluLayer') model.add(seluLayer(selu));
    model.add(seluAlphaDropout({rate: dropout, ...selu}));
  }
  model.add(tf.layers.dense({units: CLASSES, activation: 'softmax', kernelInitializer: lecunNormal({seed: seed + hiddenLayers})}));
  model.compile({optimizer: tf.train.adam(SNN.learningRate), loss: 'categoricalCrossentropy'});
  return model;
}

/** Cross-entropy and accuracy on the held-out digits. */
export async function heldOutMetrics(model: tf.Sequential, test: Split['test']): Promise<{loss: number, accuracy: number}> {
  const [loss, predicted] = tf.tidy(() => {
    const probabilities = model.predict(test.x) as tf.Tensor2D;
    const targets = tf.oneHot(tf.tensor1d(test.labels, 'int32'), CLASSES);
    return [tf.mean(tf.metrics.categoricalCrossentropy(targets, probabilities)), tf.argMax(probabilities, 1)];
  });
  const [lossValue, classes] = await Promise.all([loss.data(), predicted.data()]);
  tf.dispose([loss, predicted]);
  const correct = test.labels.filter((label, i) => classes[i] === label).length;
  return {loss: lossValue[0], accuracy: correct / test.labels.length};
}

/** One epoch of `fit` (shuffled); `onBatch` sees each batch's loss. Returns the epoch's loss and seconds. */
export async function trainOneEpoch(model: tf.Sequential, train: Split['train'],
                                    onBatch?: (batch: number, batches: number, loss: number) => void | Promise<void>):
    Promise<{loss: number, seconds: number}> {
  const batches = Math.ceil(train.x.shape[0] / SNN.batchSize);
  const start = performance.now();
  const history = await model.fit(train.x, train.y, {
    epochs: 1,
    batchSize: SNN.batchSize,
    shuffle: true,
    verbose: 0,
    callbacks: {onBatchEnd: async (batch, logs) => onBatch?.(batch, batches, logs?.loss ?? NaN)},
  });
  return {loss: history.history.loss[0] as number, seconds: (performance.now() - start) / 1000};
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
