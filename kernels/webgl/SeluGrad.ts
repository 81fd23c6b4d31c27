import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {SeluGradKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradInputs} from '../../src/kernel_names.js';
import {runPairProgram} from './run_pair_program.js';
import {SeluGradPackedProgram, SeluGradProgram} from './selu_grad_gpu.js';

/**
 * SeluGradKernel on WebGL: dx from dy and y in one shader pass, no exp. Packed
 * or unpacked as tfjs's binary kernels choose.
 */
export function seluGradWebGL(args: {inputs: SeluGradInputs, backend: MathBackendWebGL, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  return runPairProgram(SeluGradKernel, {dy, y}, backend, attrs, {unpacked: SeluGradProgram, packed: SeluGradPackedProgram});
}

export const seluGradWebGLConfig: KernelConfig = {
  kernelName: SeluGradKernel,
  backendName: 'webgl',
  kernelFunc: seluGradWebGL as unknown as KernelFunc,
};
