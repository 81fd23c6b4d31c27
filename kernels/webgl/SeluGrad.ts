import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {env, util} from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {SeluGradKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradInputs} from '../../src/kernel_names.js';
import {SeluGradPackedProgram, SeluGradProgram} from './selu_grad_gpu.js';

/**
 * SeluGradKernel on WebGL: dx from dy and y in one shader pass, no exp. Packed
 * or unpacked as tfjs's binary kernels choose (WEBGL_PACK_BINARY_OPERATIONS,
 * which follows WEBGL_PACK).
 */
export function seluGradWebGL(args: {inputs: SeluGradInputs, backend: MathBackendWebGL, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  assertKernelDtypes(SeluGradKernel, {dy, y});
  util.assertShapesMatch(dy.shape, y.shape, `Error in ${SeluGradKernel}: 'dy' and 'y' `);
  const program = env().getBool('WEBGL_PACK_BINARY_OPERATIONS') ?
      new SeluGradPackedProgram(y.shape) : new SeluGradProgram(y.shape);
  return backend.runWebGLProgram(program, [dy, y], 'float32', [[attrs.scale], [float32ScaleAlpha(attrs)]]);
}

export const seluGradWebGLConfig: KernelConfig = {
  kernelName: SeluGradKernel,
  backendName: 'webgl',
  kernelFunc: seluGradWebGL as unknown as KernelFunc,
};
