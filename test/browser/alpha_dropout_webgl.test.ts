/**
 * AlphaDropout's WebGL kernels: the keep pattern of the in-shader generator
 * (packed and unpacked, shape uniforms, textures beyond the maximum size,
 * half-float textures) and of the WebGL 1 host mask equals the JavaScript
 * reference bit for bit; values within ALPHA_DROPOUT_VALUES; one shader pass per
 * kernel; one compiled shader for every key and rate; no leaked tensor or
 * GPU byte.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../../kernels/webgl/index.js';
import {AlphaDropoutGradKernel, AlphaDropoutKernel} from '../../src/kernel_names.js';
import {alphaDropoutWebGLConfig} from '../../kernels/webgl/AlphaDropout.js';
import {alphaDropoutGradWebGLConfig} from '../../kernels/webgl/AlphaDropoutGrad.js';
import {AlphaDropoutPackedProgram, AlphaDropoutProgram} from '../../kernels/webgl/alpha_dropout_gpu.js';
import {expectEqual, expectNoLeak, expectTrue, take} from '../support/assertions.js';
import {ALPHA_DROPOUT_HALF_FLOAT, ALPHA_DROPOUT_VALUES} from '../support/tolerances.js';
import {stepPrograms} from '../support/gpu_checks.js';
import {describeAlphaDropout} from '../suites/alpha_dropout.js';
import {
  ALPHA_DROPOUT_STEP, DROPOUT_KEYS, DROPOUT_RATES, expectAllCasesMatch, expectBoolInputRejected, expectNaNAndInt32Handled, expectKernelsMatchReference, positiveInputs, runAlphaDropoutGradKernel,
  runAlphaDropoutKernel,
} from '../support/alpha_dropout_gpu_checks.js';
import {referenceAttrs} from '../support/alpha_dropout_reference.js';
import {
  cachedPrograms, packingFlags, recordPrograms, useHalfFloatBackend, useWebGL1Backend, webglBackend, withFlags,
} from '../support/webgl_util.js';

const ATTRS = referenceAttrs(0.3, DROPOUT_KEYS[0]!, [40, 25]);

/** A [40, 25] tensor on the GPU in the layout our programs read (they upload it on first use). */
function onGpu(seed: number): tf.Tensor {
  const t = tf.tensor(positiveInputs(1000, seed), [40, 25]);
  runAlphaDropoutKernel(t, ATTRS).dispose();
  return t;
}

describe('AlphaDropout on WebGL (tfjs-selu/webgl)', () => {
  before(async () => {
    expectTrue(await tf.setBackend('webgl'), "the 'webgl' backend failed to initialise");
    expectEqual(tf.env().getNumber('WEBGL_VERSION'), 2, 'WEBGL_VERSION');
  });

  it("registers both kernels for 'webgl' through the entry point", () => {
    expectTrue(tf.getKernel(AlphaDropoutKernel, 'webgl')?.kernelFunc === alphaDropoutWebGLConfig.kernelFunc,
        'AlphaDropoutKernel on webgl');
    expectTrue(tf.getKernel(AlphaDropoutGradKernel, 'webgl')?.kernelFunc === alphaDropoutGradWebGLConfig.kernelFunc,
        'AlphaDropoutGradKernel on webgl');
  });

  for (const packed of [true, false]) {
    const layout = packed ? 'packed' : 'unpacked';
    const within = (body: () => unknown) => () => withFlags(packingFlags(packed), body);

    describe(`${layout} layout (WEBGL_PACK=${packed})`, () => {
      it('keeps exactly the reference elements for every key, rate and mask shape (broadcast, ranks 0 to 6)',
          within(() => expectAllCasesMatch(ALPHA_DROPOUT_VALUES, layout)));

      it('computes with shapes as uniforms (WEBGL_USE_SHAPES_UNIFORMS=true)', () =>
        withFlags({...packingFlags(packed), WEBGL_USE_SHAPES_UNIFORMS: true}, () =>
          expectAllCasesMatch(ALPHA_DROPOUT_VALUES, `${layout}, shape uniforms`, shape => shape.length <= 4)));

      it('runs one shader program per kernel, in this layout, and draws no mask tensor', within(async () => {
        const x = onGpu(3);
        const dy = onGpu(4);
        let y: tf.Tensor | undefined;
        let dx: tf.Tensor | undefined;
        const before = tf.memory().numTensors;
        const forward = await recordPrograms(() => {
          y = runAlphaDropoutKernel(x, ATTRS);
        });
        const backward = await recordPrograms(() => {
          dx = runAlphaDropoutGradKernel(dy, ATTRS);
        });
        expectEqual(tf.memory().numTensors, before + 2, 'tensors after both kernels (their outputs only)');
        expectEqual(forward.map(r => [r.name, r.packedOutput]),
            [[packed ? 'AlphaDropoutPackedProgram' : 'AlphaDropoutProgram', packed]], 'programs of the forward');
        expectEqual(backward.map(r => [r.name, r.packedOutput]),
            [[packed ? 'AlphaDropoutGradPackedProgram' : 'AlphaDropoutGradProgram', packed]], 'programs of the gradient');
        expectTrue(forward[0].userCode.includes('tfjsThreefry2x32'), 'the forward shader runs the generator');
        expectEqual(!!webglBackend().texData.get(y!.dataId).isPacked, packed, 'output texture packed');
        tf.dispose([x, dy, y!, dx!]);
      }));

      it('a training step runs 2 shader programs (forward, gradient), several times fewer than the layer composition',
          within(async () => {
            const x = onGpu(10);
            const dy = onGpu(11);
            const {ours, builtin} = await stepPrograms(x, dy, recordPrograms, ALPHA_DROPOUT_STEP);
            console.log(`${layout} AlphaDropout step programs: ours ${ours.map(r => r.name)}; composition ${builtin.map(r => r.name)}`);
            expectEqual(ours.map(r => r.name), packed ? ['AlphaDropoutPackedProgram', 'AlphaDropoutGradPackedProgram'] :
              ['AlphaDropoutProgram', 'AlphaDropoutGradProgram'], 'programs of our step');
            expectTrue(builtin.length >= 3 * ours.length, `the composition's step ran ${builtin.length} programs`);
            tf.dispose([x, dy]);
          }));

      it('one compiled shader serves every key and rate (uniforms, not constants)', within(async () => {
        const x = onGpu(5);
        const code = (packed ? new AlphaDropoutPackedProgram([40, 25], [40, 25]) : new AlphaDropoutProgram([40, 25], [40, 25])).userCode;
        const compiled = cachedPrograms(code).length;
        expectTrue(compiled >= 1, `programs compiled: ${compiled}`);
        for (const key of DROPOUT_KEYS) {
          for (const rate of DROPOUT_RATES) runAlphaDropoutKernel(x, referenceAttrs(rate, key, [40, 25])).dispose();
        }
        expectEqual(cachedPrograms(code).length, compiled, 'compiled programs after 12 other keys and rates');
        x.dispose();
      }));

      it('keeps NaN where kept and drops it to dropValue; reads int32 input as float32', within(() =>
        expectNaNAndInt32Handled(64, ALPHA_DROPOUT_VALUES)));

      it('computes tensors at and beyond WEBGL_MAX_TEXTURE_SIZE (tfjs re-lays them out)', within(async () => {
        const maxSize = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
        for (const [shape, noiseShape] of [[[2, maxSize], [2, maxSize]], [[3, maxSize + 1], [3, maxSize + 1]],
          [[3, maxSize + 1], [1, maxSize + 1]], [[maxSize + 5], [maxSize + 5]]]) {
          const size = shape.reduce((p, d) => p * d, 1);
          const xs = positiveInputs(size, 6);
          const dys = positiveInputs(size, 7);
          const x = tf.tensor(xs, shape);
          const dy = tf.tensor(dys, shape);
          await expectKernelsMatchReference(x, xs, dy, dys, referenceAttrs(0.5, DROPOUT_KEYS[3]!, noiseShape), ALPHA_DROPOUT_VALUES,
              `${layout} ${JSON.stringify(shape)} noise ${JSON.stringify(noiseShape)} (max texture size ${maxSize})`);
          tf.dispose([x, dy]);
        }
      }));

      it('leaks no tensor and no GPU byte, and rejects bool input naming the kernel', within(async () => {
        const x = onGpu(8);
        runAlphaDropoutGradKernel(x, ATTRS).dispose();
        await expectNoLeak('forward', () => runAlphaDropoutKernel(x, ATTRS).dispose());
        await expectNoLeak('gradient', () => runAlphaDropoutGradKernel(x, ATTRS).dispose());
        await expectNoLeak('forward, read back', async () => {
          await take(runAlphaDropoutKernel(x, ATTRS));
        });
        await expectBoolInputRejected();
        x.dispose();
      }));
    });
  }

  for (const forceF16Textures of [false, true]) {
    const mode = forceF16Textures ? 'every texture in half floats (WEBGL_FORCE_F16_TEXTURES=true)' :
      'half-float render targets (WEBGL_RENDER_FLOAT32_ENABLED=false)';
    describe(`${mode}: the same masks`, () => {
      useHalfFloatBackend(`alpha-dropout-half-float-${forceF16Textures}`, forceF16Textures);
      for (const packed of [true, false]) {
        it(`keeps exactly the reference elements, values within half precision (${packed ? 'packed' : 'unpacked'})`, () =>
          withFlags(packingFlags(packed), () => expectAllCasesMatch(ALPHA_DROPOUT_HALF_FLOAT, mode)));
      }
    });
  }

  describe('WebGL 1 (GLSL ES 1.0, no integers): the host draws the same masks', () => {
    const name = 'alpha-dropout-webgl1';
    useWebGL1Backend(name);
    for (const packed of [true, false]) {
      const within = (body: () => unknown) => () => withFlags(packingFlags(packed), body);
      it(`keeps exactly the reference elements (${packed ? 'packed' : 'unpacked'})`,
          within(() => expectAllCasesMatch(ALPHA_DROPOUT_VALUES, `WebGL1 ${packed ? 'packed' : 'unpacked'}`)));

      it(`uploads the mask and runs one host-mask program per kernel, leaking nothing (${packed ? 'packed' : 'unpacked'})`,
          within(async () => {
            const x = onGpu(9);
            let y: tf.Tensor | undefined;
            const runs = await recordPrograms(() => {
              y = runAlphaDropoutKernel(x, ATTRS);
            }, webglBackend(name));
            const ours = runs.filter(r => r.name === 'AlphaDropoutHostMaskProgram');
            expectEqual(ours.map(r => r.packedOutput), [packed], `our programs among ${runs.map(r => r.name)}`);
            expectTrue(!ours[0].userCode.includes('uint'), 'no integer types in the GLSL ES 1.0 shader');
            y!.dispose();
            await expectNoLeak('WebGL1 forward', () => runAlphaDropoutKernel(x, ATTRS).dispose());
            await expectNoLeak('WebGL1 gradient', () => runAlphaDropoutGradKernel(x, ATTRS).dispose());
            x.dispose();
          }));
    }
  });
});

// The shared AlphaDropout suite (values, known-answer mask, statistics, gradient, noiseShape, misuse) on webgl.
describeAlphaDropout({backend: 'webgl', values: ALPHA_DROPOUT_VALUES});
