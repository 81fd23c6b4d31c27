/**
 * The MNIST subset the playground ships (`mnist.bin`), written at build time
 * by scripts/playground.ts from the `mnist` package and read by the page.
 * Layout: N label bytes, then N × 784 pixel bytes (row-major 28×28), with
 * N = file size / 785. The package stores each pixel as k/255 rounded to 3
 * decimals; a byte keeps k, and decoding rounds k/255 the same way, so the
 * page trains on exactly the package's values at an eighth of JSON's size.
 */
import {PIXELS} from '../common/mnist_digits.js';
import type {Digit} from '../common/mnist_digits.js';

export const MNIST_ASSET = 'mnist.bin';

/** Digits of each label shipped: 3,000 in all, 2,400 to train on and 600 held out. */
export const DIGITS_PER_LABEL = 300;

const decode = Float64Array.from({length: 256}, (_, k) => Math.round(k / 255 * 1000) / 1000);

export function packDigits(digits: Digit[]): Uint8Array {
  const bytes = new Uint8Array(digits.length * (1 + PIXELS));
  digits.forEach(({label, pixels}, n) => {
    bytes[n] = label;
    for (let i = 0; i < PIXELS; ++i) {
      const k = Math.round(pixels[i] * 255);
      if (decode[k] !== pixels[i]) throw new Error(`pixel ${pixels[i]} of digit ${n} is not k/255 rounded to 3 decimals`);
      bytes[digits.length + n * PIXELS + i] = k;
    }
  });
  return bytes;
}

export function unpackDigits(bytes: Uint8Array): Digit[] {
  if (bytes.length % (1 + PIXELS) !== 0) throw new Error(`${MNIST_ASSET}: ${bytes.length} bytes is not a multiple of ${1 + PIXELS}`);
  const count = bytes.length / (1 + PIXELS);
  return Array.from({length: count}, (_, n) => ({
    label: bytes[n],
    pixels: Float64Array.from(bytes.subarray(count + n * PIXELS, count + (n + 1) * PIXELS), k => decode[k]),
  }));
}
