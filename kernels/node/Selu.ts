import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import type {TFEOpAttr} from '@tensorflow/tfjs-node/dist/tfjs_binding';
import {FLOAT32_MIN_NORMAL} from '../../src/constants.js';
import {assertKernelDtypes} from '../../src/validation.js';
import {SeluKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluForwardAttrs, SeluInputs} from '../../src/kernel_names.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {runNativeGraph} from './native_graph.js';
import type {NativeGraph} from './native_graph.js';
import {nativeOpsForKernel} from './native_addon.js';
import type {NativeOps} from './native_addon.js';

/**
 * SeluKernel on 'tensorflow': the native op (kernels/node/native/) in one
 * pass, or, where it is unavailable, {@link seluComposition}.
 */
export function seluNode(args: {inputs: SeluInputs, backend: NodeJSKernelBackend, attrs: SeluForwardAttrs}): TensorInfo {
  assertKernelDtypes(SeluKernel, {x: args.inputs.x});
  const ops = nativeOpsForKernel();
  return ops !== undefined ? seluNative(ops, args) : seluComposition(args);
}

/**
 * The native forward op with the float32 pair (λ, λα) every backend uses, so
 * that the saturation is exactly float32(−λα). int32 is cast natively first.
 * `inPlace` is ignored: the op lets TensorFlow reuse x's buffer for y, which it
 * does only when it holds the sole reference (tfjs holds one to every input).
 */
function seluNative(ops: NativeOps, args: {inputs: SeluInputs, backend: NodeJSKernelBackend, attrs: SeluForwardAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  return runNativeGraph(backend, graph => graph.runUntyped(ops.info.ops[SeluKernel], [graph.float32(x)], nativeAttrs(graph, attrs)));
}

/** The native ops' attributes: λ and float32(λα) (TensorFlow stores float attributes as float32). */
export function nativeAttrs(graph: NativeGraph, attrs: SeluAttrs): TFEOpAttr[] {
  return [graph.floatAttr('scale', attrs.scale), graph.floatAttr('scale_alpha', float32ScaleAlpha(attrs))];
}

/**
 * The composition of TensorFlow ops, for TensorFlow without the native op:
 * y = λ·x for x > 0, λα·expm1(x) otherwise, in 6 native ops (9 when λ < 1/2,
 * one more to cast int32). TensorFlow's own Selu and Elu compute exp(x) − 1,
 * which loses all relative precision near 0, and its Expm1 costs ~2.8 Exps;
 * instead, for x ≤ 0, expm1(x) = 2t/(1 − t) = 2·softsign(t) with
 * t = tanh(x/2) ≤ 0 — no cancellation, and Tanh is cheaper than Exp:
 *
 *     s = Softsign(Tanh(x · 1/2))       expm1(x)/2 for x ≤ 0; in (0, x/2) for x > 0
 *     f = Maximum(x · λ', s)            λ'x for x > 0; s for x ≤ 0, as s ≥ x/2 ≥ λ'x there
 *     g = LeakyRelu(f, alpha = 2λ'α)    λ'x for x > 0; λ'α·expm1(x) for x ≤ 0
 *
 * with λ' = λ·2^k ≥ 1/2 (k = 0 unless λ < 1/2). Each side is scaled by ONE
 * float32 constant, so the saturation −λα is exactly float32(−λα). NaN
 * propagates through every op; ±Inf give +Inf and −λα. For k > 0, y = g·2^-k
 * (exact), but positive outputs below the smallest normal become it: FTZ
 * would make them 0, and the gradient needs y > 0 exactly when x > 0.
 * `inPlace` is ignored: TensorFlow allocates its op outputs itself.
 */
export function seluComposition(args: {inputs: SeluInputs, backend: NodeJSKernelBackend, attrs: SeluForwardAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs: {alpha, scale}} = args;
  const {normalizedScale, exponent} = atLeastOneHalf(scale);
  return runNativeGraph(backend, graph => {
    const input = graph.float32(x);
    const s = graph.run('Softsign', [graph.run('Tanh', [graph.run('Mul', [graph.keep(input), graph.scalar(0.5)])])]);
    const f = graph.run('Maximum', [graph.run('Mul', [input, graph.scalar(normalizedScale)]), s]);
    const g = graph.run('LeakyRelu', [f], [graph.floatAttr('alpha', 2 * normalizedScale * alpha)]);
    if (exponent === 0) return g;
    // For x ≤ 0, g·2^-k ≥ g; for x > 0, g = λ'x ≥ 2^-126 (for x ≥ 2^-125, FTZ's faithful range).
    return graph.run('Maximum', [
      graph.run('Mul', [graph.keep(g), graph.scalar(2 ** -exponent)]),
      graph.run('Minimum', [g, graph.scalar(FLOAT32_MIN_NORMAL)]),
    ]);
  });
}

/** scale = normalizedScale·2^-exponent with normalizedScale ≥ 1/2, exponent ≥ 0 (exact in float64). */
function atLeastOneHalf(scale: number): {normalizedScale: number, exponent: number} {
  let normalizedScale = scale;
  let exponent = 0;
  while (normalizedScale < 0.5) {
    normalizedScale *= 2;
    exponent++;
  }
  return {normalizedScale, exponent};
}

/** {@link seluNode} as the 'tensorflow' backend's SeluKernel. */
export const seluNodeConfig: KernelConfig = {
  kernelName: SeluKernel,
  backendName: 'tensorflow',
  kernelFunc: seluNode as unknown as KernelFunc,
};
