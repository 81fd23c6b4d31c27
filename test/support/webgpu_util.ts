/**
 * Helpers for the WebGPU browser suites: the active WebGPUBackend, its
 * compiled-pipeline cache, and a recorder of the compute programs an
 * operation runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {WebGPUBackend, WebGPUProgram} from '@tensorflow/tfjs-backend-webgpu';
import {AlphaDropoutProgram} from '../../kernels/webgpu/alpha_dropout_webgpu.js';
import {SeluProgram} from '../../kernels/webgpu/selu_webgpu.js';
import {SeluGradProgram} from '../../kernels/webgpu/selu_grad_webgpu.js';

/** What the tests read of the backend beyond its typings: the compiled pipelines. */
interface WebGPUInternals {
  pipelineCache: Record<string, unknown>;
}

export function webgpuBackend(): WebGPUBackend {
  return tf.findBackend('webgpu') as WebGPUBackend;
}

/** Keys of the compiled pipelines whose key starts with `prefix` (the cache is private in the typings). */
export function pipelines(prefix: string): string[] {
  return Object.keys((webgpuBackend() as unknown as WebGPUInternals).pipelineCache).filter(key => key.startsWith(prefix));
}

export interface ProgramRun {
  name: string;
  /** The program's own shader key (the backend appends ranks and dtypes to it). */
  shaderKey: string;
  lanes: number;
  userCode: string;
}

/** Our programs by class (a bundler may rename classes whose names collide), others by constructor name. */
function programName(program: WebGPUProgram): string {
  if (program instanceof SeluProgram) return 'SeluProgram';
  if (program instanceof SeluGradProgram) return 'SeluGradProgram';
  if (program instanceof AlphaDropoutProgram) return program.direction === 'forward' ? 'AlphaDropoutProgram' : 'AlphaDropoutGradProgram';
  return program.constructor.name;
}

/** Runs `body` and returns every compute program the backend ran meanwhile, in order. */
export async function recordPrograms(body: () => unknown): Promise<ProgramRun[]> {
  const backend = webgpuBackend();
  const runs: ProgramRun[] = [];
  const original = backend.runWebGPUProgram;
  backend.runWebGPUProgram = function (this: unknown, program: WebGPUProgram, ...rest: unknown[]) {
    runs.push({name: programName(program), shaderKey: program.shaderKey, lanes: program.outputComponent ?? 1,
      userCode: program.getUserCode()});
    return (original as (...args: unknown[]) => tf.TensorInfo).call(this, program, ...rest);
  } as WebGPUBackend['runWebGPUProgram'];
  try {
    await body();
  } finally {
    backend.runWebGPUProgram = original;
  }
  return runs;
}
