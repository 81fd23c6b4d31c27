/**
 * The script-tag bundle dist/tfjs-selu.min.js as a page without a bundler
 * uses it: the README's "Script tags" example, its CDN addresses rewritten to
 * local copies of the same files (tfjs's own tf.min.js,
 * tf-backend-webgpu.min.js, tf-backend-wasm.min.js and its .wasm binaries,
 * then the bundle), served over http on 127.0.0.1 and opened in Debian's
 * headless Chromium (playwright-core; WebGL and WebGPU on SwiftShader), once
 * as most hosts serve a page and once cross-origin isolated (where
 * tf-backend-wasm.min.js loads its threaded build). On cpu, webgl, webgpu and
 * wasm: the plugin's kernels are registered and are the ones that run (the
 * profile names them; wasm on its SIMD path on the backend's memory), selu
 * and its gradient match the float64 reference, and nothing leaks. Needs
 * `npm run build`.
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import type {Server} from 'node:http';
import {dirname, join} from 'node:path';
import {chromium} from 'playwright-core';
import type {Browser, Page} from 'playwright-core';
import {expectClose, expectEqual, expectTrue} from '../support/assertions.js';
import {skipRequested} from '../support/env.js';
import {seluPrimeRef, seluRef} from '../support/reference.js';
import {PLUGIN_KERNELS} from '../support/tolerances.js';
import {CHROMIUM_FLAGS, chromiumPath} from '../../scripts/chromium.cjs';
import {servePlayground} from '../../scripts/playground.js';

const root = join(__dirname, '..', '..');
const out = join(root, 'out', 'script-tag-test');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string, unpkg: string, jsdelivr: string};
const BUNDLE = 'dist/tfjs-selu.min.js';

/** A CDN address in the README example: https://cdn.jsdelivr.net/npm/<package>@<version>/<file>. */
const CDN = /https:\/\/cdn\.jsdelivr\.net\/npm\/((?:@tensorflow\/)?[a-z0-9-]+)@([0-9.]+)\/([^'"]*)/g;

/** The README's script-tag example (the one ```html block of its "### Script tags" section). */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split('\n### Script tags\n')[1]?.split('\n#')[0] ?? '';
  const blocks = [...section.matchAll(/```html\n([\s\S]*?)```/g)].map(match => match[1]);
  expectEqual(blocks.length, 1, "```html blocks in the README's Script tags section");
  return blocks[0];
}

/** Where the page's copy of an npm package's file comes from: this build for tfjs-selu, node_modules for tfjs. */
function localFile(name: string, file: string): string {
  return name === 'tfjs-selu' ? join(root, file) : join(root, 'node_modules', name, file);
}

/** Float32 inputs across both branches, where expm1 matters, and at 0. */
const XS = [-6, -1, -0.25, -1e-3, 0, 1e-3, 0.5, 3].map(Math.fround);

interface BackendRun {
  backend: string;
  registered: boolean[];
  kernels: string[];
  y: number[];
  dx: number[];
  wasm: {path: string, sharedMemory: boolean} | null;
  isolated: boolean;
  leaked: number;
}

/** Selects `backend` in the page and runs selu and its gradient there (data read with await data(), as webgpu needs). */
function runOn(page: Page, backend: string): Promise<BackendRun> {
  return page.evaluate(async ({backend, xs}) => {
    const {tf, tfSelu} = window as unknown as {tf: typeof import('@tensorflow/tfjs'), tfSelu: typeof import('../../bundles/tfjs-selu.js')};
    if (!await tf.setBackend(backend)) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
    const registered = [tfSelu.SeluKernel, tfSelu.SeluGradKernel].map(name => tf.getKernel(name, backend) !== undefined);
    const before = tf.memory().numTensors;
    const x = tf.tensor1d(xs);
    const yTensor = tfSelu.selu(x);
    const y = Array.from(await yTensor.data());
    const profile = await tf.profile(async () => {
      const dxProfiled = tf.grad(t => tfSelu.selu(t))(x);
      await dxProfiled.data();
      dxProfiled.dispose();
    });
    const kernels = profile.kernels.map(kernel => kernel.name);
    const dxTensor = tf.grad(t => tfSelu.selu(t))(x);
    const dx = Array.from(await dxTensor.data());
    tf.dispose([x, yTensor, dxTensor]);
    const wasm = backend === 'wasm' ? tfSelu.wasmSeluPath() : null;
    return {backend: tf.getBackend(), registered, kernels, y, dx, isolated: crossOriginIsolated,
      wasm: wasm && {path: wasm.path, sharedMemory: wasm.sharedMemory}, leaked: tf.memory().numTensors - before};
  }, {backend, xs: XS});
}

/** Copies the README example's files from their local sources into out/script-tag-test/ and writes its page there. */
function writeExamplePage(): void {
  rmSync(out, {recursive: true, force: true});
  const example = readmeExample();
  const wanted = [...example.matchAll(CDN)];
  expectTrue(wanted.length >= 5, `CDN addresses in the README example: ${wanted.length}`);
  for (const [, name, version, file] of wanted) {
    const installed = name === 'tfjs-selu' ? pkg.version :
      (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {version: string}).version;
    expectEqual(version, installed, `the README example's version of ${name}`);
    const files = file === '' || file.endsWith('/') ?
      ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(f => file + f) :
      [file, ...(name === 'tfjs-selu' ? [`${file}.map`] : [])];
    for (const f of files) {
      const target = join(out, 'npm', name, f);
      mkdirSync(dirname(target), {recursive: true});
      copyFileSync(localFile(name, f), target);
    }
  }
  writeFileSync(join(out, 'index.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>tfjs-selu script tags</title>\n' +
      '<link rel="icon" href="data:,">\n' + example.replace(CDN, (_match, name: string, _version: string, file: string) => `/npm/${name}/${file}`));
}

describe('the script-tag bundle (dist/tfjs-selu.min.js) in headless Chromium', function () {
  this.timeout(10 * 60 * 1000);
  let browser: Browser | undefined;

  before(async function () {
    if (skipRequested('TFJS_SELU_SKIP_BROWSER')) this.skip();
    expectTrue(existsSync(join(root, BUNDLE)), `${BUNDLE} is missing: run \`npm run build\` first`);
    writeExamplePage();
    browser = await chromium.launch({executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true});
  });

  after(async () => {
    await browser?.close();
  });

  it("points package.json's unpkg and jsdelivr fields at the bundle, with its source map and the sources in it", () => {
    expectEqual([pkg.unpkg, pkg.jsdelivr], [BUNDLE, BUNDLE], 'unpkg and jsdelivr');
    const bundle = readFileSync(join(root, BUNDLE), 'utf8');
    expectTrue(bundle.trimEnd().endsWith('//# sourceMappingURL=tfjs-selu.min.js.map'), 'the bundle names its source map');
    const map = JSON.parse(readFileSync(join(root, `${BUNDLE}.map`), 'utf8')) as {sources: string[], sourcesContent: string[]};
    for (const source of ['src/selu.ts', 'kernels/webgpu/Selu.ts', 'kernels/wasm/simd.ts', 'src/layers/selu_layer.ts']) {
      const i = map.sources.findIndex(s => s.endsWith(source));
      expectTrue(i >= 0 && (map.sourcesContent[i] ?? '').length > 0, `the source map holds ${source} with its text`);
    }
    expectEqual(map.sources.filter(s => s.includes('node_modules') || s.includes('kernels/node')), [],
        'sources in the bundle from tfjs or the node kernels');
  });

  for (const isolated of [false, true]) {
    describe(isolated ? 'served cross-origin isolated (threaded wasm)' : 'served as most hosts do (not cross-origin isolated)', () => {
      let server: Server | undefined;
      let page: Page | undefined;
      const logged: unknown[][] = [];
      const errors: string[] = [];

      before(async () => {
        let url: string;
        ({server, url} = await servePlayground(out, 0, isolated));
        page = await browser!.newPage();
        page.on('pageerror', error => errors.push(error.message));
        page.on('response', response => {
          if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
        });
        page.on('console', async message => {
          if (message.type() === 'error') errors.push(message.text());
          else if (message.type() === 'log') logged.push(await Promise.all(message.args().map(arg => arg.jsonValue())));
        });
        await page.goto(url);
      });

      after(async () => {
        await page?.close();
        await new Promise(resolve => server ? server.close(resolve) : resolve(undefined));
      });

      it('runs the README example as written, on the default backend (webgpu here), without page errors', async () => {
        const deadline = Date.now() + 120000;
        while (logged.length < 2 && errors.length === 0 && Date.now() < deadline) await new Promise(r => setTimeout(r, 200));
        expectEqual(errors, [], 'page errors');
        expectEqual(logged.length, 2, 'lines logged by the example');
        const [[backend, y], [dx]] = logged as [[string, number[]], [number[]]];
        expectEqual(backend, 'webgpu', 'the default backend with tf-backend-webgpu.min.js loaded');
        const xs = [-1, 0, 2];
        expectClose(y, xs.map(x => seluRef(x)), PLUGIN_KERNELS.webgpu.forward, xs, 'selu in the README example');
        expectClose(dx, xs.map(x => seluPrimeRef(x)), PLUGIN_KERNELS.webgpu.gradient, xs, 'its gradient in the README example');
      });

      for (const backend of ['cpu', 'webgl', 'webgpu', 'wasm'] as const) {
        it(`tfSelu.selu and its gradient run the plugin's ${backend} kernels`, async () => {
          const run = await runOn(page!, backend);
          expectEqual([run.backend, run.isolated], [backend, isolated], 'tf.getBackend() and crossOriginIsolated');
          expectEqual(run.registered, [true, true], `TfjsSelu and TfjsSeluGrad registered for '${backend}'`);
          // The gradient of the plugin's op, not the fallback composition: its own two kernels and no Exp/Elu.
          expectTrue(run.kernels.includes('TfjsSelu') && run.kernels.includes('TfjsSeluGrad'), `kernels run: ${run.kernels}`);
          expectEqual(run.kernels.filter(name => /^(Exp|Expm1|Elu|Selu)$/.test(name)), [], 'built-in kernels in the gradient');
          if (backend === 'wasm') {
            // SIMD on the memory of the build tf-backend-wasm.min.js chose: shared (threaded) only when isolated.
            expectEqual(run.wasm, {path: 'simd', sharedMemory: isolated}, "wasmSeluPath() on tf-backend-wasm.min.js's module");
          }
          expectClose(run.y, XS.map(x => seluRef(x)), PLUGIN_KERNELS[backend].forward, XS, `selu on ${backend}`);
          expectClose(run.dx, XS.map(x => seluPrimeRef(x)), PLUGIN_KERNELS[backend].gradient, XS, `selu' on ${backend}`);
          expectEqual(run.leaked, 0, 'tensors left');
          expectEqual(errors, [], 'page errors');
        });
      }

      it('the layers helpers work on the global tf.layers: a model with seluLayer predicts selu', async () => {
        const y = await page!.evaluate(async xs => {
          const {tf, tfSelu} = window as unknown as {tf: typeof import('@tensorflow/tfjs'), tfSelu: typeof import('../../bundles/tfjs-selu.js')};
          await tf.setBackend('cpu');
          const model = tf.sequential({layers: [tfSelu.seluLayer({inputShape: [xs.length]})]});
          const result = model.predict(tf.tensor2d([xs])) as import('@tensorflow/tfjs').Tensor;
          const values = Array.from(await result.data());
          result.dispose();
          model.dispose();
          return values;
        }, XS);
        expectClose(y, XS.map(x => seluRef(x)), PLUGIN_KERNELS.cpu.forward, XS, 'seluLayer');
      });
    });
  }

  it("works on tfjs's separate bundles too: tf-core.min.js, tf-backend-cpu.min.js, tf-layers.min.js", async () => {
    const parts = [['tfjs-core', 'tf-core.min.js'], ['tfjs-backend-cpu', 'tf-backend-cpu.min.js'], ['tfjs-layers', 'tf-layers.min.js']];
    for (const [name, file] of parts) copyFileSync(localFile(`@tensorflow/${name}`, `dist/${file}`), join(out, file));
    writeFileSync(join(out, 'parts.html'), '<!doctype html>\n<meta charset="utf-8">\n<link rel="icon" href="data:,">\n' +
        parts.map(([, file]) => `<script src="/${file}"></script>\n`).join('') + `<script src="/npm/tfjs-selu/${BUNDLE}"></script>\n`);
    const {server, url} = await servePlayground(out, 0, false);
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    try {
      await page.goto(`${url}parts.html`);
      const run = await runOn(page, 'cpu');
      expectEqual(errors, [], 'page errors');
      expectTrue(run.kernels.includes('TfjsSelu') && run.kernels.includes('TfjsSeluGrad'), `kernels run: ${run.kernels}`);
      expectClose(run.y, XS.map(x => seluRef(x)), PLUGIN_KERNELS.cpu.forward, XS, 'selu on cpu');
      expectClose(run.dx, XS.map(x => seluPrimeRef(x)), PLUGIN_KERNELS.cpu.gradient, XS, "selu' on cpu");
    } finally {
      await page.close();
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('without TensorFlow.js loaded first, the bundle says so', async () => {
    const {server, url} = await servePlayground(out, 0, false);
    const alone = await browser!.newPage();
    const thrown: string[] = [];
    alone.on('pageerror', error => thrown.push(error.message));
    try {
      await alone.goto(`${url}npm/tfjs-selu/${BUNDLE}`);
      await alone.setContent(`<script src="${url}npm/tfjs-selu/${BUNDLE}"></script>`);
    } finally {
      await alone.close();
      await new Promise(resolve => server.close(resolve));
    }
    expectEqual(thrown.length, 1, `errors: ${thrown.join(' | ')}`);
    expectTrue(thrown[0].includes('tfjs-selu.min.js needs tf.registerKernel from TensorFlow.js') &&
        thrown[0].includes('<script> tag before it'), thrown[0]);
  });
});
