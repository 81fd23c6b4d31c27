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
