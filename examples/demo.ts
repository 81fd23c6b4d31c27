/**
 * The main job (`npm run demo`): SELU, its first and second derivative through
 * the plugin's kernels on the cpu backend, printed next to the float64 values.
 */
import * as tf from '@tensorflow/tfjs';
import {SELU_ALPHA, SELU_SCALE, selu} from 'tfjs-selu';
import 'tfjs-selu/cpu';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const xs = [-10, -3, -1, -1e-4, 0, 1e-4, 1, 3, 10];
  const x = tf.tensor1d(xs);
  const y = await selu(x).data();
  const d1 = await tf.grad((t: tf.Tensor) => selu(t))(x).data();
  const d2 = await tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).data();
  console.log(`backend: ${tf.getBackend()}   alpha = ${SELU_ALPHA}   scale = ${SELU_SCALE}`);
  console.table(xs.map((v, i) => ({x: v, 'selu(x)': y[i], "selu'(x)": d1[i], "selu''(x)": d2[i]})));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
