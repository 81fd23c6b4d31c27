/**
 * AlphaDropout's WebGPU kernels: the keep pattern of the in-shader generator
 * equals the JavaScript reference bit for bit in vec4 and scalar lanes, with
 * and without broadcasting (ranks 0 to 6) and for dispatches beyond one grid
 * dimension; values within ALPHA_DROPOUT_VALUES; one compute pass per kernel;
 * one pipeline for every key and rate; no leaked tensor or GPU byte. Every
 * read is `await data()` (dataSync breaks SwiftShader's WebGPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import '../../kernels/webgpu/index.js';
import {AlphaDropoutGradKernel, AlphaDropoutKernel} from '../../src/kernel_names.js';
import {alphaDropoutWebGPUConfig} from '../../kernels/webgpu/AlphaDropout.js';
import {alphaDropoutGradWebGPUConfig} from '../../kernels/webgpu/AlphaDropoutGrad.js';
import {AlphaDropoutProgram} from '../../kernels/webgpu/alpha_dropout_webgpu.js';
import {useVec4} from '../../kernels/webgpu/selu_webgpu.js';
import {maskBits} from '../../src/random/threefry.js';
import {expectEqual, expectNoLeak, expectTrue, take} from '../support/assertions.js';
import {ALPHA_DROPOUT_VALUES} from '../support/tolerances.js';
import {stepPrograms} from '../support/gpu_checks.js';
import {describeAlphaDropout} from '../suites/alpha_dropout.js';
import {pipelines, recordPrograms, webgpuBackend} from '../support/webgpu_util.js';
import {
  ALPHA_DROPOUT_STEP, DROPOUT_KEYS, DROPOUT_RATES, expectAllCasesMatch, expectBoolInputRejected, expectNaNAndInt32Handled, positiveInputs, runAlphaDropoutGradKernel,
  runAlphaDropoutKernel,
} from '../support/alpha_dropout_gpu_checks.js';
import {referenceAttrs} from '../support/alpha_dropout_reference.js';

describe('AlphaDropout on WebGPU (tfjs-selu/webgpu)', () => {
  before(async () => {
    expectTrue(typeof navigator !== 'undefined' && navigator.gpu !== undefined, 'navigator.gpu is missing');
    expectTrue(await tf.setBackend('webgpu'), "the 'webgpu' backend failed to initialise");
    expectEqual(tf.getBackend(), 'webgpu', 'active backend');
  });

  it("registers both kernels for 'webgpu' through the entry point", () => {
    expectTrue(tf.getKernel(AlphaDropoutKernel, 'webgpu')?.kernelFunc === alphaDropoutWebGPUConfig.kernelFunc,
        'AlphaDropoutKernel on webgpu');
    expectTrue(tf.getKernel(AlphaDropoutGradKernel, 'webgpu')?.kernelFunc === alphaDropoutGradWebGPUConfig.kernelFunc,
        'AlphaDropoutGradKernel on webgpu');
  });

  for (const vec4 of [true, false]) {
    const lanes = vec4 ? 4 : 1;
    const layout = vec4 ? 'vec4 lanes (size a multiple of 4)' : 'scalar lanes (other sizes)';
    const size = vec4 ? 1000 : 999;

    describe(layout, () => {
      it('keeps exactly the reference elements for every key, rate and mask shape (broadcast, ranks 0 to 6)', () =>
        expectAllCasesMatch(ALPHA_DROPOUT_VALUES, `webgpu ${lanes}-lane`, shape => useVec4(shape) === vec4));

      it('runs one compute pass per kernel, in this lane width, full and broadcast masks', async () => {
        // Mask rows of 1000 (a multiple of 4) are whole blocks: the vec4 program takes one block per invocation there.
        const masks: Array<[number[], number[], string]> = [[[size], [size], 'full'], [[size, 2], [1, 2], 'broadcast'],
          [[2, size], [1, size], vec4 ? 'blockRows' : 'broadcast']];
        for (const [shape, noiseShape, mask] of masks) {
          const x = tf.tensor(positiveInputs(2 * size, 3).subarray(0, shape.reduce((p, d) => p * d, 1)), shape);
          const attrs = referenceAttrs(0.3, DROPOUT_KEYS[0]!, noiseShape);
          const before = tf.memory().numTensors;
          let y: tf.Tensor | undefined;
          let dx: tf.Tensor | undefined;
          const forward = await recordPrograms(() => {
            y = runAlphaDropoutKernel(x, attrs);
          });
          const backward = await recordPrograms(() => {
            dx = runAlphaDropoutGradKernel(x, attrs);
          });
          expectEqual(tf.memory().numTensors, before + 2, 'tensors after both kernels (their outputs only)');
          const lanesOf = useVec4(shape) ? 4 : 1;
          expectEqual(forward.map(r => [r.name, r.shaderKey, r.lanes]),
              [['AlphaDropoutProgram', `tfjsAlphaDropout_${lanesOf}_${mask}`, lanesOf]], `programs of the forward on ${shape}`);
          expectEqual(backward.map(r => [r.name, r.shaderKey, r.lanes]),
              [['AlphaDropoutGradProgram', `tfjsAlphaDropoutGrad_${lanesOf}_${mask}`, lanesOf]], `programs of the gradient on ${shape}`);
          tf.dispose([x, y!, dx!]);
        }
      });

      it('a training step runs 2 compute passes (forward, gradient), several times fewer than the layer composition',
          async () => {
            const x = tf.tensor1d(positiveInputs(size, 10));
            const dy = tf.tensor1d(positiveInputs(size, 11));
            const {ours, builtin} = await stepPrograms(x, dy, recordPrograms, ALPHA_DROPOUT_STEP);
            console.log(`webgpu ${lanes}-lane AlphaDropout step programs: ours ${ours.map(r => r.name)}; ` +
                `composition ${builtin.map(r => r.name)}`);
            expectEqual(ours.map(r => [r.name, r.lanes]), [['AlphaDropoutProgram', lanes], ['AlphaDropoutGradProgram', lanes]],
                'programs of our step');
            expectTrue(builtin.length >= 3 * ours.length, `the composition's step ran ${builtin.length} programs`);
            tf.dispose([x, dy]);
          });

      it('one pipeline serves every key and rate (uniforms, not constants)', async () => {
        const x = tf.tensor1d(positiveInputs(size, 5));
        runAlphaDropoutKernel(x, referenceAttrs(0.5, DROPOUT_KEYS[0]!, [size])).dispose();
        const compiled = pipelines(`tfjsAlphaDropout_${lanes}_full`).length;
        expectTrue(compiled >= 1, `pipelines compiled: ${compiled}`);
        for (const key of DROPOUT_KEYS) {
          for (const rate of DROPOUT_RATES) runAlphaDropoutKernel(x, referenceAttrs(rate, key, [size])).dispose();
        }
        expectEqual(pipelines(`tfjsAlphaDropout_${lanes}_full`).length, compiled, 'pipelines after 12 other keys and rates');
        x.dispose();
      });

      it('keeps NaN where kept and drops it to dropValue; reads int32 input as float32', () =>
        expectNaNAndInt32Handled(size, ALPHA_DROPOUT_VALUES));

      it('leaks no tensor and no GPU byte, and rejects bool input naming the kernel', async () => {
        const x = tf.tensor1d(positiveInputs(size, 8));
        const attrs = referenceAttrs(0.2, DROPOUT_KEYS[2]!, [size]);
        runAlphaDropoutKernel(x, attrs).dispose();
        runAlphaDropoutGradKernel(x, attrs).dispose();
        await expectNoLeak('forward', () => runAlphaDropoutKernel(x, attrs).dispose());
        await expectNoLeak('gradient', () => runAlphaDropoutGradKernel(x, attrs).dispose());
        await expectNoLeak('forward, read back', async () => {
          await take(runAlphaDropoutKernel(x, attrs));
        });
        await expectBoolInputRejected();
        x.dispose();
      });
    });
  }

  it('keeps the reference elements in dispatches beyond one grid dimension (the backend reshapes them)', async () => {
    const limit = webgpuBackend().device.limits.maxComputeWorkgroupsPerDimension;
    for (const vec4 of [false, true]) {
      const perWorkgroup = 64 * (vec4 ? 4 : 1);
      const size = vec4 ? (limit + 3) * perWorkgroup : (limit + 1) * perWorkgroup + 1;
      const program = new AlphaDropoutProgram([size], [size], 'forward');
      expectEqual(program.outputComponent, vec4 ? 4 : 1, 'lane width');
      expectTrue(program.dispatch[0] > limit, `dispatch ${program.dispatch} over ${limit}`);
      const attrs = referenceAttrs(0.5, DROPOUT_KEYS[3]!, [size]);
      const x = tf.fill([size], 1.5);
      const y = await take(runAlphaDropoutKernel(x, attrs));
      x.dispose();
      // Every element of the last two workgroups, and a spread over the rest.
      const probes = [...Array.from({length: 4096}, (_, k) => Math.floor((size - 1) * k / 4095)),
        ...Array.from({length: 2 * perWorkgroup}, (_, k) => size - 1 - k)];
      const key = {lo: attrs.keyLo, hi: attrs.keyHi};
      const wrong = probes.find(i => (y[i]! > 0) !== (maskBits(key, i) >= attrs.threshold));
      expectTrue(wrong === undefined, `size ${size}: element ${wrong} (y = ${y[wrong ?? 0]}) differs from the reference`);
    }
  });
});

// The shared AlphaDropout suite (values, known-answer mask, statistics, gradient, noiseShape, misuse) on webgpu.
describeAlphaDropout({backend: 'webgpu', values: ALPHA_DROPOUT_VALUES});
