/**
 * The browser example (examples/browser/) as a user opens it: bundled with
 * esbuild, loaded in headless Chromium (playwright-core driving Debian's
 * chromium), the op run on 'webgl' and the curves drawn. Saves a screenshot
 * to out/browser-example/screenshot.png as an artifact. Needs `npm run build`.
 */
import {copyFileSync, existsSync, mkdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {chromium} from 'playwright-core';
import type {Browser} from 'playwright-core';
import {expectClose, expectEqual, expectTrue} from '../support/assertions.js';
import {seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import {skipRequested} from '../support/env.js';
import {CHROMIUM_FLAGS, chromiumPath} from '../../scripts/chromium.cjs';
import {BROWSER_EXAMPLE} from '../support/tolerances.js';

const root = join(__dirname, '..', '..');
const out = join(root, 'out', 'browser-example');

interface ExampleResult {
  backend: string;
  xs: number[];
  curves: Record<string, number[]>;
}

describe('examples/browser in headless Chromium', function () {
  let browser: Browser | undefined;

  before(async function () {
    if (skipRequested('TFJS_SELU_SKIP_BROWSER')) this.skip();
    expectTrue(existsSync(join(root, 'dist/esm/kernels/webgl/index.js')), 'dist/ is missing: run `npm run build` first');
    mkdirSync(out, {recursive: true});
    await build({
      entryPoints: [join(root, 'examples', 'browser', 'main.ts')],
      bundle: true,
      outfile: join(out, 'main.js'),
      platform: 'browser',
      format: 'iife',
      target: 'es2020',
      logLevel: 'error',
    });
    copyFileSync(join(root, 'examples', 'browser', 'index.html'), join(out, 'index.html'));
    browser = await chromium.launch({executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true});
  });

  after(async () => {
    await browser?.close();
  });

  it('runs selu and its derivatives on webgl, draws the curves, and leaves a screenshot', async () => {
    const page = await browser!.newPage({viewport: {width: 720, height: 620}});
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    page.on('console', message => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    await page.waitForFunction(() => document.body.dataset.status !== 'loading', undefined, {timeout: 90000});
    await page.screenshot({path: join(out, 'screenshot.png'), fullPage: true});
    expectEqual(await page.evaluate(() => document.body.dataset.status), 'rendered',
        `page status (errors: ${JSON.stringify(errors)})`);
    expectEqual(errors, [], 'page errors');

    const result = await page.evaluate(() => (window as unknown as {seluExample: ExampleResult}).seluExample);
    expectEqual(result.backend, 'webgl', 'backend');
    const {xs} = result;
    expectClose(result.curves['selu'], xs.map(x => seluRef(x)), BROWSER_EXAMPLE, xs, 'selu on webgl');
    expectClose(result.curves['selu′'], xs.map(x => seluPrimeRef(x)), BROWSER_EXAMPLE, xs, 'selu′ on webgl');
    expectClose(result.curves['selu″'], xs.map(x => seluSecondRef(x)), BROWSER_EXAMPLE, xs, 'selu″ on webgl');

    // selu in one piece, selu′ and selu″ in two (either side of their jump at 0).
    const lines = await page.locator('#plot svg path[aria-roledescription="line mark"]').count();
    expectEqual(lines, 5, 'line marks in the plot');
    const box = await page.locator('#plot svg').boundingBox();
    expectTrue(box !== null && box.width > 400 && box.height > 250, `plot size ${JSON.stringify(box)}`);
    expectTrue(statSync(join(out, 'screenshot.png')).size > 10000, 'screenshot written');
    await page.close();
  });
});
