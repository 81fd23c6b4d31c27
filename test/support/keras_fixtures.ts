/** Reads test/fixtures/keras/ from the file system (the browser suites fetch it from karma). */
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {ReadFixture} from '../suites/keras.js';

const FIXTURES = join(__dirname, '..', 'fixtures', 'keras');

export const readKerasFixture: ReadFixture = async path => {
  const bytes = await readFile(join(FIXTURES, path));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
