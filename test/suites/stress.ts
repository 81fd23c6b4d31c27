/**
 * Stress and misuse checks run by the conformance suite on every backend:
 * long training-like loops with constant memory, the largest tensor the
 * backend is asked to accept, interleaved shapes and constants, debug mode,
 * and disposing an input while a read of the output is pending.
 */
import * as tf from '@tensorflow/tfjs-core';
import {selu, seluGrad} from '../../src/index.js';
import type {SeluAttrs} from '../../src/index.js';
import {expectClose, expectEqual, expectTrue, settledMemory, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {DEFAULT_ATTRS, randomNormals, seluPrimeRef, seluRef} from '../support/reference.js';
import type {Storage} from '../support/reference.js';
import {absoluteScaledBy} from '../support/tolerances.js';

export interface StressLimits {
  /** Forward+backward iterations whose memory must stay constant. */
  iterations: number;
  /** Elements of the largest tensor to compute and spot-check. */
  largestSize: number;
}

export function describeStress(forward: Tolerance, gradient: Tolerance, limits: StressLimits,
                               {held, outputGradient}: Storage): void {
  describe('stress and misuse', () => {
    it(`keeps tf.memory() constant over ${limits.iterations} forward+backward iterations`, async () => {
      const x = tf.tensor1d(randomNormals(64, 5, 2));
      const step = tf.grad((t: tf.Tensor) => selu(t));
      // Warm up once: backends may cache programs or constants on first use.
      step(x).dispose();
      const before = settledMemory();
      for (let i = 0; i < limits.iterations; ++i) {
        step(x).dispose();
        if (i % 1000 === 999) await tf.nextFrame?.();
      }
      const after = settledMemory();
      expectEqual(after.numTensors, before.numTensors, 'tensors after the loop');
      expectEqual(after.numBytes, before.numBytes, 'bytes after the loop');
      if (before.numBytesInGPU !== undefined) expectEqual(after.numBytesInGPU, before.numBytesInGPU, 'GPU bytes');
      x.dispose();
    });

    it(`computes a ${limits.largestSize.toExponential(0)}-element tensor correctly (spot-checked against float64)`,
        async () => {
          const size = limits.largestSize;
          // A sawtooth over [-20, 20): every region of the function, cheap to rebuild on the host.
          const valueAt = (i: number) => held(-20 + 40 * ((i * 7919) % 100003) / 100003);
          const values = new Float32Array(size);
          for (let i = 0; i < size; ++i) values[i] = valueAt(i);
          const x = tf.tensor1d(values);
          const y = selu(x);
          const dx = tf.grad((t: tf.Tensor) => selu(t))(x);
          x.dispose();
          const ys = await take(y);
          const dxs = await take(dx);
          expectEqual(ys.length, size, 'output size');
          const probes = Array.from({length: 4096}, (_, k) => Math.floor((size - 1) * k / 4095));
          expectClose(probes.map(i => ys[i]), probes.map(i => seluRef(valueAt(i))), forward, probes.map(valueAt), 'y');
          expectClose(probes.map(i => dxs[i]), probes.map(i => seluPrimeRef(valueAt(i))), gradient, probes.map(valueAt), 'dx');
        });

    it('interleaves shapes and constants without mixing them up', async () => {
      const cases: Array<[number[], SeluAttrs]> = [
        [[3], DEFAULT_ATTRS], [[2, 5], {alpha: 1, scale: 1}], [[7, 1, 3], {alpha: 0, scale: 2}],
        [[1], {alpha: 3, scale: 0.5}], [[4, 4], DEFAULT_ATTRS], [[2, 2, 2, 2], {alpha: 0.5, scale: 4}],
      ];
      for (let round = 0; round < 5; ++round) {
        for (const [index, [shape, attrs]] of cases.entries()) {
          const size = shape.reduce((a, b) => a * b, 1);
          const xs = randomNormals(size, 100 * round + index, 3).map(held);
          const x = tf.tensor(xs, shape);
          const y = selu(x, attrs);
          expectEqual(y.shape, shape, 'shape');
          const dy = tf.onesLike(y);
          const dx = await take(seluGrad(dy, y, attrs));
          const ys = await take(y);
          tf.dispose([x, dy]);
          const ceiling = attrs.scale * Math.max(attrs.alpha, 1);
          expectClose(ys, Array.from(xs, v => seluRef(v, attrs)), absoluteScaledBy(forward, ceiling), xs);
          expectClose(dx, Array.from(xs, v => seluPrimeRef(v, attrs)), absoluteScaledBy(outputGradient, ceiling), xs);
        }
      }
    });

    it('works in tf.enableDebugMode()', async () => {
      const wasDebug = tf.env().getBool('DEBUG');
      const log = console.log;
      console.log = () => undefined;  // debug mode logs every kernel
      tf.env().set('DEBUG', true);
      try {
        const xs = randomNormals(100, 9, 2).map(held);
        const x = tf.tensor1d(xs);
        const y = await take(selu(x));
        const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
        x.dispose();
        expectClose(y, Array.from(xs, v => seluRef(v)), forward, xs);
        expectClose(dx, Array.from(xs, v => seluPrimeRef(v)), gradient, xs);
      } finally {
        tf.env().set('DEBUG', wasDebug);
        console.log = log;
      }
    });

    it('is safe to dispose the input while a read of the output is pending', async () => {
      const xs = randomNormals(1000, 13, 2).map(held);
      const x = tf.tensor1d(xs);
      const y = selu(x);
      const pending = y.data();
      x.dispose();
      expectTrue(x.isDisposed, 'input disposed');
      const values = await pending;
      expectClose(values as Float32Array, Array.from(xs, v => seluRef(v)), forward, xs);
      y.dispose();
    });
  });
}
