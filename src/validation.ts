/**
 * The checks every entry point shares: the user's options become kernel
 * attributes, and kernels reject dtypes the ops would have rejected.
 */
import {SELU_ALPHA, SELU_SCALE} from './constants.js';
import type {SeluAttrs} from './kernel_names.js';

/** Options of {@link selu} and {@link seluGrad}. */
export interface SeluOptions {
  /** Negative-side saturation factor: finite and ≥ 0. Default {@link SELU_ALPHA}. */
  alpha?: number;
  /** Output scale: finite and > 0. Default {@link SELU_SCALE}. */
  scale?: number;
}

/**
 * Turns user options into kernel attributes, throwing an Error that names the
 * attribute and the op when a value is outside the spec's domain
 * (α finite and ≥ 0, λ finite and > 0).
 */
export function resolveSeluAttrs(options: SeluOptions | undefined, opName: string): SeluAttrs {
  if (options != null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new Error(`Argument 'options' passed to '${opName}' must be an object like {alpha, scale}, but got ${describe(options)}.`);
  }
  const alpha = options?.alpha === undefined ? SELU_ALPHA : options.alpha;
  const scale = options?.scale === undefined ? SELU_SCALE : options.scale;
  if (typeof alpha !== 'number' || !Number.isFinite(alpha) || alpha < 0) {
    throw new Error(`Attribute 'alpha' of '${opName}' must be a finite number >= 0, but got ${describe(alpha)}.`);
  }
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new Error(`Attribute 'scale' of '${opName}' must be a finite number > 0, but got ${describe(scale)}.`);
  }
  return {alpha, scale};
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string '${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a value of type ${typeof value}`;
}

/**
 * Kernels reject dtypes the op would have rejected: they can also be reached
 * through `runKernel` or the built-in override, which skip the op's checks.
 */
export function assertKernelDtypes(kernelName: string, inputs: Record<string, {dtype: string}>): void {
  for (const [name, info] of Object.entries(inputs)) {
    if (info.dtype !== 'float32' && info.dtype !== 'int32') {
      throw new Error(`Input '${name}' of kernel '${kernelName}' must be a float32 or int32 tensor, but got ${info.dtype} tensor.`);
    }
  }
}
