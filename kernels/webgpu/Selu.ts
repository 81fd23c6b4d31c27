import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {SeluKernel} from '../../src/kernel_names.js';
import type {SeluForwardAttrs, SeluInputs} from '../../src/kernel_names.js';
import {SeluProgram} from './selu_webgpu.js';

/** λ and λα in the order of SELU_WEBGPU_UNIFORMS. */
export function seluUniforms(attrs: SeluForwardAttrs): Array<{type: string, data: number[]}> {
  return [{type: 'float32', data: [attrs.scale]}, {type: 'float32', data: [float32ScaleAlpha(attrs)]}];
}

/**
 * SeluKernel on WebGPU: one compute pass. λ and λα are uniforms: one compiled
 * pipeline serves every (alpha, scale). int32 input is read as float32 by the
 * program itself, with no separate cast.
 *
 * The `inPlace` attribute (seluInPlace) is ignored: WebGPU forbids binding one
 * buffer both as the program's input and its writable output, so y gets its
 * own buffer and x's goes back to the backend's pool when the op disposes it.
 */
export function seluWebGPU(args: {inputs: SeluInputs, backend: WebGPUBackend, attrs: SeluForwardAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(SeluKernel, {x});
  return backend.runWebGPUProgram(new SeluProgram(x.shape), [x], 'float32', seluUniforms(attrs));
}

export const seluWebGPUConfig: KernelConfig = {
  kernelName: SeluKernel,
  backendName: 'webgpu',
  kernelFunc: seluWebGPU as unknown as KernelFunc,
};
