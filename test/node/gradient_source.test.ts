/**
 * The rule "what selu's gradient is computed from" (src/gradient_source.ts),
 * backend-independently on cpu: a lossy-output probe answering true on cpu
 * makes selu, seluInPlace and the built-in override save x and differentiate
 * with SeluGradFromInputKernel, here through its tfjs-core composition (cpu has
 * no such kernel), at every order; removing the probe restores the output
 * form. The webgl kernel and the real half-float probe run in karma
 * (test/browser/webgl_modes.ts).
 */
import * as tf from '@tensorflow/tfjs';
import '../../kernels/cpu/index.js';
import {SeluGradFromInputKernel, SeluGradKernel, SeluKernel, selu, seluInPlace, useSeluPluginForBuiltin} from '../../src/index.js';
import {
  activeBackendStoresOutputsLossily, registerLossyOutputProbe, seluGradientSourceAtForward,
} from '../../src/gradient_source.js';
import {expectClose, expectEqual, expectNoLeak, expectTrue, take} from '../support/assertions.js';
import {grid, mapToFloat64, seluPrimeRef, seluSecondRef} from '../support/reference.js';
import {FALLBACK_GRADIENT} from '../support/tolerances.js';

const xs = Float32Array.from([...grid(-20, 20, 801), -1e-6, 1e-6, -1e-30, 1e-30, 0]);

/** A probe that answers true on the cpu backend. */
const onCpu = (backend: tf.KernelBackend) => backend === tf.findBackend('cpu');

async function kernelsRun(f: () => tf.Tensor): Promise<string[]> {
  const info = await tf.profile(() => f());
  const names = info.kernels.map(kernel => kernel.name);
  tf.dispose(info.result as tf.Tensor);
  return names;
}

describe('what selu\'s gradient is computed from (src/gradient_source.ts), on cpu', () => {
  let unregister: (() => void) | undefined;

  before(async () => {
    expectTrue(await tf.setBackend('cpu'), 'cpu backend');
  });
  afterEach(() => {
    unregister?.();
    unregister = undefined;
  });

  it('saves the output by default, and x inside nested tapes', async () => {
    expectEqual(activeBackendStoresOutputsLossily(), false, 'cpu stores outputs lossily');
    expectEqual(seluGradientSourceAtForward(), 'output', 'source at depth 0');
    let nested = '';
    tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => {
      nested = seluGradientSourceAtForward();
      return selu(u);
    })(t))(tf.scalar(1)).dispose();
    expectEqual(nested, 'recomputed-output', 'source under two tapes');
    const x = tf.tensor1d(xs);
    const names = await kernelsRun(() => tf.grad((t: tf.Tensor) => selu(t))(x));
    x.dispose();
    expectEqual(names.filter(n => n === SeluGradKernel).length, 1, `${SeluGradKernel} in ${names}`);
  });

  it('with a lossy-output probe: one pass from x, accurate at first, second and third order', async () => {
    unregister = registerLossyOutputProbe(onCpu);
    expectEqual(seluGradientSourceAtForward(), 'input', 'source with the probe');
    const x = tf.tensor1d(xs);
    const names = await kernelsRun(() => tf.grad((t: tf.Tensor) => selu(t))(x));
    expectTrue(names.includes(SeluKernel) && !names.includes(SeluGradKernel), `kernels of a step: ${names}`);
    const d1 = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
    const d2 = await take(tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x));
    const d3 = await take(tf.grad((s: tf.Tensor) => tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(s))(x));
    x.dispose();
    expectClose(d1, mapToFloat64(xs, v => seluPrimeRef(v)), FALLBACK_GRADIENT, xs, "selu'");
    expectClose(d2, mapToFloat64(xs, v => seluSecondRef(v)), FALLBACK_GRADIENT, xs, "selu''");
    expectClose(d3, mapToFloat64(xs, v => seluSecondRef(v)), FALLBACK_GRADIENT, xs, "selu'''");
    // Far below −20 the output form gives exactly 0 (y has saturated); from x the true, tiny value.
    const far = tf.tensor1d([-30, -80, -90, NaN]);
    const dFar = await take(tf.grad((t: tf.Tensor) => selu(t))(far));
    far.dispose();
    expectClose(dFar.slice(0, 3), [-30, -80, -90].map(v => seluPrimeRef(v)), FALLBACK_GRADIENT, [-30, -80, -90], "selu' far left");
    expectTrue(dFar[0] > 0, `selu'(-30) = ${dFar[0]} > 0`);
    expectTrue(Number.isNaN(dFar[3]), `selu'(NaN) = ${dFar[3]}`);
  });

  it('with a lossy-output probe: seluInPlace and the override differentiate from x too, leaking nothing', async () => {
    unregister = registerLossyOutputProbe(onCpu);
    const x = tf.tensor1d(xs);
    const inPlace = await take(tf.grad((t: tf.Tensor) => seluInPlace(tf.mul(t, 1)))(x));
    expectClose(inPlace, mapToFloat64(xs, v => seluPrimeRef(v)), FALLBACK_GRADIENT, xs, 'seluInPlace');
    const restore = useSeluPluginForBuiltin();
    try {
      const names = await kernelsRun(() => tf.grad((t: tf.Tensor) => tf.selu(t))(x));
      expectTrue(!names.includes(SeluGradKernel) && !names.includes(SeluGradFromInputKernel) && names.includes('Exp'),
          `override step on cpu (the from-input composition): ${names}`);
      const dx = await take(tf.grad((t: tf.Tensor) => tf.selu(t))(x));
      expectClose(dx, mapToFloat64(xs, v => seluPrimeRef(v)), FALLBACK_GRADIENT, xs, 'tf.selu with the override');
      await expectNoLeak('selu step', () => tf.grad((t: tf.Tensor) => selu(t))(x).dispose());
      await expectNoLeak('second order', () => tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose());
      await expectNoLeak('override step', () => tf.grad((t: tf.Tensor) => tf.selu(t))(x).dispose());
    } finally {
      restore();
      x.dispose();
    }
  });

  it('removing the probe restores the output form', async () => {
    registerLossyOutputProbe(onCpu)();
    expectEqual(activeBackendStoresOutputsLossily(), false, 'after unregistering');
    expectEqual(seluGradientSourceAtForward(), 'output', 'source after unregistering');
  });
});
