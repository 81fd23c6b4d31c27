/**
 * Choosing the 'tensorflow' backend's kernel path (and, on the native path,
 * which build of the addon) inside a mocha suite, for the suites that run on
 * both paths; and the testing build's controls.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {NATIVE_ADDON_ENV, NODE_KERNELS_ENV, nativeOpsForKernel, redecideNodeKernelPathForTesting} from '../../kernels/node/native_addon.js';
import type {NativeAddon, NativeOpInfo, NodeKernelPath} from '../../kernels/node/native_addon.js';
import {prebuild, testingBuild} from '../../scripts/build-native.cjs';
import {expectEqual} from './assertions.js';
import {skipRequested} from './env.js';

/** tfjs-node's backend object (its op API and binding). */
export function nativeBackend(): NodeJSKernelBackend {
  return tf.findBackend('tensorflow') as unknown as NodeJSKernelBackend;
}

/** The addon's testing build (-DTFJS_SELU_TESTING): its own op names, plus threads, ISA and call counters. */
export interface TestingAddon extends NativeAddon {
  configure(options: {maxThreads?: number, parallelThreshold?: number, isa?: string}):
      Pick<NativeOpInfo, 'ops' | 'isa' | 'cores' | 'maxThreads' | 'parallelThreshold'>;
  /**
   * Per TensorFlow op: kernel runs, those that used more than one thread, and kernel instances TensorFlow
   * built (counted by the AlphaDropout ops; 0 for the others).
   */
  counters(): Record<string, {calls: number, parallel: number, constructions: number}>;
}

/** The loaded native op, which must be the testing build (see useNodeKernelPath). */
export function testingOps(): {addon: TestingAddon, info: NativeOpInfo} {
  const ops = nativeOpsForKernel();
  if (ops === undefined) throw new Error('the native op is not loaded');
  expectEqual(ops.info.addonFile, testingBuild, 'the loaded addon');
  return {addon: ops.addon as TestingAddon, info: ops.info};
}

/**
 * Makes the kernels take `path` (as TFJS_SELU_NODE_KERNELS would) for the
 * enclosing suite, the native path from `addon` (default: the prebuild the
 * package ships), and fails, never skips, if it cannot: a missing native op is
 * a failure here.
 */
export function useNodeKernelPath(path: NodeKernelPath, addon: string = prebuild): void {
  const saved: Record<string, string | undefined> = {};
  before(async function () {
    if (skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) this.skip();
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    // Registers the backend (and, through @tensorflow/tfjs, the built-in gradients).
    await import('@tensorflow/tfjs-node');
    for (const name of [NODE_KERNELS_ENV, NATIVE_ADDON_ENV]) saved[name] = process.env[name];
    process.env[NODE_KERNELS_ENV] = path;
    process.env[NATIVE_ADDON_ENV] = addon;
    const status = redecideNodeKernelPathForTesting();
    expectEqual(status.path, path, `kernel path (${status.reason ?? ''})`);
    if (path === 'native') expectEqual(status.native?.addonFile, addon, 'the loaded addon');
  });
  after(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    redecideNodeKernelPathForTesting();
  });
}
