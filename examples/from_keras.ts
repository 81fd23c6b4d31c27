/**
 * A self-normalizing network trained in Keras and converted with the official
 * tensorflowjs converter, run in tfjs through the plugin on the native
 * 'tensorflow' backend: the layers model (Keras's LecunNormal/LecunUniform and
 * AlphaDropout; Keras 2, and Keras 3 through fromKeras3) and the graph model
 * (`Selu` nodes), their predictions against TensorFlow's, a few fine-tuning
 * steps, save and reload.
 * The models are the test fixtures (scripts/keras/make_keras_fixtures.sh made them).
 * Run: npx tsx examples/from_keras.ts
 */
import * as tf from '@tensorflow/tfjs-node';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {useSeluPluginForBuiltin} from 'tfjs-selu';
import {fromKeras3, useSeluAlphaDropoutForBuiltin} from 'tfjs-selu/layers';   // also registers LecunNormal, LecunUniform
import 'tfjs-selu/node';

const FIXTURES = join(__dirname, '..', 'test', 'fixtures', 'keras');

interface TensorJson {shape: number[], values: number[]}
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference.json'), 'utf8')) as {
  inputs: TensorJson, fineTune: {x: TensorJson, y: TensorJson},
  models: {keras2: {predictions: number[]}, keras3: {predictions: number[]}},
};
const tensor = ({values, shape}: TensorJson) => tf.tensor(values, shape);

async function maxDifference(a: tf.Tensor, b: tf.Tensor | number[]): Promise<number> {
  const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(a, Array.isArray(b) ? tf.tensor(b, a.shape) : b))));
  return (await difference.data())[0];
}

async function main(): Promise<void> {
  console.log('backend:', tf.getBackend());
  // 'Selu' (activation: 'selu', graph nodes) runs the plugin's kernels; loaded
  // AlphaDropout layers keep mean and variance. Both are process-wide until restored.
  const restoreSelu = useSeluPluginForBuiltin();
  const restoreAlphaDropout = useSeluAlphaDropoutForBuiltin();

  const x = tensor(reference.inputs);
  const model = await tf.loadLayersModel(`file://${join(FIXTURES, 'keras2', 'layers', 'model.json')}`);
  console.log('layers:', JSON.stringify(model.layers.map(layer => layer.getClassName())));
  console.log('max |layers model - TensorFlow|:', await maxDifference(model.predict(x) as tf.Tensor, reference.models.keras2.predictions));

  // A Keras 3 model in the layers format needs translating for tfjs-layers.
  const keras3 = await tf.loadLayersModel(fromKeras3(`file://${join(FIXTURES, 'keras3', 'layers', 'model.json')}`));
  console.log('max |Keras 3 layers model - TensorFlow|:',
      await maxDifference(keras3.predict(x) as tf.Tensor, reference.models.keras3.predictions));

  const graph = await tf.loadGraphModel(`file://${join(FIXTURES, 'keras2', 'graph', 'model.json')}`);
  console.log('max |graph model - TensorFlow|:', await maxDifference(graph.predict(x) as tf.Tensor, reference.models.keras2.predictions));
  const profile = await tf.profile(() => tf.grad(input => tf.sum(graph.predict(input) as tf.Tensor))(x));
  console.log('graph gradient kernels:', JSON.stringify(profile.kernelNames));

  // Fine-tune the layers model in tfjs (AlphaDropout active while training; the
  // loss is evaluated at inference, where dropout is the identity).
  const xs = tensor(reference.fineTune.x);
  const ys = tensor(reference.fineTune.y);
  model.compile({optimizer: tf.train.adam(3e-3), loss: 'meanSquaredError'});
  const loss = async () => (await (model.evaluate(xs, ys) as tf.Scalar).data())[0].toFixed(4);
  const before = await loss();
  await model.fit(xs, ys, {epochs: 20, batchSize: 32, verbose: 0});
  console.log('loss:', before, '->', await loss());

  const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-keras-'));
  await model.save(`file://${dir}`);
  const reloaded = await tf.loadLayersModel(`file://${join(dir, 'model.json')}`);
  console.log('max |reloaded - fine-tuned|:', await maxDifference(reloaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor));

  restoreAlphaDropout();
  restoreSelu();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
