/**
 * First and second order: tf.grad of selu (one SeluGradKernel pass), tf.grad
 * of that, and a WGAN-GP style gradient penalty, whose gradient with respect
 * to the weights goes through selu''.
 * Run: npx tsx examples/gradients.ts
 */
import * as tf from '@tensorflow/tfjs';
import {selu} from 'tfjs-selu';
import 'tfjs-selu/cpu';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const x = tf.tensor1d([-2, -0.5, 0.5, 2]);
  const dSelu = tf.grad((t: tf.Tensor) => selu(t));
  const d2Selu = tf.grad((t: tf.Tensor) => dSelu(t));
  console.log('selu\':', JSON.stringify(await dSelu(x).array()));
  console.log('selu\'\':', JSON.stringify(await d2Selu(x).array()));

  // A one-layer critic and the penalty mean((‖∂critic/∂x‖ − 1)²) of WGAN-GP.
  const inputs = tf.tensor2d([[1, -1], [0.5, 2], [-1.5, 0.3]]);
  const penalty = (weights: tf.Tensor) => {
    const critic = (t: tf.Tensor) => tf.sum(selu(tf.matMul(t, weights)));
    const slopes = tf.grad(critic)(inputs);           // one row per sample
    return tf.mean(tf.square(tf.sub(tf.norm(slopes, 'euclidean', 1), 1))) as tf.Scalar;
  };
  const w = tf.tensor2d([[0.5, -1], [1.5, 0.25]]);
  const gradient = await tf.grad(penalty)(w).array() as number[][];
  console.log('penalty:', (await penalty(w).data())[0]);
  console.log('dpenalty/dw:', JSON.stringify(gradient));

  // Check one entry against a central difference of the penalty itself.
  const h = 1e-2;
  const shifted = async (delta: number) => (await penalty(tf.add(w, tf.tensor2d([[delta, 0], [0, 0]]))).data())[0];
  console.log('central difference:', (await shifted(h) - await shifted(-h)) / (2 * h), 'vs', gradient[0][0]);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
