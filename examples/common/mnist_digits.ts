/**
 * The shape of an MNIST digit, with no dependency, so that build scripts can
 * pack digits without loading tfjs (examples/common/snn.ts trains on them).
 */
export const PIXELS = 784;
export const CLASSES = 10;

/** One digit: 784 pixels in [0, 1] (row-major 28×28) and its label. */
export interface Digit {
  pixels: ArrayLike<number>;
  label: number;
}
