/**
 * The plugin's kernel names, their inputs and their attributes, as tfjs-core's
 * own `kernel_names.ts` lays out its kernels.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

/**
 * Kernel name of the plugin's forward op. Distinct from tfjs-core's built-in
 * 'Selu' so both can be registered side by side.
 */
export const SeluKernel = 'TfjsSelu';
export type SeluKernel = typeof SeluKernel;
/** Inputs of {@link SeluKernel}. */
export interface SeluInputs {
  x: TensorInfo;
}

/** Kernel name of the plugin's gradient: dx from dy and the forward output y. */
export const SeluGradKernel = 'TfjsSeluGrad';
export type SeluGradKernel = typeof SeluGradKernel;
/** Inputs of {@link SeluGradKernel}. */
export interface SeluGradInputs {
  dy: TensorInfo;
  y: TensorInfo;
}

/**
 * Kernel name of the gradient from the forward INPUT x: dx = dy·λ where x > 0,
 * dy·λα·exp(x) elsewhere. Used where outputs are stored lossily
 * (src/gradient_source.ts); backends without it run a composition.
 */
export const SeluGradFromInputKernel = 'TfjsSeluGradFromInput';
export type SeluGradFromInputKernel = typeof SeluGradFromInputKernel;
/** Inputs of {@link SeluGradFromInputKernel}. */
export interface SeluGradFromInputInputs {
  dy: TensorInfo;
  x: TensorInfo;
}

/** The attributes the SELU kernels receive. */
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
 * Kernel name of the plugin's AlphaDropout forward: each element is kept or
 * dropped by bits that the kernel draws itself from the key in its attributes
 * (src/random/threefry.ts), then mapped affinely.
 */
export const AlphaDropoutKernel = 'TfjsAlphaDropout';
export type AlphaDropoutKernel = typeof AlphaDropoutKernel;
/** Inputs of {@link AlphaDropoutKernel}. */
export interface AlphaDropoutInputs {
  x: TensorInfo;
}

/**
 * Kernel name of AlphaDropout's gradient: dx = a·keep·dy, with `keep`
 * regenerated from the same key, so the forward saves no tensor.
 */
export const AlphaDropoutGradKernel = 'TfjsAlphaDropoutGrad';
export type AlphaDropoutGradKernel = typeof AlphaDropoutGradKernel;
/** Inputs of {@link AlphaDropoutGradKernel}. */
export interface AlphaDropoutGradInputs {
  dy: TensorInfo;
}

/**
 * The attributes both AlphaDropout kernels receive. Element i of x (row-major)
 * reads mask element m(i): its coordinates with every axis where `noiseShape`
 * is 1 set to 0, as a row-major index in `noiseShape`. It is kept when
 * `maskBits(key, m(i)) >= threshold` (unsigned), and then
 * y = a·x + b; a dropped element is y = dropValue.
 */
export interface AlphaDropoutAttrs {
  /** Low word of the 64-bit generator key, an integer in [0, 2^32). */
  keyLo: number;
  /** High word of the 64-bit generator key, an integer in [0, 2^32). */
  keyHi: number;
  /** Keep when the element's 16 bits are >= this unsigned integer in [0, 2^16) (keepThreshold(rate)). */
  threshold: number;
  /** Multiplier of kept elements (Keras's `a`), float64; kernels use its float32 rounding. */
  a: number;
  /** Offset of kept elements (Keras's `b`), float64; kernels use its float32 rounding. */
  b: number;
  /** Value of dropped elements, a·(−scale·alpha) + b computed in float64; kernels use its float32 rounding. */
  dropValue: number;
  /** The mask's shape: x's rank, each dimension either x's or 1 (broadcast). */
  noiseShape: number[];
}
