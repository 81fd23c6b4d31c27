/**
 * The 'tensorflow' backend (@tensorflow/tfjs-node, the native TensorFlow C
 * library), on BOTH paths of its kernels: the plugin's native op pair
 * (kernels/node/native) and the composition of TensorFlow ops. Each runs the
 * shared conformance suite (golden vectors, properties, stress included) plus
 * what is specific to the backend — that it really is TensorFlow, that no
 * native tensor outlives a kernel, and how the kernels live with FTZ; and
 * the AlphaDropout suite.
 * What only the native op has is in tensorflow_native.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../../kernels/node/index.js';
import type {NodeKernelPath} from '../../kernels/node/native_addon.js';
import {nativeBackend, useNodeKernelPath} from '../support/tensorflow_paths.js';
import {SELU_ALPHA, SELU_SCALE, SeluGradKernel, SeluKernel, selu} from '../../src/index.js';
import type {SeluAttrs} from '../../src/index.js';
import {expectClose, expectEqual, expectTrue, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {describeConformance} from '../suites/conformance.js';
import {describeKeras} from '../suites/keras.js';
import {describeAlphaDropout} from '../suites/alpha_dropout.js';
import {ALPHA_DROPOUT_VALUES, TENSORFLOW_COMPOSITION_FORWARD, TENSORFLOW_COMPOSITION_GRADIENT, TENSORFLOW_EITHER_PATH_FORWARD, TENSORFLOW_EITHER_PATH_GRADIENT, TENSORFLOW_NATIVE_FORWARD, TENSORFLOW_NATIVE_GRADIENT, relativeOnly} from '../support/tolerances.js';
import {randomNormals, seluPrimeRef, seluRef} from '../support/reference.js';
import {readKerasFixture} from '../support/keras_fixtures.js';

const TOLERANCES: Record<NodeKernelPath, {forward: Tolerance, gradient: Tolerance}> = {
  native: {forward: TENSORFLOW_NATIVE_FORWARD, gradient: TENSORFLOW_NATIVE_GRADIENT},
  composition: {forward: TENSORFLOW_COMPOSITION_FORWARD, gradient: TENSORFLOW_COMPOSITION_GRADIENT},
};

for (const path of ['native', 'composition'] as const) describe(`the 'tensorflow' backend (native TensorFlow through tfjs-node), ${path} kernels`, () => {
  useNodeKernelPath(path);

  describe('is native', () => {
    it('runs on TensorFlow 2.x, as the binding reports, with the plugin kernels registered', async () => {
      expectTrue(await tf.setBackend('tensorflow'), "backend 'tensorflow' failed to initialise");
      expectEqual(tf.getBackend(), 'tensorflow', 'active backend');
      const version = nativeBackend().binding.TF_Version;
      expectTrue(/^2\.\d+\.\d+/.test(version), `TF_Version '${version}'`);
      expectTrue(tf.getKernel(SeluKernel, 'tensorflow') !== undefined, 'SeluKernel for tensorflow');
      expectTrue(tf.getKernel(SeluGradKernel, 'tensorflow') !== undefined, 'SeluGradKernel for tensorflow');
    });

    it('leaves no native tensor behind: intermediates and constants are freed', async () => {
      const x = tf.tensor1d(randomNormals(1000, 3, 3));
      const xi = tf.tensor1d([-2, 0, 3], 'int32');
      const run = () => {
        selu(x).dispose();
        selu(x, {alpha: 2, scale: 0.01}).dispose();  // the 2^-k rescaling path
        tf.grad((t: tf.Tensor) => selu(t))(x).dispose();  // native SeluGrad path
        tf.grad((t: tf.Tensor) => selu(t, {alpha: 1, scale: 1}))(x).dispose();  // select path
        (tf.engine().runKernel(SeluKernel, {x: xi}, {alpha: SELU_ALPHA, scale: SELU_SCALE}) as tf.Tensor).dispose();
      };
      run();  // inputs become native tensors on first use
      const native = nativeBackend().getNumOfTFTensors();
      const buffers = tf.memory().numDataBuffers;
      run();
      expectEqual(nativeBackend().getNumOfTFTensors(), native, 'native TensorFlow tensors after the kernels');
      expectEqual(tf.memory().numDataBuffers, buffers, 'data buffers after the kernels');
      tf.dispose([x, xi]);
    });
  });

  describe('flush-to-zero', () => {
    it('keeps y > 0 exactly where x > 0 when scale < 1/2 makes λx smaller than 2^-126', async () => {
      const attrs: SeluAttrs = {alpha: 2, scale: 1e-3};
      const xs = [2 ** -125, 2 ** -120, 1e-30, 1, 100, -(2 ** -125), -1e-30, -1, 0];
      const x = tf.tensor1d(xs);
      const y = await take(selu(x, attrs));
      const dx = await take(tf.grad((t: tf.Tensor) => selu(t, attrs))(x));
      x.dispose();
      xs.forEach((v, i) => expectTrue((y[i] > 0) === (v > 0), `sign of selu(${v}) = ${y[i]}`));
      // Where λx is below the smallest normal, the smallest normal stands in for it.
      const expected = xs.map(v => v > 0 ? Math.max(seluRef(v, attrs), 2 ** -126) : seluRef(v, attrs));
      expectClose(y, expected, TENSORFLOW_EITHER_PATH_FORWARD, xs, 'selu with scale 1e-3');
      expectClose(dx, xs.map(v => seluPrimeRef(v, attrs)), relativeOnly(TENSORFLOW_EITHER_PATH_GRADIENT), xs, "selu' with scale 1e-3");
    });

    it('saturates at exactly float32(−λα), also when scale < 1/2 is rescaled by a power of two', async () => {
      const cases: SeluAttrs[] = [{alpha: SELU_ALPHA, scale: SELU_SCALE}, {alpha: 1.3, scale: 0.3}, {alpha: 0.7, scale: 3e-5}];
      for (const attrs of cases) {
        const y = await take(selu(tf.tensor1d([-Infinity, -200]), attrs));
        const floor = Math.fround(-attrs.scale * attrs.alpha);
        expectEqual(Array.from(y), [floor, floor], `saturation with ${JSON.stringify(attrs)}`);
      }
    });
  });

  describe('direct kernel calls', () => {
    it('accept int32 like the cpu kernels, casting natively', async () => {
      const attrs = {alpha: SELU_ALPHA, scale: SELU_SCALE};
      const xi = tf.tensor1d([-3, 0, 2], 'int32');
      const y = tf.engine().runKernel(SeluKernel, {x: xi}, {...attrs}) as tf.Tensor;
      expectEqual(y.dtype, 'float32', 'dtype of the forward kernel on int32');
      expectClose(await take(y), [-3, 0, 2].map(v => seluRef(v)), relativeOnly(TENSORFLOW_EITHER_PATH_FORWARD));
      const dyi = tf.tensor1d([2, 2, 2], 'int32');
      const yi = tf.tensor1d([-1, 0, 1], 'int32');
      const dx = tf.engine().runKernel(SeluGradKernel, {dy: dyi, y: yi}, {...attrs}) as tf.Tensor;
      const scaleAlpha = Math.fround(SELU_SCALE * SELU_ALPHA);
      expectClose(await take(dx), [2 * (scaleAlpha - 1), 2 * scaleAlpha, 2 * SELU_SCALE], relativeOnly(TENSORFLOW_EITHER_PATH_GRADIENT));
      tf.dispose([xi, dyi, yi]);
    });
  });

  // Outputs below 2^-126 are flushed to 0.
  describeConformance({
    backend: 'tensorflow',
    ...TOLERANCES[path],
    flushesDenormals: true,
    stress: {iterations: 10000, largestSize: 1e7},
  });

  // Keras SNNs converted by tensorflowjs, against TensorFlow's own numbers.
  describeKeras({backend: 'tensorflow', variant: `${path} kernels`, read: readKerasFixture});

  // AlphaDropout: the native op draws the mask in its loop; the composition draws it on the host.
  describeAlphaDropout({backend: 'tensorflow', values: ALPHA_DROPOUT_VALUES});
});
