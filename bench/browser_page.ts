/**
 * The in-page half of the browser benchmark (bench/browser.ts bundles it with
 * esbuild and runs it in headless Chromium): the shared harness, on the webgl,
 * webgpu and cpu backends, against the BUILT package as users import it.
 */
import * as tf from '@tensorflow/tfjs';
import {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';
import {alphaDropout, selu, seluGrad, useSeluPluginForBuiltin} from 'tfjs-selu';
import {seluAlphaDropout} from 'tfjs-selu/layers';
import 'tfjs-selu/cpu';
import 'tfjs-selu/webgl';
import 'tfjs-selu/webgpu';
import {wasmSeluPath} from 'tfjs-selu/wasm';
import {runAlphaDropoutRows, runSnnStep} from './dropout.js';
import {webglGeneratorLimits} from './generator_limit.js';
import type {SnnResult} from './dropout.js';
import {compare, compareMemory, repetitionsFor, standardComparisons} from './harness.js';
import type {Comparison, MemoryResult, Result} from './harness.js';

export interface BenchConfig {
  /** Backend names, or 'webgl-f16': the 'webgl' backend re-created on half-float render targets. */
  backends: string[];
  /** Where the page serves tfjs-backend-wasm's .wasm binaries. */
  wasmPaths: string;
  sizes: number[];
  /** Bounds on the harness's repetitions: SwiftShader is slow at large sizes, timers coarse at small ones. */
  minRepetitions: number;
  maxRepetitions: number;
  /** Which rows: 'selu' (the standard comparisons), 'dropout' (AlphaDropout's op rows), 'snn' (the SNN step). */
  parts: string[];
  /** SNN steps per variant. */
  snnRepetitions: number;
}

export interface BenchOutput {
  timings: Result[];
  memory: MemoryResult[];
  /** Per GPU backend, the programs one training step runs, ours and tf.selu's. */
  stepPrograms: Record<string, {ours: string[], builtin: string[]}>;
  environment: Record<string, string | number | boolean>;
  /** AlphaDropout's op rows at 1M and the SNN steps. */
  dropout: {timings: Result[], memory: MemoryResult[], snn: SnnResult[]};
}

/** AlphaDropout's op rows run at 1M elements (a 1-D x). */
const DROPOUT_SIZE = 1e6;

/**
 * The harness's standard comparisons (ours and tf.selu share x and dy), with
 * x and dy placed on the backend the way a graph of tfjs's own ops leaves
 * them: first read by a built-in element-wise op, so on webgl they are in its
 * default layout (packed under WEBGL_PACK) whichever contender runs first.
 */
function graphComparisons(backend: string, size: number): {inputs: tf.Tensor[], comparisons: Comparison[]} {
  const standard = standardComparisons(benchLabel(backend), size, x => selu(x), (dy, y) => seluGrad(dy, y));
  if (backend in WEBGL_MODES) standard.comparisons = standard.comparisons.filter(c => WEBGL_MODE_WHATS.has(c.what));
  for (const input of standard.inputs) tf.relu(input).dispose();
  return standard;
}

/**
 * The same comparisons, but each contender with its own freshly created x and
 * dy: on webgl each is then uploaded in the layout of the first program that
 * reads it (ours: packed; tf.selu: unpacked), so neither pays a conversion.
 */
function freshInputComparisons(backend: string, size: number): {inputs: tf.Tensor[], comparisons: Comparison[]} {
  const ours = standardComparisons(backend, size, x => selu(x), (dy, y) => seluGrad(dy, y));
  const builtin = standardComparisons(backend, size, x => selu(x), (dy, y) => seluGrad(dy, y));
  const comparisons: Comparison[] = [];
  ours.comparisons.forEach((c, i) => {
    // The element-wise comparisons only: the dense block's inputs are matMul's, packed for both.
    if (!FRESH_INPUT_WHATS.has(c.what)) return;
    comparisons.push({...c, what: `${c.what}, fresh inputs`, builtin: builtin.comparisons[i].builtin});
  });
  return {inputs: [...ours.inputs, ...builtin.inputs], comparisons};
}

/**
 * Rows of the 'webgl' backend re-created under tfjs flags (read when a backend
 * is created): half-float render targets, as on many phones (selu's gradient
 * is then computed from x). Forward and step only.
 */
const WEBGL_MODES: Record<string, {label: string, flags: Record<string, boolean>}> = {
  'webgl-f16': {label: 'webgl (half-float targets)', flags: {WEBGL_FORCE_F16_TEXTURES: true}},
};
const WEBGL_MODE_WHATS = new Set(['forward', 'step']);

/** Re-creates the 'webgl' backend with `flags` set first (the plugin's kernels are registered by name and stay). */
async function recreateWebGL(flags: Record<string, boolean>): Promise<void> {
  await tf.setBackend('cpu');
  tf.removeBackend('webgl');
  tf.env().reset();  // flags derived from others are cached once read
  Object.entries(flags).forEach(([name, value]) => tf.env().set(name, value));
  tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
}

/** The backend's name in the tables: wasm says which build runs (threaded where the page is cross-origin isolated). */
function benchLabel(backend: string): string {
  if (backend in WEBGL_MODES) return WEBGL_MODES[backend].label;
  if (backend !== 'wasm') return backend;
  const {path, sharedMemory} = wasmSeluPath();
  return `wasm (${sharedMemory ? 'threaded' : 'plain'}, ${path})`;
}

const FRESH_INPUT_WHATS = new Set(['forward', 'backward', 'step']);

/** The method through which each GPU backend runs its shader programs. */
const PROGRAM_RUNNERS: Record<string, string> = {webgl: 'runWebGLProgram', webgpu: 'runWebGPUProgram'};

/** Names of the shader programs the GPU backend runs during `body`. */
function gpuPrograms(backendName: string, body: () => void): string[] {
  const method = PROGRAM_RUNNERS[backendName];
  const backend = tf.findBackend(backendName) as unknown as Record<string, (...args: unknown[]) => unknown>;
  const original = backend[method];
  const names: string[] = [];
  backend[method] = function (this: unknown, ...args: unknown[]) {
    // A bundler suffixes class names that collide across backends (UnaryOpProgram2): drop the suffix.
    names.push((args[0] as object).constructor.name.replace(/\d+$/, ''));
    return original.apply(this, args);
  };
  try {
    body();
  } finally {
    backend[method] = original;
  }
  return names;
}

function environment(): Record<string, string | number | boolean> {
  const info: Record<string, string | number | boolean> = {
    userAgent: navigator.userAgent,
    // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl) {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    info.renderer = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
  }
  return info;
}

async function runBench(config: BenchConfig): Promise<BenchOutput> {
  const timings: Result[] = [];
  const memory: MemoryResult[] = [];
  const env = environment();
  const stepPrograms: BenchOutput['stepPrograms'] = {};
  const dropout: BenchOutput['dropout'] = {timings: [], memory: [], snn: []};
  const largest = Math.max(...config.sizes);
  setWasmPaths(config.wasmPaths);
  let webglFlagsSet = false;
  for (const requested of config.backends) {
    const mode = WEBGL_MODES[requested];
    if (mode || webglFlagsSet) await recreateWebGL(mode?.flags ?? {});
    webglFlagsSet = mode !== undefined;
    const backend = mode ? 'webgl' : requested;
    if (!await tf.setBackend(backend)) throw new Error(`backend '${backend}' failed to initialise`);
    await tf.ready();
    if (mode && tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) throw new Error(`${requested}: float32 render targets`);
    if (requested === 'webgl') {
      env.WEBGL_VERSION = tf.env().getNumber('WEBGL_VERSION');
      env.WEBGL_PACK = tf.env().getBool('WEBGL_PACK');
      env.WEBGL_RENDER_FLOAT32_ENABLED = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
      if (env.WEBGL_VERSION !== 2) throw new Error(`WebGL ${env.WEBGL_VERSION}, not WebGL2`);
    }
    if (backend === 'webgpu') {
      if (tf.getBackend() !== 'webgpu') throw new Error(`backend ${tf.getBackend()}, not webgpu`);
      const info = (tf.backend() as unknown as {adapterInfo: {vendor: string, architecture: string}}).adapterInfo;
      env.webgpuAdapter = `${info.vendor} ${info.architecture}`;
    }
    if (config.parts.includes('dropout')) {
      const rows = await runAlphaDropoutRows(benchLabel(requested), DROPOUT_SIZE, (x, options) => alphaDropout(x, options),
          config.minRepetitions, backend === 'webgl' ? webglGeneratorLimits(DROPOUT_SIZE) : undefined);
      dropout.timings.push(...rows.timings);
      dropout.memory.push(...rows.memory);
    }
    if (config.parts.includes('snn')) {
      dropout.snn.push(await runSnnStep(benchLabel(requested), args => seluAlphaDropout(args), useSeluPluginForBuiltin, config.snnRepetitions));
    }
    if (!config.parts.includes('selu')) continue;
    for (const size of config.sizes) {
      const scenarios = requested === 'webgl' ? [graphComparisons, freshInputComparisons] : [graphComparisons];
      for (const scenario of scenarios) {
        const {inputs, comparisons} = scenario(requested, size);
        for (const comparison of comparisons) {
          const repetitions = Math.max(config.minRepetitions, Math.min(repetitionsFor(size), config.maxRepetitions));
          const result = await compare(comparison, repetitions);
          timings.push(result);
          console.log(`${benchLabel(requested)} ${comparison.what} ${size}: ours ${result.ours.median.toFixed(3)} ms, ` +
              `built-in ${result.builtin.median.toFixed(3)} ms, speed-up ${result.speedup.toFixed(2)}x`);
          if (size === largest) memory.push(await compareMemory(comparison));
          if (PROGRAM_RUNNERS[backend] && size === largest && comparison.what === 'step') {
            stepPrograms[benchLabel(requested)] = {
              ours: gpuPrograms(backend, () => comparison.ours.run().dispose()),
              builtin: gpuPrograms(backend, () => comparison.builtin.run().dispose()),
            };
          }
        }
        tf.dispose(inputs);
      }
    }
  }
  if (webglFlagsSet) await recreateWebGL({});
  return {timings, memory, stepPrograms, environment: env, dropout};
}

(globalThis as unknown as {runBench: typeof runBench}).runBench = runBench;
