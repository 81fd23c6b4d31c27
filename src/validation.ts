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

/** A dropout rate: a number in [0, 1), or an Error naming it and the op. */
export function resolveDropoutRate(rate: unknown, opName: string): number {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
    throw new Error(`Argument 'rate' passed to '${opName}' must be a number in [0, 1), but got ${describe(rate)}.`);
  }
  return rate;
}

/** A generator seed: an integer in [0, 2^53), or undefined (null too, as Keras writes it) for none. */
export function resolveDropoutSeed(seed: unknown, opName: string): number | undefined {
  if (seed === undefined || seed === null) return undefined;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`Argument 'seed' passed to '${opName}' must be an integer in [0, 2^53) or undefined, but got ${describe(seed)}.`);
  }
  return seed;
}

/**
 * A dropout mask shape for an input of shape `shape`: x's rank, each entry
 * x's size or 1 (broadcast); `null` entries (and a missing noiseShape) take
 * x's size, as in Keras.
 */
export function resolveNoiseShape(noiseShape: unknown, shape: readonly number[], opName: string): number[] {
  if (noiseShape === undefined || noiseShape === null) return shape.slice();
  const fits = Array.isArray(noiseShape) && noiseShape.length === shape.length &&
      noiseShape.every((size: unknown, k) => size === null || size === 1 || size === shape[k]);
  if (!fits) {
    throw new Error(`Argument 'noiseShape' passed to '${opName}' must have one entry per axis of the input's shape ` +
        `[${shape.join(', ')}], each that axis's size, 1 or null, but got ${describeShape(noiseShape)}.`);
  }
  return (noiseShape as Array<number | null>).map((size, k) => size ?? shape[k]);
}

function describeShape(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(v => (typeof v === 'number' || v === null ? String(v) : describe(v))).join(', ')}]` :
    describe(value);
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
