/**
 * The conformance suite, written once and run on every backend (Node: mocha;
 * browser: karma). The caller has registered the backend and the plugin's
 * kernels for it, and the built-in gradients (`@tensorflow/tfjs`) so parity
 * with tf.selu and third-order gradients can be checked.
 */
import * as tf from '@tensorflow/tfjs-core';
import {SELU_ALPHA, SELU_SCALE, SeluGradFromInputKernel, SeluGradKernel, SeluKernel, selu, seluGrad, seluInPlace} from '../../src/index.js';
import type {SeluAttrs} from '../../src/index.js';
import {checkEveryTestForLeaks, expectClose, expectEqual, expectNoLeak, expectThrows, expectTrue, seluValues, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {
  BUILTIN_ELU_PARITY, BUILTIN_SELU_PARITY, FLOAT32_FINITE_DIFFERENCE, SATURATION, absoluteScaledBy, builtinGradientParity,
  halfFloatBuiltinGradientParity, halfFloatFiniteDifferenceBound, halfFloatParity, relativeOnly, scaledReluParity,
} from '../support/tolerances.js';
import {describeGolden} from './golden.js';
import {describeProperties} from './properties.js';
import {describeStress} from './stress.js';
import type {StressLimits} from './stress.js';
import {
  DEFAULT_ATTRS, grid, isExactNormalHalf, isFaithfulUnderFlushToZero, mapToFloat64 as map, nearZero, randomNormals, roundToHalf,
  seluPrimeRef, seluRef, seluSecondRef,
} from '../support/reference.js';

export interface BackendUnderTest {
  /** Registered backend name: 'cpu', 'webgl', 'tensorflow', … */
  backend: string;
  /** Forward tolerance against the float64 reference. */
  forward: Tolerance;
  /**
   * Gradient tolerance. The output-based gradient has an absolute error of
   * about ulp(λα)·|dy| (docs/NUMERICS.md), so atol is a few times 1.2e-7.
   */
  gradient: Tolerance;
  /**
   * True where denormals are flushed to zero (GPUs, TensorFlow's CPU kernels):
   * inputs with 0 < |x| < 2^-125 are then left out, since the backend sees
   * them as 0. Include a tolerance floor of 2^-126 for denormal outputs.
   */
  flushesDenormals?: boolean;
  /**
   * True for a backend the plugin has no kernels for: the op then runs its
   * tfjs-core composition, and the kernel-count check asserts that instead.
   */
  viaFallback?: boolean;
  /** How hard the stress tests push this backend. */
  stress: StressLimits;
  /**
   * True where every tensor is held in half floats (WebGL without float32
   * render targets). The suite then feeds inputs exact as normal halves (tfjs
   * would round others on upload), expects ±Inf to arrive as NaN (tfjs's
   * half-float upload), compares with tf.selu and tf.elu within the roundings
   * both incur, and expects selu's gradient to run SeluGradFromInputKernel.
   */
  halfFloatTextures?: boolean;
  /**
   * Tolerance of seluGrad(dy, y) called directly, when it differs from
   * `gradient` (half floats: the output form inherits y's storage error).
   */
  outputGradient?: Tolerance;
}

const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;


export function describeConformance(under: BackendUnderTest): void {
  const half = under.halfFloatTextures === true;
  const held = half ? roundToHalf : Math.fround;
  const representable = (x: number) => (!under.flushesDenormals || isFaithfulUnderFlushToZero(x)) && (!half || isExactNormalHalf(x));
  const dense = grid(-20, 20, 4001).map(held);
  const random = randomNormals(2000, 20261130, 3).map(held);
  const tiny = nearZero().filter(representable);
  const outputGradient = under.outputGradient ?? under.gradient;
  // Where another op's results are compared with ours: on half floats each is rounded to half once more.
  const parity = (float32: Tolerance) => half ? halfFloatParity(float32) : float32;
  // tfjs's half-float upload turns ±Inf into NaN before any kernel runs.
  const infinity = (value: number) => half ? NaN : value;
  const allInputs = Float32Array.from([...dense, ...random, ...tiny]);
  describe(`tfjs-selu conformance on '${under.backend}'`, () => {
    before(async () => {
      expectTrue(await tf.setBackend(under.backend), `backend '${under.backend}' failed to initialise`);
      await tf.ready();
    });

    checkEveryTestForLeaks();

    describe('forward against the float64 reference', () => {
      it('matches on a dense grid, random values and near zero', async () => {
        const y = await seluValues(allInputs);
        expectClose(y, map(allInputs, x => seluRef(x)), under.forward, allInputs, 'selu');
      });

      it('keeps relative precision near zero on the negative side (expm1, not exp − 1)', async () => {
        const negatives = tiny.filter(x => x < 0 && Math.abs(x) >= 1e-30);
        const y = await seluValues(negatives);
        expectClose(y, map(negatives, x => seluRef(x)), relativeOnly(under.forward), negatives, 'selu near 0');
      });

      it('agrees with the special-value table of the spec', async () => {
        const x = [NaN, Infinity, -Infinity, 0, -0, 1, -1, -10];
        const y = await seluValues(x);
        expectTrue(Number.isNaN(y[0]), `selu(NaN) = ${y[0]}`);
        expectEqual(y[1], infinity(Infinity), 'selu(+Inf)');
        expectClose([y[2]], [infinity(-SCALE_ALPHA)], SATURATION, undefined, 'selu(-Inf)');
        expectEqual(Math.abs(y[3]), 0, 'selu(+0)');
        expectEqual(Math.abs(y[4]), 0, 'selu(-0)');
        expectClose(y.slice(5), [1.0507009873554805, -1.1113307378125625, -1.7580195232607867], under.forward,
            undefined, 'selu(1, -1, -10)');
      });

      it('returns float32 of the input shape for scalar, 1-D, 4-D and empty inputs', async () => {
        for (const shape of [[], [7], [2, 3, 1, 4], [0], [3, 0, 2]]) {
          const size = shape.reduce((a, b) => a * b, 1);
          const xs = Float32Array.from({length: size}, (_, i) => i - size / 2);
          const x = tf.tensor(xs, shape);
          const y = selu(x);
          x.dispose();
          expectEqual(y.shape, shape, `shape of selu on ${JSON.stringify(shape)}`);
          expectEqual(y.dtype, 'float32', 'dtype');
          expectClose(await take(y), map(xs, x => seluRef(x)), under.forward, xs);
        }
      });

      it('casts int32 input to float32', async () => {
        const x = tf.tensor1d([-3, -1, 0, 2], 'int32');
        const y = selu(x);
        x.dispose();
        expectEqual(y.dtype, 'float32', 'dtype of selu(int32)');
        expectClose(await take(y), [-3, -1, 0, 2].map(x => seluRef(x)), under.forward);
      });

      it('accepts tensor-likes: numbers, nested arrays, typed arrays', async () => {
        expectClose(await take(selu(-1)), [seluRef(-1)], under.forward);
        const nested = selu([[1, -2], [0, 3]]);
        expectEqual(nested.shape, [2, 2], 'shape of nested array input');
        expectClose(await take(nested), [1, -2, 0, 3].map(x => seluRef(x)), under.forward);
        expectClose(await take(selu(new Float32Array([-0.5, 0.5]))), [-0.5, 0.5].map(x => seluRef(x)), under.forward);
      });

      it('matches the built-in tf.selu at the default constants', async () => {
        const xs = Float32Array.from([...dense, ...random]);
        const x = tf.tensor1d(xs);
        const ours = await take(selu(x));
        const builtin = await take(tf.selu(x));
        x.dispose();
        // The built-in computes exp(x) − 1 in float32, which is off by up to
        // ~1 ulp(λα) near zero: hence the absolute floor.
        expectClose(ours, builtin, parity(BUILTIN_SELU_PARITY), xs, 'selu vs tf.selu');
      });
    });

    describe('seluInPlace', () => {
      it('consumes its input and matches selu, forward and backward', async () => {
        const x = tf.tensor1d(random.slice());
        const y = seluInPlace(x);
        expectTrue(x.isDisposed, 'the input is disposed');
        expectClose(await take(y), map(random, v => seluRef(v)), under.forward, random);
        const t = tf.tensor1d(random);
        const dx = await take(tf.grad((u: tf.Tensor) => seluInPlace(tf.mul(u, 1)))(t));
        t.dispose();
        expectClose(dx, map(random, v => seluPrimeRef(v)), under.gradient, random, 'gradient through seluInPlace');
      });
    });

    describe('custom alpha and scale', () => {
      const families: Array<[string, SeluAttrs]> = [
        ['ELU (alpha=1, scale=1)', {alpha: 1, scale: 1}],
        ['scaled relu (alpha=0)', {alpha: 0, scale: 2.5}],
        ['alpha=2.5, scale=0.5', {alpha: 2.5, scale: 0.5}],
        ['huge alpha', {alpha: 1e6, scale: 1e-3}],
      ];
      for (const [name, attrs] of families) {
        it(`${name}: forward and gradient match the reference`, async () => {
          const x = tf.tensor1d(allInputs);
          const y = await take(selu(x, attrs));
          expectClose(y, map(allInputs, v => seluRef(v, attrs)), under.forward, allInputs, `selu ${name}`);
          const dx = await take(tf.grad((t: tf.Tensor) => selu(t, attrs))(x));
          const ceiling = attrs.scale * Math.max(attrs.alpha, 1);
          expectClose(dx, map(allInputs, v => seluPrimeRef(v, attrs)), absoluteScaledBy(under.gradient, ceiling), allInputs,
              `selu' ${name}`);
          x.dispose();
        });
      }

      it('alpha=1, scale=1 equals tf.elu', async () => {
        const xs = Float32Array.from([...dense, ...random]);
        const x = tf.tensor1d(xs);
        const ours = await take(selu(x, {alpha: 1, scale: 1}));
        const elu = await take(tf.elu(x));
        x.dispose();
        expectClose(ours, elu, parity(BUILTIN_ELU_PARITY), xs, 'selu(alpha=1, scale=1) vs tf.elu');
      });

      it('alpha=0 is scale·relu exactly', async () => {
        const x = tf.tensor1d(allInputs);
        const ours = await take(selu(x, {alpha: 0, scale: 3}));
        const relu = await take(tf.tidy(() => tf.mul(tf.relu(x), 3)));
        x.dispose();
        expectClose(ours, relu, parity(scaledReluParity(under.forward)), allInputs, 'selu(alpha=0) vs 3·relu');
      });
    });

    describe('first-order gradient', () => {
      it('tf.grad matches the closed form on a dense grid, random values and near zero', async () => {
        const x = tf.tensor1d(allInputs);
        const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
        x.dispose();
        expectClose(dx, map(allInputs, v => seluPrimeRef(v)), under.gradient, allInputs, "selu'");
      });

      it(`the kernel gradient agrees with central differences of the kernel forward (${half ? 'half floats, h=1/8' : 'float32, h=1e-2'})`,
          async () => {
            const h = half ? 1 / 8 : 1e-2;
            const xs = Float32Array.from(random.filter(v => Math.abs(v) > 5 * h));
            const plus = await seluValues(xs.map(v => held(v + h)));
            const minus = await seluValues(xs.map(v => held(v - h)));
            const x = tf.tensor1d(xs);
            const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
            x.dispose();
            const fd = Float64Array.from(xs, (v, i) => (plus[i] - minus[i]) / (held(v + h) - held(v - h)));
            if (!half) {
              expectClose(dx, fd, FLOAT32_FINITE_DIFFERENCE, xs, 'grad vs float32 central differences');
              return;
            }
            xs.forEach((v, i) => {
              const bound = halfFloatFiniteDifferenceBound(v, h, {plus: held(v + h), minus: held(v - h)}, {plus: plus[i], minus: minus[i]}, dx[i]);
              expectTrue(Math.abs(dx[i] - fd[i]) <= bound, `grad ${dx[i]} vs half-float central difference ${fd[i]} at x=${v}`);
            });
          });

      it('agrees with the special-value table', async () => {
        const x = tf.tensor1d([NaN, Infinity, -Infinity, 0, -0, 1, -1, -10]);
        const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
        x.dispose();
        expectTrue(Number.isNaN(dx[0]), `selu'(NaN) = ${dx[0]}`);
        expectClose(dx.slice(1), [infinity(SELU_SCALE), infinity(0), SCALE_ALPHA, SCALE_ALPHA, SELU_SCALE, 0.6467686030348, 7.98175865899e-5],
            under.gradient, undefined, "selu' special values");
      });

      it('scales with dy and matches the built-in gradient', async () => {
        const xs = Float32Array.from([...dense, ...random]);
        const dys = randomNormals(xs.length, 7, 2).map(held);
        const x = tf.tensor1d(xs);
        const dy = tf.tensor1d(dys);
        const ours = await take(tf.grad((t: tf.Tensor) => selu(t))(x, dy));
        const builtin = await take(tf.grad((t: tf.Tensor) => tf.selu(t))(x, dy));
        tf.dispose([x, dy]);
        const maxDy = dys.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        expectClose(ours, map(xs, v => seluPrimeRef(v)).map((g, i) => g * dys[i]), absoluteScaledBy(under.gradient, maxDy), xs);
        expectClose(ours, builtin, half ? halfFloatBuiltinGradientParity(maxDy) : builtinGradientParity(maxDy), xs,
            'grad vs built-in grad');
      });

      it('seluGrad computes dx from dy and the forward output', async () => {
        const xs = Float32Array.from([...dense, ...random]);
        const dys = randomNormals(xs.length, 11, 1).map(held);
        const x = tf.tensor1d(xs);
        const dy = tf.tensor1d(dys);
        const y = selu(x);
        const dx = await take(seluGrad(dy, y));
        tf.dispose([x, dy, y]);
        expectClose(dx, map(xs, v => seluPrimeRef(v)).map((g, i) => g * dys[i]), absoluteScaledBy(outputGradient, 4), xs, 'seluGrad');
      });

      const gradientKernel = half ? SeluGradFromInputKernel : SeluGradKernel;
      it(under.viaFallback ? 'runs no plugin kernel (the tfjs-core composition) on this backend' :
          `runs SeluKernel once forward and ${gradientKernel} once backward, saving only the ${half ? 'input' : 'output'}`,
      async () => {
        const x = tf.tensor1d(random);
        const profile = await tf.profile(() => {
          const dx = tf.grad((t: tf.Tensor) => selu(t))(x);
          dx.dispose();
        });
        const names = profile.kernels.map(k => k.name);
        x.dispose();
        if (under.viaFallback) {
          expectTrue(!names.includes(SeluKernel) && !names.includes(SeluGradKernel), `plugin kernels ran: ${names}`);
          expectTrue(names.includes('Exp'), `the composition did not run: ${names}`);
          return;
        }
        expectEqual(names.filter(n => n === SeluKernel).length, 1, `forward kernels in ${names}`);
        expectEqual(names.filter(n => n === gradientKernel).length, 1, `gradient kernels in ${names}`);
        expectTrue(!names.some(n => /^(Exp|Greater|Select|Multiply)$/.test(n) || n === (half ? SeluGradKernel : SeluGradFromInputKernel)),
            `unexpected kernels ${names}`);
      });

      it('trains through tf.variableGrads and an optimizer', async () => {
        // Fit w so that selu(w·x) matches selu(2·x): the loss must fall.
        const xs = tf.tensor1d(grid(-2, 2, 41));
        const target = tf.tidy(() => selu(tf.mul(xs, 2)));
        const w = tf.tidy(() => tf.variable(tf.scalar(0.5)));
        const loss = (): tf.Scalar => tf.mean(tf.square(tf.sub(selu(tf.mul(xs, w)), target))) as tf.Scalar;
        const {value, grads} = tf.variableGrads(loss);
        expectTrue((await grads[w.name].data())[0] < 0, 'dloss/dw should be negative at w=0.5');
        tf.dispose([value, grads[w.name]]);
        const optimizer = tf.train.sgd(0.1);
        let last = Infinity;
        for (let i = 0; i < 60; ++i) {
          const l = optimizer.minimize(loss, true) as tf.Scalar;
          last = (await l.data())[0];
          l.dispose();
        }
        expectTrue(Math.abs((await w.data())[0] - 2) < 1e-2, `w converged to ${(await w.data())[0]}, not 2`);
        expectTrue(last < 1e-4, `loss ${last}`);
        optimizer.dispose();
        tf.dispose([xs, target, w]);
      });
    });

    describe('higher-order gradients', () => {
      const d2 = (f: (t: tf.Tensor) => tf.Tensor) => tf.grad((t: tf.Tensor) => tf.grad(f)(t));

      it('second derivative matches the closed form, including 0 and ±Inf', async () => {
        const xs = Float32Array.from([...dense, ...random, ...tiny, 0, Infinity, -Infinity]);
        const x = tf.tensor1d(xs);
        const dx2 = await take(d2(t => selu(t))(x));
        x.dispose();
        expectClose(dx2, map(xs, v => Number.isFinite(v) ? seluSecondRef(v) : infinity(seluSecondRef(v))), under.gradient, xs, "selu''");
      });

      it('third derivative matches the closed form (λα·exp(x) for x ≤ 0, 0 above)', async () => {
        const xs = Float32Array.from([...dense, ...random]);
        const x = tf.tensor1d(xs);
        const d3 = tf.grad((t: tf.Tensor) => d2(u => selu(u))(t));
        const dx3 = await take(d3(x));
        x.dispose();
        expectClose(dx3, map(xs, v => seluSecondRef(v)), under.gradient, xs, "selu'''");
      });

      it('second order with custom constants', async () => {
        const attrs = {alpha: 2.5, scale: 0.5};
        const x = tf.tensor1d(dense);
        const dx2 = await take(d2(t => selu(t, attrs))(x));
        x.dispose();
        expectClose(dx2, map(dense, v => seluSecondRef(v, attrs)), absoluteScaledBy(under.gradient, 1.25), dense, "selu'' custom");
      });

      it('tf.grads, a Hessian-vector product and a gradient penalty match the closed forms', async () => {
        const xs = random.slice(0, 500);
        const vs = randomNormals(xs.length, 3, 1).map(held);
        const x = tf.tensor1d(xs);
        const v = tf.tensor1d(vs);
        // tf.grads with two arguments: f(a, b) = sum(selu(a) · b).
        const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(selu(a), b)))([x, v]);
        expectClose(await take(ga), map(xs, t => seluPrimeRef(t)).map((g, i) => g * vs[i]), absoluteScaledBy(under.gradient, 4), xs, 'tf.grads a');
        expectClose(await take(gb), map(xs, t => seluRef(t)), under.forward, xs, 'tf.grads b');
        // Hessian-vector product of sum(selu(x)): H is diagonal with selu''.
        const hvp = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.grad((u: tf.Tensor) => tf.sum(selu(u)))(t), v)))(x);
        expectClose(await take(hvp), map(xs, t => seluSecondRef(t)).map((h, i) => h * vs[i]), absoluteScaledBy(under.gradient, 4), xs, 'HVP');
        // Gradient penalty: d/dx sum(selu'(x)²) = 2·selu'·selu''.
        const penalty = tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.grad((u: tf.Tensor) => selu(u))(t))))(x);
        expectClose(await take(penalty), map(xs, t => 2 * seluPrimeRef(t) * seluSecondRef(t)), absoluteScaledBy(under.gradient, 8), xs,
            'gradient penalty');
        tf.dispose([x, v]);
      });
    });

    describe('rejected input', () => {
      const badAlphas: unknown[] = [NaN, Infinity, -Infinity, -1e-9, '1', null];
      const badScales: unknown[] = [NaN, Infinity, -Infinity, 0, -2, '1'];

      it('rejects non-tensors, naming x and selu', async () => {
        for (const bad of [{}, new Map(), () => 1, undefined, null]) {
          await expectNoLeak('non-tensor x', () => expectThrows(() => selu(bad as never), "'x'", "'selu'", 'Tensor or TensorLike'));
        }
      });

      it('rejects string, bool and complex64 tensors', async () => {
        const cases: Array<[string, () => tf.Tensor]> = [
          ['string', () => tf.tensor1d(['a', 'b'])],
          ['bool', () => tf.tensor1d([true, false], 'bool')],
          ['complex64', () => tf.complex([1, 2], [3, 4])],
        ];
        for (const [dtype, make] of cases) {
          let x: tf.Tensor;
          try {
            x = make();
          } catch (e) {
            // Some backends (wasm) cannot hold complex64 tensors: nobody can pass one there.
            expectTrue(dtype === 'complex64' && String(e).includes('not registered'), `making a ${dtype} tensor: ${e}`);
            continue;
          }
          await expectNoLeak(`${dtype} x`, () => expectThrows(() => selu(x), "'x'", "'selu'", dtype));
          await expectNoLeak(`${dtype} dy`, () => expectThrows(() => seluGrad(x, x), "'dy'", "'seluGrad'", dtype));
          x.dispose();
        }
        await expectNoLeak('string tensor-like', () => expectThrows(() => selu(['a'] as never), "'x'", "'selu'", 'string'));
        await expectNoLeak('bool tensor-like', () => expectThrows(() => selu([true] as never), "'x'", "'selu'", 'bool'));
      });

      it('rejects invalid alpha and scale before creating any tensor', async () => {
        for (const alpha of badAlphas) {
          await expectNoLeak(`alpha=${String(alpha)}`, () => {
            expectThrows(() => selu([1, -1], {alpha: alpha as number}), "'alpha'", "'selu'");
            expectThrows(() => seluGrad([1], [1], {alpha: alpha as number}), "'alpha'", "'seluGrad'");
          });
        }
        for (const scale of badScales) {
          await expectNoLeak(`scale=${String(scale)}`, () => {
            expectThrows(() => selu([1, -1], {scale: scale as number}), "'scale'", "'selu'");
            expectThrows(() => seluGrad([1], [1], {scale: scale as number}), "'scale'", "'seluGrad'");
          });
        }
        await expectNoLeak('options not an object', () => {
          expectThrows(() => selu([1], 3 as never), "'options'", "'selu'");
          expectThrows(() => selu([1], [1] as never), "'options'", "'selu'");
        });
      });

      it('rejects mismatched shapes in seluGrad', async () => {
        const dy = tf.ones([3]);
        const y = tf.ones([2]);
        await expectNoLeak('shape mismatch', () => expectThrows(() => seluGrad(dy, y), 'seluGrad', "'dy'", "'y'"));
        tf.dispose([dy, y]);
        await expectNoLeak('non-tensor y', () => expectThrows(() => seluGrad([1], {} as never), "'y'", "'seluGrad'"));
      });

      // Only where kernels exist: the fallback has none to call.
      if (!under.viaFallback) it('the kernels reject unsupported dtypes when called directly', async () => {
        const x = tf.tensor1d([true], 'bool');
        await expectNoLeak('runKernel with bool', () =>
          expectThrows(() => tf.engine().runKernel(SeluKernel, {x}, {...DEFAULT_ATTRS}), "'x'", SeluKernel, 'bool'));
        x.dispose();
      });
    });

    describeGolden(under.forward, under.gradient, representable);
    describeProperties(under.forward, representable, {held, outputGradient, halfFloat: half});
    describeStress(under.forward, under.gradient, under.stress, {held, outputGradient});

    describe('memory', () => {
      it('forward, backward, second order and seluGrad leak no tensor', async () => {
        const x = tf.tensor1d(random);
        // Move x to where the backend keeps data first: a GPU upload of x is not a leak.
        selu(x).dispose();
        await expectNoLeak('forward', () => selu(x).dispose());
        await expectNoLeak('int32 forward', () => {
          const xi = tf.tensor1d([1, -2], 'int32');
          selu(xi).dispose();
          xi.dispose();
        });
        await expectNoLeak('tensor-like forward', () => selu([1, -1]).dispose());
        await expectNoLeak('backward', () => tf.grad((t: tf.Tensor) => selu(t))(x).dispose());
        await expectNoLeak('second order', () => tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose());
        await expectNoLeak('seluGrad', () => seluGrad(x, x).dispose());
        x.dispose();
      });
    });
  });
}
