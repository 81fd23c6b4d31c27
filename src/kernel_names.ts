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
