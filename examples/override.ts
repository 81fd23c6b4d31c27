/**
 * Existing code that calls tf.selu or uses activation: 'selu' runs the
 * plugin's kernels after one explicit call, and tfjs-core's own again after
 * restoring. Process-wide: it affects every model in the process.
 * Run: npx tsx examples/override.ts
 */
import * as tf from '@tensorflow/tfjs';
import {useSeluPluginForBuiltin} from 'tfjs-selu';
import 'tfjs-selu/cpu';

/** The kernels one gradient step of tf.selu runs. */
async function backwardKernels(): Promise<string[]> {
  const x = tf.tensor1d([-1, 0.5, 2]);
  const {kernels} = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.selu(t))(x));
  x.dispose();
  return kernels.map(kernel => kernel.name);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  console.log('built-in:', JSON.stringify(await backwardKernels()));
  const restore = useSeluPluginForBuiltin();
  console.log('override:', JSON.stringify(await backwardKernels()));
  const secondOrder = tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.selu(u))(t));
  console.log('selu\'\' through tf.selu:', JSON.stringify(await secondOrder(tf.tensor1d([-1, 2])).array()));
  restore();
  console.log('restored:', JSON.stringify(await backwardKernels()));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
