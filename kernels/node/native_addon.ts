/**
 * The native op (kernels/node/native/, a TensorFlow custom op pair in C++
 * loaded as an N-API addon) and the choice between it and the composition of
 * TensorFlow ops: made once per process, when the 'tensorflow' backend first
 * runs a plugin kernel or {@link nodeKernelStatus} is asked.
 */
import {findBackendFactory} from '@tensorflow/tfjs-core';

/** Which implementation the 'tensorflow' backend's SeluKernel and SeluGradKernel run. */
export type NodeKernelPath = 'native' | 'composition';

/** What the native op reports once loaded. */
export interface NativeOpInfo {
  /** TensorFlow op names, versioned with the package (e.g. 'TfjsSeluV0x1x0'). */
  forwardOp: string;
  gradientOp: string;
  /** The TensorFlow C library the ops were registered with (`TF_Version()`). */
  tensorflowVersion: string;
  /** Instruction set of the element-wise loops: 'avx512', 'avx2' or 'baseline' (the best the CPU has). */
  isa: string;
  /** Threads a large tensor is split over (the caller included); never more than `cores`. */
  maxThreads: number;
  /** CPUs this process may run on. */
  cores: number;
  /** Elements below which one thread does the work. */
  parallelThreshold: number;
}

/** The answer of {@link nodeKernelStatus}. */
export interface NodeKernelStatus {
  path: NodeKernelPath;
  /** Why the composition runs; undefined on the native path. */
  reason?: string;
  /** The native op's details; undefined on the composition path. */
  native?: NativeOpInfo;
}

/**
 * The environment variable that chooses the path: `native` (the native op or
 * an error), `composition` (never load the addon), or unset / `auto` (the
 * native op if it loads, else the composition with one warning naming why).
 */
export const NODE_KERNELS_ENV = 'TFJS_SELU_NODE_KERNELS';
/** Overrides where the addon is loaded from (a `.node` file). */
export const NATIVE_ADDON_ENV = 'TFJS_SELU_NATIVE_ADDON';

type Mode = 'auto' | 'native' | 'composition';

/** The addon's interface (kernels/node/native/addon.cc). */
interface NativeAddon {
  load(): NativeOpInfo & {registeredHere: boolean};
  configure(options: {maxThreads?: number, parallelThreshold?: number, isa?: string}): Omit<NativeOpInfo, 'tensorflowVersion'>;
  counters(): {forward: number, gradient: number, parallel: number};
}

/** The loaded op: what kernels need to call it. */
export interface NativeOps {
  addon: NativeAddon;
  info: NativeOpInfo;
}

// CommonJS module scope (the Node build); in an ESM bundle these do not exist
// and loading fails with a reason, leaving the composition.
declare const require: (id: string) => unknown;
declare const __dirname: string;
interface PathModule {
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
}
interface FsModule {
  existsSync(path: string): boolean;
}

const ADDON_FILE = 'tfjs_selu_native.node';
const BUILD_DIR = ['native', 'build', 'Release'];

let decided: {ops?: NativeOps, reason?: string, mode: Mode} | undefined;
let warned = false;

function environment(): Record<string, string | undefined> {
  return (globalThis as {process?: {env: Record<string, string | undefined>}}).process?.env ?? {};
}

function readMode(): Mode {
  const value = environment()[NODE_KERNELS_ENV];
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'native' || value === 'composition') return value;
  throw new Error(`${NODE_KERNELS_ENV} must be 'native', 'composition' or 'auto', but got '${value}'.`);
}

/** Candidate addon paths: the source tree (kernels/node/) and the built package (dist/cjs/kernels/node/). */
function addonPaths(): string[] {
  const path = require('node:path') as PathModule;
  const override = environment()[NATIVE_ADDON_ENV];
  if (override) return [path.resolve(override)];
  return [
    path.join(__dirname, ...BUILD_DIR, ADDON_FILE),
    path.join(__dirname, '..', '..', '..', '..', 'kernels', 'node', ...BUILD_DIR, ADDON_FILE),
  ];
}

function loadNativeOps(): NativeOps {
  const fs = require('node:fs') as FsModule;
  const paths = addonPaths();
  const found = paths.find(p => fs.existsSync(p));
  if (found === undefined) {
    throw new Error(`the addon is not built (looked for ${paths.join(' and ')}; build it with \`npm rebuild tfjs-selu\`)`);
  }
  const addon = require(found) as NativeAddon;
  const {forwardOp, gradientOp, tensorflowVersion, isa, maxThreads, cores, parallelThreshold} = addon.load();
  return {addon, info: {forwardOp, gradientOp, tensorflowVersion, isa, maxThreads, cores, parallelThreshold}};
}

function decide(): NonNullable<typeof decided> {
  if (decided !== undefined) return decided;
  const mode = readMode();
  if (mode === 'composition') return decided = {mode, reason: `${NODE_KERNELS_ENV}=composition`};
  try {
    decided = {mode, ops: loadNativeOps()};
  } catch (error) {
    decided = {mode, reason: error instanceof Error ? error.message : String(error)};
  }
  return decided;
}

/**
 * The native op for a kernel about to run on the 'tensorflow' backend, or
 * undefined for the composition (warning once, in 'auto' mode, why).
 * Throws when `TFJS_SELU_NODE_KERNELS=native` and the op cannot load.
 */
export function nativeOpsForKernel(): NativeOps | undefined {
  const {ops, reason, mode} = decide();
  if (ops !== undefined) return ops;
  if (mode === 'native') throw new Error(`tfjs-selu: ${NODE_KERNELS_ENV}=native, but the native SELU op cannot load: ${reason}.`);
  if (mode === 'auto' && !warned) {
    warned = true;
    console.warn(`tfjs-selu: the native SELU op is not available (${reason}); the 'tensorflow' backend uses ` +
        `a slower composition of TensorFlow ops. Set ${NODE_KERNELS_ENV}=composition to choose it without this warning.`);
  }
  return undefined;
}

/**
 * Which implementation the plugin's kernels run on tfjs-node's 'tensorflow'
 * backend, and why. The choice is made once per process, when TensorFlow is
 * loaded (import `@tensorflow/tfjs-node` first); before that this returns the
 * composition with the reason, without deciding.
 *
 * ```js
 * import '@tensorflow/tfjs-node';
 * import {nodeKernelStatus} from 'tfjs-selu/node';
 * nodeKernelStatus();   // {path: 'native', native: {forwardOp: 'TfjsSeluV0x1x0', isa: 'avx2', maxThreads: 2, …}}
 * ```
 *
 * @throws When `TFJS_SELU_NODE_KERNELS` has another value than `native`,
 *     `composition` or `auto`, or is `native` and the op cannot load.
 */
export function nodeKernelStatus(): NodeKernelStatus {
  if (decided === undefined && findBackendFactory('tensorflow') == null) {
    readMode();
    return {path: 'composition', reason: "@tensorflow/tfjs-node is not loaded yet (no 'tensorflow' backend)"};
  }
  const {ops, reason, mode} = decide();
  if (ops === undefined && mode === 'native') nativeOpsForKernel();
  return ops !== undefined ? {path: 'native', native: {...ops.info, ...ops.addon.configure({})}} :
      {path: 'composition', reason};
}

/**
 * For tests and benchmarks: forget the decision and decide again under the
 * current environment (both paths can then run in one process; the addon,
 * once loaded, stays loaded).
 */
export function redecideNodeKernelPathForTesting(): NodeKernelStatus {
  decided = undefined;
  warned = false;
  return nodeKernelStatus();
}
