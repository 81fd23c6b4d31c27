import {
  Selu, engine, getBackend, getGradient, getKernel, registerGradient, registerKernel, unregisterGradient,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import type {GradConfig, KernelConfig, NamedAttrMap, Tensor, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes, resolveSeluAttrs} from './validation.js';
import {SeluGradKernel, SeluKernel} from './kernel_names.js';
import {seluGradFromSavedInput} from './selu.js';
import {seluGrad} from './selu_grad.js';
import {seluGradientSourceAtBackward} from './gradient_source.js';

/** tfjs-core's 'Selu' kernel has no attributes: it always uses the paper's constants. */
const DEFAULT_ATTRS = resolveSeluAttrs(undefined, 'selu');

/** What the override replaced, so that restoring can put it back. */
interface Replaced {
  /** Per backend, tfjs-core's own 'Selu' kernel (undefined: there was none). */
  kernels: Map<string, KernelConfig | undefined>;
  /** tfjs-core's own 'Selu' gradient (undefined with tfjs-core alone: none registered). */
  gradient: GradConfig | undefined;
}

let replaced: Replaced | null = null;

/**
 * Makes tfjs-core's built-in `'Selu'` kernel name run the plugin: for every
 * registered backend on which the plugin's kernels are registered, `'Selu'`
 * becomes the plugin's `SeluKernel`, and the `'Selu'` gradient becomes the
 * plugin's one-pass `SeluGradKernel`. Existing code then uses the plugin
 * unchanged: `tf.selu(x)`, layers with `activation: 'selu'`, and models
 * loaded from files that say `'selu'`.
 *
 * Explicit, never a side effect of an import, because it changes tfjs-core's
 * registries for the whole process (every model, every library using tfjs in
 * it) until the returned function restores them.
 *
 * What changes for `tf.selu`:
 * - constants: `'Selu'` has no attributes, so the paper's alpha and scale;
 * - dtypes: float32 and int32 as before; bool (which the built-in took as
 *   0/1) is rejected with an Error naming the kernel;
 * - gradient: one `SeluGradKernel` pass from the saved output instead of the
 *   built-in's six kernels. It keeps both x and y alive until the backward
 *   pass (the built-in keeps x; in a dense network the next layer keeps y
 *   anyway). When the backward pass is itself differentiated (nested
 *   `tf.grad`, gradient penalties), it recomputes y from x, so second and
 *   higher orders of `tf.selu` work — which the built-in's gradient, built on
 *   `Greater`, does not. Where the backend stores outputs lossily (WebGL on
 *   half-float textures) it is one pass from x instead, as for `selu`;
 * - backends without the plugin's kernels keep the built-in kernel and, for
 *   tensors they compute, the built-in gradient.
 *
 * Call it after importing the backends and the plugin's backend entry points
 * (`tfjs-selu/cpu`, …); calling it again also covers backends registered
 * since. Idempotent.
 *
 * ```js
 * import * as tf from '@tensorflow/tfjs';
 * import {useSeluPluginForBuiltin} from 'tfjs-selu';
 * import 'tfjs-selu/cpu';
 * const restore = useSeluPluginForBuiltin();
 * tf.selu(x);   // runs the plugin's kernel
 * restore();    // tfjs-core's own 'Selu' again
 * ```
 *
 * @returns A function that restores tfjs-core's own `'Selu'` kernels and
 *     gradient (a no-op once restored).
 * @throws Error if no registered backend has the plugin's kernels.
 */
export function useSeluPluginForBuiltin(): () => void {
  const backends = engine().backendNames().filter(name => getKernel(SeluKernel, name) !== undefined);
  if (backends.length === 0) {
    throw new Error(`'useSeluPluginForBuiltin' found no backend with the plugin's kernels: import a backend ` +
        `entry point such as 'tfjs-selu/cpu' (and its tfjs backend) first.`);
  }
  if (replaced === null) {
    replaced = {kernels: new Map(), gradient: getGradient(Selu)};
    registerGradient(builtinSeluGradConfig(replaced.gradient));
  }
  for (const backendName of backends) {
    if (replaced.kernels.has(backendName)) continue;
    const builtin = getKernel(Selu, backendName);
    replaced.kernels.set(backendName, builtin);
    // unregister first: registerKernel over an existing key only warns.
    if (builtin !== undefined) unregisterKernel(Selu, backendName);
    registerKernel(builtinSeluKernelConfig(getKernel(SeluKernel, backendName), backendName));
  }
  return restoreBuiltinSelu;
}

function restoreBuiltinSelu(): void {
  if (replaced === null) return;
  for (const [backendName, builtin] of replaced.kernels) {
    unregisterKernel(Selu, backendName);
    if (builtin !== undefined) registerKernel(builtin);
  }
  unregisterGradient(Selu);
  if (replaced.gradient !== undefined) registerGradient(replaced.gradient);
  replaced = null;
}

function builtinSeluKernelConfig(plugin: KernelConfig, backendName: string): KernelConfig {
  return {
    kernelName: Selu,
    backendName,
    kernelFunc: ({inputs, backend}) => {
      assertKernelDtypes(Selu, inputs as Record<string, TensorInfo>);
      return plugin.kernelFunc({inputs, backend, attrs: DEFAULT_ATTRS as unknown as NamedAttrMap});
    },
  };
}

function builtinSeluGradConfig(builtin: GradConfig | undefined): GradConfig {
  return {
    kernelName: Selu,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy: Tensor | Tensor[], [x, y]: Tensor[], attrs: NamedAttrMap) => {
      // The forward ran tfjs-core's own kernel on a backend without ours.
      if (builtin !== undefined && getKernel(SeluGradKernel, getBackend()) === undefined) {
        return builtin.gradFunc(dy, [x], attrs);
      }
      // 'Selu' saves x and y at every depth: it cannot tell at forward time.
      const source = seluGradientSourceAtBackward();
      return {x: () => source === 'output' ? seluGrad(dy as Tensor, y) : seluGradFromSavedInput(dy as Tensor, x, DEFAULT_ATTRS, source)};
    },
  };
}
