/**
 * The SELU constants and the validation of the op's attributes. This file is
 * the single place where the constants are written down.
 */

/**
 * alpha (α) of Klambauer et al. (2017), 1.6732632423543772848170429916717…:
 * the value that makes mean 0 and variance 1 a fixed point. Written as the
 * shortest decimal of its nearest float64; rounded values break the fixed point.
 */
export const SELU_ALPHA = 1.6732632423543772;

/** scale (λ) of Klambauer et al. (2017), 1.0507009873554804934193349852946…, as its nearest float64. */
export const SELU_SCALE = 1.0507009873554805;

/** Options of {@link selu} and {@link seluGrad}. */
export interface SeluOptions {
  /** Negative-side saturation factor: finite and ≥ 0. Default {@link SELU_ALPHA}. */
  alpha?: number;
  /** Output scale: finite and > 0. Default {@link SELU_SCALE}. */
  scale?: number;
}

/** The attributes both kernels receive. */
export interface SeluAttrs {
  alpha: number;
  scale: number;
}

/**
 * SeluKernel's attributes. `inPlace` asks the kernel to write y into x's
 * buffer when nothing else references it (Caffe2's allow_inplace); backends
 * that cannot save memory that way ignore it.
 */
export interface SeluForwardAttrs extends SeluAttrs {
  inPlace?: boolean;
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
 * λα rounded to float32. The gradient kernels add it to the float32 output y:
 * with a float32 constant, y + λα is exactly 0 where y has saturated at −λα
 * (selu'(−∞) = 0), as TensorFlow's float32 SeluGrad computes it.
 */
export function float32ScaleAlpha({alpha, scale}: SeluAttrs): number {
  return Math.fround(scale * alpha);
}

/**
 * The smallest positive float32 (a denormal, 2^-149). For x > 0 the kernels
 * return at least this, so that y > 0 exactly when x > 0 even when λ·x
 * underflows: the output-based gradient depends on that equivalence.
 */
export const FLOAT32_MIN_POSITIVE = 2 ** -149;

/**
 * The smallest normal float32, 2^-126. Backends that flush denormals to 0
 * (GPUs, TensorFlow's CPU kernels) keep positive outputs at least this, for
 * the same reason as {@link FLOAT32_MIN_POSITIVE}.
 */
export const FLOAT32_MIN_NORMAL = 2 ** -126;

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
