/**
 * The SIMD module of tfjs-selu/wasm (kernels/wasm/selu_simd.wat, compiled at
 * build time and inlined), instantiated once per wasm backend on that
 * backend's own memory, and the choice between it and the JavaScript loops
 * over the heap. Detection never throws: where SIMD, the memory handle or the
 * instantiation is unavailable the kernels take the heap-JS path, and
 * {@link wasmSeluPath} says which path runs and why.
 */
import {engine} from '@tensorflow/tfjs-core';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {SELU_SIMD_SHARED_MEMORY_WASM, SELU_SIMD_WASM} from './generated/selu_simd_wasm.js';

/** How the wasm kernels compute: the SIMD module, or JavaScript loops over the backend's heap. */
export type WasmSeluPath = 'simd' | 'heap-js';

/** What {@link forceWasmSeluPath} accepts: a path, or `'auto'` (SIMD where it can run). */
export type WasmSeluPathChoice = WasmSeluPath | 'auto';

/** The answer of {@link wasmSeluPath}. */
export interface WasmSeluPathInfo {
  /** The path float32 tensors take (int32 tensors and the last `size % 4` elements always run in JavaScript). */
  path: WasmSeluPath;
  /** Why: the memory the module runs on, or what kept SIMD from running. */
  reason: string;
  /** Whether the backend's memory is shared (tfjs-backend-wasm's threaded build). */
  sharedMemory: boolean;
  /** What {@link forceWasmSeluPath} last set. */
  forced: WasmSeluPathChoice;
}

/** The SIMD module's exports: byte offsets into the heap, n a multiple of 4. */
interface SeluSimdKernels {
  selu(x: number, y: number, n: number, scale: number, scaleAlpha: number): void;
  seluGrad(dy: number, y: number, dx: number, n: number, scale: number, scaleAlpha: number): void;
  /**
   * AlphaDropout's masked affine map over mask elements first … first + n − 1 (n a multiple of 16,
   * first a multiple of 4, no broadcast); key words and threshold as int32 bit patterns.
   */
  maskedAffine(x: number, y: number, n: number, first: number, k0: number, k1: number, k2: number, stream: number,
               threshold: number, a: number, b: number, dropped: number): void;
}

/**
 * The parts of tfjs-backend-wasm's Emscripten module the detection reads. The
 * memory's name depends on the build: `asm.memory` (plain builds of
 * tfjs-backend-wasm 4.x), `wasmExports.memory` (newer Emscripten), and
 * `wasmMemory` (the threaded build, whose memory is imported, not exported).
 */
interface EmscriptenMemoryHandles {
  asm?: {memory?: unknown};
  wasmExports?: {memory?: unknown};
  wasmMemory?: unknown;
  HEAPU8?: {buffer: ArrayBufferLike};
}

/** The result of detecting SIMD on one backend. */
interface SimdDetection {
  kernels: SeluSimdKernels | null;
  reason: string;
  sharedMemory: boolean;
}

/** The module bytes for each kind of memory (parameters so tests can pass broken ones). */
interface SimdModuleBytes {
  plain: Uint8Array<ArrayBuffer>;
  shared: Uint8Array<ArrayBuffer>;
}

const BUILT_MODULES: SimdModuleBytes = {plain: SELU_SIMD_WASM, shared: SELU_SIMD_SHARED_MEMORY_WASM};

function findMemory(wasm: EmscriptenMemoryHandles): WebAssembly.Memory | null {
  for (const candidate of [wasm.asm?.memory, wasm.wasmExports?.memory, wasm.wasmMemory]) {
    if (candidate instanceof WebAssembly.Memory) return candidate;
  }
  return null;
}

/**
 * Instantiates the SIMD module on the memory of an Emscripten module, or
 * says why it cannot (never throws).
 */
export function detectSeluSimd(wasm: EmscriptenMemoryHandles, bytes: SimdModuleBytes = BUILT_MODULES): SimdDetection {
  if (typeof WebAssembly !== 'object') return {kernels: null, reason: 'no WebAssembly in this environment', sharedMemory: false};
  const memory = findMemory(wasm);
  if (memory === null) {
    return {kernels: null, reason: 'the backend exposes no WebAssembly.Memory (asm.memory, wasmExports.memory, wasmMemory)',
      sharedMemory: false};
  }
  const sharedMemory = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  if (wasm.HEAPU8 !== undefined && wasm.HEAPU8.buffer !== memory.buffer) {
    return {kernels: null, reason: 'the memory found is not the backend\'s heap (HEAPU8)', sharedMemory};
  }
  const module = sharedMemory ? bytes.shared : bytes.plain;
  if (!WebAssembly.validate(module)) {
    return {kernels: null, reason: 'this engine does not validate the SIMD module (no WebAssembly SIMD)', sharedMemory};
  }
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(module), {env: {memory}});
    return {kernels: instance.exports as unknown as SeluSimdKernels, sharedMemory,
      reason: `SIMD module on the backend's ${sharedMemory ? 'shared memory (threaded build)' : 'memory'}`};
  } catch (error) {
    return {kernels: null, reason: `instantiating the SIMD module failed: ${String(error)}`, sharedMemory};
  }
}

const detections = new WeakMap<object, SimdDetection>();
let forced: WasmSeluPathChoice = 'auto';

function detectionFor(backend: BackendWasm): SimdDetection {
  let detection = detections.get(backend.wasm);
  if (detection === undefined) {
    detection = detectSeluSimd(backend.wasm as unknown as EmscriptenMemoryHandles);
    detections.set(backend.wasm, detection);
  }
  return detection;
}

/**
 * The SIMD kernels for float32 work on `backend`, or null for the heap-JS
 * path. Throws only when SIMD was forced and cannot run.
 */
export function seluSimdKernels(backend: BackendWasm): SeluSimdKernels | null {
  if (forced === 'heap-js') return null;
  const detection = detectionFor(backend);
  if (forced === 'simd' && detection.kernels === null) {
    throw new Error(`tfjs-selu/wasm: the SIMD path was forced (forceWasmSeluPath('simd')) but cannot run: ${detection.reason}.`);
  }
  return detection.kernels;
}

/**
 * Which path the plugin's kernels take on the initialised 'wasm' backend, and
 * why. Call it after `await tf.setBackend('wasm')` (or `tf.ready()`).
 *
 * ```js
 * await tf.setBackend('wasm');
 * wasmSeluPath();  // {path: 'simd', reason: "SIMD module on the backend's memory", sharedMemory: false, forced: 'auto'}
 * ```
 *
 * @throws Error if the 'wasm' backend is not registered or not initialised yet.
 */
export function wasmSeluPath(): WasmSeluPathInfo {
  const backend = engine().findBackend('wasm') as BackendWasm | null;
  if (backend === null) {
    throw new Error("'wasmSeluPath' needs an initialised 'wasm' backend: import '@tensorflow/tfjs-backend-wasm' and " +
        "await tf.setBackend('wasm') first.");
  }
  const detection = detectionFor(backend);
  const path: WasmSeluPath = forced === 'heap-js' || detection.kernels === null ? 'heap-js' : 'simd';
  const reason = forced === 'heap-js' ? "forced by forceWasmSeluPath('heap-js')" : detection.reason;
  return {path, reason, sharedMemory: detection.sharedMemory, forced};
}

/**
 * Forces the path of the wasm kernels, for tests and comparisons: `'simd'`
 * (kernels then throw where the SIMD module cannot run), `'heap-js'`, or
 * `'auto'` (the default: SIMD where it runs, heap-JS elsewhere).
 *
 * @returns The previous choice, to restore it.
 */
export function forceWasmSeluPath(choice: WasmSeluPathChoice): WasmSeluPathChoice {
  if (choice !== 'auto' && choice !== 'simd' && choice !== 'heap-js') {
    throw new Error(`Argument 'choice' passed to 'forceWasmSeluPath' must be 'auto', 'simd' or 'heap-js', but got ` +
        `${typeof choice === 'string' ? `'${choice}'` : String(choice)}.`);
  }
  const previous = forced;
  forced = choice;
  return previous;
}
