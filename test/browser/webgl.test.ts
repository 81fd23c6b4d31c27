/**
 * WebGL-specific tests, beyond the shared conformance suite: that WebGL2 is
 * real and our shaders are what runs, packed and unpacked layouts, one
 * compiled shader for every (alpha, scale), program counts of a training step,
 * GPU-memory leak checks and shape uniforms. WebGL 1 and half-float textures
 * run in webgl_modes.test.ts, each on a re-created backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../../kernels/webgl/index.js';
import {SELU_ALPHA, SELU_SCALE, SeluGradKernel, SeluKernel, selu, seluGrad} from '../../src/index.js';
import {seluWebGLConfig} from '../../kernels/webgl/Selu.js';
import {seluGradWebGLConfig} from '../../kernels/webgl/SeluGrad.js';
import {SeluPackedProgram, SeluProgram} from '../../kernels/webgl/selu_gpu.js';
import {SeluGradPackedProgram, SeluGradProgram} from '../../kernels/webgl/selu_grad_gpu.js';
import {expectClose, expectEqual, expectNoLeak, expectThrows, expectTrue, take} from '../support/assertions.js';
import {
  DEFAULT_ATTRS, grid, isFaithfulUnderFlushToZero, mapToFloat64 as map, nearZero, randomNormals, seluPrimeRef, seluRef,
} from '../support/reference.js';
import {expectAccurateToSecondOrder, expectCustomConstantsAccurate, stepPrograms} from '../support/gpu_checks.js';
import {WEBGL_FORWARD, WEBGL_GRADIENT, absoluteScaledBy, relativeOnly} from '../support/tolerances.js';
import {cachedPrograms, packingFlags, recordPrograms, webglBackend, withFlags} from '../support/webgl_util.js';
import type {ProgramRun} from '../support/webgl_util.js';
import {describeConformance} from '../suites/conformance.js';

const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, -10, 1e-30, -1e-30, 3.4e38, -3.4e38, 88.8, -88.8, 1e-7, -1e-7];

const ACCURACY_INPUTS = Float32Array.from([...grid(-20, 20, 4001), ...randomNormals(4000, 99, 4), ...nearZero().filter(isFaithfulUnderFlushToZero)]);

/** What `body` left allocated: tensors and GPU bytes. */
async function leakedBy(body: () => unknown): Promise<{tensors: number, gpuBytes: number}> {
  const before = tf.memory() as tf.MemoryInfo & {numBytesInGPU: number};
  await body();
  const after = tf.memory() as tf.MemoryInfo & {numBytesInGPU: number};
  return {tensors: after.numTensors - before.numTensors, gpuBytes: after.numBytesInGPU - before.numBytesInGPU};
}

function names(runs: ProgramRun[]): string[] {
  return runs.map(r => r.name);
}

/** Puts a tensor's data on the GPU in the layout the current flags give our kernels. */
function onGpu(values: ArrayLike<number>, shape: number[] = [values.length]): tf.Tensor {
  const t = tf.tensor(Float32Array.from(values), shape);
  // Running our kernel uploads t in the layout our program reads (packed
  // programs upload their inputs packed right away).
  selu(t).dispose();
  return t;
}

function checkSpecials(y: Float32Array, dx: Float32Array): void {
  const expectedY = SPECIALS.map(x => seluRef(x));
  const expectedDx = SPECIALS.map(x => seluPrimeRef(x));
  expectTrue(Number.isNaN(y[0]) && Number.isNaN(dx[0]), `NaN in: y=${y[0]}, dx=${dx[0]}`);
  expectClose(y.slice(1), expectedY.slice(1), WEBGL_FORWARD, SPECIALS.slice(1), 'selu specials');
  expectClose(dx.slice(1), expectedDx.slice(1), WEBGL_GRADIENT, SPECIALS.slice(1), "selu' specials");
  expectEqual(y[1], Infinity, 'selu(+Inf)');
  expectEqual(y[2], Math.fround(-Math.fround(SCALE_ALPHA)), 'selu(-Inf) = -λα (float32)');
  expectEqual(dx[2], 0, "selu'(-Inf)");
}

/** selu and its gradient on random inputs of `shape`, against float64. */
async function expectAccurateOnShape(shape: number[]): Promise<void> {
  const size = shape.reduce((a, b) => a * b, 1);
  const xs = randomNormals(size, 17 * size, 3);
  const x = tf.tensor(xs, shape);
  const y = await take(selu(x));
  const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
  x.dispose();
  expectClose(y, map(xs, v => seluRef(v)), WEBGL_FORWARD, xs, `selu ${JSON.stringify(shape)}`);
  expectClose(dx, map(xs, v => seluPrimeRef(v)), WEBGL_GRADIENT, xs, `selu' ${JSON.stringify(shape)}`);
}

function describeWebGL(): void {
  describe('WebGL backend (tfjs-selu/webgl)', () => {
    before(async () => {
      expectTrue(await tf.setBackend('webgl'), "the 'webgl' backend failed to initialise: no WebGL in this browser");
      await tf.ready();
    });

    describe('is real', () => {
      it('runs on WebGL2 with float32 render targets', () => {
        expectEqual(tf.getBackend(), 'webgl', 'active backend');
        expectEqual(tf.env().getNumber('WEBGL_VERSION'), 2, 'WEBGL_VERSION');
        const gl = webglBackend().gpgpu.gl;
        expectTrue(gl instanceof WebGL2RenderingContext, 'the backend holds a WebGL2RenderingContext');
        expectTrue(tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'), 'float32 render targets');
        const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
        const renderer = debugInfo ? gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
        console.log(`WebGL: ${gl.getParameter(gl.VERSION)}; renderer: ${renderer}`);
      });

      it("registers both kernels for 'webgl' through the entry point", () => {
        expectTrue(tf.getKernel(SeluKernel, 'webgl')?.kernelFunc === seluWebGLConfig.kernelFunc, 'SeluKernel on webgl');
        expectTrue(tf.getKernel(SeluGradKernel, 'webgl')?.kernelFunc === seluGradWebGLConfig.kernelFunc,
            'SeluGradKernel on webgl');
      });

      it('compiles and runs our shader on first use (a new program in the binary cache)', async () => {
        const shape = [3, 37];  // used nowhere else, so nothing is cached for it yet
        const xs = randomNormals(3 * 37, 4242, 3);
        const x = tf.tensor(xs, shape);
        const before = cachedPrograms('seluOne').length;
        let y: tf.Tensor | undefined;
        const runs = await recordPrograms(() => {
          y = selu(x);
        });
        const after = cachedPrograms('seluOne');
        expectEqual(after.length, before + 1, 'compiled SELU programs after the first use of a new shape');
        expectTrue(runs.some(r => /^Selu(Packed)?Program$/.test(r.name)), `programs run: ${names(runs)}`);
        expectTrue(!runs.some(r => /exp\(/.test(r.userCode)), 'no program evaluated exp()');
        expectClose(await take(y!), map(xs, v => seluRef(v)), WEBGL_FORWARD, xs, 'selu');
        x.dispose();
      });
    });

    for (const packed of [true, false]) {
      const layout = packed ? 'packed' : 'unpacked';
      const forwardProgram = packed ? 'SeluPackedProgram' : 'SeluProgram';
      const gradProgram = packed ? 'SeluGradPackedProgram' : 'SeluGradProgram';
      const within = (body: () => unknown) => () => withFlags(packingFlags(packed), body);

      describe(`${layout} layout (WEBGL_PACK=${packed})`, () => {
        it('forward and gradient run one shader program each, with no layout conversion', within(async () => {
          const xs = randomNormals(1000, 1, 3);
          const dys = randomNormals(1000, 2, 1);
          const x = onGpu(xs);
          const dy = onGpu(dys);
          let y: tf.Tensor | undefined;
          const forward = await recordPrograms(() => {
            y = selu(x);
          });
          expectEqual(names(forward), [forwardProgram], 'programs of selu(x)');
          expectEqual(!!webglBackend().texData.get(y!.dataId).isPacked, packed, 'output texture packed');
          let dx: tf.Tensor | undefined;
          const backward = await recordPrograms(() => {
            dx = seluGrad(dy, y!);
          });
          expectEqual(names(backward), [gradProgram], 'programs of seluGrad(dy, y)');
          expectEqual(backward[0].packedInputs && backward[0].packedOutput, packed, 'packed inputs and output');
          expectClose(await take(dx!), map(xs, v => seluPrimeRef(v)).map((g, i) => g * dys[i]),
              absoluteScaledBy(WEBGL_GRADIENT, 4), xs, 'seluGrad');
          tf.dispose([x, dy, y!]);
        }));

        it('a training step runs 2 shader programs (forward, gradient), several times fewer than with tf.selu', within(async () => {
          const x = onGpu(randomNormals(4096, 3, 2));
          const dy = onGpu(randomNormals(4096, 4, 1));
          tf.selu(x).dispose();  // uploads nothing new; compiles tf.selu's programs
          const {ours, builtin} = await stepPrograms(x, dy, recordPrograms);
          const oursForward = await recordPrograms(() => selu(x).dispose());
          console.log(`${layout} step programs: ours ${names(ours)}; tf.selu ${names(builtin)}`);
          expectEqual(names(ours), [forwardProgram, gradProgram], 'programs of our step');
          expectEqual(names(oursForward), [forwardProgram], 'programs of our forward');
          expectTrue(builtin.length >= 3 * ours.length, `tf.selu's step ran ${builtin.length} programs`);
          tf.dispose([x, dy]);
        }));

        it('one compiled shader serves every alpha and scale (uniforms, not constants)', within(async () => {
          const xs = randomNormals(777, 5, 3);
          const x = onGpu(xs);
          const dy = onGpu(randomNormals(777, 6, 1));
          const forwardCode = (packed ? new SeluPackedProgram([1]) : new SeluProgram([1])).userCode;
          const gradCode = (packed ? new SeluGradPackedProgram([1]) : new SeluGradProgram([1])).userCode;
          const y0 = selu(x);
          seluGrad(dy, y0).dispose();
          y0.dispose();
          const compiled = [cachedPrograms(forwardCode).length, cachedPrograms(gradCode).length];
          expectTrue(compiled[0] >= 1 && compiled[1] >= 1, `programs compiled: ${compiled}`);
          await expectCustomConstantsAccurate(x, xs, WEBGL_FORWARD, WEBGL_GRADIENT);
          expectEqual([cachedPrograms(forwardCode).length, cachedPrograms(gradCode).length], compiled,
              'compiled programs after four other (alpha, scale) pairs');
          tf.dispose([x, dy]);
        }));

        it('is accurate against the float64 reference (forward, first and second order)', within(async () => {
          await expectAccurateToSecondOrder(layout, ACCURACY_INPUTS, WEBGL_FORWARD, WEBGL_GRADIENT);
        }));

        it('keeps relative precision near zero on the negative side', within(async () => {
          const xs = Float32Array.from([-1e-3, -3e-4, -1e-4, -3e-5, -1e-5, -1e-6, -1e-7, -1e-8, -1e-10, -1e-20, -1e-30,
            -0.3, -0.35, -0.3466, -0.36, -0.5, -0.7]);
          const y = await take(selu(tf.tensor1d(xs)));
          expectClose(y, map(xs, v => seluRef(v)), relativeOnly(WEBGL_FORWARD), xs, 'selu near 0');
        }));

        it('gives the spec\'s special values: NaN, ±Inf, ±0, no overflow for large x', within(async () => {
          const x = tf.tensor1d(SPECIALS);
          const y = await take(selu(x));
          const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
          x.dispose();
          checkSpecials(y, dx);
          // seluGrad straight from y: NaN in either input is NaN out; y = +Inf gives λ.
          const direct = await take(seluGrad(tf.tensor1d([1, NaN, 2, 1, 1]), tf.tensor1d([NaN, 1, Infinity, -SCALE_ALPHA, 0])));
          expectTrue(Number.isNaN(direct[0]) && Number.isNaN(direct[1]), `NaN through seluGrad: ${direct}`);
          expectClose(direct.slice(2), [2 * SELU_SCALE, 0, SCALE_ALPHA], WEBGL_GRADIENT, undefined, 'seluGrad specials');
        }));

        it('handles ranks 0 to 6 and odd shapes (partial texels)', within(async () => {
          for (const shape of [[], [1], [5], [3, 3], [1, 7], [2, 3, 5], [3, 1, 2, 3], [2, 1, 3, 1, 3], [1, 2, 1, 3, 1, 3],
            [0], [2, 0]]) {
            const size = shape.reduce((a, b) => a * b, 1);
            const xs = randomNormals(size, size + shape.length, 3);
            const x = tf.tensor(xs, shape);
            const y = selu(x);
            const dx = tf.grad((t: tf.Tensor) => selu(t))(x);
            expectEqual(y.shape, shape, 'shape');
            expectClose(await take(y), map(xs, v => seluRef(v)), WEBGL_FORWARD, xs, `selu on ${JSON.stringify(shape)}`);
            expectClose(await take(dx), map(xs, v => seluPrimeRef(v)), WEBGL_GRADIENT, xs, `selu' on ${JSON.stringify(shape)}`);
            x.dispose();
          }
        }));

        it('leaks no tensor and no GPU byte: forward, backward, second order, seluGrad', within(async () => {
          const x = onGpu(randomNormals(3000, 7, 2));
          const dy = onGpu(randomNormals(3000, 8, 1));
          // Warm-up: compile every program once (the binary cache holds no tensor memory anyway).
          tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose();
          await expectNoLeak('forward', () => selu(x).dispose());
          await expectNoLeak('forward, read back', async () => {
            await take(selu(x));
          });
          await expectNoLeak('backward', () => tf.grad((t: tf.Tensor) => selu(t))(x, dy).dispose());
          await expectNoLeak('second order', () =>
            tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose());
          await expectNoLeak('seluGrad', () => seluGrad(dy, x).dispose());
          await expectNoLeak('tidy', () => tf.tidy(() => {
            selu(selu(x));
          }));
          tf.dispose([x, dy]);
        }));

        it('leaks no tensor and no GPU byte on error paths', within(async () => {
          const x = onGpu(randomNormals(300, 9, 2));
          const other = onGpu(randomNormals(200, 10, 1));
          const flags = tf.tensor1d([true, false, true], 'bool');
          await expectNoLeak('bool input to SeluKernel', () =>
            expectThrows(() => tf.engine().runKernel(SeluKernel, {x: flags}, {...DEFAULT_ATTRS}), SeluKernel, 'bool'));
          await expectNoLeak('bool input to SeluGradKernel', () =>
            expectThrows(() => tf.engine().runKernel(SeluGradKernel, {dy: flags, y: flags}, {...DEFAULT_ATTRS}),
                SeluGradKernel, 'bool'));
          await expectNoLeak('mismatched shapes in SeluGradKernel', () =>
            expectThrows(() => tf.engine().runKernel(SeluGradKernel, {dy: x, y: other}, {...DEFAULT_ATTRS}), SeluGradKernel));
          await expectNoLeak('mismatched shapes in seluGrad', () => expectThrows(() => seluGrad(x, other), 'seluGrad'));
          await expectNoLeak('invalid alpha', () => expectThrows(() => selu(x, {alpha: -1}), "'alpha'"));
          await expectNoLeak('invalid scale in a gradient', () =>
            expectThrows(() => tf.grad((t: tf.Tensor) => selu(t, {scale: 0}))(x), "'scale'"));
          tf.dispose([x, other, flags]);
        }));

        it('an exception inside tf.grad leaves only what tfjs keeps for any op (the saved output)', within(async () => {
          // tfjs's engine holds the tensors an op saved for its gradient until the
          // backward pass completes; an exception in f, or in another op's gradient,
          // abandons the tape with them. Ours saves y, as tf.exp saves its output:
          // the same tensor count and GPU bytes are left, and nothing more.
          const x = onGpu(randomNormals(300, 11, 2));
          tf.exp(x).dispose();
          const failingGrad = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => ({
            value: tf.sum(args[0] as tf.Tensor),
            gradFunc: () => {
              throw new Error('boom in backward');
            },
          }));
          const scenarios: Array<[string, (y: tf.Tensor) => tf.Tensor]> = [
            ['after the forward', () => {
              throw new Error('boom after the forward');
            }],
            ['in the backward pass', y => failingGrad(y)],
          ];
          for (const [where, rest] of scenarios) {
            const abandon = (op: (t: tf.Tensor) => tf.Tensor) => leakedBy(() =>
              expectThrows(() => tf.grad((t: tf.Tensor) => rest(op(t)))(x), 'boom'));
            const ours = await abandon(t => selu(t));
            const exp = await abandon(t => tf.exp(t));
            expectEqual(ours, exp, `left behind by selu vs by tf.exp, exception ${where}`);
            expectEqual(ours.tensors, 1, `tensors left behind (the saved y), exception ${where}`);
          }
          x.dispose();
        }));
      });
    }

    describe('shape uniforms (WEBGL_USE_SHAPES_UNIFORMS=true)', () => {
      for (const packed of [true, false]) {
        it(`computes correctly with shapes as uniforms (${packed ? 'packed' : 'unpacked'})`,
            () => withFlags({...packingFlags(packed), WEBGL_USE_SHAPES_UNIFORMS: true}, async () => {
              for (const shape of [[5], [4, 6], [3, 5, 7], [2, 3, 2, 5]]) await expectAccurateOnShape(shape);
            }));
      }
    });

    describe('the largest textures', () => {
      for (const packed of [true, false]) {
        it(`computes tensors at and beyond WEBGL_MAX_TEXTURE_SIZE in one dimension (${packed ? 'packed' : 'unpacked'})`,
            () => withFlags(packingFlags(packed), async () => {
              const maxSize = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
              expectTrue(maxSize >= 4096, `WEBGL_MAX_TEXTURE_SIZE ${maxSize}`);
              // A row exactly as wide as the limit, then wider ones (tfjs re-lays them out).
              for (const shape of [[2, maxSize], [3, maxSize + 1], [maxSize + 5]]) await expectAccurateOnShape(shape);
            }));
      }
    });
  });
}

describeWebGL();

// SwiftShader rasterises on the CPU: a smaller largest tensor than on cpu (the
// webgl tests above also cover tensors beyond WEBGL_MAX_TEXTURE_SIZE).
describeConformance({
  backend: 'webgl',
  forward: WEBGL_FORWARD,
  gradient: WEBGL_GRADIENT,
  flushesDenormals: true,
  stress: {iterations: 10000, largestSize: 4e6},
});
