// The wasm suites on tfjs-backend-wasm's THREADED build, in headless Chromium
// (`npx karma start karma.wasm-threaded.conf.js --single-run`, part of `npm test`). That build
// needs SharedArrayBuffer, which a page has only when cross-origin isolated: karma serves every
// file with COOP/COEP here, so tfjs-backend-wasm picks the threaded binary, whose memory is
// shared. Everything else is karma.conf.js's; the suite fails if the page is not isolated or
// the backend is not the threaded build.
'use strict';
const baseConfig = require('./karma.conf.js');

const ENTRY = 'test/browser/wasm_threaded.test.ts';

module.exports = function (config) {
  baseConfig(config);
  config.set({
    // The base's served files (the .wasm binaries) with this entry instead of the base's.
    files: [{pattern: ENTRY, watched: false}, ...config.files.filter(file => typeof file === 'object' && file.included === false)],
    preprocessors: {[ENTRY]: ['esbuild']},
    customHeaders: [
      {match: '.*', name: 'Cross-Origin-Opener-Policy', value: 'same-origin'},
      {match: '.*', name: 'Cross-Origin-Embedder-Policy', value: 'require-corp'},
    ],
  });
};
