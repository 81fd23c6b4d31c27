import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {SeluGradFromInputKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradFromInputInputs} from '../../src/kernel_names.js';
import {runPairProgram} from './run_pair_program.js';
import {SeluGradFromInputPackedProgram, SeluGradFromInputProgram} from './selu_grad_from_input_gpu.js';

/**
 * SeluGradFromInputKernel on WebGL: dx from dy and x in one shader pass, exp
 * by the forward's range reduction. selu's gradient runs it on half-float
 * render targets, where the saved output is too coarse for dy·(y + λα).
 */
export function seluGradFromInputWebGL(args: {inputs: SeluGradFromInputInputs, backend: MathBackendWebGL, attrs: SeluAttrs}):
    TensorInfo {
  const {inputs: {dy, x}, backend, attrs} = args;
  return runPairProgram(SeluGradFromInputKernel, {dy, x}, backend, attrs,
      {unpacked: SeluGradFromInputProgram, packed: SeluGradFromInputPackedProgram});
}

export const seluGradFromInputWebGLConfig: KernelConfig = {
  kernelName: SeluGradFromInputKernel,
  backendName: 'webgl',
  kernelFunc: seluGradFromInputWebGL as unknown as KernelFunc,
};
