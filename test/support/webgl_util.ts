/**
 * Helpers for the WebGL-specific browser tests: the active MathBackendWebGL,
 * its compiled-program cache, a recorder of the shader programs an operation
 * runs, and scoped environment flags.
 */
import * as tf from '@tensorflow/tfjs-core';
import {MathBackendWebGL, setWebGLContext} from '@tensorflow/tfjs-backend-webgl';
import type {GPGPUProgram} from '@tensorflow/tfjs-backend-webgl';

/** The internals these tests read: the binary cache is private in the typings. */
interface WebGLInternals {
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

/**
 * Mocha hooks for the enclosing describe: a WebGL 1 backend named `name` on a
 * canvas of its own (GLSL ES 1.0, WEBGL_VERSION=1) with the 'webgl' kernels,
 * active during the describe; afterwards the flags of this browser (WebGL 2)
 * and the 'webgl' backend are back.
 */
export function useWebGL1Backend(name: string): void {
  let mainGl: WebGLRenderingContext | WebGL2RenderingContext;
  before(async () => {
    mainGl = webglBackend().gpgpu.gl;
    // Flags derived from the WebGL version (fences, buffers, float support) are
    // cached once read: start from none, so they are evaluated for WebGL1.
    tf.env().reset();
    tf.env().set('WEBGL_VERSION', 1);
    tf.registerBackend(name, () => new MathBackendWebGL(document.createElement('canvas')));
    tf.copyRegisteredKernels('webgl', name);
    if (!await tf.setBackend(name)) throw new Error('WebGL1 backend failed to initialise');
    const gl = webglBackend(name).gpgpu.gl;
    if (!(gl instanceof WebGLRenderingContext) || gl instanceof WebGL2RenderingContext) throw new Error('not a WebGL1 context');
  });
  after(async () => {
    await tf.setBackend('cpu');
    tf.removeBackend(name);
    tf.env().reset();  // back to the flags of this browser (WebGL2)
    setWebGLContext(2, mainGl);
    await tf.setBackend('webgl');
    if (tf.env().getNumber('WEBGL_VERSION') !== 2) throw new Error('WEBGL_VERSION is not 2 after the WebGL1 tests');
  });
}

/**
 * Mocha hooks for the enclosing describe: a backend named `name` rendering
 * into half-float textures (WEBGL_RENDER_FLOAT32_ENABLED=false, as if set
 * before the backend started) on a canvas of its own, with the 'webgl'
 * kernels, active during the describe. `forceF16Textures` also stores every
 * texture, uploads included, in half floats (WEBGL_FORCE_F16_TEXTURES).
 */
export function useHalfFloatBackend(name: string, forceF16Textures = false): void {
  const restore: Record<string, FlagValue> = {};
  let mainGl: WebGLRenderingContext | WebGL2RenderingContext;
  before(async () => {
    mainGl = webglBackend().gpgpu.gl;
    for (const flag of ['WEBGL_RENDER_FLOAT32_ENABLED', 'WEBGL_SIZE_UPLOAD_UNIFORM', 'WEBGL_FORCE_F16_TEXTURES']) {
      restore[flag] = tf.env().get(flag) as FlagValue;
    }
    // f16 render targets, and no uniform uploads (which tfjs turns off with f16, see its flags).
    tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', false);
    tf.env().set('WEBGL_SIZE_UPLOAD_UNIFORM', 0);
    tf.env().set('WEBGL_FORCE_F16_TEXTURES', forceF16Textures);
    tf.registerBackend(name, () => new MathBackendWebGL(document.createElement('canvas')));
    tf.copyRegisteredKernels('webgl', name);
    if (!await tf.setBackend(name)) throw new Error('half-float backend failed to initialise');
  });
  after(async () => {
    for (const [flag, value] of Object.entries(restore)) tf.env().set(flag, value);
    await tf.setBackend('webgl');
    tf.removeBackend(name);
    setWebGLContext(2, mainGl);  // the half-float backend had made its context the shared one
  });
}
