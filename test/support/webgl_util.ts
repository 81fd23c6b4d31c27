/**
 * Helpers for the WebGL-specific browser tests: the active MathBackendWebGL,
 * its compiled-program cache, a recorder of the shader programs an operation
 * runs, and scoped environment flags.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {GPGPUProgram, MathBackendWebGL} from '@tensorflow/tfjs-backend-webgl';

/** The internals these tests read: the binary cache is private in the typings. */
export interface WebGLInternals {
  binaryCache: Record<string, unknown>;
  runWebGLProgram: MathBackendWebGL['runWebGLProgram'];
  texData: MathBackendWebGL['texData'];
  gpgpu: MathBackendWebGL['gpgpu'];
}

export function webglBackend(name = 'webgl'): WebGLInternals {
  return tf.findBackend(name) as unknown as WebGLInternals;
}

/** Keys of the compiled programs whose shader source contains `fragment`. */
export function cachedPrograms(fragment: string, backend = webglBackend()): string[] {
  return Object.keys(backend.binaryCache).filter(key => key.includes(fragment));
}

export interface ProgramRun {
  name: string;
  packedInputs: boolean;
  packedOutput: boolean;
  userCode: string;
}

/**
 * Runs `body` and returns every shader program the backend ran meanwhile
 * (uploads, pack/unpack conversions and kernels alike), in order.
 */
export async function recordPrograms(body: () => unknown, backend = webglBackend()): Promise<ProgramRun[]> {
  const runs: ProgramRun[] = [];
  const original = backend.runWebGLProgram;
  backend.runWebGLProgram = function (this: unknown, program: GPGPUProgram, ...rest: unknown[]) {
    runs.push({name: program.constructor.name, packedInputs: !!program.packedInputs,
      packedOutput: !!program.packedOutput, userCode: program.userCode});
    return (original as (...args: unknown[]) => tf.TensorInfo).call(this, program, ...rest);
  } as MathBackendWebGL['runWebGLProgram'];
  try {
    await body();
  } finally {
    backend.runWebGLProgram = original;
  }
  return runs;
}

type FlagValue = boolean | number;

/** Sets environment flags for the duration of `body`, then restores them. */
export async function withFlags<T>(flags: Record<string, FlagValue>, body: () => T | Promise<T>): Promise<T> {
  const saved: Record<string, FlagValue> = {};
  for (const name of Object.keys(flags)) saved[name] = tf.env().get(name) as FlagValue;
  try {
    for (const [name, value] of Object.entries(flags)) tf.env().set(name, value);
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) tf.env().set(name, value);
  }
}

/**
 * WEBGL_PACK and the per-family flags derived from it (tfjs caches a derived
 * flag once read, so setting WEBGL_PACK alone would not reach them).
 */
export function packingFlags(packed: boolean): Record<string, boolean> {
  return {
    WEBGL_PACK: packed,
    WEBGL_PACK_UNARY_OPERATIONS: packed,
    WEBGL_PACK_BINARY_OPERATIONS: packed,
    WEBGL_LAZILY_UNPACK: packed,
  };
}
