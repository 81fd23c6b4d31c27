import type {WebGPUBackend} from '@tensorflow/tfjs-backend-webgpu';
import {util} from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {SeluGradKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradInputs} from '../../src/kernel_names.js';
import {seluUniforms} from './Selu.js';
import {SeluGradProgram} from './selu_grad_webgpu.js';

/** SeluGradKernel on WebGPU: dx from dy and y in one compute pass, no exp. */
export function seluGradWebGPU(args: {inputs: SeluGradInputs, backend: WebGPUBackend, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  assertKernelDtypes(SeluGradKernel, {dy, y});
  util.assertShapesMatch(dy.shape, y.shape, `Error in ${SeluGradKernel}: 'dy' and 'y' `);
  return backend.runWebGPUProgram(new SeluGradProgram(y.shape), [dy, y], 'float32', seluUniforms(attrs));
}

export const seluGradWebGPUConfig: KernelConfig = {
  kernelName: SeluGradKernel,
  backendName: 'webgpu',
  kernelFunc: seluGradWebGPU as unknown as KernelFunc,
};
