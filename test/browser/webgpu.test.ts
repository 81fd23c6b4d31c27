/**
 * WebGPU-specific tests, beyond the shared conformance suite: that WebGPU is
 * real (an adapter, the 'webgpu' backend active) and our programs are what
 * runs, the vec4 and scalar lane widths, one compiled pipeline for every
 * (alpha, scale), program counts of a training step, special values and NaN
 * bit patterns, ranks, dispatches beyond one grid dimension, and GPU-byte
 * leak checks.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import '../../kernels/webgpu/index.js';
import {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import {SELU_ALPHA, SELU_SCALE, SeluGradKernel, SeluKernel, selu, seluGrad} from '../../src/index.js';
import {seluWebGPUConfig} from '../../kernels/webgpu/Selu.js';
import {seluGradWebGPUConfig} from '../../kernels/webgpu/SeluGrad.js';
import {SeluProgram} from '../../kernels/webgpu/selu_webgpu.js';
import {SeluGradProgram} from '../../kernels/webgpu/selu_grad_webgpu.js';
import {pipelines, recordPrograms, webgpuBackend} from '../support/webgpu_util.js';
import type {ProgramRun} from '../support/webgpu_util.js';
import {expectClose, expectEqual, expectNoLeak, expectThrows, expectTrue, settledMemory, take} from '../support/assertions.js';
import {DEFAULT_ATTRS, grid, isFaithfulUnderFlushToZero, mapToFloat64, nearZero, randomNormals, seluPrimeRef, seluRef}
  from '../support/reference.js';
import {expectAccurateToSecondOrder, expectCustomConstantsAccurate, stepPrograms} from '../support/gpu_checks.js';
import {WEBGPU_FORWARD, WEBGPU_GRADIENT, WEBGPU_OVERRIDE, absoluteScaledBy, relativeOnly} from '../support/tolerances.js';
import {describeConformance} from '../suites/conformance.js';
import {describeOverride} from '../suites/override.js';

const SCALE_ALPHA = SELU_SCALE * SELU_ALPHA;
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, -10, 1e-30, -1e-30, 3.4e38, -3.4e38, 88.8, -88.8, 1e-7, -1e-7];

function names(runs: ProgramRun[]): string[] {
  return runs.map(r => r.name);
}

/** `values` padded or cut to a length that selects the lane width: a multiple of 4 for vec4, else odd. */
function withLanes(values: ArrayLike<number>, vec4: boolean): Float32Array {
  const length = vec4 ? Math.ceil(values.length / 4) * 4 : (values.length % 2 === 0 ? values.length + 1 : values.length);
  const out = new Float32Array(length);
  out.set(Array.from(values).slice(0, length));
  return out;
}

/** Bits → float32, for NaNs with payloads and signs. */
function fromBits(bits: number[]): Float32Array {
  return new Float32Array(Uint32Array.from(bits).buffer);
}

function describeWebGPU(): void {
  describe('WebGPU backend (tfjs-selu/webgpu)', () => {
    before(async () => {
      expectTrue(typeof navigator !== 'undefined' && navigator.gpu !== undefined,
          'navigator.gpu is missing: Chromium needs --enable-unsafe-webgpu (scripts/chromium.cjs)');
      const adapter = await navigator.gpu.requestAdapter();
      expectTrue(adapter !== null, 'navigator.gpu.requestAdapter() returned no adapter (--use-webgpu-adapter=swiftshader)');
      expectTrue(await tf.setBackend('webgpu'), "the 'webgpu' backend failed to initialise");
      await tf.ready();
      expectEqual(tf.getBackend(), 'webgpu', 'active backend');
    });

    describe('is real', () => {
      it('runs on a WebGPU device through tfjs-backend-webgpu', () => {
        const backend = webgpuBackend();
        expectTrue(backend instanceof WebGPUBackend, 'the active backend is a WebGPUBackend');
        expectTrue(backend.device instanceof GPUDevice, 'the backend holds a GPUDevice');
        console.log(`WebGPU adapter: ${JSON.stringify(backend.adapterInfo)}; ` +
            `maxComputeWorkgroupsPerDimension ${backend.device.limits.maxComputeWorkgroupsPerDimension}`);
      });

      it("registers both kernels for 'webgpu' through the entry point", () => {
        expectTrue(tf.getKernel(SeluKernel, 'webgpu')?.kernelFunc === seluWebGPUConfig.kernelFunc, 'SeluKernel on webgpu');
        expectTrue(tf.getKernel(SeluGradKernel, 'webgpu')?.kernelFunc === seluGradWebGPUConfig.kernelFunc,
            'SeluGradKernel on webgpu');
      });

      it('compiles our pipeline on first use, and no program evaluates exp()', async () => {
        const x = tf.tensor(randomNormals(3 * 37, 4242, 3), [3, 37]);  // rank 2, odd size: nothing cached yet
        const before = pipelines('tfjsSelu_1').length;
        let y: tf.Tensor | undefined;
        const runs = await recordPrograms(() => {
          y = selu(x);
        });
        expectEqual(pipelines('tfjsSelu_1').length, before + 1, 'compiled scalar SELU pipelines after a new rank');
        expectEqual(names(runs), ['SeluProgram'], 'programs run');
        expectTrue(!/\bexp2?\(|\blog2?\(|\bpow\(/.test(runs[0].userCode), 'no exp/log/pow in the program');
        tf.dispose([x, y!]);
      });
    });

    for (const vec4 of [true, false]) {
      const lanes = vec4 ? 4 : 1;
      const layout = vec4 ? 'vec4 lanes (size a multiple of 4)' : 'scalar lanes (odd size)';

      describe(layout, () => {
        it('forward and gradient run one program each, of this lane width', async () => {
          const xs = withLanes(randomNormals(1000, 1, 3), vec4);
          const dys = withLanes(randomNormals(1000, 2, 1), vec4);
          const x = tf.tensor1d(xs);
          const dy = tf.tensor1d(dys);
          let y: tf.Tensor | undefined;
          let dx: tf.Tensor | undefined;
          const forward = await recordPrograms(() => {
            y = selu(x);
          });
          const backward = await recordPrograms(() => {
            dx = seluGrad(dy, y!);
          });
          expectEqual(forward.map(r => [r.name, r.lanes]), [['SeluProgram', lanes]], 'programs of selu(x)');
          expectEqual(backward.map(r => [r.name, r.lanes]), [['SeluGradProgram', lanes]], 'programs of seluGrad(dy, y)');
          expectClose(await take(dx!), mapToFloat64(xs, v => seluPrimeRef(v)).map((g, i) => g * dys[i]),
              absoluteScaledBy(WEBGPU_GRADIENT, 4), xs, 'seluGrad');
          tf.dispose([x, dy, y!]);
        });

        it('a training step runs 2 programs (forward, gradient), several times fewer than with tf.selu', async () => {
          const x = tf.tensor1d(withLanes(randomNormals(4096, 3, 2), vec4));
          const dy = tf.tensor1d(withLanes(randomNormals(4096, 4, 1), vec4));
          const {ours, builtin} = await stepPrograms(x, dy, recordPrograms);
          console.log(`webgpu ${lanes}-lane step programs: ours ${names(ours)}; tf.selu ${names(builtin)}`);
          expectEqual(names(ours), ['SeluProgram', 'SeluGradProgram'], 'programs of our step');
          expectTrue(builtin.length >= 3 * ours.length, `tf.selu's step ran ${builtin.length} programs`);
          tf.dispose([x, dy]);
        });

        it('one compiled pipeline serves every alpha and scale (uniforms, not constants)', async () => {
          const xs = withLanes(randomNormals(777, 5, 3), vec4);
          const x = tf.tensor1d(xs);
          const dy = tf.tensor1d(withLanes(randomNormals(777, 6, 1), vec4));
          const y0 = selu(x);
          seluGrad(dy, y0).dispose();
          y0.dispose();
          const compiled = [pipelines(`tfjsSelu_${lanes}`).length, pipelines(`tfjsSeluGrad_${lanes}`).length];
          expectTrue(compiled[0] >= 1 && compiled[1] >= 1, `pipelines compiled: ${compiled}`);
          await expectCustomConstantsAccurate(x, xs, WEBGPU_FORWARD, WEBGPU_GRADIENT);
          expectEqual([pipelines(`tfjsSelu_${lanes}`).length, pipelines(`tfjsSeluGrad_${lanes}`).length], compiled,
              'compiled pipelines after four other (alpha, scale) pairs');
          tf.dispose([x, dy]);
        });

        it('is accurate against the float64 reference (forward, first and second order)', async () => {
          const inputs = withLanes([...grid(-20, 20, 4001), ...randomNormals(4000, 99, 4), ...nearZero().filter(isFaithfulUnderFlushToZero)], vec4);
          await expectAccurateToSecondOrder(`webgpu ${lanes}-lane`, inputs, WEBGPU_FORWARD, WEBGPU_GRADIENT);
        });

        it('keeps relative precision near zero on the negative side', async () => {
          const xs = withLanes([-1e-3, -3e-4, -1e-4, -3e-5, -1e-5, -1e-6, -1e-7, -1.4e-7, -1e-8, -1e-10, -1e-20, -1e-30,
            -0.3, -0.35, -0.3466, -0.36, -0.5, -0.7, -(2 ** -125), -3e-38], vec4);
          const y = await take(selu(tf.tensor1d(xs)));
          expectClose(y, mapToFloat64(xs, v => seluRef(v)), relativeOnly(WEBGPU_FORWARD), xs, 'selu near 0');
        });

        it("gives the spec's special values: NaN, ±Inf, ±0, no overflow for large x", async () => {
          const xs = withLanes(SPECIALS, vec4);
          const x = tf.tensor1d(xs);
          const y = await take(selu(x));
          const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
          x.dispose();
          expectTrue(Number.isNaN(y[0]) && Number.isNaN(dx[0]), `NaN in: y=${y[0]}, dx=${dx[0]}`);
          const n = SPECIALS.length;
          expectClose(y.slice(1, n), SPECIALS.slice(1).map(v => seluRef(v)), WEBGPU_FORWARD, SPECIALS.slice(1), 'selu specials');
          expectClose(dx.slice(1, n), SPECIALS.slice(1).map(v => seluPrimeRef(v)), WEBGPU_GRADIENT, SPECIALS.slice(1),
              "selu' specials");
          expectEqual(y[1], Infinity, 'selu(+Inf)');
          expectEqual(y[2], Math.fround(-Math.fround(SCALE_ALPHA)), 'selu(-Inf) = -λα (float32)');
          expectEqual(dx[2], 0, "selu'(-Inf)");
          // seluGrad straight from y: NaN in either input is NaN out; y = +Inf gives λ.
          const direct = await take(seluGrad(tf.tensor1d(withLanes([1, NaN, 2, 1, 1], vec4)),
              tf.tensor1d(withLanes([NaN, 1, Infinity, -SCALE_ALPHA, 0], vec4))));
          expectTrue(Number.isNaN(direct[0]) && Number.isNaN(direct[1]), `NaN through seluGrad: ${direct}`);
          expectClose(direct.slice(2, 5), [2 * SELU_SCALE, 0, SCALE_ALPHA], WEBGPU_GRADIENT, undefined, 'seluGrad specials');
        });

        it('turns every NaN bit pattern (quiet, signalling, negative, payloads) into NaN', async () => {
          const nans = fromBits([0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fbfffff, 0xffffffff, 0x7fc12345, 0x7f900000]);
          const xs = withLanes([...nans, -1, 1, 0], vec4);
          const y = await take(selu(tf.tensor1d(xs)));
          const dyNan = await take(seluGrad(tf.tensor1d(xs), tf.tensor1d(withLanes(xs.map(() => -0.5), vec4))));
          const yNan = await take(seluGrad(tf.tensor1d(withLanes(xs.map(() => 1), vec4)), tf.tensor1d(xs)));
          for (let i = 0; i < nans.length; ++i) {
            expectTrue(Number.isNaN(y[i]) && Number.isNaN(dyNan[i]) && Number.isNaN(yNan[i]),
                `NaN bits 0x${new Uint32Array(nans.buffer)[i].toString(16)}: selu ${y[i]}, via dy ${dyNan[i]}, via y ${yNan[i]}`);
          }
          expectClose(y.slice(nans.length, nans.length + 3), [-1, 1, 0].map(v => seluRef(v)), WEBGPU_FORWARD);
        });

        it('casts int32 input to float32 inside the program', async () => {
          const values = withLanes([-3, -1, 0, 2, 7, -40, 100], vec4);
          const x = tf.tensor1d(Int32Array.from(values), 'int32');
          let y: tf.Tensor | undefined;
          const runs = await recordPrograms(() => {
            y = selu(x);
          });
          expectEqual(names(runs), ['SeluProgram'], 'programs of selu(int32)');
          expectEqual(y!.dtype, 'float32', 'dtype');
          expectClose(await take(y!), mapToFloat64(values, v => seluRef(v)), WEBGPU_FORWARD, values);
          x.dispose();
        });

        it('leaks no tensor and no GPU byte: forward, backward, second order, error paths', async () => {
          const xs = withLanes(randomNormals(500, 12, 2), vec4);
          const x = tf.tensor1d(xs);
          const other = tf.tensor1d(withLanes(randomNormals(300, 10, 1), vec4));
          tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose();  // uploads and compiles
          await expectNoLeak('forward', () => selu(x).dispose());
          await expectNoLeak('backward', () => tf.grad((t: tf.Tensor) => selu(t))(x).dispose());
          await expectNoLeak('second order', () => tf.grad((t: tf.Tensor) => tf.grad((u: tf.Tensor) => selu(u))(t))(x).dispose());
          await expectNoLeak('forward read back', async () => {
            await take(selu(x));
          });
          const flags = tf.tensor1d([true, false, true, true], 'bool');
          await expectNoLeak('bool input to SeluKernel', () =>
            expectThrows(() => tf.engine().runKernel(SeluKernel, {x: flags}, {...DEFAULT_ATTRS}), SeluKernel, 'bool'));
          await expectNoLeak('mismatched shapes in SeluGradKernel', () =>
            expectThrows(() => tf.engine().runKernel(SeluGradKernel, {dy: x, y: other}, {...DEFAULT_ATTRS}), SeluGradKernel));
          await expectNoLeak('invalid alpha', () => expectThrows(() => selu(x, {alpha: -1}), "'alpha'"));
          tf.dispose([x, other, flags]);
        });
      });
    }

    it('computes every rank from 0 to 6 and odd shapes', async () => {
      for (const shape of [[], [1], [5], [4, 6], [3, 5, 7], [2, 3, 2, 5], [2, 1, 3, 1, 2], [2, 3, 1, 2, 1, 3], [1, 1, 1, 1, 1, 4]]) {
        const size = shape.reduce((a, b) => a * b, 1);
        const xs = randomNormals(size, 17 * size + shape.length, 3);
        const x = tf.tensor(xs, shape);
        const y = selu(x);
        expectEqual(y.shape, shape, 'shape');
        const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
        x.dispose();
        expectClose(await take(y), mapToFloat64(xs, v => seluRef(v)), WEBGPU_FORWARD, xs, `selu ${JSON.stringify(shape)}`);
        expectClose(dx, mapToFloat64(xs, v => seluPrimeRef(v)), WEBGPU_GRADIENT, xs, `selu' ${JSON.stringify(shape)}`);
      }
    });

    it('computes sizes whose dispatch exceeds one grid dimension (the backend reshapes it)', async () => {
      const limit = webgpuBackend().device.limits.maxComputeWorkgroupsPerDimension;
      for (const vec4 of [false, true]) {
        const program = new SeluProgram([1]);
        const perWorkgroup = program.workgroupSize[0] * (vec4 ? 4 : 1);
        const size = vec4 ? (limit + 3) * perWorkgroup : (limit + 1) * perWorkgroup + 1;
        expectEqual(new SeluGradProgram([size]).outputComponent, vec4 ? 4 : 1, 'lane width');
        expectTrue(new SeluProgram([size]).dispatch[0] > limit, `dispatch ${new SeluProgram([size]).dispatch} over ${limit}`);
        const valueAt = (i: number) => Math.fround(-20 + 40 * ((i * 7919) % 100003) / 100003);
        const xs = Float32Array.from({length: size}, (_, i) => valueAt(i));
        const x = tf.tensor1d(xs);
        const ys = await take(selu(x));
        const dxs = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
        x.dispose();
        // Every element of the last rows of workgroups, and a spread over the rest.
        const probes = [...Array.from({length: 4096}, (_, k) => Math.floor((size - 1) * k / 4095)),
          ...Array.from({length: 2 * perWorkgroup}, (_, k) => size - 1 - k)];
        expectClose(probes.map(i => ys[i]), probes.map(i => seluRef(xs[i])), WEBGPU_FORWARD, probes.map(i => xs[i]), 'y');
        expectClose(probes.map(i => dxs[i]), probes.map(i => seluPrimeRef(xs[i])), WEBGPU_GRADIENT, probes.map(i => xs[i]), 'dx');
      }
    });

    it('reports GPU bytes that return to their level once tensors are disposed', async () => {
      const before = settledMemory();
      const x = tf.tensor1d(withLanes(randomNormals(4096, 8, 2), true));
      const y = selu(x);
      await y.data();
      const during = settledMemory();
      expectTrue(during.numBytesInGPU! >= before.numBytesInGPU! + 2 * 4096 * 4, `GPU bytes ${before.numBytesInGPU} → ${during.numBytesInGPU}`);
      tf.dispose([x, y]);
      expectEqual(settledMemory().numBytesInGPU, before.numBytesInGPU, 'GPU bytes after disposing');
    });
  });
}

describeWebGPU();

// The webgpu tests above also cover dispatches beyond one grid dimension (> 4e6 elements).
describeConformance({
  backend: 'webgpu',
  forward: WEBGPU_FORWARD,
  gradient: WEBGPU_GRADIENT,
  flushesDenormals: true,
  stress: {iterations: 10000, largestSize: 4e6},
});

// The override is generic over backends with plugin kernels: here on WebGPU.
describeOverride({backend: 'webgpu', tolerance: WEBGPU_OVERRIDE});
