/**
 * seluInPlace on cpu, the backend where it reuses the input's buffer: values,
 * gradients, buffer reuse only when unshared, the input disposed, no leak,
 * and the memory it saves.
 */
import * as tf from '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import {selu, seluInPlace} from '../../src/index.js';
import {expectClose, expectEqual, expectNoLeak, expectThrows, expectTrue, take} from '../support/assertions.js';
import {randomNormals, seluPrimeRef, seluRef} from '../support/reference.js';
import {CPU_FORWARD, CPU_GRADIENT, CPU_GRADIENT_THROUGH_EXP, EXACT, absoluteScaledBy} from '../support/tolerances.js';

const xs = randomNormals(1000, 17, 3);
const tolerance = CPU_FORWARD;
/** dy = 2 below. */
const gradientTolerance = absoluteScaledBy(CPU_GRADIENT, 2);

describe('seluInPlace on cpu', () => {
  before(async () => {
    await tf.setBackend('cpu');
  });

  it('writes y into the buffer of an unshared input and disposes the input', async () => {
    await expectNoLeak('in place', async () => {
      const x = tf.tensor1d(xs.slice());
      const buffer = x.dataId;
      const y = seluInPlace(x);
      expectTrue(x.isDisposed, 'the input is disposed');
      expectTrue(y.dataId === buffer, 'the output reuses the input buffer');
      expectClose(await take(y), Array.from(xs, v => seluRef(v)), tolerance, xs);
    });
  });

  it('copies when another tensor shares the buffer, leaving that tensor intact', async () => {
    await expectNoLeak('shared', async () => {
      const x = tf.tensor1d(xs.slice());
      const view = tf.reshape(x, [10, 100]);
      const y = seluInPlace(x);
      expectTrue(y.dataId !== view.dataId, 'a shared buffer must not be overwritten');
      expectClose(await take(view), xs, EXACT, xs, 'the other view');
      expectClose(await take(y), Array.from(xs, v => seluRef(v)), tolerance, xs);
    });
  });

  it('casts int32 input and reuses the cast buffer', async () => {
    await expectNoLeak('int32', async () => {
      const x = tf.tensor1d([-2, -1, 0, 3], 'int32');
      const y = seluInPlace(x);
      expectTrue(x.isDisposed, 'the int32 input is disposed');
      expectEqual(y.dtype, 'float32', 'dtype');
      expectClose(await take(y), [-2, -1, 0, 3].map(v => seluRef(v)), tolerance);
    });
  });

  it('gives the right gradient under tf.grad when it reuses an intermediate', async () => {
    await expectNoLeak('grad', async () => {
      const x = tf.tensor1d(xs);
      const dx = await take(tf.grad((t: tf.Tensor) => seluInPlace(tf.mul(t, 2)))(x));
      x.dispose();
      expectClose(dx, Array.from(xs, v => 2 * seluPrimeRef(Math.fround(2 * v))), gradientTolerance, xs);
    });
  });

  it("copies when the input's producer saved it for its own gradient (exp), so that gradient stays right", async () => {
    await expectNoLeak('exp', async () => {
      const small = xs.map(v => v / 3);
      const x = tf.tensor1d(small);
      const dx = await take(tf.grad((t: tf.Tensor) => seluInPlace(tf.exp(t)))(x));
      x.dispose();
      // d/dt selu(e^t) = selu'(e^t)·e^t = λ·e^t (e^t > 0).
      expectClose(dx, Array.from(small, v => seluPrimeRef(Math.exp(v)) * Math.exp(v)), CPU_GRADIENT_THROUGH_EXP, small);
    });
  });

  it('holds one buffer where selu holds two', async () => {
    // tf.profile's bytes count every tensor, even ones sharing a buffer, so
    // count the engine's distinct data buffers instead.
    const buffersHeldBy = (run: (x: tf.Tensor) => tf.Tensor) => {
      const before = tf.memory().numDataBuffers;
      const x = tf.randomNormal([1000]);
      const y = run(x);
      const held = tf.memory().numDataBuffers - before;
      tf.dispose([x, y]);
      return held;
    };
    expectEqual(buffersHeldBy(x => selu(x)), 2, 'buffers alive after selu (input and output)');
    expectEqual(buffersHeldBy(x => seluInPlace(x)), 1, 'buffers alive after seluInPlace');
  });

  it('overwrites the typed array a tensor was made from (tfjs cpu does not copy it): documented', async () => {
    const source = Float32Array.from([-1, 2]);
    const y = seluInPlace(tf.tensor1d(source));
    expectClose(source, [seluRef(-1), seluRef(2)], tolerance, undefined, 'the source array now holds y');
    y.dispose();
  });

  it('rejects a tf.Variable, which it would destroy', async () => {
    const v = tf.variable(tf.zeros([3]));
    await expectNoLeak('variable', () => expectThrows(() => seluInPlace(v), "'x'", "'seluInPlace'", 'tf.Variable'));
    expectTrue(!v.isDisposed, 'the variable survives');
    v.dispose();
  });

  it('rejects invalid attributes before touching the input', async () => {
    const x = tf.tensor1d([1, 2]);
    await expectNoLeak('bad alpha', () => expectThrows(() => seluInPlace(x, {alpha: -1}), "'alpha'", "'seluInPlace'"));
    expectTrue(!x.isDisposed, 'the input survives a rejected call');
    x.dispose();
  });
});
