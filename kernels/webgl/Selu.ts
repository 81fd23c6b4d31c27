import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {env} from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import {SeluKernel} from '../../src/kernel_names.js';
import type {SeluForwardAttrs, SeluInputs} from '../../src/kernel_names.js';
import {SeluPackedProgram, SeluProgram} from './selu_gpu.js';

/**
 * SeluKernel on WebGL: one shader pass. Packed or unpacked as tfjs's own unary
 * kernels choose (WEBGL_PACK_UNARY_OPERATIONS, which follows WEBGL_PACK), so a
 * packed graph needs no layout conversion. λ and λα are uniforms: one compiled
 * shader serves every (alpha, scale).
 *
 * The `inPlace` attribute (seluInPlace) needs nothing here: a fragment shader
 * cannot render into a texture it samples, so y always gets its own; the op
 * then disposes x, whose texture goes back to the backend's pool and is
 * reused by the next allocation of that shape.
 */
export function seluWebGL(args: {inputs: SeluInputs, backend: MathBackendWebGL, attrs: SeluForwardAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(SeluKernel, {x});
  const program = env().getBool('WEBGL_PACK_UNARY_OPERATIONS') ? new SeluPackedProgram(x.shape) : new SeluProgram(x.shape);
  return backend.runWebGLProgram(program, [x], 'float32', [[attrs.scale], [float32ScaleAlpha(attrs)]]);
}

export const seluWebGLConfig: KernelConfig = {
  kernelName: SeluKernel,
  backendName: 'webgl',
  kernelFunc: seluWebGL as unknown as KernelFunc,
};
