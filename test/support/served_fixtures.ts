/**
 * Fixture files in karma: karma.conf.js serves test/fixtures/keras/
 * (`included: false`) under /base/.
 */
import type {ReadFixture} from '../suites/keras.js';

export const readServedKerasFixture: ReadFixture = async path => {
  const response = await fetch(`/base/test/fixtures/keras/${path}`);
  if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
  return response.arrayBuffer();
};
