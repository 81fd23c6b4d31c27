import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutGradKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutGradInputs} from '../../src/kernel_names.js';
import {runAlphaDropoutWebGL} from './AlphaDropout.js';

/**
 * AlphaDropoutGradKernel on WebGL: dx = a·dy where kept, 0 where dropped, the
 * mask regenerated from the key in one shader pass (nothing was saved).
 */
export function alphaDropoutGradWebGL(args: {inputs: AlphaDropoutGradInputs, backend: MathBackendWebGL,
                                             attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {dy}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutGradKernel, {dy});
  return runAlphaDropoutWebGL(backend, dy, attrs, 'gradient');
}

export const alphaDropoutGradWebGLConfig: KernelConfig = {
  kernelName: AlphaDropoutGradKernel,
  backendName: 'webgl',
  kernelFunc: alphaDropoutGradWebGL as unknown as KernelFunc,
};
