/**
 * The native op (kernels/node/native/, a TensorFlow custom op pair in C++
 * loaded as an N-API addon) and the choice between it and the composition of
 * TensorFlow ops: made once per process, when the 'tensorflow' backend first
 * runs a plugin kernel or {@link nodeKernelStatus} is asked.
 */
import {findBackendFactory} from '@tensorflow/tfjs-core';
import {AlphaDropoutGradKernel, AlphaDropoutKernel, SeluGradKernel, SeluKernel} from '../../src/kernel_names.js';

/** Which implementation the 'tensorflow' backend's plugin kernels run. */
export type NodeKernelPath = 'native' | 'composition';

/** The plugin's kernels on 'tensorflow', each served by a native op of the same base name. */
const NODE_KERNEL_NAMES = [SeluKernel, SeluGradKernel, AlphaDropoutKernel, AlphaDropoutGradKernel] as const;

/** What the native op reports once loaded. */
export interface NativeOpInfo {
  /**
   * The TensorFlow op behind each plugin kernel, versioned with the package:
   * e.g. `{TfjsSelu: 'TfjsSeluV0x1x0', TfjsSeluGrad: 'TfjsSeluGradV0x1x0'}`.
   */
  ops: Record<string, string>;
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
  /** The loaded addon (a `.node` file). */
  addonFile: string;
  /** Whether that is the prebuilt binary shipped in the package (else a local build, or the file {@link NATIVE_ADDON_ENV} names). */
  prebuilt: boolean;
}

/** The answer of {@link nodeKernelStatus}. */
export interface NodeKernelStatus {
  path: NodeKernelPath;
  /**
   * The path of each plugin kernel, by kernel name (`TfjsSelu`, `TfjsSeluGrad`, `TfjsAlphaDropout`,
   * `TfjsAlphaDropoutGrad`): 'native' where the loaded addon has its op (an addon from an older build
   * may lack the AlphaDropout ops; those kernels then run their composition).
   */
  kernels: Record<string, NodeKernelPath>;
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
/**
 * Overrides where the addon is loaded from: a `.node` file, or a directory laid
 * out like kernels/node/native (build/Release/, prebuilds/<platform>-<arch>/).
 */
export const NATIVE_ADDON_ENV = 'TFJS_SELU_NATIVE_ADDON';

type Mode = 'auto' | 'native' | 'composition';

/** The addon's interface (kernels/node/native/addon.cc). */
export interface NativeAddon {
  load(): Omit<NativeOpInfo, 'addonFile' | 'prebuilt'> & {registeredHere: boolean};
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
  sep: string;
}
interface FsModule {
  existsSync(path: string): boolean;
  statSync(path: string): {isDirectory(): boolean};
}
/** node-gyp-build: picks build/Release/*.node, else the prebuild matching this platform, else throws. */
interface NodeGypBuild {
  path(dir: string): string;
}

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

/**
 * The addon file to load: {@link NATIVE_ADDON_ENV}'s, or node-gyp-build's
 * choice in the addon's directory, kernels/node/native (beside this file in
 * the sources; under the package root from dist/cjs/kernels/node/).
 */
function addonFile(): string {
  const path = require('node:path') as PathModule;
  const fs = require('node:fs') as FsModule;
  const override = environment()[NATIVE_ADDON_ENV];
  let dir: string;
  if (override) {
    const file = path.resolve(override);
    if (!fs.existsSync(file)) throw new Error(`${NATIVE_ADDON_ENV} names ${file}, which does not exist`);
    if (!fs.statSync(file).isDirectory()) return file;
    dir = file;
  } else {
    const platform = (globalThis as {process?: {platform: string}}).process?.platform;
    // tf_api.cc finds TensorFlow with dl_iterate_phdr: the addon builds on Linux only.
    if (platform !== 'linux') throw new Error(`the native op is built for Linux only, and this is ${platform}`);
    const candidates = [path.join(__dirname, 'native'), path.join(__dirname, '..', '..', '..', '..', 'kernels', 'node', 'native')];
    dir = candidates.find(d => fs.existsSync(d)) ?? candidates[1];
  }
  let notFound: string;
  try {
    return (require('node-gyp-build') as NodeGypBuild).path(dir);
  } catch (error) {
    // node-gyp-build's message, on one line: "No native build was found for platform=linux arch=x64 … loaded from: …"
    notFound = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim();
  }
  throw new Error(`${notFound}; compile one with \`npm rebuild tfjs-selu\` (Linux, needs a C++ compiler)`);
}

function loadNativeOps(): NativeOps {
  const path = require('node:path') as PathModule;
  const file = addonFile();
  const addon = require(file) as NativeAddon;
  const {ops, tensorflowVersion, isa, maxThreads, cores, parallelThreshold} = addon.load();
  const prebuilt = file.includes(`${path.sep}prebuilds${path.sep}`);
  return {addon, info: {ops, tensorflowVersion, isa, maxThreads, cores, parallelThreshold, addonFile: file, prebuilt}};
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
 * nodeKernelStatus();   // {path: 'native', kernels: {TfjsSelu: 'native', TfjsAlphaDropout: 'native', …},
 *                       //  native: {ops: {TfjsSelu: 'TfjsSeluV0x1x0', …}, isa: 'avx2', prebuilt: true, …}}
 * ```
 *
 * @throws When `TFJS_SELU_NODE_KERNELS` has another value than `native`,
 *     `composition` or `auto`, or is `native` and the op cannot load.
 */
export function nodeKernelStatus(): NodeKernelStatus {
  if (decided === undefined && findBackendFactory('tensorflow') == null) {
    readMode();
    return {path: 'composition', kernels: kernelPaths(undefined),
      reason: "@tensorflow/tfjs-node is not loaded yet (no 'tensorflow' backend)"};
  }
  const {ops, reason, mode} = decide();
  if (ops === undefined && mode === 'native') nativeOpsForKernel();
  return ops !== undefined ? {path: 'native', kernels: kernelPaths(ops), native: {...ops.info, ops: {...ops.info.ops}}} :
      {path: 'composition', kernels: kernelPaths(undefined), reason};
}

function kernelPaths(ops: NativeOps | undefined): Record<string, NodeKernelPath> {
  return Object.fromEntries(NODE_KERNEL_NAMES.map(name => [name, ops?.info.ops[name] !== undefined ? 'native' : 'composition']));
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
