/**
 * Keras interoperability in Node: the real-model suite (test/suites/keras.ts) on cpu (on
 * tensorflow: test/node/tensorflow.test.ts), that tfjs-layers alone cannot load the Keras
 * fixture, and the Keras-named initializers and AlphaDropout on their own. Also run by
 * scripts/compat.sh against the oldest and newest tfjs in the peer range.
 */
import * as tf from '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import {
  KerasAlphaDropout, LecunNormal, LecunUniform, SeluAlphaDropout, fromKeras3, keras3ArtifactsForTfjs, lecunNormal,
  lecunUniform, seluAlphaDropout, useSeluAlphaDropoutForBuiltin,
} from '../../src/layers/index.js';
import {kerasFanIn} from '../../src/layers/initializers.js';
import {FLOAT32_EPS, expectEqual, expectNoLeak, expectThrows, expectTrue, take} from '../support/assertions.js';
import {describeKeras, readArtifacts, readReference} from '../suites/keras.js';
import {readKerasFixture as read} from '../support/keras_fixtures.js';

/** Sample variance of an initializer's draw for `shape` (float64). */
async function drawVariance(init: {apply(shape: number[]): tf.Tensor}, shape: number[]): Promise<{variance: number, maxAbs: number}> {
  const values = await take(init.apply(shape));
  let sum = 0;
  let squares = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  return {variance: squares / values.length - mean * mean, maxAbs};
}

/** A one-layer Sequential topology as Keras writes it, with the given kernel initializer. */
function denseTopology(kernelInitializer: object): object {
  return {
    class_name: 'Sequential',
    config: {name: 'seq', layers: [{class_name: 'Dense', config: {
      name: 'd', units: 3, activation: 'selu', use_bias: true, batch_input_shape: [null, 4], dtype: 'float32',
      kernel_initializer: kernelInitializer, bias_initializer: {class_name: 'Zeros', config: {}},
    }}]},
  };
}

describe('Keras interoperability (tfjs-selu/layers)', () => {
  before(async () => {
    expectTrue(await tf.setBackend('cpu'), 'cpu backend');
  });

  it('tfjs-layers alone cannot load the Keras model: Unknown initializer: LecunNormal', async () => {
    const classNameMap = tf.serialization.SerializationMap.getMap().classNameMap;
    const ours = classNameMap['LecunNormal'];
    delete classNameMap['LecunNormal'];
    try {
      const artifacts = await readArtifacts(read, 'keras2/layers');
      let error: unknown;
      await tf.loadLayersModel(tf.io.fromMemory(artifacts)).catch((e: unknown) => { error = e; });
      expectTrue(error instanceof Error && error.message.includes('Unknown initializer: LecunNormal'), `got ${String(error)}`);
    } finally {
      classNameMap['LecunNormal'] = ours;
    }
  });

  it('tfjs-layers alone cannot load the Keras 3 layers models (InputLayer batch_shape); fromKeras3 can', async () => {
    for (const dir of ['keras3/layers', 'keras3/layers-keras']) {
      const artifacts = await readArtifacts(read, dir);
      let error: unknown;
      await tf.loadLayersModel(tf.io.fromMemory(artifacts)).catch((e: unknown) => { error = e; });
      expectTrue(error instanceof Error && error.message.includes('batchInputShape'), `${dir}: got ${String(error)}`);
      const model = await tf.loadLayersModel(fromKeras3(tf.io.fromMemory(artifacts)));
      expectEqual(model.layers.length, 9, `${dir}: layers`);
      model.dispose();
    }
  });

  describe('fromKeras3', () => {
    it('translates dtypes, batch_shape and weight names, drops optimizer variables, and leaks nothing', async () => {
      await expectNoLeak('translate', async () => {
        const translated = await keras3ArtifactsForTfjs(await readArtifacts(read, 'keras3/layers-keras'));
        const names = translated.weightSpecs!.map(spec => spec.name);
        expectEqual(names, ['conv1d/kernel', 'conv1d/bias', 'dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias',
          'dense_2/kernel', 'dense_2/bias'], 'weight names');
        const text = JSON.stringify(translated.modelTopology);
        expectTrue(!text.includes('DTypePolicy') && !text.includes('"batch_shape"') && text.includes('"batch_input_shape"'),
            'topology translated');
        const legacy = await keras3ArtifactsForTfjs(await readArtifacts(read, 'keras3/layers'));
        expectEqual(legacy.weightSpecs!.map(spec => spec.name), names, 'save_keras_model weight names');
      });
    });

    it('rejects what it cannot load, naming the argument and fromKeras3', async () => {
      expectThrows(() => fromKeras3('nowhere://model.json'), '\'source\'', '\'fromKeras3\'', 'nowhere://model.json');
      expectThrows(() => fromKeras3(42 as never), '\'source\'', '\'fromKeras3\'', '42');
      let error: unknown;
      await fromKeras3(tf.io.fromMemory({modelTopology: new ArrayBuffer(4)})).load!().catch((e: unknown) => { error = e; });
      expectTrue(error instanceof Error && error.message.includes('\'fromKeras3\' expects a layers model'), `got ${String(error)}`);
      const artifacts = await readArtifacts(read, 'keras3/layers-keras');
      artifacts.weightSpecs = artifacts.weightSpecs!.map(spec => spec.name === 'layers/dense/vars/1' ? {...spec, name: 'layers/dense/vars/7'} : spec);
      error = undefined;
      await expectNoLeak('bad weight', () => keras3ArtifactsForTfjs(artifacts).catch((e: unknown) => { error = e; }));
      expectTrue(error instanceof Error && error.message.includes('\'layers/dense/vars/7\''), `got ${String(error)}`);
    });
  });

  describe('LecunNormal / LecunUniform', () => {
    it('LecunNormal has Keras\'s variance 1/fan_in and its ±2σ truncation; tfjs\'s leCunNormal has 0.774/fan_in', async () => {
      const shape = [400, 500];
      const stddev = Math.sqrt(1 / 400) / 0.87962566103423978;
      await expectNoLeak('draws', async () => {
        const ours = await drawVariance(lecunNormal({seed: 1}), shape);
        expectTrue(Math.abs(ours.variance * 400 - 1) < 0.02, `variance·fan_in ${ours.variance * 400}`);
        expectTrue(ours.maxAbs <= 2 * stddev * (1 + FLOAT32_EPS), `max |w| ${ours.maxAbs} vs 2σ ${2 * stddev}`);
        expectTrue(ours.maxAbs > 1.95 * stddev, `max |w| ${ours.maxAbs} reaches the truncation`);
        const builtin = await drawVariance(tf.initializers.leCunNormal({seed: 1}), shape);
        expectTrue(Math.abs(builtin.variance * 400 - 0.774) < 0.02, `tfjs leCunNormal variance·fan_in ${builtin.variance * 400}`);
      });
    });

    it('LecunUniform draws on ±√(3/fan_in) with variance 1/fan_in; fans follow Keras (conv: receptive field × channels)', async () => {
      await expectNoLeak('draws', async () => {
        const {variance, maxAbs} = await drawVariance(lecunUniform({seed: 2}), [3, 50, 400]);
        expectTrue(Math.abs(variance * 150 - 1) < 0.02, `variance·fan_in ${variance * 150}`);
        expectTrue(maxAbs <= Math.sqrt(3 / 150) && maxAbs > 0.99 * Math.sqrt(3 / 150), `max |w| ${maxAbs}`);
      });
      expectEqual([kerasFanIn([]), kerasFanIn([7]), kerasFanIn([5, 3]), kerasFanIn([3, 2, 4]), kerasFanIn([3, 3, 8, 16])],
          [1, 7, 5, 6, 72], 'fan_in of [], [7], [5, 3], [3, 2, 4], [3, 3, 8, 16]');
    });

    it('seeds reproduce; configs are Keras\'s ({seed}); layers accept the objects and the name \'LecunNormal\'', async () => {
      const a = await take(lecunNormal({seed: 5}).apply([20, 30]));
      const b = await take(lecunNormal({seed: 5}).apply([20, 30]));
      expectEqual(Array.from(a), Array.from(b), 'same seed, same draw');
      expectEqual(lecunNormal({seed: 5}).getConfig(), {seed: 5}, 'LecunNormal config');
      expectEqual(lecunUniform().getConfig(), {seed: null}, 'LecunUniform config');
      expectEqual([lecunNormal().getClassName(), lecunUniform().getClassName()], ['LecunNormal', 'LecunUniform'], 'class names');
      const byName = tf.layers.dense({units: 4, inputShape: [3], kernelInitializer: 'LecunNormal'});
      const byObject = tf.layers.dense({units: 4, inputShape: [3], kernelInitializer: lecunUniform({seed: 1})});
      expectTrue((byName as unknown as {kernelInitializer: unknown}).kernelInitializer instanceof LecunNormal, 'by name');
      expectTrue((byObject as unknown as {kernelInitializer: unknown}).kernelInitializer instanceof LecunUniform, 'by object');
    });

    it('Keras 2 and Keras 3 initializer configs (module, registered_name, input_axes) deserialize', async () => {
      const {initializerConfigs} = await readReference(read);
      for (const [version, configs] of Object.entries(initializerConfigs)) {
        for (const config of configs) {
          const model = await tf.models.modelFromJSON({modelTopology: denseTopology(config)} as never);
          const init = (model.layers[0] as unknown as {kernelInitializer: unknown}).kernelInitializer;
          const expected = config.class_name === 'LecunNormal' ? LecunNormal : LecunUniform;
          expectTrue(init instanceof expected, `${version} ${JSON.stringify(config)}`);
          model.dispose();
        }
      }
    });

    it('rejects bad arguments, naming the argument and the factory', () => {
      expectThrows(() => lecunNormal({seed: 'x' as never}), '\'seed\'', '\'lecunNormal\'', 'x');
      expectThrows(() => lecunUniform({seed: Number.NaN}), '\'seed\'', '\'lecunUniform\'');
      expectThrows(() => lecunNormal(3 as never), '\'args\'', '\'lecunNormal\'');
      expectThrows(() => lecunNormal({inputAxes: [0]} as never), '\'inputAxes\'', '\'lecunNormal\'', '[0]');
      expectThrows(() => lecunNormal().apply([2, 2], 'bool'), '\'lecunNormal\'', 'bool');
    });
  });

  describe('AlphaDropout for loaded models', () => {
    it('is explicit, idempotent and reversible; the Keras config round-trips', async () => {
      const config = {class_name: 'AlphaDropout', config: {name: 'drop', rate: 0.2, noise_shape: null, seed: 3}};
      const load = async () => {
        const topology = {class_name: 'Sequential', config: {name: 's', layers: [
          {class_name: 'Dense', config: {name: 'd', units: 2, batch_input_shape: [null, 2]}}, config]}};
        const model = await tf.models.modelFromJSON({modelTopology: topology} as never);
        const layer = model.layers[1];
        model.dispose();
        return layer;
      };
      expectTrue(!(await load() instanceof SeluAlphaDropout), 'before: tfjs-layers\' AlphaDropout');
      const restore = useSeluAlphaDropoutForBuiltin();
      expectEqual(useSeluAlphaDropoutForBuiltin(), restore, 'idempotent');
      try {
        const layer = await load();
        expectTrue(layer instanceof KerasAlphaDropout, 'during: the plugin\'s');
        const {rate, noiseShape, seed, alpha} = layer.getConfig();
        expectEqual({rate, noiseShape, seed, alpha}, {rate: 0.2, noiseShape: null, seed: 3, alpha: undefined}, 'config');
      } finally {
        restore();
      }
      restore();
      expectTrue(!(await load() instanceof SeluAlphaDropout), 'after: tfjs-layers\' AlphaDropout again');
      expectTrue(!(tf.layers.alphaDropout({rate: 0.1}) instanceof SeluAlphaDropout), 'the factory is never replaced');
    });

    it('noiseShape broadcasts the mask (null entries take the input\'s size) and is validated', async () => {
      const layer = seluAlphaDropout({rate: 0.5, noiseShape: [null, 1, 3]});
      await expectNoLeak('noiseShape', async () => {
        const x = tf.ones([4, 5, 3]);
        const y = await take(layer.apply(x, {training: true}) as tf.Tensor);
        x.dispose();
        for (let b = 0; b < 4; ++b) {
          for (let c = 0; c < 3; ++c) {
            const column = [0, 1, 2, 3, 4].map(t => y[(b * 5 + t) * 3 + c]);
            expectTrue(column.every(v => v === column[0]), `same mask along axis 1: ${column}`);
          }
        }
        const bad = tf.ones([4, 6, 2]);
        expectThrows(() => layer.apply(bad, {training: true}), 'noiseShape', '[4, 6, 2]');
        bad.dispose();
      });
      expectThrows(() => seluAlphaDropout({rate: 0.1, noiseShape: [0]}), '\'noiseShape\'', '\'seluAlphaDropout\'');
      expectThrows(() => new KerasAlphaDropout({rate: 0.1, seed: 'x' as never}), '\'seed\'', '\'AlphaDropout\'');
    });
  });
});

describeKeras({backend: 'cpu', read});
