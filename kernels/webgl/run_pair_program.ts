import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';
import {env, util} from '@tensorflow/tfjs-core';
import type {TensorInfo} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {float32ScaleAlpha} from '../../src/math/scale_alpha.js';
import type {SeluAttrs} from '../../src/kernel_names.js';

type PairProgramClass = new (shape: number[]) => GPGPUProgram;

/**
 * What the two-input gradient kernels share: the inputs' dtypes and shapes
 * are checked (naming the kernel and both inputs), then one pass of the
 * packed or unpacked program as tfjs's binary kernels choose
 * (WEBGL_PACK_BINARY_OPERATIONS, which follows WEBGL_PACK), with λ and λα as
 * uniforms. `inputs` lists the two inputs in the program's order.
 */
export function runPairProgram(kernelName: string, inputs: Record<string, TensorInfo>, backend: MathBackendWebGL,
                               attrs: SeluAttrs, programs: {unpacked: PairProgramClass, packed: PairProgramClass}): TensorInfo {
  assertKernelDtypes(kernelName, inputs);
  const [[nameA, a], [nameB, b]] = Object.entries(inputs);
  util.assertShapesMatch(a.shape, b.shape, `Error in ${kernelName}: '${nameA}' and '${nameB}' `);
  const Program = env().getBool('WEBGL_PACK_BINARY_OPERATIONS') ? programs.packed : programs.unpacked;
  return backend.runWebGLProgram(new Program(b.shape), [a, b], 'float32', [[attrs.scale], [float32ScaleAlpha(attrs)]]);
}
