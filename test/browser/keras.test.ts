/**
 * The Keras real-model suite (test/suites/keras.ts) in headless Chromium on 'cpu' and 'webgl'.
 * karma serves test/fixtures/keras/ (karma.conf.js: `included: false`) under /base/.
 */
import '../../kernels/cpu/index.js';
import '../../kernels/webgl/index.js';
import {describeKeras} from '../suites/keras.js';
import {readServedKerasFixture as read} from '../support/served_fixtures.js';

function describeKerasInBrowser(): void {
  describeKeras({backend: 'cpu', read});
  describeKeras({backend: 'webgl', read});
}

describeKerasInBrowser();
