/**
 * tfjs-selu/layers: SeluLayer and SeluAlphaDropout forward, validation,
 * training with fit, and save → load round trips through the memory and file
 * IO handlers with identical predictions.
 */
import * as tf from '@tensorflow/tfjs';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import '../../kernels/cpu/index.js';
import {AlphaDropoutGradKernel, AlphaDropoutKernel, SELU_ALPHA, SELU_SCALE, SeluGradKernel, selu} from '../../src/index.js';
import {KerasAlphaDropout, SeluAlphaDropout, SeluLayer, seluAlphaDropout, seluLayer} from '../../src/layers/index.js';
import {deriveKey, keyFromSeed} from '../../src/random/threefry.js';
import {referenceAttrs, referenceKeep} from '../support/alpha_dropout_reference.js';
import {expectClose, expectEqual, expectNoLeak, expectThrows, expectTrue, take} from '../support/assertions.js';
import {savedArtifacts} from '../support/model_io.js';
import {grid, randomNormals, seluRef} from '../support/reference.js';
import {skipRequested} from '../support/env.js';
import {CPU_FORWARD} from '../support/tolerances.js';

const ELU = {alpha: 1, scale: 1};

/** A deep self-normalizing network: LeCun-normal dense layers, SeluLayer, both AlphaDropouts. */
function snn(): tf.Sequential {
  const init = (seed: number) => tf.initializers.leCunNormal({seed});
  return tf.sequential({layers: [
    tf.layers.dense({units: 24, inputShape: [6], kernelInitializer: init(1)}),
    seluLayer(),
    seluAlphaDropout({rate: 0.05}),
    tf.layers.dense({units: 24, kernelInitializer: init(2)}),
    seluLayer(ELU),
    tf.layers.alphaDropout({rate: 0.05}),
    tf.layers.dense({units: 2, kernelInitializer: init(3)}),
  ]});
}

function data(): {x: tf.Tensor2D, y: tf.Tensor2D} {
  const x = tf.tensor2d(randomNormals(64 * 6, 7, 1), [64, 6]);
  const y = tf.tidy(() => tf.concat([tf.sum(x, 1, true), tf.max(x, 1, true)], 1)) as tf.Tensor2D;
  return {x, y};
}

/** The saved layer configs of a Sequential model. */
function layerConfigs(topology: object | ArrayBuffer | undefined): Array<{class_name: string, config: Record<string, unknown>}> {
  return (topology as {config: {layers: Array<{class_name: string, config: Record<string, unknown>}>}}).config.layers;
}

describe('tfjs-selu/layers on cpu', () => {
  before(async () => {
    expectTrue(await tf.setBackend('cpu'), 'cpu backend');
  });

  describe('seluLayer', () => {
    it('applies the plugin\'s op with the paper\'s or custom constants', async () => {
      const xs = grid(-5, 5, 101);
      const x = tf.tensor2d(xs, [1, 101]);
      const paper = await take(seluLayer().apply(x) as tf.Tensor);
      const elu = await take(seluLayer(ELU).apply(x) as tf.Tensor);
      x.dispose();
      expectClose(paper, Float64Array.from(xs, v => seluRef(v)), CPU_FORWARD, xs, 'seluLayer()');
      expectClose(elu, Float64Array.from(xs, v => seluRef(v, ELU)), CPU_FORWARD, xs, 'seluLayer(ELU)');
    });

    it('round-trips its constants exactly through getConfig / fromConfig', () => {
      const layer = seluLayer({alpha: 0.5, scale: 2, name: 'act'});
      const config = layer.getConfig();
      expectEqual([config.alpha, config.scale, config.name], [0.5, 2, 'act'], 'config');
      const copy = SeluLayer.fromConfig(SeluLayer, JSON.parse(JSON.stringify(config))) as SeluLayer;
      expectEqual([copy.alpha, copy.scale, copy.name], [0.5, 2, 'act'], 'fromConfig');
      expectEqual([seluLayer().alpha, seluLayer().scale], [SELU_ALPHA, SELU_SCALE], 'defaults');
    });

    it('rejects bad arguments naming the argument and seluLayer, in the factory and in fromConfig', () => {
      expectThrows(() => seluLayer({alpha: -1}), '\'alpha\'', '\'seluLayer\'', '-1');
      expectThrows(() => seluLayer({scale: 0}), '\'scale\'', '\'seluLayer\'');
      expectThrows(() => seluLayer({alpha: NaN}), '\'alpha\'', '\'seluLayer\'');
      expectThrows(() => seluLayer('fast' as never), '\'args\'', '\'seluLayer\'');
      expectThrows(() => SeluLayer.fromConfig(SeluLayer, {alpha: 1, scale: 'big'}), '\'scale\'', '\'seluLayer\'', 'string');
      const pair = [tf.ones([1, 2]), tf.ones([1, 2])];
      expectThrows(() => seluLayer().call(pair, {}), '\'seluLayer\'', 'exactly one input');
      tf.dispose(pair);
    });
  });

  describe('seluAlphaDropout', () => {
    it('keeps mean 0 and variance 1 while training, sets dropped units to −λα, and is the identity at inference', async () => {
      const x = tf.tidy(() => selu(tf.tensor1d(randomNormals(200000, 3, 1))));
      const layer = seluAlphaDropout({rate: 0.2});
      const trained = layer.apply(x, {training: true}) as tf.Tensor;
      const {mean, variance} = tf.moments(trained);
      const [m, v] = [(await take(mean))[0], (await take(variance))[0]];
      expectTrue(Math.abs(m) < 0.01 && Math.abs(v - 1) < 0.02, `mean ${m}, variance ${v}`);
      // Dropped units all map to one value: a·(−λα) + b.
      const q = 0.2;
      const saturation = -SELU_SCALE * SELU_ALPHA;
      const a = ((1 - q) * (1 + q * saturation ** 2)) ** -0.5;
      const droppedValue = a * saturation - a * saturation * q;
      const values = await take(trained);
      const dropped = values.filter(value => Math.abs(value - droppedValue) < 1e-5).length / values.length;
      expectTrue(Math.abs(dropped - q) < 0.01, `fraction at the dropped value: ${dropped}`);
      const inference = await take(layer.apply(x) as tf.Tensor);
      expectEqual(Array.from(inference), Array.from(await take(x)), 'inference output');
    });

    it('rejects a bad rate or constants naming the argument and seluAlphaDropout', () => {
      expectThrows(() => seluAlphaDropout({rate: 1}), '\'rate\'', '\'seluAlphaDropout\'', '1');
      expectThrows(() => seluAlphaDropout({} as never), '\'rate\'', '\'seluAlphaDropout\'', 'undefined');
      expectThrows(() => seluAlphaDropout({rate: 0.1, alpha: -2}), '\'alpha\'', '\'seluAlphaDropout\'');
      expectThrows(() => SeluAlphaDropout.fromConfig(SeluAlphaDropout, {rate: -0.1}), '\'rate\'', '\'seluAlphaDropout\'');
    });
  });

  describe('seluAlphaDropout on the alphaDropout op', () => {
    /** The keep pattern of one training call: the dropped value is the layer's only constant output. */
    async function keepOfCall(layer: SeluAlphaDropout, x: tf.Tensor): Promise<Uint8Array> {
      const dx = await take(tf.grad((t: tf.Tensor) => layer.apply(t, {training: true}) as tf.Tensor)(x));
      return Uint8Array.from(dx, v => (v !== 0 ? 1 : 0));
    }

    it('seeded: call n uses the key derived from the seed and n, the same in a new layer, new at every step', async () => {
      const x = tf.zeros([8, 40]);
      const first = seluAlphaDropout({rate: 0.3, seed: 1234});
      const calls = [await keepOfCall(first, x), await keepOfCall(first, x), await keepOfCall(first, x)];
      for (let n = 0; n < 3; n++) {
        const attrs = referenceAttrs(0.3, deriveKey(keyFromSeed(1234), n), [8, 40]);
        expectEqual(calls[n], referenceKeep([8, 40], attrs), `call ${n}: the mask of deriveKey(seed's key, ${n})`);
      }
      expectTrue(calls[0].some((k, i) => k !== calls[1][i]), 'steps 0 and 1 drew the same mask');
      const again = seluAlphaDropout({rate: 0.3, seed: 1234});
      expectEqual(await keepOfCall(again, x), calls[0], 'a new layer with the same seed, first call');
      x.dispose();
    });

    it('unseeded: a fresh mask per call', async () => {
      const x = tf.zeros([8, 40]);
      const layer = seluAlphaDropout({rate: 0.5});
      const [one, two] = [await keepOfCall(layer, x), await keepOfCall(layer, x)];
      x.dispose();
      expectTrue(one.some((k, i) => k !== two[i]), 'two unseeded calls drew the same mask (probability 2^-320)');
    });

    it('trains through AlphaDropoutKernel and AlphaDropoutGradKernel, drawing no random tensor', async () => {
      const model = tf.sequential({layers: [
        tf.layers.dense({units: 16, inputShape: [6], activation: 'selu'}),
        seluAlphaDropout({rate: 0.1, seed: 5}),
        tf.layers.dense({units: 2}),
      ]});
      model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
      const {x, y} = data();
      const step = await tf.profile(() => model.trainOnBatch(x, y) as Promise<number>);
      const names = step.kernels.map(k => k.name);
      expectEqual([names.filter(n => n === AlphaDropoutKernel).length, names.filter(n => n === AlphaDropoutGradKernel).length],
          [1, 1], 'AlphaDropout kernels in one training step');
      expectTrue(!names.some(n => /Random|Multinomial/.test(n)), `random kernels in the step: ${names.join(', ')}`);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('round-trips rate, constants, noiseShape and seed through getConfig / fromConfig (Keras\'s layer without alpha/scale)', () => {
      const layer = seluAlphaDropout({rate: 0.1, alpha: 1, scale: 2, noiseShape: [null, 1], seed: 9, name: 'drop'});
      const copy = SeluAlphaDropout.fromConfig(SeluAlphaDropout, JSON.parse(JSON.stringify(layer.getConfig()))) as SeluAlphaDropout;
      expectEqual([copy.rate, copy.alpha, copy.scale, copy.noiseShape, copy.seed, copy.name], [0.1, 1, 2, [null, 1], 9, 'drop'],
          'fromConfig');
      const keras = new KerasAlphaDropout({rate: 0.2, seed: 3});
      const config = keras.getConfig();
      expectEqual([config.rate, config.seed, config.alpha, config.scale], [0.2, 3, undefined, undefined], 'Keras config');
      expectThrows(() => seluAlphaDropout({rate: 0.1, seed: -1}), '\'seed\'', '\'seluAlphaDropout\'', '-1');
      expectThrows(() => new KerasAlphaDropout({rate: 0.1, seed: 0.5}), '\'seed\'', '\'AlphaDropout\'', '0.5');
    });
  });

  describe('in a model with lecunNormal and alphaDropout', () => {
    it('trains with fit through the plugin\'s gradient kernel, without leaking', async () => {
      const model = snn();
      model.compile({optimizer: tf.train.adam(0.01), loss: 'meanSquaredError'});
      const {x, y} = data();
      const lossOf = async () => (await take(model.evaluate(x, y) as tf.Scalar))[0];
      const before = await lossOf();
      const step = await tf.profile(() => model.trainOnBatch(x, y) as Promise<number>);
      expectTrue(step.kernels.filter(k => k.name === SeluGradKernel).length === 2, 'one SeluGradKernel per SeluLayer');
      await expectNoLeak('fit', async () => {
        await model.fit(x, y, {epochs: 30, batchSize: 16, verbose: 0});
      });
      const after = await lossOf();
      expectTrue(after < 0.5 * before, `loss ${before} → ${after}`);
      tf.dispose([x, y]);
      model.dispose();
    });

    it('saves and loads through the memory IO handler with identical predictions', async () => {
      const model = snn();
      model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
      const {x, y} = data();
      await model.fit(x, y, {epochs: 2, verbose: 0});
      const artifacts = await savedArtifacts(model);
      const configs = layerConfigs(artifacts.modelTopology);
      expectEqual(configs.map(layer => layer.class_name),
          ['Dense', 'SeluLayer', 'SeluAlphaDropout', 'Dense', 'SeluLayer', 'AlphaDropout', 'Dense'], 'saved classes');
      expectEqual([configs[1].config.alpha, configs[1].config.scale, configs[4].config.alpha],
          [SELU_ALPHA, SELU_SCALE, 1], 'saved constants');
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
      expectTrue(loaded.layers[1] instanceof SeluLayer && loaded.layers[2] instanceof SeluAlphaDropout, 'loaded classes');
      const expected = await take(model.predict(x) as tf.Tensor);
      const actual = await take(loaded.predict(x) as tf.Tensor);
      expectEqual(Array.from(actual), Array.from(expected), 'predictions after the round trip');
      tf.dispose([x, y]);
      model.dispose();
      loaded.dispose();
    });

    it('refuses to load a saved model whose SeluLayer config is invalid, naming the argument', async () => {
      const model = snn();
      const artifacts = await savedArtifacts(model);
      layerConfigs(artifacts.modelTopology)[4].config.scale = -1;
      let error: unknown;
      await tf.loadLayersModel(tf.io.fromMemory(artifacts)).catch(e => {
        error = e;
      });
      expectTrue(error instanceof Error && /'scale'.*'seluLayer'/.test(error.message), `load error: ${String(error)}`);
      model.dispose();
    });

    it('saves and loads through the file IO handler (file://) with identical predictions', async function () {
      if (skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) this.skip();
      // tfjs-node registers the file:// routers; the backend stays cpu.
      await import('@tensorflow/tfjs-node');
      expectTrue(await tf.setBackend('cpu'), 'cpu backend');
      const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-layers-'));
      try {
        const model = snn();
        const {x} = data();
        await model.save(`file://${dir}`);
        const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
        expectEqual(layerConfigs(json.modelTopology)[1].class_name, 'SeluLayer', 'class in model.json');
        const loaded = await tf.loadLayersModel(`file://${join(dir, 'model.json')}`);
        const expected = await take(model.predict(x) as tf.Tensor);
        const actual = await take(loaded.predict(x) as tf.Tensor);
        expectEqual(Array.from(actual), Array.from(expected), 'predictions after the round trip');
        x.dispose();
        model.dispose();
        loaded.dispose();
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    });
  });
});
