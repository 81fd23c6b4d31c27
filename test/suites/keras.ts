/**
 * Real Keras models (test/fixtures/keras, made by scripts/keras/make_keras_fixtures.sh:
 * tiny SNNs trained in TensorFlow and converted by the official tensorflowjs converter)
 * loaded through the plugin, written once and run on every backend (Node: mocha on cpu
 * and tensorflow; browser: karma on cpu and webgl). Predictions and input gradients are
 * compared with TensorFlow's own; fine-tuning, AlphaDropout's statistics in training,
 * and save → reload are checked. The caller registers the backend, the plugin's kernels
 * for it, and `@tensorflow/tfjs` (layers, converter, built-in gradients).
 */
import * as tf from '@tensorflow/tfjs';
import {SeluGradFromInputKernel, SeluGradKernel, useSeluPluginForBuiltin} from '../../src/index.js';
import {KerasAlphaDropout, LecunNormal, LecunUniform, fromKeras3, useSeluAlphaDropoutForBuiltin} from '../../src/layers/index.js';
import {SELU_ALPHA, SELU_SCALE} from '../../src/constants.js';
import {FLOAT32_EPS, expectClose, expectEqual, expectNoLeak, expectTrue, take} from '../support/assertions.js';
import {savedArtifacts} from '../support/model_io.js';
import {HALF_FLOAT_ALPHA_DROPOUT_VALUE, KERAS_MODEL, halfFloatKerasSlack} from '../support/tolerances.js';

/** Reads a file under test/fixtures/keras/ (Node: the file system; karma: served files). */
export type ReadFixture = (path: string) => Promise<ArrayBuffer>;

interface TensorJson {
  shape: number[];
  values: number[];
}

/** test/fixtures/keras/reference.json (see make_keras_fixtures.py). */
interface KerasReference {
  versions: Record<string, string>;
  inputShape: number[];
  inputs: TensorJson;
  fineTune: {x: TensorJson, y: TensorJson};
  models: Record<'keras2' | 'keras3', {predictions: number[], inputGradients: number[]}>;
  initializerConfigs: Record<'keras2' | 'keras3', Array<{class_name: string, config: Record<string, unknown>}>>;
}

interface KerasUnderTest {
  backend: string;
  read: ReadFixture;
  /** Which of the backend's kernel paths runs (titles and logs only), e.g. 'native'. */
  variant?: string;
  /**
   * True where every tensor is held in half floats (WebGL without float32
   * render targets): TensorFlow's float32 results are out of reach, so the
   * plugin is held to the built-in tf.selu run on the same backend in the
   * same test (halfFloatKerasSlack), and its backward passes are the
   * from-input kernel.
   */
  halfFloat?: boolean;
}

/** The number of SELU activations in each fixture model (Conv1D, Dense, Activation). */
const SELU_LAYERS = 3;

export async function readReference(read: ReadFixture): Promise<KerasReference> {
  return JSON.parse(new TextDecoder().decode(await read('reference.json'))) as KerasReference;
}

/** The converter's output (model.json + weight shards) as in-memory artifacts. */
export async function readArtifacts(read: ReadFixture, dir: string): Promise<tf.io.ModelArtifacts> {
  const modelJSON = JSON.parse(new TextDecoder().decode(await read(`${dir}/model.json`))) as tf.io.ModelJSON;
  return tf.io.getModelArtifactsForJSON(modelJSON, async manifest => {
    const specs = manifest.flatMap(group => group.weights);
    const shards = await Promise.all(manifest.flatMap(group => group.paths).map(path => read(`${dir}/${path}`)));
    return [specs, tf.io.concatenateArrayBuffers(shards)];
  });
}

function tensor(json: TensorJson): tf.Tensor {
  return tf.tensor(json.values, json.shape, 'float32');
}

type Predictor = {predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] | tf.NamedTensorMap};

function predictOne(model: Predictor, x: tf.Tensor): tf.Tensor {
  return model.predict(x) as tf.Tensor;
}

/** d sum(model(x)) / dx, as the fixture script asks TensorFlow. */
function inputGradient(model: Predictor, x: tf.Tensor): tf.Tensor {
  return tf.grad(input => tf.sum(predictOne(model, input)))(x);
}

/** Kernels run by `body` (tf.profile), by name. */
async function kernelCounts(body: () => tf.Tensor): Promise<Map<string, number>> {
  const info = await tf.profile(() => body());
  const counts = new Map<string, number>();
  for (const kernel of info.kernels) counts.set(kernel.name, (counts.get(kernel.name) ?? 0) + 1);
  tf.dispose(info.result as tf.Tensor);
  return counts;
}

/** max |actual − expected|. */
function worstAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; ++i) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  return worst;
}

/** max |actual − expected| in units of FLOAT32_EPS (reported, so the tolerances can be judged). */
function worstDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): string {
  return (worstAbsDifference(actual, expected) / FLOAT32_EPS).toFixed(2);
}

/**
 * On half-float textures: the plugin's worst difference from TensorFlow at
 * most the built-in tf.selu's (same backend, same test) plus halfFloatKerasSlack.
 */
function expectNoWorseThanBuiltin(what: string, ours: ArrayLike<number>, builtin: ArrayLike<number>, expected: ArrayLike<number>): void {
  let largest = 0;
  for (let i = 0; i < expected.length; ++i) largest = Math.max(largest, Math.abs(expected[i]));
  const [oursWorst, builtinWorst] = [worstAbsDifference(ours, expected), worstAbsDifference(builtin, expected)];
  expectTrue(oursWorst <= builtinWorst + halfFloatKerasSlack(largest),
      `${what}: the plugin's worst difference from TensorFlow ${oursWorst} exceeds the built-in's ${builtinWorst} ` +
      `by more than halfFloatKerasSlack(${largest})`);
}

/** The value that occurs most often. */
function mostFrequent(values: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  let best = NaN;
  let bestCount = 0;
  for (let i = 0; i < values.length; ++i) {
    const count = (counts.get(values[i]) ?? 0) + 1;
    counts.set(values[i], count);
    if (count > bestCount) [best, bestCount] = [values[i], count];
  }
  return best;
}

/** Mean and variance of a tensor's values (float64). */
function moments(values: ArrayLike<number>): {mean: number, variance: number} {
  let sum = 0;
  for (let i = 0; i < values.length; ++i) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; ++i) squares += (values[i] - mean) ** 2;
  return {mean, variance: squares / values.length};
}

interface SavedLayer {
  class_name: string;
  config: Record<string, unknown> & {kernel_initializer?: {class_name: string}};
}

function savedLayers(artifacts: tf.io.ModelArtifacts): SavedLayer[] {
  const topology = artifacts.modelTopology as {config: {layers: SavedLayer[]}};
  return topology.config.layers;
}

function alphaDropouts(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter(layer => layer.getClassName() === 'AlphaDropout');
}

export function describeKeras(under: KerasUnderTest): void {
  const label = under.variant === undefined ? under.backend : `${under.backend} (${under.variant})`;
  const gradientKernel = under.halfFloat ? SeluGradFromInputKernel : SeluGradKernel;
  describe(`Keras SNNs converted by tensorflowjs, through the plugin, on ${label}`, () => {
    let reference: KerasReference;
    let restore: Array<() => void> = [];

    before(async () => {
      expectTrue(await tf.setBackend(under.backend), `backend '${under.backend}' failed to initialise`);
      reference = await readReference(under.read);
    });
    beforeEach(() => {
      restore = [useSeluPluginForBuiltin(), useSeluAlphaDropoutForBuiltin()];
    });
    afterEach(() => {
      for (const undo of restore) undo();
    });

    async function loadLayers(): Promise<tf.LayersModel> {
      return tf.loadLayersModel(tf.io.fromMemory(await readArtifacts(under.read, 'keras2/layers')));
    }

    async function expectMatchesTensorFlow(model: Predictor, which: 'keras2' | 'keras3', format: string): Promise<void> {
      const x = tensor(reference.inputs);
      const expected = reference.models[which];
      const predictions = await take(predictOne(model, x));
      const gradients = await take(inputGradient(model, x));
      console.log(`    ${label} ${which} ${format}: worst |difference| from TensorFlow ` +
          `${worstDifference(predictions, expected.predictions)}ε (predictions), ` +
          `${worstDifference(gradients, expected.inputGradients)}ε (input gradients)`);
      if (under.halfFloat) {
        restore[0]();  // the built-in tf.selu, on the same backend
        const builtinPredictions = await take(predictOne(model, x));
        const builtinGradients = await take(inputGradient(model, x));
        restore[0] = useSeluPluginForBuiltin();
        console.log(`    ${label} ${which} ${format}, built-in tf.selu: worst |difference| from TensorFlow ` +
            `${worstDifference(builtinPredictions, expected.predictions)}ε (predictions), ` +
            `${worstDifference(builtinGradients, expected.inputGradients)}ε (input gradients)`);
        expectNoWorseThanBuiltin(`${which} predictions`, predictions, builtinPredictions, expected.predictions);
        expectNoWorseThanBuiltin(`${which} input gradients`, gradients, builtinGradients, expected.inputGradients);
      } else {
        expectClose(predictions, expected.predictions, KERAS_MODEL, undefined, `${which} predictions`);
        expectClose(gradients, expected.inputGradients, KERAS_MODEL, undefined, `${which} input gradients`);
      }
      // The activations' backward passes are the plugin's one-pass kernel.
      const kernels = await kernelCounts(() => inputGradient(model, x));
      expectEqual(kernels.get(gradientKernel), SELU_LAYERS, `${gradientKernel} kernels in the input gradient`);
      x.dispose();
    }

    it('loads the Keras 2 layers model (LecunNormal, LecunUniform, AlphaDropout) as the plugin\'s classes', async () => {
      await expectNoLeak('load', async () => {
        const model = await loadLayers();
        const classes = model.layers.map(layer => layer.getClassName());
        expectEqual(classes, ['InputLayer', 'Conv1D', 'AlphaDropout', 'Flatten', 'Dense', 'AlphaDropout', 'Dense', 'Activation', 'Dense'],
            'layer classes');
        const initializers = model.layers.map(layer => (layer as unknown as {kernelInitializer?: unknown}).kernelInitializer)
            .filter(init => init !== undefined);
        expectTrue(initializers[0] instanceof LecunNormal && initializers[1] instanceof LecunNormal &&
            initializers[2] instanceof LecunUniform && initializers[3] instanceof LecunNormal, 'Keras initializers');
        expectTrue(alphaDropouts(model).length === 2 && alphaDropouts(model).every(layer => layer instanceof KerasAlphaDropout),
            'AlphaDropout layers are the plugin\'s');
        model.dispose();
      });
    });

    it('Keras 2 layers model: predictions and input gradients match TensorFlow\'s', async () => {
      await expectNoLeak('layers model', async () => {
        const model = await loadLayers();
        await expectMatchesTensorFlow(model, 'keras2', 'layers');
        model.dispose();
      });
    });

    for (const dir of ['keras3/layers', 'keras3/layers-keras']) {
      it(`Keras 3 layers model (${dir}) through fromKeras3: predictions and input gradients match, saves for tfjs`, async () => {
        await expectNoLeak('Keras 3 layers model', async () => {
          const model = await tf.loadLayersModel(fromKeras3(tf.io.fromMemory(await readArtifacts(under.read, dir))));
          expectTrue(alphaDropouts(model).length === 2 && alphaDropouts(model).every(layer => layer instanceof KerasAlphaDropout),
              'AlphaDropout layers are the plugin\'s');
          await expectMatchesTensorFlow(model, 'keras3', dir.slice('keras3/'.length));
          // Saved by tfjs, it needs no translation any more.
          const reloaded = await tf.loadLayersModel(tf.io.fromMemory(await savedArtifacts(model)));
          const probe = tensor(reference.inputs);
          expectEqual(Array.from(await take(predictOne(reloaded, probe))), Array.from(await take(predictOne(model, probe))),
              'reloaded predictions');
          probe.dispose();
          model.dispose();
          reloaded.dispose();
        });
      });
    }

    for (const which of ['keras2', 'keras3'] as const) {
      it(`${which} graph model (Selu nodes): predictions and input gradients match TensorFlow's`, async () => {
        await expectNoLeak('graph model', async () => {
          const artifacts = await readArtifacts(under.read, `${which}/graph`);
          const ops = (artifacts.modelTopology as {node: Array<{op: string}>}).node.map(node => node.op);
          expectEqual(ops.filter(op => op === 'Selu').length, SELU_LAYERS, 'Selu nodes in the graph');
          const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
          await expectMatchesTensorFlow(model, which, 'graph');
          model.dispose();
        });
      });
    }

    it('AlphaDropout of a loaded model keeps mean 0 and variance 1 in training (tfjs-layers\' own does not)', async () => {
      let x: tf.Tensor;
      const statistics = async (model: tf.LayersModel) => {
        const layer = alphaDropouts(model)[0];
        const y = layer.apply(x, {training: true}) as tf.Tensor;
        const values = await take(y);
        model.dispose();
        return {layer, ...moments(values), values};
      };
      await expectNoLeak('dropout', async () => {
        x = tf.randomNormal([200000], 0, 1, 'float32', 7);
        const ours = await statistics(await loadLayers());
        expectTrue(ours.layer instanceof KerasAlphaDropout, 'the plugin\'s AlphaDropout');
        expectTrue(Math.abs(ours.mean) < 0.01, `mean ${ours.mean}`);
        expectTrue(Math.abs(ours.variance - 1) < 0.02, `variance ${ours.variance}`);
        // Dropped units sit at a·(−λα) + b: a fraction `rate` of them.
        const rate = 0.1;
        const a = ((1 - rate) * (1 + rate * (SELU_SCALE * SELU_ALPHA) ** 2)) ** -0.5;
        const dropped = Math.fround(a * -SELU_SCALE * SELU_ALPHA + a * SELU_SCALE * SELU_ALPHA * rate);
        // Half floats hold it after a few roundings: all dropped units share that one value, the most frequent by far.
        const held = under.halfFloat ? mostFrequent(ours.values) : dropped;
        if (under.halfFloat) expectClose([held], [dropped], HALF_FLOAT_ALPHA_DROPOUT_VALUE, undefined, 'dropped units\' value');
        const droppedShare = ours.values.filter(v => Math.abs(v - held) < 1e-5).length / ours.values.length;
        expectTrue(Math.abs(droppedShare - rate) < 0.005, `share of dropped units ${droppedShare}`);

        for (const undo of restore) undo();
        restore = [];
        const builtin = await statistics(await loadLayers());
        expectTrue(!(builtin.layer instanceof KerasAlphaDropout), 'after restore: tfjs-layers\' AlphaDropout');
        expectTrue(builtin.mean > 0.2, `tfjs-layers' AlphaDropout mean ${builtin.mean} (its +λα bug)`);
        x.dispose();
      });
    });

    it('fine-tunes a loaded model (loss decreases), saves with Keras\'s names and reloads identically', async () => {
      await expectNoLeak('fine-tune', async () => {
        const model = await loadLayers();
        const x = tensor(reference.fineTune.x);
        const y = tensor(reference.fineTune.y);
        // On half floats Adam's default ε turns the loss to NaN after one epoch, with
        // the built-in tf.selu too (measured); 1e-3 keeps it finite.
        const optimizer = under.halfFloat ? tf.train.adam(3e-3, 0.9, 0.999, 1e-3) : tf.train.adam(3e-3);
        model.compile({optimizer, loss: 'meanSquaredError'});
        const loss = async () => (await take(model.evaluate(x, y, {batchSize: 32}) as tf.Scalar))[0];
        const before = await loss();
        const kernels = await kernelCounts(() => tf.tidy(() => {
          const {grads} = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, {training: true}) as tf.Tensor));
          return tf.addN(Object.values(grads).map(g => tf.sum(g)));
        }));
        expectEqual(kernels.get(gradientKernel), SELU_LAYERS, `${gradientKernel} kernels in a training step`);
        await model.fit(x, y, {epochs: 20, batchSize: 32, shuffle: false, verbose: 0});
        const after = await loss();
        expectTrue(after < 0.9 * before, `loss ${before} → ${after} after 20 steps`);

        const saved = await savedArtifacts(model);
        const layers = savedLayers(saved);
        expectEqual(layers.filter(layer => layer.class_name === 'AlphaDropout').map(layer => layer.config['rate']),
            [0.1, 0.1], 'saved AlphaDropout rates');
        expectEqual(layers.map(layer => layer.config.kernel_initializer?.class_name).filter(name => name !== undefined),
            ['LecunNormal', 'LecunNormal', 'LecunUniform', 'LecunNormal'], 'saved initializers');
        const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
        const probe = tensor(reference.inputs);
        expectEqual(Array.from(await take(predictOne(reloaded, probe))), Array.from(await take(predictOne(model, probe))),
            'reloaded predictions');
        for (const t of [x, y, probe]) t.dispose();
        model.dispose();
        optimizer.dispose();
        reloaded.dispose();
      });
    });
  });
}
