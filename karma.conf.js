// The browser suites (`npx karma start karma.conf.js --single-run`, part of `npm test`):
// the shared conformance suite on the 'cpu', 'webgl' and 'wasm' (plain build) backends plus
// the WebGL- and wasm-specific tests (karma.wasm-threaded.conf.js runs the threaded wasm
// build) and the Keras real-model suite, bundled by esbuild (karma-esbuild) and run in headless
// Chromium with WebGL2 on SwiftShader. Fails (never skips) when no Chromium or no WebGL2 is available.
'use strict';
const {mkdirSync} = require('node:fs');
const {dirname, join} = require('node:path');
const {CHROMIUM_FLAGS, chromiumPath} = require('./scripts/chromium.cjs');

// karma-esbuild writes its entry file to os.tmpdir() and imports the tests by a path relative to
// it, which lacks the leading './' (and then fails to resolve) when the checkout itself lies under
// the temporary directory. A temporary directory inside the checkout always gives '../…'.
const karmaTmp = join(__dirname, 'out', 'karma-tmp');
mkdirSync(karmaTmp, {recursive: true});
process.env.TMPDIR = karmaTmp;

/** Prints the totals as one plain closing line ('N passed, N failed'). */
function TotalsReporter(baseReporterDecorator) {
  baseReporterDecorator(this);
  this.onRunComplete = (_browsers, results) => {
    const failed = results.failed + (results.error ? 1 : 0);
    process.stdout.write(`karma: ${results.success} passed, ${failed} failed\n`);
  };
}
TotalsReporter.$inject = ['baseReporterDecorator'];

// tfjs-backend-wasm fetches its .wasm binaries at run time: karma serves them from the installed
// package (outside basePath: under /absolute/…), and the tests pass that URL to setWasmPaths.
const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const WASM_BINARIES = {pattern: join(wasmDist, '*.wasm'), included: false, served: true, watched: false, nocache: true};
const WASM_PATHS = `/absolute${wasmDist}/`;

module.exports = function (config) {
  process.env.CHROME_BIN = chromiumPath();
  config.set({
    basePath: __dirname,
    frameworks: ['mocha'],
    plugins: [
      'karma-mocha',
      'karma-esbuild',
      'karma-chrome-launcher',
      'karma-mocha-reporter',
      {'reporter:totals': ['type', TotalsReporter]},
    ],
    files: [
      {pattern: 'test/browser/index.ts', watched: false},
      // The Keras fixtures, fetched by the tests from /base/test/fixtures/keras/.
      {pattern: 'test/fixtures/keras/**/*', included: false, served: true, watched: false, nocache: true},
      WASM_BINARIES,
    ],
    preprocessors: {'test/browser/index.ts': ['esbuild']},
    esbuild: {
      target: 'es2020',
      sourcemap: true,
      // package.json's "sideEffects" describes the built dist/ files; the test bundle
      // imports the sources, whose registering entry points must not be dropped.
      ignoreAnnotations: true,
      // tfjs-core reads process.env in a few places; there is no process in a page.
      define: {'process.env.NODE_ENV': '"test"'},
    },
    // karma-chrome-launcher's 'Chrome' launcher runs CHROME_BIN with a fresh --user-data-dir.
    customLaunchers: {
      ChromiumHeadlessWebGL: {base: 'Chrome', flags: ['--headless', ...CHROMIUM_FLAGS]},
    },
    browsers: ['ChromiumHeadlessWebGL'],
    reporters: ['mocha', 'totals'],
    mochaReporter: {output: 'full'},
    client: {
      captureConsole: true,
      // Read by test/support/wasm_paths.ts.
      wasmPaths: WASM_PATHS,
      // SwiftShader is a CPU rasteriser: give shader compiles and big runs time.
      // TFJS_SELU_KARMA_GREP=pattern runs only the matching tests (development).
      mocha: {timeout: 300000, ...(process.env.TFJS_SELU_KARMA_GREP ? {grep: process.env.TFJS_SELU_KARMA_GREP} : {})},
    },
    singleRun: true,
    autoWatch: false,
    concurrency: 1,
    captureTimeout: 120000,
    browserNoActivityTimeout: 900000,
    browserDisconnectTimeout: 60000,
    browserDisconnectTolerance: 0,
    failOnEmptyTestSuite: true,
    failOnFailingTestSuite: true,
  });
};
