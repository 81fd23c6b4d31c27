/**
 * The SELU constants and the float32 limits the kernels rely on: the single
 * place where each of these numbers is written down (constants only).
 */

/**
 * alpha (α) of Klambauer et al. (2017), 1.6732632423543772848170429916717…:
 * the value that makes mean 0 and variance 1 a fixed point. Written as the
 * shortest decimal of its nearest float64; rounded values break the fixed point.
 */
export const SELU_ALPHA = 1.6732632423543772;

/** scale (λ) of Klambauer et al. (2017), 1.0507009873554804934193349852946…, as its nearest float64. */
export const SELU_SCALE = 1.0507009873554805;

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
 * 2^127: kernels clamp +Inf and huge values to this before arithmetic that
 * would otherwise form Inf − Inf = NaN; results there are λ·x or λ anyway.
 */
export const FLOAT32_CLAMP_CEILING = 2 ** 127;
