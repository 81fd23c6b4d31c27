/**
 * The op with the paper's constants and with custom ones (Caffe2 / ONNX style).
 * Run: npx tsx examples/custom_constants.ts
 */
import * as tf from '@tensorflow/tfjs';
import {SELU_ALPHA, SELU_SCALE, selu} from 'tfjs-selu';
import 'tfjs-selu/cpu';

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const x = tf.tensor1d([-2, -1, 0, 1, 2]);
  console.log(`alpha = ${SELU_ALPHA}, scale = ${SELU_SCALE}`);
  console.log('paper:', JSON.stringify(await selu(x).array()));
  console.log('elu:', JSON.stringify(await selu(x, {alpha: 1, scale: 1}).array()));         // exactly ELU
  console.log('2relu:', JSON.stringify(await selu(x, {alpha: 0, scale: 2}).array()));       // 2·relu(x)
  console.log('steep:', JSON.stringify(await selu(x, {alpha: 3, scale: 1.5}).array()));
  try {
    selu(x, {alpha: -1});
  } catch (error) {
    console.log('rejected:', (error as Error).message);   // names the attribute and the op
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
