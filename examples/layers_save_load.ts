/**
 * A layers model with the plugin's SeluLayer and SeluAlphaDropout on the
 * native 'tensorflow' backend: trained with fit, saved to files, loaded back
 * with identical predictions.
 * Run: npx tsx examples/layers_save_load.ts
 */
import * as tf from '@tensorflow/tfjs-node';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {lecunNormal, seluAlphaDropout, seluLayer} from 'tfjs-selu/layers';
import 'tfjs-selu/node';

function model(): tf.Sequential {
  // Keras's LeCun normal: variance exactly 1/fan_in, what SELU networks need
  // (tfjs-layers' leCunNormal truncates without rescaling: 0.774/fan_in).
  const dense = (units: number) => tf.layers.dense({units, kernelInitializer: lecunNormal()});
  return tf.sequential({layers: [
    tf.layers.dense({units: 32, inputShape: [2], kernelInitializer: lecunNormal()}),
    seluLayer(),
    seluAlphaDropout({rate: 0.05}),
    dense(32),
    seluLayer({alpha: 1, scale: 1}),   // custom constants are saved too
    dense(1),
  ]});
}

async function main(): Promise<void> {
  console.log('backend:', tf.getBackend());
  const x = tf.randomUniform([256, 2], -2, 2, 'float32', 7);
  const y = tf.tidy(() => tf.sin(tf.sum(x, 1, true)));
  const original = model();
  original.compile({optimizer: tf.train.adam(0.01), loss: 'meanSquaredError'});
  const history = await original.fit(x, y, {epochs: 40, batchSize: 32, verbose: 0});
  const losses = history.history.loss as number[];
  console.log('loss:', losses[0].toFixed(4), '->', losses.at(-1)!.toFixed(4));

  const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-model-'));
  await original.save(`file://${dir}`);
  const loaded = await tf.loadLayersModel(`file://${join(dir, 'model.json')}`);
  console.log('saved to:', dir);
  console.log('layers:', JSON.stringify(loaded.layers.map(layer => layer.getClassName())));
  const difference = tf.max(tf.abs(tf.sub(original.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)));
  console.log('max |prediction difference|:', (await difference.data())[0]);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
