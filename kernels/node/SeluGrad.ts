import type {KernelConfig, KernelFunc, Tensor, TensorInfo} from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {FLOAT32_MIN_NORMAL, SELU_ALPHA, SELU_SCALE} from '../../src/constants.js';
import {assertKernelDtypes} from '../../src/validation.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {SeluGradKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradInputs} from '../../src/kernel_names.js';
import {runNativeGraph} from './native_graph.js';
import type {NativeGraph} from './native_graph.js';
import {nativeOpsForKernel} from './native_addon.js';
import {nativeAttrs} from './Selu.js';

/**
 * SeluGradKernel on 'tensorflow': the native gradient op in one pass, or,
 * where it is unavailable, {@link seluGradComposition}.
 */
export function seluGradNode(args: {inputs: SeluGradInputs, backend: NodeJSKernelBackend, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  assertKernelDtypes(SeluGradKernel, {dy, y});
  const ops = nativeOpsForKernel();
  if (ops === undefined) return seluGradComposition(args);
  return runNativeGraph(backend, graph =>
    graph.runUntyped(ops.info.ops[SeluGradKernel], [graph.float32(dy), graph.float32(y)], nativeAttrs(graph, attrs)));
}

/**
 * The composition for TensorFlow without the native op:
 * dx = dy·λ where y > 0, dy·(y + λα) elsewhere (NaN where y is NaN), in 4
 * native ops. With the paper's constants TensorFlow's SeluGrad computes this,
 * except that it branches on y < 0 (so y = 0 got λ, not λα) and takes the λ
 * branch for NaN; two cheap ops fix both:
 *
 *     SeluGrad(dy + ClipByValue(y, 0, 0), y − 2^-126)
 *
 * ClipByValue(y, 0, 0) is 0, or NaN where y is NaN; y − 2^-126 is negative
 * exactly where y ≤ 0 (positive outputs are ≥ 2^-126 under FTZ) and rounds
 * back to y in y + λα. Other constants: Mul(dy, SelectV2(y > 0, λ, y + λα)).
 */
export function seluGradComposition(args: {inputs: SeluGradInputs, backend: NodeJSKernelBackend, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  return runNativeGraph(backend, graph => {
    const upstream = graph.float32(dy);
    const output = graph.float32(y);
    return attrs.alpha === SELU_ALPHA && attrs.scale === SELU_SCALE ?
        nativeSeluGrad(graph, upstream, output) :
        selectGrad(graph, upstream, output, attrs);
  });
}

function nativeSeluGrad(graph: NativeGraph, dy: TensorInfo, y: TensorInfo): Tensor {
  const zero = graph.scalar(0);
  const nanWhereYIsNaN = graph.run('ClipByValue', [graph.keep(y), zero, zero]);
  return graph.run('SeluGrad', [
    graph.run('AddV2', [dy, nanWhereYIsNaN]),
    graph.run('AddV2', [y, graph.scalar(-FLOAT32_MIN_NORMAL)]),
  ]);
}

function selectGrad(graph: NativeGraph, dy: TensorInfo, y: TensorInfo, attrs: SeluAttrs): Tensor {
  // Greater is false for NaN, and NaN + λα is NaN.
  const positive = graph.run('Greater', [graph.keep(y), graph.scalar(0)]);
  const negativeSide = graph.run('AddV2', [y, graph.scalar(float32ScaleAlpha(attrs))]);
  const factor = graph.run('SelectV2', [positive, graph.scalar(attrs.scale), negativeSide]);
  return graph.run('Mul', [dy, factor]);
}

/** {@link seluGradNode} as the 'tensorflow' backend's SeluGradKernel. */
export const seluGradNodeConfig: KernelConfig = {
  kernelName: SeluGradKernel,
  backendName: 'tensorflow',
  kernelFunc: seluGradNode as unknown as KernelFunc,
};
