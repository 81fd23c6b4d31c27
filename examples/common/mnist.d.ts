/** The part of the `mnist` package (10,000 digits, no types of its own) the demo reads. */
declare module 'mnist' {
  interface Digit {
    /** Number of samples of this digit. */
    length: number;
    /** All samples, 784 pixels in [0, 1] each, concatenated. */
    raw: number[];
  }
  const digits: Digit[];
  export = digits;
}
