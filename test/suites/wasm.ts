/**
 * The wasm kernels' suites, shared by Node (mocha) and headless Chromium
 * (karma, plain and threaded builds): the conformance suite once per path
 * (the SIMD module forced, the heap-JS loops forced), then what is particular
 * to wasm: path detection and its query, tails and int32 through the JS
 * loops, the worst error in ulps, heap growth during a kernel, in place.
 * The caller imports '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm' and
 * the plugin's wasm entry point (and, in a browser, sets the wasm paths).
 */
import * as tf from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {SeluGradKernel, SeluKernel, selu, seluInPlace} from '../../src/index.js';
import {forceWasmSeluPath, wasmSeluPath} from '../../kernels/wasm/index.js';
import type {WasmSeluPath} from '../../kernels/wasm/index.js';
import {detectSeluSimd} from '../../kernels/wasm/simd.js';
import {FLOAT32_EPS, expectClose, expectEqual, expectNoLeak, expectThrows, expectTrue, take} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {
  ALPHA_DROPOUT_VALUES, CPU_FORWARD, CPU_GRADIENT, WASM_INT32_GRADIENT, WASM_SIMD_FORWARD, WASM_SIMD_GRADIENT,
} from '../support/tolerances.js';
import {alphaDropoutGrad, runAlphaDropout} from '../../src/alpha_dropout.js';
import {referenceAttrs, referenceKeep} from '../support/alpha_dropout_reference.js';
import {describeAlphaDropout} from './alpha_dropout.js';
import {describeConformance} from './conformance.js';
import type {StressLimits} from './stress.js';
import {DEFAULT_ATTRS, float32Ulp, grid, nearZero, randomNormals, seluPrimeRef, seluRef} from '../support/reference.js';

/** The SIMD path's worst error allowed by the ulp test (the target). */
const MAX_SIMD_ULPS = 3;

const PATHS: Array<[WasmSeluPath, Tolerance, Tolerance]> = [
  ['simd', WASM_SIMD_FORWARD, WASM_SIMD_GRADIENT],
  // The heap-JS path runs the cpu backend's loops.
  ['heap-js', CPU_FORWARD, CPU_GRADIENT],
];

interface WasmUnderTest {
  /** Which tfjs-backend-wasm build must be running: the threaded one shares its memory. */
  expectSharedMemory: boolean;
  stress: StressLimits;
}

function wasmBackend(): BackendWasm {
  return tf.backend() as unknown as BackendWasm;
}

/** The heap's current size in bytes (its buffer is replaced when it grows). */
function heapBytes(): number {
  return (wasmBackend().wasm as unknown as {HEAPU8: Uint8Array}).HEAPU8.buffer.byteLength;
}

/** Runs `body` with the path forced, restoring the previous choice after. */
async function withPath<T>(path: WasmSeluPath, body: () => Promise<T>): Promise<T> {
  const previous = forceWasmSeluPath(path);
  try {
    return await body();
  } finally {
    forceWasmSeluPath(previous);
  }
}

export function describeWasm(under: WasmUnderTest): void {
  describe(`tfjs-selu on wasm (${under.expectSharedMemory ? 'threaded build, shared memory' : 'plain build'})`, () => {
    before(async () => {
      expectTrue(await tf.setBackend('wasm'), "backend 'wasm' failed to initialise");
      await tf.ready();
    });

    describe('the path the kernels take', () => {
      it('is the SIMD module, on the memory of the expected build', () => {
        const info = wasmSeluPath();
        // SIMD runs in every engine this project tests on: its absence is a failure here, not a fallback.
        expectEqual(info.path, 'simd', `path (${info.reason})`);
        expectEqual(info.sharedMemory, under.expectSharedMemory, `shared memory (${info.reason})`);
        expectEqual(info.forced, 'auto', 'forced');
        expectTrue(info.reason.includes(under.expectSharedMemory ? 'shared memory' : "backend's memory"), info.reason);
      });

      it('can be forced to each path, and the query says so', async () => {
        await withPath('heap-js', async () => {
          expectEqual(wasmSeluPath().path, 'heap-js', 'forced heap-js');
          expectTrue(wasmSeluPath().reason.includes('forced'), wasmSeluPath().reason);
        });
        await withPath('simd', async () => expectEqual(wasmSeluPath().path, 'simd', 'forced simd'));
        expectEqual(wasmSeluPath().forced, 'auto', 'restored');
      });

      it('forceWasmSeluPath rejects anything but auto, simd and heap-js, naming the argument', () => {
        for (const bad of ['SIMD', 'js', '', null, 1]) {
          expectThrows(() => forceWasmSeluPath(bad as never), "'choice'", "'forceWasmSeluPath'");
        }
        expectEqual(wasmSeluPath().forced, 'auto', 'unchanged after rejected calls');
      });

      it('detection falls back to heap-JS, saying why, where SIMD cannot run (and never throws)', () => {
        const memory = new WebAssembly.Memory({initial: 1});
        const noMemory = detectSeluSimd({});
        expectTrue(noMemory.kernels === null && noMemory.reason.includes('no WebAssembly.Memory'), noMemory.reason);
        const notTheHeap = detectSeluSimd({asm: {memory}, HEAPU8: new Uint8Array(8)});
        expectTrue(notTheHeap.kernels === null && notTheHeap.reason.includes('HEAPU8'), notTheHeap.reason);
        // Bytes no engine validates stand for an engine without SIMD.
        const invalid = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 255]);
        const noSimd = detectSeluSimd({wasmMemory: memory}, {plain: invalid, shared: invalid});
        expectTrue(noSimd.kernels === null && noSimd.reason.includes('SIMD'), noSimd.reason);
        // The names each Emscripten generation uses for the memory.
        for (const handles of [{asm: {memory}}, {wasmExports: {memory}}, {wasmMemory: memory}]) {
          const found = detectSeluSimd(handles);
          expectTrue(found.kernels !== null, `${Object.keys(handles)[0]}: ${found.reason}`);
        }
      });
    });

    it(`the SIMD path is within ${MAX_SIMD_ULPS} ulps of float64 on [−20, 20], near 0 and at custom constants`, async () => {
      const inputs = Float32Array.from([...grid(-20, 20, 400001), ...grid(-1, 0, 100001), ...nearZero()]);
      const families = [DEFAULT_ATTRS, {alpha: 1, scale: 1}, {alpha: 2.5, scale: 0.5}];
      await withPath('simd', async () => {
        let worst = 0;
        let worstAt = 0;
        for (const attrs of families) {
          const x = tf.tensor1d(inputs);
          const y = await take(selu(x, attrs));
          x.dispose();
          inputs.forEach((x, i) => {
            const ulps = Math.abs(y[i] - seluRef(x, attrs)) / float32Ulp(seluRef(x, attrs));
            if (ulps > worst) {
              worst = ulps;
              worstAt = x;
            }
          });
        }
        console.log(`      wasm SIMD forward: worst ${worst.toFixed(2)} ulp (at x = ${worstAt})`);
        expectTrue(worst <= MAX_SIMD_ULPS, `worst error ${worst} ulp at x = ${worstAt}`);
        // The gradient's error, in units of 2^-23 relative above |dx| = 1 and absolute below (as docs/NUMERICS.md states it).
        const x = tf.tensor1d(inputs);
        const dx = await take(tf.grad((t: tf.Tensor) => selu(t))(x));
        x.dispose();
        const gradientWorst = inputs.reduce((w, v, i) =>
          Math.max(w, Math.abs(dx[i] - seluPrimeRef(v)) / Math.max(1, Math.abs(seluPrimeRef(v))) / FLOAT32_EPS), 0);
        console.log(`      wasm SIMD gradient: worst ${gradientWorst.toFixed(2)}·2^-23`);
      });
    });

    // First, while the heap is small: it only ever grows.
    for (const [path, forward, gradient] of PATHS) {
      it(`${path} path: survives the heap growing while the kernel allocates its output (views taken after)`,
          () => withPath(path, async () => {
        // x fills most of the free heap, so the outputs' allocations must grow it.
        const size = Math.max(1 << 20, Math.ceil(heapBytes() / 4 * 0.75)) + 3;
        const valueAt = (i: number) => Math.fround(-20 + 40 * ((i * 7919) % 100003) / 100003);
        const values = new Float32Array(size);
        for (let i = 0; i < size; ++i) values[i] = valueAt(i);
        const x = tf.tensor1d(values);
        const before = heapBytes();
        const y = selu(x);
        const grown = heapBytes();
        const dx = tf.grad((t: tf.Tensor) => selu(t))(x);
        x.dispose();
        expectTrue(grown > before, `the heap did not grow (${before} bytes)`);
        const ys = await take(y);
        const dxs = await take(dx);
        // Every element (the test is about where the views point, not about sampling).
        const reference = new Float64Array(size);
        for (let i = 0; i < size; ++i) reference[i] = seluRef(values[i]);
        expectClose(ys, reference, forward, values, 'y after heap growth');
        for (let i = 0; i < size; ++i) reference[i] = seluPrimeRef(values[i]);
        expectClose(dxs, reference, gradient, values, 'dx after heap growth');
      }));
    }

    for (const [path, forward, gradient] of PATHS) {
      describe(`${path} path (forced)`, () => {
        let previous: ReturnType<typeof forceWasmSeluPath>;
        before(() => {
          previous = forceWasmSeluPath(path);
        });
        after(() => {
          forceWasmSeluPath(previous);
        });

        describeConformance({backend: 'wasm', forward, gradient, stress: under.stress});

        it('computes tails (sizes 0 to 13) and every shape the same way', async () => {
          for (let size = 0; size <= 13; ++size) {
            const xs = Float32Array.from(randomNormals(size, size + 1, 3));
            const x = tf.tensor1d(xs);
            const y = selu(x);
            const dy = tf.onesLike(y);
            const dx = tf.grad((t: tf.Tensor) => selu(t))(x, dy);
            expectClose(await take(y), Array.from(xs, v => seluRef(v)), forward, xs, `selu, size ${size}`);
            expectClose(await take(dx), Array.from(xs, v => seluPrimeRef(v)), gradient, xs, `selu', size ${size}`);
            tf.dispose([x, dy]);
          }
        });

        it('takes int32 inputs straight into the kernels (runKernel), through the JS loops', async () => {
          const values = [-7, -1, 0, 1, 3, -20, 5, 2, -2];
          const x = tf.tensor1d(values, 'int32');
          const dy = tf.tensor1d(values.map((_, i) => i - 4), 'int32');
          const y = tf.engine().runKernel(SeluKernel, {x}, {...DEFAULT_ATTRS}) as tf.Tensor;
          const yf = tf.tensor1d(await y.data() as Float32Array);
          const dx = tf.engine().runKernel(SeluGradKernel, {dy, y: yf}, {...DEFAULT_ATTRS}) as tf.Tensor;
          expectEqual(y.dtype, 'float32', 'dtype of the int32 forward');
          expectClose(await take(y), values.map(v => seluRef(v)), CPU_FORWARD, values, 'selu(int32)');
          expectClose(await take(dx), values.map((v, i) => seluPrimeRef(v) * (i - 4)), WASM_INT32_GRADIENT,
              values, 'seluGrad(int32 dy)');
          tf.dispose([x, dy, yf]);
        });

        it('seluInPlace writes into x\'s memory when nothing else shares it, and copies otherwise', async () => {
          const xs = randomNormals(1001, 17, 3);
          const x = tf.tensor1d(xs);
          const offset = wasmBackend().getMemoryOffset(x.dataId);
          const y = seluInPlace(x);
          expectTrue(x.isDisposed, 'x is consumed');
          expectEqual(wasmBackend().getMemoryOffset(y.dataId), offset, 'y lives where x lived');
          expectClose(await take(y), Array.from(xs, v => seluRef(v)), forward, xs, 'in place');
          await expectNoLeak('shared input', async () => {
            const a = tf.tensor1d(xs);
            const alias = tf.reshape(a, [7, 11, 13]);
            const b = seluInPlace(a);
            expectTrue(wasmBackend().getMemoryOffset(b.dataId) !== wasmBackend().getMemoryOffset(alias.dataId), 'copied');
            expectEqual(await alias.data() as Float32Array, xs, 'the alias keeps x');
            expectClose(await take(b), Array.from(xs, v => seluRef(v)), forward, xs, 'copied selu');
            alias.dispose();
          });
        });
      });
    }

  });
}

/**
 * The AlphaDropout suite on both paths of the wasm kernels: the SIMD module
 * (sixteen elements per pass, the tail and broadcast masks in JavaScript) and
 * the heap-JS loops. Call after '@tensorflow/tfjs-backend-wasm' is imported.
 */
export function describeAlphaDropoutOnWasmPaths(): void {
  for (const path of ['simd', 'heap-js'] as const) {
    describe(`the ${path} path`, () => {
      let previous: WasmSeluPath | 'auto' = 'auto';
      before(() => {
        previous = forceWasmSeluPath(path);
      });
      after(() => {
        forceWasmSeluPath(previous);
      });
      describeAlphaDropout({backend: 'wasm', values: ALPHA_DROPOUT_VALUES});

      describe('tails after the SIMD groups', () => {
        before(async () => {
          expectTrue(await tf.setBackend('wasm'), 'backend \'wasm\' failed to initialise');
        });

        it('take the reference\'s mask at sizes 0 to 40 (forward and gradient)', async () => {
          // 0 to 40 elements: no group, one, two, each followed by every remainder a group leaves.
          for (let size = 0; size <= 40; ++size) {
            const attrs = referenceAttrs(0.5, {lo: 0xfedcba98, hi: 0x89abcdef}, [size]);
            const keep = Array.from(referenceKeep([size], attrs));
            const x = tf.tensor1d(randomNormals(size, size + 5, 1));
            const dy = tf.ones([size]);
            const y = await take(runAlphaDropout(x, attrs));
            const dx = await take(alphaDropoutGrad(dy, attrs));
            tf.dispose([x, dy]);
            const dropped = Math.fround(attrs.dropValue);
            expectEqual(Array.from(y, v => (v === dropped ? 0 : 1)), keep, `the forward's mask, size ${size}`);
            expectEqual(Array.from(dx), keep.map(k => (k === 1 ? Math.fround(attrs.a) : 0)), `a·keep·1, size ${size}`);
          }
        });
      });
    });
  }
}
