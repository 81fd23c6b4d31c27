/**
 * The package as a user installs it: `npm pack` (lifecycle scripts run, as
 * on publish), the tarball's size and file list printed and checked, then a
 * fresh project installing the tarball and the tfjs packages offline (npm's
 * cache) with `--ignore-scripts` (test/support/consumer.ts). In that project:
 * ESM and CommonJS imports (selu and its gradient on cpu and wasm with the
 * plugin's kernels), its types (tsc), the 'tensorflow' kernels under
 * tfjs-node, a browser bundle (esbuild) holding only the entry points
 * imported, and the same check under Bun and Deno (their npm packages,
 * scripts/ensure-runtimes.sh). The files run there are test/consumer/.
 * Needs `npm run build`.
 */
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, sep} from 'node:path';
import {build} from 'esbuild';
import {NATIVE_ADDON_ENV, NODE_KERNELS_ENV} from '../../kernels/node/native_addon.js';
import type {NodeKernelStatus} from '../../kernels/node/native_addon.js';
import {expectClose, expectEqual, expectTrue} from '../support/assertions.js';
import {installConsumer, packInto, run} from '../support/consumer.js';
import type {PackResult} from '../support/consumer.js';
import {seluPrimeRef, seluRef} from '../support/reference.js';
import {skipRequested} from '../support/env.js';
import {PLUGIN_KERNELS, TENSORFLOW_COMPOSITION_FORWARD, TENSORFLOW_COMPOSITION_GRADIENT} from '../support/tolerances.js';

const root = join(__dirname, '..', '..');

/**
 * Whether the tarball carries a prebuilt native op for this platform (issue #20, item 1), so that
 * an install with `--ignore-scripts` gets the native 'tensorflow' kernels. The one switch for it here.
 */
const NATIVE_PREBUILD_IN_TARBALL = true;

/** The largest tarball accepted (bytes, gzipped). */
const MAX_TARBALL_BYTES = 1.5e6;

/** Paths no tarball may contain: tests, fixtures, tooling and build leftovers. */
const JUNK = [/^test\//, /(^|\/)fixtures?\//, /^out\//, /^bench\//, /^examples\//, /^docs\//, /^\.ci\//, /(^|\/)node_modules\//,
  /(^|\/)\./, /\.log$/, /\.tgz$/, /\.o$/, /\.tsbuildinfo$/, /(^|\/)build\//, /\.test\.[cm]?[jt]s$/, /^kernels\/wasm\/generated\//];

/** What the consumer project installs besides the tarball, at this repository's versions. */
const DEPENDENCIES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-layers', '@tensorflow/tfjs-node'];

/** One backend's result from test/consumer/selu_check.mjs. */
interface CheckRun {
  backend: string;
  xs: number[];
  y: number[];
  dx: number[];
  kernels: string[];
  path: unknown;
  leaked: number;
}

/** The environment of a consumer's process: nothing of this repository's switches for the node kernels. */
function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {...process.env, DO_NOT_TRACK: '1', DENO_NO_UPDATE_CHECK: '1', TF_CPP_MIN_LOG_LEVEL: '2'};
  for (const name of [NATIVE_ADDON_ENV, NODE_KERNELS_ENV, 'NODE_PATH', 'NODE_OPTIONS']) delete env[name];
  return env;
}

/** Runs a consumer entry and returns its runs (the last line of its output). */
function runCheck(dir: string, command: string, args: string[]): CheckRun[] {
  const out = run(command, args, dir, consumerEnv()).trim().split('\n');
  return JSON.parse(out[out.length - 1]) as CheckRun[];
}

/** selu and its gradient on each backend asked for: the plugin's kernels ran, values match the reference, nothing leaked. */
function expectPluginRuns(runs: CheckRun[], backends: Array<'cpu' | 'wasm'>, what: string): void {
  expectEqual(runs.map(r => r.backend), backends, `${what}: backends`);
  for (const {backend, xs, y, dx, kernels, path, leaked} of runs) {
    const where = `${what} on ${backend}`;
    expectTrue(kernels.includes('TfjsSelu') && kernels.includes('TfjsSeluGrad'), `${where}: kernels run ${kernels}`);
    expectEqual(kernels.filter(name => /^(Exp|Expm1|Elu|Selu)$/.test(name)), [], `${where}: built-in kernels in the gradient`);
    if (backend === 'wasm') expectEqual(path, 'simd', `${where}: wasmSeluPath()`);
    const tolerance = PLUGIN_KERNELS[backend as 'cpu' | 'wasm'];
    expectClose(y, xs.map(x => seluRef(x)), tolerance.forward, xs, `${where}: selu`);
    expectClose(dx, xs.map(x => seluPrimeRef(x)), tolerance.gradient, xs, `${where}: selu'`);
    expectEqual(leaked, 0, `${where}: tensors left`);
  }
}

describe('the packed tarball, installed offline with --ignore-scripts in a fresh project', function () {
  this.timeout(10 * 60 * 1000);
  let dir = '';
  let project = '';
  let pack: PackResult;

  before(() => {
    expectTrue(existsSync(join(root, 'dist/tfjs-selu.min.js')), 'dist/ is missing: run `npm run build` first');
    dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-consumer-'));
    pack = packInto(dir);
    console.log(`      ${pack.filename}: ${pack.size} bytes packed, ${pack.unpackedSize} unpacked, ${pack.entryCount} files:`);
    for (const file of pack.files) console.log(`        ${String(file.size).padStart(8)}  ${file.path}`);
    project = join(dir, 'project');
    mkdirSync(project);
    installConsumer(project, `../${pack.filename}`, DEPENDENCIES);
    // The consumer's files, and tfjs-node's TensorFlow library and binding from this repository's set-up copy
    // (the install skipped tfjs-node's download script). Linked after the install: npm never runs here again.
    cpSync(join(root, 'test', 'consumer'), project, {recursive: true});
    if (!skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) {
      const tfjsNode = join(root, 'node_modules', '@tensorflow', 'tfjs-node');
      const consumerTfjsNode = join(project, 'node_modules', '@tensorflow', 'tfjs-node');
      symlinkSync(join(tfjsNode, 'deps'), join(consumerTfjsNode, 'deps'));
      cpSync(join(tfjsNode, 'lib'), join(consumerTfjsNode, 'lib'), {recursive: true});
    }
  });

  after(() => {
    if (dir) rmSync(dir, {recursive: true, force: true});
  });

  it(`is under ${MAX_TARBALL_BYTES / 1e6} MB and holds the package only: no tests, fixtures or build leftovers`, () => {
    expectTrue(pack.size < MAX_TARBALL_BYTES, `tarball size ${pack.size} bytes`);
    const paths = pack.files.map(file => file.path);
    expectEqual(paths.filter(path => JUNK.some(pattern => pattern.test(path))), [], 'junk in the tarball');
    // Source maps: only dist/'s, each carrying its sources (the .ts files are not shipped).
    expectEqual(paths.filter(path => path.endsWith('.map') && !path.startsWith('dist/')), [], 'source maps outside dist/');
    const unpacked = join(dir, 'unpacked');
    mkdirSync(unpacked);
    run('tar', ['xzf', join(dir, pack.filename), '-C', unpacked], dir);
    const withoutSources = paths.filter(path => path.endsWith('.map')).filter(path => {
      const map = JSON.parse(readFileSync(join(unpacked, 'package', path), 'utf8')) as {sources: string[], sourcesContent?: Array<string | null>};
      return map.sources.some((_source, i) => typeof map.sourcesContent?.[i] !== 'string');
    });
    expectEqual(withoutSources, [], 'source maps without their sources');
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/tfjs-selu.min.js', 'dist/tfjs-selu.min.js.map']) {
      expectTrue(paths.includes(needed), `the tarball contains ${needed}`);
    }
  });

  it('contains every file its package.json points at (main, module, types, unpkg, jsdelivr, exports)', () => {
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules', 'tfjs-selu', 'package.json'), 'utf8')) as
        Record<string, unknown>;
    const targets = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    ['main', 'module', 'types', 'unpkg', 'jsdelivr', 'exports'].forEach(field => collect(pkg[field]));
    const paths = pack.files.map(file => file.path);
    expectEqual([...targets].filter(target => !paths.includes(target)), [], 'files named by package.json missing from the tarball');
  });

  it('works through import (ESM): selu and its gradient on cpu and wasm with the plugin kernels', () => {
    expectPluginRuns(runCheck(project, process.execPath, ['check.mjs']), ['cpu', 'wasm'], 'node ESM');
  });

  it('works through require() (CommonJS): the same', () => {
    expectPluginRuns(runCheck(project, process.execPath, ['check.cjs']), ['cpu', 'wasm'], 'node CommonJS');
  });

  it('type-checks a consumer (strict, NodeNext, .mts and .cts) against the installed declarations', () => {
    run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project], project);
  });

  it(NATIVE_PREBUILD_IN_TARBALL ?
    "runs the native op under tfjs-node from the tarball's prebuild, with no install script run" :
    'runs the composition under tfjs-node, with the reason, when no install script built the native op', function () {
    if (skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) this.skip();
    const [tensorflow] = runCheck(project, process.execPath, ['native.cjs']);
    const status = tensorflow.path as NodeKernelStatus;
    expectEqual(tensorflow.backend, 'tensorflow', 'backend');
    expectTrue(tensorflow.kernels.includes('TfjsSelu') && tensorflow.kernels.includes('TfjsSeluGrad'), `kernels run ${tensorflow.kernels}`);
    if (NATIVE_PREBUILD_IN_TARBALL) {
      expectEqual(status.path, 'native', `nodeKernelStatus() (${status.reason})`);
      const prebuilds = join(project, 'node_modules', 'tfjs-selu', 'kernels', 'node', 'native', 'prebuilds', `${process.platform}-${process.arch}`);
      expectEqual(status.native?.prebuilt, true, `the native op is the shipped prebuild (${status.native?.addonFile})`);
      expectTrue(status.native!.addonFile.startsWith(prebuilds + sep), `the addon loaded: ${status.native!.addonFile}`);
    } else {
      expectEqual(status.path, 'composition', 'nodeKernelStatus()');
      expectTrue(status.reason !== undefined && status.reason.includes('not built'), `reason: ${status.reason}`);
    }
    const tolerance = NATIVE_PREBUILD_IN_TARBALL ? PLUGIN_KERNELS.tensorflow :
      {forward: TENSORFLOW_COMPOSITION_FORWARD, gradient: TENSORFLOW_COMPOSITION_GRADIENT};
    expectClose(tensorflow.y, tensorflow.xs.map(x => seluRef(x)), tolerance.forward, tensorflow.xs, 'selu on tensorflow');
    expectClose(tensorflow.dx, tensorflow.xs.map(x => seluPrimeRef(x)), tolerance.gradient, tensorflow.xs, "selu' on tensorflow");
    expectEqual(tensorflow.leaked, 0, 'tensors left');
  });

  it('bundles for the browser (esbuild) with only the entry points imported: the op and tfjs-selu/wasm', async () => {
    const result = await build({
      stdin: {
        contents: "import * as tf from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-backend-wasm';\n" +
          "import {selu} from 'tfjs-selu'; import 'tfjs-selu/wasm';\nselu(tf.tensor1d([-1, 2])).print();\n",
        resolveDir: project, sourcefile: 'app.mjs',
      },
      absWorkingDir: project, bundle: true, write: false, outfile: join(project, 'app.js'), format: 'esm',
      platform: 'browser', minify: true, metafile: true, logLevel: 'silent',
    });
    const [output] = Object.values(result.metafile.outputs);
    const plugin = Object.entries(output.inputs)
      .filter(([path, {bytesInOutput}]) => path.startsWith('node_modules/tfjs-selu/') && bytesInOutput > 0)
      .map(([path]) => path.slice('node_modules/tfjs-selu/'.length));
    expectEqual(plugin.filter(path => !path.startsWith('dist/esm/')), [], 'plugin files from outside its ESM build');
    expectEqual(plugin.filter(path => /kernels\/(cpu|webgl|webgpu|node)\/|src\/layers\//.test(path)), [],
        'plugin files of entry points not imported');
    for (const needed of ['dist/esm/src/selu.js', 'dist/esm/kernels/wasm/Selu.js', 'dist/esm/kernels/wasm/SeluGrad.js']) {
      expectTrue(plugin.includes(needed), `the bundle holds ${needed} (it holds ${plugin.join(', ')})`);
    }
    const tfjs = Object.keys(output.inputs).filter(path => path.startsWith('node_modules/@tensorflow/'));
    // tfjs-backend-wasm brings tfjs-backend-cpu's shared kernel code; nothing else of tfjs belongs here.
    expectEqual(tfjs.filter(path => !/^node_modules\/@tensorflow\/(tfjs-core|tfjs-backend-wasm|tfjs-backend-cpu)\//.test(path)), [],
        'tfjs packages bundled besides tfjs-core and tfjs-backend-wasm (and its use of tfjs-backend-cpu)');
  });

  describe('under other runtimes (Bun and Deno from their npm packages)', () => {
    const runtimes: Record<string, string> = {};

    before(function () {
      if (skipRequested('TFJS_SELU_SKIP_RUNTIMES')) this.skip();
      for (const line of run('bash', [join(root, 'scripts', 'ensure-runtimes.sh')], root).trim().split('\n')) {
        const [name, path] = line.split('=');
        runtimes[name] = path;
      }
      expectEqual(Object.keys(runtimes).sort(), ['bun', 'deno'], 'runtimes from scripts/ensure-runtimes.sh');
    });

    it('Bun runs the ESM consumer: selu and its gradient on cpu and wasm with the plugin kernels', () => {
      expectPluginRuns(runCheck(project, runtimes.bun, ['check.mjs']), ['cpu', 'wasm'], 'Bun');
    });

    it('Deno (package.json, --node-modules-dir=manual, --allow-read only) runs the ESM consumer: the same', () => {
      expectPluginRuns(runCheck(project, runtimes.deno, ['run', '--allow-read', '--node-modules-dir=manual', 'check.mjs']),
          ['cpu', 'wasm'], 'Deno');
    });
  });
});

