/**
 * The Keras real-model suite (test/keras.ts) in headless Chromium on 'cpu' and 'webgl'.
 * karma serves test/fixtures/keras/ (karma.conf.js: `included: false`) under /base/.
 */
import {FLOAT32_EPS} from '../assertions.js';
import {describeKeras} from '../keras.js';
import type {ReadFixture} from '../keras.js';

const read: ReadFixture = async path => {
  const response = await fetch(`/base/test/fixtures/keras/${path}`);
  if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
  return response.arrayBuffer();
};

export function describeKerasInBrowser(): void {
  // The same kernels as the Node cpu suite: worst 0.75ε and 1ε there.
  describeKeras({
    backend: 'cpu', read,
    predictions: {rtol: 8 * FLOAT32_EPS, atol: 8 * FLOAT32_EPS},
    gradients: {rtol: 8 * FLOAT32_EPS, atol: 8 * FLOAT32_EPS},
  });
  // Measured on SwiftShader: worst 2ε (predictions) and 1.25ε (input gradients).
  describeKeras({
    backend: 'webgl', read,
    predictions: {rtol: 8 * FLOAT32_EPS, atol: 8 * FLOAT32_EPS},
    gradients: {rtol: 8 * FLOAT32_EPS, atol: 8 * FLOAT32_EPS},
  });
}
