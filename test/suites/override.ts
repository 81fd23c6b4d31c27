/**
 * useSeluPluginForBuiltin on one backend, written once and run on every
 * backend with plugin kernels (Node: test/node/override.test.ts; browser:
 * test/browser/index.ts): tf.selu, layers with activation 'selu' and models
 * loaded from files that say 'selu' run the plugin's kernels and gradient,
 * and restoring gives tfjs-core's own registrations back. The caller imports
 * '@tensorflow/tfjs' (layers, built-in gradients) and the entry points.
 */
import * as tf from '@tensorflow/tfjs';
import type {KernelConfig} from '@tensorflow/tfjs';
import {SeluGradFromInputKernel, SeluGradKernel, SeluKernel, useSeluPluginForBuiltin} from '../../src/index.js';
import {expectClose, expectEqual, expectNoLeak, expectThrows, expectTrue, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {savedArtifacts} from '../support/model_io.js';
import {grid, isExactNormalHalf, seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import type {Storage} from '../support/reference.js';
import {OVERRIDE_MODEL_PREDICTION, halfFloatOverridePredictionBound, scaledBy} from '../support/tolerances.js';

const GRID = Float32Array.from([...grid(-6, 6, 121), -1e-5, 1e-5]);

interface OverrideUnderTest {
  backend: string;
  /** Tolerance of selu; its derivatives get twice, the penalty four times. */
  tolerance: Tolerance;
  /** Registers the backend, or skips the suite where it may not run. */
  load?: (suite: Mocha.Context) => Promise<void>;
  /** How the backend holds tensors (default: float32). */
  storage?: Pick<Storage, 'held' | 'halfFloat'>;
}

/** Kernel names run by `f`, copied (tf.profile reuses its result object). */
async function kernelsRun(f: () => tf.TensorContainer | Promise<tf.TensorContainer>): Promise<string[]> {
  const info = await tf.profile(f);
  return info.kernels.map(kernel => kernel.name);
}

/**
 * Wraps the plugin's forward kernel on `backend` in a call counter (before the
 * override captures it), so a test can see that a 'Selu' call reached it.
 */
function countPluginForwardCalls(backend: string): {count: () => number, uninstall: () => void} {
  const plugin = tf.getKernel(SeluKernel, backend);
  let calls = 0;
  const counting: KernelConfig = {...plugin, kernelFunc: args => {
    calls++;
    return plugin.kernelFunc(args);
  }};
  tf.unregisterKernel(SeluKernel, backend);
  tf.registerKernel(counting);
  return {
    count: () => calls,
    uninstall: () => {
      tf.unregisterKernel(SeluKernel, backend);
      tf.registerKernel(plugin);
    },
  };
}

function seluModel(): tf.Sequential {
  return tf.sequential({layers: [
    tf.layers.dense({units: 16, inputShape: [8], activation: 'selu', kernelInitializer: tf.initializers.glorotNormal({seed: 1})}),
    tf.layers.dense({units: 1, kernelInitializer: tf.initializers.glorotNormal({seed: 2})}),
  ]});
}

/** The host's float64 view of seluModel on `input`: per row, the hidden activations and the output layer's weights. */
function hiddenActivations(model: tf.Sequential, input: tf.Tensor2D): {hidden: number[][], weights: number[]} {
  const [w1, b1, w2] = model.getWeights().map(w => w.arraySync()) as [number[][], number[], number[][]];
  const hidden = input.arraySync().map(row => b1.map((bias, j) => seluRef(row.reduce((sum, v, k) => sum + v * w1[k][j], bias))));
  return {hidden, weights: w2.map(column => column[0])};
}

export function describeOverride({backend, tolerance, load, storage}: OverrideUnderTest): void {
  const half = storage?.halfFloat === true;
  // Inputs as the backend holds them; half floats hold ±1e-5 only as subnormals, which GPUs may flush.
  const xs = half ? GRID.map(storage.held).filter(isExactNormalHalf) : GRID;
  const gradientKernel = half ? SeluGradFromInputKernel : SeluGradKernel;
  describe(`useSeluPluginForBuiltin (the built-in override) on '${backend}'`, () => {
    let restore: (() => void) | undefined;
    let builtinKernel: KernelConfig;
    let builtinGradient: ReturnType<typeof tf.getGradient>;

    before(async function () {
      await load?.(this);
      expectTrue(await tf.setBackend(backend), `backend '${backend}'`);
      builtinKernel = tf.getKernel('Selu', backend);
      builtinGradient = tf.getGradient('Selu');
    });

    afterEach(() => {
      restore?.();
      restore = undefined;
    });

    it('routes tf.selu to the plugin\'s kernel, with the float64 reference\'s values', async () => {
      const counter = countPluginForwardCalls(backend);
      try {
        restore = useSeluPluginForBuiltin();
        const y = await take(tf.selu(tf.tensor1d(xs)));
        expectEqual(counter.count(), 1, 'plugin forward calls');
        expectClose(y, Float64Array.from(xs, x => seluRef(x)), tolerance, xs, 'tf.selu');
      } finally {
        counter.uninstall();
      }
    });

    it(`replaces the built-in gradient's six kernels by one ${gradientKernel} pass`, async () => {
      const x = tf.tensor1d(xs);
      const gradient = tf.grad((t: tf.Tensor) => tf.selu(t));
      const builtin = await kernelsRun(() => gradient(x));
      restore = useSeluPluginForBuiltin();
      const ours = await kernelsRun(() => gradient(x));
      const backwardOf = (names: string[]) => names.slice(names.indexOf('Selu') + 1).filter(n => n !== 'Identity');
      expectTrue(backwardOf(builtin).length >= 6 && builtin.includes('Exp'), `built-in backward: ${builtin}`);
      expectEqual(backwardOf(ours).filter(n => n !== 'Fill'), [gradientKernel], 'backward kernels with the override');
      const dx = await take(gradient(x));
      x.dispose();
      expectClose(dx, Float64Array.from(xs, v => seluPrimeRef(v)), scaledBy(tolerance, 2), xs, 'selu\'');
    });

    it('makes second order through tf.selu work (the built-in\'s gradient has none)', async () => {
      const x = tf.tensor1d(xs);
      const second = tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.selu(u))(t));
      expectThrows(() => second(x), 'gradient function not found for Greater');
      restore = useSeluPluginForBuiltin();
      const d2 = await take(second(x));
      expectClose(d2, Float64Array.from(xs, v => seluSecondRef(v)), scaledBy(tolerance, 2), xs, 'selu\'\'');
      // A gradient penalty mixes both orders: d/dx [selu(x) + selu'(x)²/2] = selu' + selu'·selu''.
      const penalised = tf.grad((t: tf.Tensor) => {
        const slope = tf.grad((u: tf.Tensor) => tf.selu(u))(t);
        return tf.add(tf.selu(t), tf.mul(0.5, tf.square(slope)));
      });
      const dp = await take(penalised(x));
      x.dispose();
      const expected = Float64Array.from(xs, v => seluPrimeRef(v) * (1 + seluSecondRef(v)));
      expectClose(dp, expected, scaledBy(tolerance, 4), xs, 'penalised gradient');
    });

    it('casts int32 like the built-in, rejects bool naming the kernel, and leaks nothing', async () => {
      restore = useSeluPluginForBuiltin();
      const ints = tf.tensor1d([-2, 0, 3], 'int32');
      const y = await take(tf.selu(ints));
      ints.dispose();
      expectClose(y, [-2, 0, 3].map(v => seluRef(v)), tolerance, undefined, 'selu(int32)');
      const bools = tf.tensor1d([true, false], 'bool');
      await expectNoLeak('rejected bool', () => {
        expectThrows(() => tf.selu(bools), 'Selu', 'bool');
      });
      bools.dispose();
      await expectNoLeak('forward and gradient', async () => {
        const x = tf.tensor1d(xs);
        const dx = tf.grad((t: tf.Tensor) => tf.selu(t))(x);
        await dx.data();
        tf.dispose([x, dx]);
      });
    });

    it('runs the plugin for layers with activation \'selu\' and for models loaded from files that say \'selu\'', async () => {
      const model = seluModel();
      const input = tf.tensor2d(Array.from({length: 32 * 8}, (_, i) => Math.sin(i)), [32, 8]);
      const builtinPrediction = await take(model.predict(input) as tf.Tensor);
      const artifacts = await savedArtifacts(model);
      expectTrue(JSON.stringify(artifacts.modelTopology).includes('"activation":"selu"'), 'saved topology says selu');

      const counter = countPluginForwardCalls(backend);
      try {
        restore = useSeluPluginForBuiltin();
        const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
        const ours = await take(loaded.predict(input) as tf.Tensor);
        expectEqual(counter.count(), 1, 'plugin forward calls in predict');
        if (half) {
          const {hidden, weights} = hiddenActivations(model, input);
          ours.forEach((v, i) => {
            const bound = halfFloatOverridePredictionBound(hidden[i], weights, builtinPrediction[i]);
            expectTrue(Math.abs(v - builtinPrediction[i]) <= bound, `prediction ${i}: ${v} vs the built-in's ${builtinPrediction[i]}, bound ${bound}`);
          });
        } else {
          expectClose(ours, builtinPrediction, OVERRIDE_MODEL_PREDICTION, undefined, 'prediction');
        }
        loaded.compile({optimizer: 'sgd', loss: 'meanSquaredError'});
        const target = tf.zeros([32, 1]);
        const training = await kernelsRun(() => loaded.trainOnBatch(input, target) as Promise<number>);
        expectTrue(training.includes(gradientKernel) && !training.includes('Exp'), `training step kernels: ${training}`);
        tf.dispose([target]);
        loaded.dispose();
      } finally {
        counter.uninstall();
        input.dispose();
        model.dispose();
      }
    });

    it('is idempotent and restores tfjs-core\'s own kernel and gradient', () => {
      const first = useSeluPluginForBuiltin();
      const ours = tf.getKernel('Selu', backend);
      const second = useSeluPluginForBuiltin();
      expectTrue(ours !== builtinKernel, 'the override replaced the kernel');
      expectTrue(tf.getKernel('Selu', backend) === ours && first === second, 'a second call changes nothing');
      first();
      expectTrue(tf.getKernel('Selu', backend) === builtinKernel, 'built-in kernel restored');
      expectTrue(tf.getGradient('Selu') === builtinGradient, 'built-in gradient restored');
      first();
      expectTrue(tf.getKernel('Selu', backend) === builtinKernel, 'restoring twice is a no-op');
    });

    it('refuses when no backend has the plugin\'s kernels, changing nothing', () => {
      const removed = tf.engine().backendNames()
          .map(name => tf.getKernel(SeluKernel, name))
          .filter((config): config is KernelConfig => config !== undefined);
      removed.forEach(config => tf.unregisterKernel(SeluKernel, config.backendName));
      try {
        expectThrows(() => useSeluPluginForBuiltin(), 'useSeluPluginForBuiltin', 'tfjs-selu/cpu');
        expectTrue(tf.getKernel('Selu', backend) === builtinKernel && tf.getGradient('Selu') === builtinGradient,
            'registrations unchanged');
      } finally {
        removed.forEach(config => tf.registerKernel(config));
      }
    });
  });
}
