/**
 * The backends the picker offers, one entry each: how to tell whether this
 * browser can run it (without loading tfjs's backend), how to load tfjs's
 * backend and the plugin's kernels for it (each a lazily loaded chunk), and
 * what to say about the path the op takes once it is active.
 */
import * as tf from '@tensorflow/tfjs';
import {SeluGradKernel, SeluKernel} from 'tfjs-selu';

export interface BackendEntry {
  name: string;
  label: string;
  /** Why this browser cannot run the backend, or undefined when it can. */
  unavailableReason(): Promise<string | undefined>;
  /** Loads tfjs's backend (a side-effect import; idempotent). */
  loadBackend(): Promise<void>;
  /** Loads the plugin's kernels for it (idempotent); undefined: this build has none for the backend. */
  loadKernels?: () => Promise<void>;
  /** Facts about the active backend worth showing (binary, renderer, adapter…), after it is initialised. */
  details(): Promise<string[]>;
}

/**
 * Why the picker offers no backend for which this build has no plugin kernels:
 * the op would run as the fallback composition, which is not what the page is
 * there to show. `?fallback=1` (every backend on the fallback) offers them.
 */
export function noKernelsReason(entry: BackendEntry): string | undefined {
  return entry.loadKernels ? undefined :
      `this build of tfjs-selu has no kernels for '${entry.name}' (the op would run as the slower fallback ` +
      'composition of tfjs-core ops; ?fallback=1 runs every backend that way)';
}

/** Which implementation `selu` and its gradient take on the active backend. */
export interface PathInfo {
  /** 'plugin kernels' when both of the plugin's kernels are registered for the backend, else 'fallback'. */
  kind: 'plugin kernels' | 'fallback';
  description: string;
}

export function activePath(backend: string): PathInfo {
  const registered = [SeluKernel, SeluGradKernel].filter(name => tf.getKernel(name, backend) !== undefined);
  if (registered.length === 2) {
    return {kind: 'plugin kernels', description: `plugin kernels (${SeluKernel}, ${SeluGradKernel} registered for '${backend}')`};
  }
  return {kind: 'fallback', description: `fallback: a composition of tfjs-core ops (no ${SeluKernel} kernel registered ` +
      `for '${backend}'; correct but slower)`};
}

function webglContextReason(): string | undefined {
  const canvas = document.createElement('canvas');
  if (canvas.getContext('webgl2') || canvas.getContext('webgl')) return undefined;
  return 'this browser gives the page no WebGL context (WebGL disabled, or no GPU and no software renderer)';
}

function webglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return undefined;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  return String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
}

interface GpuAdapterLike {
  info?: {vendor?: string, architecture?: string, description?: string};
}
interface NavigatorWithGpu {
  gpu?: {requestAdapter(): Promise<GpuAdapterLike | null>};
}

async function webgpuAdapter(): Promise<GpuAdapterLike | string> {
  const gpu = (navigator as NavigatorWithGpu).gpu;
  if (!gpu) {
    return globalThis.isSecureContext ?
        'this browser has no WebGPU (navigator.gpu is missing)' :
        'WebGPU needs a secure context (https, or http on localhost/127.0.0.1)';
  }
  try {
    return await gpu.requestAdapter() ?? 'navigator.gpu.requestAdapter() found no adapter (no usable GPU, or WebGPU blocked)';
  } catch (error) {
    return `navigator.gpu.requestAdapter() failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Where tfjs-backend-wasm's binaries are, next to index.html (copied there by scripts/playground.ts). */
const WASM_BINARIES_URL = new URL('wasm/', document.baseURI).href;

function once(load: () => Promise<void>): () => Promise<void> {
  let loading: Promise<void> | undefined;
  return () => loading ??= load();
}

/** The picker's order, fastest first on a machine with a GPU: the default is the first available one. */
export const BACKENDS: BackendEntry[] = [
  {
    name: 'webgpu',
    label: 'WebGPU',
    async unavailableReason() {
      const adapter = await webgpuAdapter();
      return typeof adapter === 'string' ? adapter : undefined;
    },
    loadBackend: once(async () => {
      await import('@tensorflow/tfjs-backend-webgpu');
    }),
    loadKernels: once(async () => {
      await import('tfjs-selu/webgpu');
    }),
    async details() {
      const adapter = await webgpuAdapter();
      if (typeof adapter === 'string' || !adapter.info) return [];
      const {vendor, architecture, description} = adapter.info;
      return [`adapter: ${[vendor, architecture, description].filter(Boolean).join(' ') || 'unnamed'}`];
    },
  },
  {
    name: 'webgl',
    label: 'WebGL',
    async unavailableReason() {
      return webglContextReason();
    },
    // tfjs's webgl and cpu backends come with @tensorflow/tfjs.
    loadBackend: async () => undefined,
    loadKernels: once(async () => {
      await import('tfjs-selu/webgl');
    }),
    async details() {
      const flags = tf.env();
      const float32 = flags.getBool('WEBGL_RENDER_FLOAT32_ENABLED');
      return [
        `WebGL ${flags.getNumber('WEBGL_VERSION')}, ${float32 ? 'float32' : 'half-float'} textures, ` +
            `packed: ${flags.getBool('WEBGL_PACK')}` +
            (float32 ? '' : ' (selu\'s gradient is computed from x here: the stored y is too coarse)'),
        `renderer: ${webglRenderer() ?? 'unknown'}`,
        'try another mode: ?webgl=webgl1,f16,unpacked (any subset)',
      ];
    },
  },
  {
    name: 'wasm',
    label: 'WebAssembly',
    async unavailableReason() {
      return typeof WebAssembly === 'object' ? undefined : 'this browser has no WebAssembly';
    },
    loadBackend: once(async () => {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(WASM_BINARIES_URL);
    }),
    loadKernels: once(async () => {
      await import('tfjs-selu/wasm');
    }),
    async details() {
      const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')]);
      const binary = threads && simd ? 'threaded SIMD' : simd ? 'SIMD' : 'plain';
      const facts = [`tfjs-backend-wasm binary: ${binary}${threads ? '' : ` (threads need cross-origin isolation: ${globalThis.crossOriginIsolated === true})`}`];
      // Only ask once the kernels are registered: importing the entry point registers them (not under ?fallback=1).
      if (activePath('wasm').kind === 'plugin kernels') {
        const {wasmSeluPath} = await import('tfjs-selu/wasm');
        const {path, reason} = wasmSeluPath();
        facts.push(`tfjs-selu kernels: ${path} path (${reason})`);
      }
      return facts;
    },
  },
  {
    name: 'cpu',
    label: 'CPU (JavaScript)',
    async unavailableReason() {
      return undefined;
    },
    loadBackend: async () => undefined,
    loadKernels: once(async () => {
      await import('tfjs-selu/cpu');
    }),
    async details() {
      return [];
    },
  },
];
