/**
 * The Keras real-model suite (test/suites/keras.ts) in headless Chromium on 'cpu' and 'webgl'.
 * karma serves test/fixtures/keras/ (karma.conf.js: `included: false`) under /base/.
 */
import '../../kernels/cpu/index.js';
import '../../kernels/webgl/index.js';
import {describeKeras} from '../suites/keras.js';
import type {ReadFixture} from '../suites/keras.js';

const read: ReadFixture = async path => {
  const response = await fetch(`/base/test/fixtures/keras/${path}`);
  if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
  return response.arrayBuffer();
};

function describeKerasInBrowser(): void {
  describeKeras({backend: 'cpu', read});
  describeKeras({backend: 'webgl', read});
}

describeKerasInBrowser();
