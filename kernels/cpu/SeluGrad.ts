import type {MathBackendCPU} from '@tensorflow/tfjs-backend-cpu';
import type {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';
import {assertKernelDtypes} from '../../src/validation.js';
import {SeluGradKernel} from '../../src/kernel_names.js';
import type {SeluAttrs, SeluGradInputs} from '../../src/kernel_names.js';
import {seluGradLoop} from '../../src/math/selu_loops.js';

/** dx = dy·λ where y > 0, dy·(y + λα) elsewhere: the shared one-pass loop of src/math/selu_loops.ts. */
export function seluGradCpu(args: {inputs: SeluGradInputs, backend: MathBackendCPU, attrs: SeluAttrs}): TensorInfo {
  const {inputs: {dy, y}, backend, attrs} = args;
  assertKernelDtypes(SeluGradKernel, {dy, y});
  const dys = backend.data.get(dy.dataId).values as TypedArray;
  const ys = backend.data.get(y.dataId).values as TypedArray;
  const dxs = new Float32Array(ys.length);
  seluGradLoop(dys, ys, dxs, attrs);
  return backend.makeTensorInfo(y.shape, 'float32', dxs);
}

export const seluGradCpuConfig: KernelConfig = {
  kernelName: SeluGradKernel,
  backendName: 'cpu',
  kernelFunc: seluGradCpu as unknown as KernelFunc,
};
