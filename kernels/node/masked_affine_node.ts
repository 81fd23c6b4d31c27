import type {Tensor, TensorInfo} from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import {AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutGradKernel} from '../../src/kernel_names.js';
import {keepMaskValues, noiseShapeIsFull} from '../../src/math/alpha_dropout_loops.js';
import type {MaskedAffine} from '../../src/math/alpha_dropout_loops.js';
import {runNativeGraph} from './native_graph.js';
import type {NativeGraph} from './native_graph.js';
import {nativeOpsForKernel} from './native_addon.js';

/**
 * Both AlphaDropout kernels on 'tensorflow': the native op (kernels/node/native/alpha_dropout_op.cc,
 * the mask drawn in its loop, one pass), or, where the addon is unavailable, {@link maskedAffineComposition}.
 * `input` is x (forward) or dy (gradient); `affine` what kept and dropped elements become.
 */
export function maskedAffineNode(kernelName: AlphaDropoutKernel | AlphaDropoutGradKernel, input: TensorInfo,
                                 backend: NodeJSKernelBackend, attrs: AlphaDropoutAttrs, affine: MaskedAffine): TensorInfo {
  const opName = nativeOpsForKernel()?.info.ops[kernelName];
  return runNativeGraph(backend, graph => opName !== undefined ?
      graph.runUntyped(opName, [graph.float32(input), keyTensor(graph, attrs)], nativeAttrs(graph, kernelName, input.shape, attrs)) :
      maskedAffineComposition(graph, input, attrs, affine));
}

/**
 * The key as the op's `key` input, an int32 tensor [low, high] (the op reads the words unsigned). It is an input,
 * not an attribute: TensorFlow's eager runtime caches one kernel per distinct attribute set, so a key drawn per
 * call would add a kernel to that cache per call (about 2 KB each, never freed).
 */
function keyTensor(graph: NativeGraph, {keyLo, keyHi}: AlphaDropoutAttrs): TensorInfo {
  return graph.constant(Int32Array.of(keyLo | 0, keyHi | 0), [2], 'int32');
}

/**
 * The ops' attributes: the threshold (an int attribute, in [0, 2^16): keepThreshold's range), a (and for
 * the forward b and the dropped value; TensorFlow rounds float attributes to float32, as every backend does), and
 * noise_shape, empty when the mask has x's shape (so one cached kernel serves every shape).
 */
function nativeAttrs(graph: NativeGraph, kernelName: string, shape: number[], attrs: AlphaDropoutAttrs) {
  const noiseShape = noiseShapeIsFull(shape, attrs.noiseShape) ? [] : attrs.noiseShape;
  const forward = kernelName === AlphaDropoutKernel ?
      [graph.floatAttr('b', attrs.b), graph.floatAttr('drop_value', attrs.dropValue)] : [];
  return [graph.intAttr('threshold', attrs.threshold), graph.floatAttr('a', attrs.a), ...forward,
    graph.intAttr('noise_shape', noiseShape)];
}

/**
 * The composition for TensorFlow without the native op: the keep mask drawn on the host by the same generator
 * (a bool tensor of noiseShape, broadcast by SelectV2), then SelectV2(mask, x·a + b, dropped) in float32 ops.
 */
function maskedAffineComposition(graph: NativeGraph, input: TensorInfo, attrs: AlphaDropoutAttrs,
                                 {a, b, dropped}: MaskedAffine): Tensor {
  const mask = graph.constant(keepMaskValues(attrs), attrs.noiseShape, 'bool');
  const kept = graph.run('AddV2', [graph.run('Mul', [graph.float32(input), graph.scalar(a)]), graph.scalar(b)]);
  return graph.run('SelectV2', [mask, kept, graph.scalar(dropped)]);
}
