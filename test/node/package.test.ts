/**
 * The built package as users consume it: CommonJS and ESM entry points in
 * fresh Node processes, one shared tfjs-core instance, and gradients with
 * tfjs-core alone (no built-in gradients registered). Needs `npm run build`.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {build} from 'esbuild';
import {prebuild} from '../../scripts/build-native.cjs';
import {expectClose, expectEqual, expectTrue} from '../support/assertions.js';
import {seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import {CPU_FORWARD, CPU_GRADIENT, WASM_SIMD_FORWARD, WASM_SIMD_GRADIENT, relativeOnly} from '../support/tolerances.js';

const root = join(__dirname, '..', '..');

/** Runs a Node snippet and returns its stderr then stdout (warnings included). */
function runNode(args: string[], code: string): string {
  const result = spawnSync(process.execPath, [...args, code], {cwd: root, encoding: 'utf8'});
  if (result.status !== 0) throw new Error(`node exited with ${result.status}:\n${result.stderr}`);
  return result.stderr + result.stdout;
}

describe('the built package', () => {
  before(() => {
    expectTrue(existsSync(join(root, 'dist/cjs/src/index.js')), 'dist/ is missing: run `npm run build` first');
  });

  it('works through require() with tfjs-core alone: forward, first and second order', () => {
    const out = runNode(['-e'], `
      const tf = require('@tensorflow/tfjs-core');
      require('@tensorflow/tfjs-backend-cpu');
      const {selu, SELU_SCALE} = require('tfjs-selu');
      require('tfjs-selu/cpu');
      // Prove the built-in gradients are absent in this process.
      let builtinGrad = 'registered';
      try { tf.grad(x => tf.exp(x))(tf.scalar(1)); } catch (e) { builtinGrad = 'absent'; }
      const x = tf.tensor1d([-1, 2]);
      const y = Array.from(selu(x).dataSync());
      const d1 = Array.from(tf.grad(t => selu(t))(x).dataSync());
      const d2 = Array.from(tf.grad(t => tf.grad(u => selu(u))(t))(x).dataSync());
      console.log(JSON.stringify({builtinGrad, y, d1, d2, scale: SELU_SCALE}));
    `);
    const {builtinGrad, y, d1, d2, scale} = JSON.parse(out.trim().split('\n').pop()!);
    expectEqual(builtinGrad, 'absent', 'built-in gradients in a tfjs-core-only process');
    expectEqual(scale, 1.0507009873554805, 'SELU_SCALE');
    expectClose(y, [seluRef(-1), seluRef(2)], CPU_FORWARD, [-1, 2], 'y');
    expectClose(d1, [seluPrimeRef(-1), seluPrimeRef(2)], CPU_GRADIENT, [-1, 2], 'd1');
    expectClose(d2, [seluSecondRef(-1), seluSecondRef(2)], CPU_GRADIENT, [-1, 2], 'd2');
  });

  it('works through import, sharing one tfjs-core and one plugin instance with require()', () => {
    const out = runNode(['--input-type=module', '-e'], `
      import * as tf from '@tensorflow/tfjs-core';
      import '@tensorflow/tfjs-backend-cpu';
      import {selu, SeluKernel} from 'tfjs-selu';
      import 'tfjs-selu/cpu';
      import {createRequire} from 'node:module';
      const require = createRequire(import.meta.url);
      const cjs = require('tfjs-selu');
      require('tfjs-selu/cpu');
      const sameCore = require('@tensorflow/tfjs-core').engine() === tf.engine();
      const samePlugin = cjs.selu === selu;
      const kernel = tf.getKernel(SeluKernel, 'cpu') !== undefined;
      console.log(JSON.stringify({sameCore, samePlugin, kernel, y: Array.from(selu([1]).dataSync())}));
    `);
    const lines = out.trim().split('\n');
    const {sameCore, samePlugin, kernel, y} = JSON.parse(lines.pop()!);
    expectTrue(sameCore && samePlugin && kernel, `ESM/CJS sharing: ${JSON.stringify({sameCore, samePlugin, kernel})}`);
    expectEqual(lines.filter(l => /already registered|Overriding/.test(l)).length, 0, 'double registrations');
    expectClose(y, [seluRef(1)], CPU_FORWARD, [1], 'y');
  });

  it("registers the webgpu kernels through require() and import without loading tfjs-backend-webgpu itself", () => {
    const out = runNode(['--input-type=module', '-e'], `
      import * as tf from '@tensorflow/tfjs-core';
      import 'tfjs-selu/webgpu';
      import {createRequire} from 'node:module';
      const require = createRequire(import.meta.url);
      require('tfjs-selu/webgpu');
      const registered = ['TfjsSelu', 'TfjsSeluGrad'].map(name => tf.getKernel(name, 'webgpu') !== undefined);
      const backendLoaded = Object.keys(require.cache).some(path => path.includes('tfjs-backend-webgpu'));
      console.log(JSON.stringify({registered, backendLoaded}));
    `);
    const lines = out.trim().split('\n');
    const {registered, backendLoaded} = JSON.parse(lines.pop()!);
    expectEqual(registered, [true, true], "kernels registered for 'webgpu'");
    expectEqual(backendLoaded, false, 'tfjs-backend-webgpu loaded by the entry point');
    expectEqual(lines.filter(l => /already registered|Overriding/.test(l)).length, 0, 'double registrations');
  });

  it('works whatever the order of imports, tf.ready() and setBackend, and when entry points are imported twice', () => {
    const orders = [
      // Plugin entry points before the backend package and before tfjs-core itself.
      `require('tfjs-selu/cpu'); const {selu} = require('tfjs-selu'); const tf = require('@tensorflow/tfjs-core');
       require('@tensorflow/tfjs-backend-cpu');`,
      // Backend ready and selected first, plugin imported afterwards, twice.
      `const tf = require('@tensorflow/tfjs-core'); require('@tensorflow/tfjs-backend-cpu');
       await tf.ready(); await tf.setBackend('cpu');
       const {selu} = require('tfjs-selu'); require('tfjs-selu/cpu'); require('tfjs-selu/cpu'); require('tfjs-selu');`,
    ];
    for (const order of orders) {
      const out = runNode(['-e'], `(async () => {
        ${order}
        await tf.ready();
        const y = Array.from(selu([-1, 2]).dataSync());
        const dx = Array.from(tf.grad(t => selu(t))(tf.tensor1d([-1, 2])).dataSync());
        console.log(JSON.stringify({backend: tf.getBackend(), kernel: tf.getKernel('TfjsSelu', 'cpu') !== undefined, y, dx}));
      })().catch(e => { console.error(e); process.exit(1); });`);
      const lines = out.trim().split('\n');
      const {backend, kernel, y, dx} = JSON.parse(lines.pop()!);
      expectEqual(backend, 'cpu', 'backend');
      expectTrue(kernel, 'the cpu kernel is registered');
      expectClose(y, [seluRef(-1), seluRef(2)], CPU_FORWARD, [-1, 2], 'y');
      expectClose(dx, [seluPrimeRef(-1), seluPrimeRef(2)], CPU_GRADIENT, [-1, 2], 'dx');
      expectEqual(lines.filter(l => /already registered|Overriding|no kernels of the plugin/.test(l)).length, 0,
          `warnings in: ${lines.join(' | ')}`);
    }
  });

  it('tfjs-selu/wasm works through require() and import, with the SIMD module inlined in the build', () => {
    for (const [args, header] of [
      [['-e'], `const tf = require('@tensorflow/tfjs-core'); require('@tensorflow/tfjs-backend-wasm');
                const {selu} = require('tfjs-selu'); const {wasmSeluPath} = require('tfjs-selu/wasm');`],
      [['--input-type=module', '-e'], `import * as tf from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-backend-wasm';
                import {selu} from 'tfjs-selu'; import {wasmSeluPath} from 'tfjs-selu/wasm';`],
    ] as Array<[string[], string]>) {
      const out = runNode(args, `${header}
        (async () => {
          await tf.setBackend('wasm');
          const x = tf.tensor1d([-1, 2, -1e-30, 0.5, -3]);
          const y = Array.from(await selu(x).data());
          const dx = Array.from(await tf.grad(t => selu(t))(x).data());
          console.log(JSON.stringify({backend: tf.getBackend(), path: wasmSeluPath().path, y, dx}));
        })().catch(e => { console.error(e); process.exit(1); });`);
      const {backend, path, y, dx} = JSON.parse(out.trim().split('\n').pop()!);
      expectEqual([backend, path], ['wasm', 'simd'], `backend and path (${args.join(' ')})`);
      const xs = [-1, 2, -1e-30, 0.5, -3].map(Math.fround);
      expectClose(y, xs.map(v => seluRef(v)), WASM_SIMD_FORWARD, xs, `y (${args.join(' ')})`);
      // Relative only at -1e-30: expm1's quality, which an absolute floor would hide.
      expectClose([y[2]], [seluRef(xs[2])], relativeOnly(WASM_SIMD_FORWARD), [xs[2]], 'selu(-1e-30)');
      expectClose(dx, xs.map(v => seluPrimeRef(v)), WASM_SIMD_GRADIENT, xs, `dx (${args.join(' ')})`);
    }
  });

  it('ships the Apache-2.0 licence that package.json declares', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {license: string};
    expectEqual(pkg.license, 'Apache-2.0', 'package.json license');
    const text = readFileSync(join(root, 'LICENSE'), 'utf8');
    expectTrue(text.includes('Apache License') && text.includes('Version 2.0, January 2004') &&
        text.includes('END OF TERMS AND CONDITIONS'), 'LICENSE is the full Apache License 2.0 text');
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: root, encoding: 'utf8'});
    expectEqual(packed.status, 0, `npm pack --dry-run failed: ${packed.stderr}`);
    const [{files}] = JSON.parse(packed.stdout) as Array<{files: Array<{path: string}>}>;
    expectTrue(files.some(f => f.path === 'LICENSE'), 'the packed tarball contains LICENSE');
  });

  it("ships the native op's prebuild, sources and build script (no other binary); the install step uses the prebuild, or compiles the sources without it", function () {
    this.timeout(300000);
    expectTrue(existsSync(prebuild), `${prebuild} is missing: run \`npm run build:prebuild\` (scripts/bootstrap.sh does)`);
    const dir = mkdtempSync(join(tmpdir(), 'tfjs-selu-pack-'));
    try {
      const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {cwd: root, encoding: 'utf8'});
      expectEqual(packed.status, 0, `npm pack failed: ${packed.stderr}`);
      const [{filename, files}] = JSON.parse(packed.stdout) as Array<{filename: string, files: Array<{path: string}>}>;
      const paths = files.map(f => f.path);
      const shippedPrebuild = relative(root, prebuild);
      for (const needed of ['scripts/build-native.cjs', 'kernels/node/native/binding.gyp', 'kernels/node/native/selu_op.cc',
        'kernels/node/native/selu_math.h', 'kernels/node/native/selu_expm1_generated.h', 'kernels/node/native/tf_api.h',
        shippedPrebuild]) {
        expectTrue(paths.includes(needed), `the tarball contains ${needed}`);
      }
      expectEqual(paths.filter(p => (p.endsWith('.node') && p !== shippedPrebuild) || p.endsWith('.o') || p.includes('/build/') ||
          p.endsWith('.sha256')), [], 'other built files in the tarball');
      // The install step as npm runs it for a user, in the unpacked tarball (its dependency node-gyp-build linked in).
      const tar = spawnSync('tar', ['xzf', join(dir, filename), '-C', dir], {encoding: 'utf8'});
      expectEqual(tar.status, 0, `tar: ${tar.stderr}`);
      const unpacked = join(dir, 'package');
      symlinkSync(join(root, 'node_modules'), join(unpacked, 'node_modules'));
      const install = (): string => {
        const result = spawnSync(process.execPath, ['scripts/build-native.cjs', '--install'], {cwd: unpacked, encoding: 'utf8'});
        expectEqual(result.status, 0, `install step: ${result.stderr}`);
        expectEqual(result.stdout.trim().split('\n').length, 1, `one line from the install step: ${result.stdout}`);
        return result.stdout;
      };
      const usedPrebuild = install();
      expectTrue(usedPrebuild.includes(`using the prebuilt native SELU op (${shippedPrebuild})`), usedPrebuild);
      // Without a prebuild for the platform (simulated by removing it), the install compiles the sources.
      rmSync(join(unpacked, 'kernels/node/native/prebuilds'), {recursive: true});
      const built = install();
      expectTrue(built.includes('built the native SELU op'), built);
      const addon = join(unpacked, 'kernels/node/native/build/Release/tfjs_selu_native.node');
      const out = runNode(['-e'], `
        process.env.TF_CPP_MIN_LOG_LEVEL = '2';
        require('@tensorflow/tfjs-node');
        console.log(JSON.stringify(require(${JSON.stringify(addon)}).load()));
      `);
      const info = JSON.parse(out.trim().split('\n').pop()!) as {ops: Record<string, string>, registeredHere: boolean};
      expectTrue(info.registeredHere && info.ops.TfjsSelu.startsWith('TfjsSeluV'), `load(): ${out}`);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('marks every op export as pure in the ESM build, as tfjs does, so bundlers can drop unused ops', () => {
    const unmarked: string[] = [];
    for (const file of listFiles(join(root, 'dist/esm'))) {
      if (!file.endsWith('.js')) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (/=\s*(\/\*[^*]*\*\/\s*)?op\(\{/.test(line) && !line.includes('/* @__PURE__ */ op(')) unmarked.push(`${file}: ${line.trim()}`);
      }
    }
    expectEqual(unmarked, [], 'op({...}) exports without /* @__PURE__ */');
  });

  it('tree-shakes: a bundle of selu and tfjs-selu/webgl holds no node, cpu, layers, in-place or override code', async () => {
    const result = await build({
      stdin: {contents: "import {selu} from 'tfjs-selu'; import 'tfjs-selu/webgl'; selu([-1, 2]).print();", resolveDir: root},
      bundle: true, write: false, format: 'esm', platform: 'browser', minify: true,
      external: ['@tensorflow/*'], logLevel: 'silent',
    });
    const bundle = result.outputFiles[0].text;
    // Strings that only the left-out modules contain (error messages and backend names survive minification).
    const absent: Record<string, string> = {
      'node kernels': 'backendName:"tensorflow"',
      'cpu kernels': 'backendName:"cpu"',
      'layers': 'SeluAlphaDropout',
      'seluInPlace': 'which it would destroy',
      'the override': 'found no backend with the plugin',
    };
    for (const [what, marker] of Object.entries(absent)) {
      expectTrue(!bundle.includes(marker), `the bundle contains ${what} (found ${JSON.stringify(marker)})`);
    }
    // ... and what it must hold: the op and the webgl kernels.
    expectTrue(bundle.includes('TfjsSelu') && bundle.includes('backendName:"webgl"') && bundle.includes('seluExpm1'),
        'the bundle holds the op and the webgl kernels');
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
