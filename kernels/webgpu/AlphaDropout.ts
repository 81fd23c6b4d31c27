import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutInputs} from '../../src/kernel_names.js';
import {AlphaDropoutProgram} from './alpha_dropout_webgpu.js';
import type {AlphaDropoutDirection} from './alpha_dropout_webgpu.js';

/** One AlphaDropout compute pass over `input` (x, or dy for the gradient): the shader draws the mask itself. */
export function runAlphaDropoutWebGPU(backend: WebGPUBackend, input: TensorInfo, attrs: AlphaDropoutAttrs,
                                      direction: AlphaDropoutDirection): TensorInfo {
  const program = new AlphaDropoutProgram(input.shape, attrs.noiseShape, direction);
  return backend.runWebGPUProgram(program, [input], 'float32', program.uniformValues(attrs));
}

/**
 * AlphaDropoutKernel on WebGPU: y = a·x + b where kept, dropValue where
 * dropped, in one compute pass. int32 input is read as float32 by the program.
 */
export function alphaDropoutWebGPU(args: {inputs: AlphaDropoutInputs, backend: WebGPUBackend,
                                          attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutKernel, {x});
  return runAlphaDropoutWebGPU(backend, x, attrs, 'forward');
}

export const alphaDropoutWebGPUConfig: KernelConfig = {
  kernelName: AlphaDropoutKernel,
  backendName: 'webgpu',
  kernelFunc: alphaDropoutWebGPU as unknown as KernelFunc,
};
