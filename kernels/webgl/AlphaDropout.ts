import type {MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {env} from '@tensorflow/tfjs-core';
import type {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {AlphaDropoutKernel} from '../../src/kernel_names.js';
import type {AlphaDropoutAttrs, AlphaDropoutInputs} from '../../src/kernel_names.js';
import {keepMaskValues} from '../../src/math/alpha_dropout_loops.js';
import {
  AlphaDropoutGradPackedProgram, AlphaDropoutGradProgram, AlphaDropoutHostMaskProgram, AlphaDropoutPackedProgram,
  AlphaDropoutProgram,
} from './alpha_dropout_gpu.js';
import type {AlphaDropoutDirection} from './alpha_dropout_gpu.js';

/** The generator programs by direction and layout. */
const PROGRAMS = {
  forward: {packed: AlphaDropoutPackedProgram, unpacked: AlphaDropoutProgram},
  gradient: {packed: AlphaDropoutGradPackedProgram, unpacked: AlphaDropoutGradProgram},
};

/**
 * One AlphaDropout pass over `input` (x, or dy for the gradient). Packed or
 * unpacked as tfjs's unary kernels choose (WEBGL_PACK_UNARY_OPERATIONS). On
 * WebGL 2 the shader draws the mask itself; on WebGL 1 the host draws it
 * (keepMaskValues, the same generator) into a float texture of noiseShape,
 * which the program broadcasts and which is released before returning.
 */
export function runAlphaDropoutWebGL(backend: MathBackendWebGL, input: TensorInfo, attrs: AlphaDropoutAttrs,
                                     direction: AlphaDropoutDirection): TensorInfo {
  const packed = env().getBool('WEBGL_PACK_UNARY_OPERATIONS');
  if (env().getNumber('WEBGL_VERSION') === 2) {
    const Program = PROGRAMS[direction][packed ? 'packed' : 'unpacked'];
    const program = new Program(input.shape, attrs.noiseShape);
    return backend.runWebGLProgram(program, [input], 'float32', program.uniformValues(attrs));
  }
  const program = new AlphaDropoutHostMaskProgram(input.shape, direction, packed);
  const keep = backend.makeTensorInfo(attrs.noiseShape, 'float32', Float32Array.from(keepMaskValues(attrs)));
  try {
    return backend.runWebGLProgram(program, [input, keep], 'float32', program.uniformValues(attrs));
  } finally {
    backend.disposeIntermediateTensorInfo(keep);
  }
}

/** AlphaDropoutKernel on WebGL: y = a·x + b where kept, dropValue where dropped, in one shader pass. */
export function alphaDropoutWebGL(args: {inputs: AlphaDropoutInputs, backend: MathBackendWebGL,
                                         attrs: AlphaDropoutAttrs}): TensorInfo {
  const {inputs: {x}, backend, attrs} = args;
  assertKernelDtypes(AlphaDropoutKernel, {x});
  return runAlphaDropoutWebGL(backend, x, attrs, 'forward');
}

export const alphaDropoutWebGLConfig: KernelConfig = {
  kernelName: AlphaDropoutKernel,
  backendName: 'webgl',
  kernelFunc: alphaDropoutWebGL as unknown as KernelFunc,
};
