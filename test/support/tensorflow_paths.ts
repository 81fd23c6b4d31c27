/**
 * Choosing the 'tensorflow' backend's kernel path inside a mocha suite, for
 * the suites that run on both paths.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {NODE_KERNELS_ENV, redecideNodeKernelPathForTesting} from '../../kernels/node/native_addon.js';
import type {NodeKernelPath} from '../../kernels/node/native_addon.js';
import {expectEqual} from './assertions.js';
import {skipRequested} from './env.js';

/** tfjs-node's backend object (its op API and binding). */
export function nativeBackend(): NodeJSKernelBackend {
  return tf.findBackend('tensorflow') as unknown as NodeJSKernelBackend;
}

/**
 * Makes the kernels take `path` (as TFJS_SELU_NODE_KERNELS would) for the
 * enclosing suite and fails, never skips, if it cannot: a missing native op
 * is a failure here.
 */
export function useNodeKernelPath(path: NodeKernelPath): void {
  let saved: string | undefined;
  before(async function () {
    if (skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) this.skip();
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    // Registers the backend (and, through @tensorflow/tfjs, the built-in gradients).
    await import('@tensorflow/tfjs-node');
    saved = process.env[NODE_KERNELS_ENV];
    process.env[NODE_KERNELS_ENV] = path;
    const status = redecideNodeKernelPathForTesting();
    expectEqual(status.path, path, `kernel path (${status.reason ?? ''})`);
  });
  after(() => {
    if (saved === undefined) delete process.env[NODE_KERNELS_ENV];
    else process.env[NODE_KERNELS_ENV] = saved;
    redecideNodeKernelPathForTesting();
  });
}

