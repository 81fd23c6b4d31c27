/**
 * The playground (examples/playground/) as a user gets it: built into
 * out/playground/ by scripts/playground.ts, served over http on 127.0.0.1 with
 * the cross-origin isolation headers, opened in Debian's headless Chromium
 * (playwright-core) with WebGL and WebGPU on SwiftShader. Each backend is
 * selected in the picker in turn: plots render, the values shown at
 * x = −1, 0, 1 match the float64 reference, the experiment runs, training
 * lowers the held-out loss, the benchmark panel fills, and no page error
 * occurs. Small sizes through URL parameters keep it quick. Screenshots go to
 * out/playground-test/. Needs `npm run build`.
 */
import {mkdirSync, readFileSync, statSync} from 'node:fs';
import type {Server} from 'node:http';
import {join} from 'node:path';
import {chromium} from 'playwright-core';
import type {Browser, Page} from 'playwright-core';
import {SELU_ALPHA, SELU_SCALE} from '../../src/index.js';
import {expectClose, expectEqual, expectTrue} from '../support/assertions.js';
import type {Tolerance} from '../support/assertions.js';
import {seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import {skipRequested} from '../support/env.js';
import {CHROMIUM_FLAGS, chromiumPath} from '../../scripts/chromium.cjs';
import {buildPlayground, servePlayground} from '../../scripts/playground.js';
import type {PlaygroundState} from '../../examples/playground/main.js';
import {HALF_FLOAT_GRADIENT, PLAYGROUND_DISPLAY} from '../support/tolerances.js';

const root = join(__dirname, '..', '..');
const out = join(root, 'out', 'playground-test');


/** Every backend the picker offers; this machine kind (headless Chromium on SwiftShader) offers all of them. */
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

/**
 * The backends this build has plugin kernels for (an entry point `tfjs-selu/<backend>`): the page
 * offers those, and the others only with ?fallback=1, where the op takes the fallback composition.
 */
const EXPORTS = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {exports: Record<string, unknown>}).exports;
const WITH_KERNELS = BACKENDS.filter(backend => `./${backend}` in EXPORTS);
const WITHOUT_KERNELS = BACKENDS.filter(backend => !WITH_KERNELS.includes(backend));
const expectedPath = (backend: string) => WITH_KERNELS.includes(backend) ? 'plugin kernels' : 'fallback';

/** Small runs: the page's URL parameters. */
const SMALL = {depth: 12, width: 64, samples: 100, digits: 1000, epochs: 2, sizes: '1e3,1e4', reps: 5};
const query = (extra: Record<string, string | number> = {}) =>
  '?' + new URLSearchParams(Object.entries({...SMALL, ...extra}).map(([k, v]) => [k, String(v)])).toString();

const FUNCTIONS = [
  {name: 'selu(x)', ref: seluRef},
  {name: 'selu′(x)', ref: seluPrimeRef},
  {name: 'selu″(x)', ref: seluSecondRef},
];

/** The plugin's values the page shows at x = −1, 0, 1, per function, parsed from the table. */
async function shownValues(page: Page, name: string): Promise<number[]> {
  return Promise.all([-1, 0, 1].map(async x => {
    const text = await page.locator(`#curves-values td[data-x="${x}"][data-fn="${name}"]`).textContent();
    const value = Number(text);
    expectTrue(text !== null && text.trim() !== '' && Number.isFinite(value), `shown ${name} at ${x}: '${text}'`);
    return value;
  }));
}

async function expectShownValuesMatch(page: Page, attrs: {alpha: number, scale: number}, what: string,
                                      tolerance: Tolerance = PLAYGROUND_DISPLAY): Promise<void> {
  for (const {name, ref} of FUNCTIONS) {
    const xs = [-1, 0, 1];
    expectClose(await shownValues(page, name), xs.map(x => ref(x, attrs)), tolerance, xs, `${name} shown (${what})`);
  }
}

/** Waits for a panel to leave 'running' (or never start) and returns its final state. */
async function panelState(page: Page, panel: string, timeout = 240000): Promise<string> {
  await page.waitForFunction(id => {
    const state = document.getElementById(id)?.dataset.state;
    return state === 'done' || state === 'error';
  }, panel, {timeout});
  return (await page.locator(`#${panel}`).getAttribute('data-state'))!;
}

/** Runs a panel's job and checks it ends 'done' with as many live tensors as before. */
async function clickAndWait(page: Page, button: string, panel: string, statusId: string): Promise<void> {
  // Reset the state so a previous run's 'done' is not mistaken for this one's.
  await page.evaluate(id => {
    document.getElementById(id)!.dataset.state = 'idle';
  }, panel);
  const tensors = await page.evaluate(() => window.playground.numTensors());
  await page.click(`#${button}`);
  const state = await panelState(page, panel);
  expectEqual(state, 'done', `${panel} (${await page.locator(`#${statusId}`).textContent()})`);
  expectEqual(await page.evaluate(() => window.playground.numTensors()), tensors, `live tensors after ${panel}`);
}

const playground = (page: Page) =>
  page.evaluate(() => JSON.parse(JSON.stringify(window.playground))) as Promise<Omit<PlaygroundState, 'numTensors' | 'pathNow'>>;

describe('examples/playground in headless Chromium', function () {
  this.timeout(20 * 60 * 1000);
  let browser: Browser | undefined;
  let server: Server | undefined;
  let url = '';

  before(async function () {
    if (skipRequested('TFJS_SELU_SKIP_BROWSER')) this.skip();
    mkdirSync(out, {recursive: true});
    const built = await buildPlayground();
    for (const file of ['index.html', 'main.js', 'style.css', 'mnist.bin', 'wasm/tfjs-backend-wasm-threaded-simd.wasm']) {
      expectTrue(built.files.includes(file), `out/playground/${file} built (files: ${built.files.join(', ')})`);
    }
    ({server, url} = await servePlayground());
    browser = await chromium.launch({executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true});
  });

  after(async () => {
    await browser?.close();
    await new Promise(resolve => server ? server.close(resolve) : resolve(undefined));
  });

  /** A page that records every page error and console error. */
  async function openPage(search: string): Promise<{page: Page, errors: string[]}> {
    const page = await browser!.newPage({viewport: {width: 1320, height: 900}});
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(`pageerror: ${error.message}`));
    page.on('console', message => {
      if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
    });
    await page.goto(url + 'index.html' + search);
    await page.waitForFunction(() => document.body.dataset.status !== 'loading', undefined, {timeout: 180000});
    const status = await page.evaluate(() => document.body.dataset.status);
    expectEqual(status, 'ready', `page status (${await page.locator('#backend-status').textContent()}; errors: ${JSON.stringify(errors)})`);
    return {page, errors};
  }

  it('serves the page cross-origin isolated and reaches data-status=ready on every backend (fresh load each)', async () => {
    for (const backend of BACKENDS) {
      const fallback: Record<string, number> = WITHOUT_KERNELS.includes(backend) ? {fallback: 1} : {};
      const {page, errors} = await openPage(query({backend, experiment: 0, ...fallback}));
      const state = await playground(page);
      expectEqual(state.active?.backend, backend, 'active backend');
      expectEqual(state.active?.path.kind, expectedPath(backend), `path on ${backend}`);
      expectEqual(await page.evaluate(() => globalThis.crossOriginIsolated), true, 'crossOriginIsolated');
      if (backend === 'wasm') {
        expectTrue(state.active!.details.some(d => d.includes('threaded SIMD')), `wasm runs its threaded SIMD binary: ${state.active!.details}`);
      }
      expectEqual(errors, [], `page errors on ${backend}`);
      await page.close();
    }
  });

  it('offers a backend without plugin kernels only with ?fallback=1, and says why', async () => {
    const {page, errors} = await openPage(query({backend: 'cpu', experiment: 0}));
    const detected = (await playground(page)).backends;
    for (const backend of WITH_KERNELS) expectEqual(detected[backend], {available: true, reason: undefined}, `${backend} offered`);
    for (const backend of WITHOUT_KERNELS) {
      expectEqual(detected[backend].available, false, `${backend} not offered without plugin kernels`);
      expectTrue(/no kernels for/.test(detected[backend].reason!), `${backend}'s reason: ${detected[backend].reason}`);
      expectTrue(await page.locator(`#backend-picker input[value="${backend}"]`).isDisabled(), `${backend} disabled in the picker`);
      const shown = await page.locator(`#backend-${backend} .reason`).textContent();
      expectTrue(shown!.includes('no kernels for'), `${backend}'s reason shown: '${shown}'`);
    }
    expectEqual(errors, [], 'page errors');
    await page.close();
  });

  /** Selects `backend` in the picker, then checks every panel on it. */
  async function exercise(page: Page, backend: string, path: string): Promise<void> {
    await page.evaluate(() => {
      document.getElementById('backend-panel')!.dataset.state = 'idle';
    });
    await page.check(`#backend-picker input[value="${backend}"]`);
    expectEqual(await panelState(page, 'backend-panel'), 'done', `switch to ${backend}`);
    await page.waitForFunction(() => document.getElementById('curves-panel')!.dataset.state === 'done');
    const status = page.locator('#backend-status');
    expectEqual(await status.getAttribute('data-backend'), backend, 'backend shown');
    expectEqual(await status.getAttribute('data-path'), path, `path shown on ${backend}`);
    expectTrue((await status.textContent())!.includes(`active: ${backend}`), `status line: ${await status.textContent()}`);

    // selu in two pieces (either side of 0), likewise selu′ and selu″; markers at 0.
    expectEqual(await page.locator('#curves-plot svg path[aria-roledescription="line mark"]').count(), 6, `line marks on ${backend}`);
    await expectShownValuesMatch(page, {alpha: SELU_ALPHA, scale: SELU_SCALE}, backend);

    await clickAndWait(page, 'experiment-run', 'experiment-panel', 'experiment-status');
    const experiment = (await playground(page)).experiment!;
    expectEqual(experiment.backend, backend, 'experiment backend');
    expectEqual(experiment.stats.length, 3 * SMALL.depth, 'one row per layer and run');
    expectTrue(experiment.selu.withinTolerance,
        `SELU self-normalises on ${backend}: mean ${experiment.selu.mean}, variance ${experiment.selu.variance}`);
    const reluLast = experiment.stats.filter(s => s.run === 'ReLU').at(-1)!.variance;
    expectTrue(reluLast < 0.1, `ReLU's variance decays on ${backend}: ${reluLast}`);
    expectTrue(await page.locator('#experiment-plot svg path[aria-roledescription="line mark"]').count() >= 6, 'experiment lines');

    await clickAndWait(page, 'training-run', 'training-panel', 'training-status');
    const training = (await playground(page)).training!;
    expectEqual(training.backend, backend, 'training backend');
    expectEqual(training.epochs.length, SMALL.epochs + 1, 'epoch 0 and each epoch recorded');
    const [before, after] = [training.epochs[0], training.epochs.at(-1)!];
    expectTrue(after.heldOutLoss < 0.8 * before.heldOutLoss,
        `training lowers the held-out loss on ${backend}: ${before.heldOutLoss} → ${after.heldOutLoss}`);
    expectTrue(after.heldOutAccuracy > before.heldOutAccuracy,
        `held-out accuracy rises on ${backend}: ${before.heldOutAccuracy} → ${after.heldOutAccuracy}`);
    expectEqual(await page.locator('#training-progress').evaluate(p => (p as HTMLProgressElement).value), 1, 'progress bar full');
    expectTrue(await page.locator('#training-plot svg path[aria-roledescription="line mark"]').count() >= 3, 'training lines');

    await clickAndWait(page, 'bench-run', 'bench-panel', 'bench-status');
    const bench = (await playground(page)).bench!;
    expectEqual(bench.backend, backend, 'bench backend');
    expectEqual(bench.results.map(r => `${r.what} ${r.size}`), ['forward 1000', 'step 1000', 'forward 10000', 'step 10000'], 'bench rows');
    for (const r of bench.results) {
      expectTrue(r.ours.median > 0 && r.builtin.median > 0 && Number.isFinite(r.speedup), `bench medians ${JSON.stringify(r)}`);
    }
    expectEqual(await page.locator('#bench-table tbody tr').count(), 4, 'bench table rows');
    // Each row: plugin, tf.selu and its limit (neg for a forward, grad(neg) for a step); at 2 sizes.
    expectEqual(bench.results.map(r => r.limit !== undefined), [true, true, true, true], 'bench rows with a limit');
    expectEqual(await page.locator('#bench-plot svg path[aria-roledescription="bar"]').count(), 12, 'bars');

    expectEqual(await page.evaluate(() => window.playground.pathNow().kind), path, `path on ${backend} after every panel ran`);
    const shot = join(out, `${backend}${path === 'fallback' ? '-fallback' : ''}.png`);
    await page.screenshot({path: shot, fullPage: true});
    expectTrue(statSync(shot).size > 50000, `screenshot ${shot}`);
  }

  it('on each backend with plugin kernels in turn: curves, exact values, experiment, training, benchmark', async () => {
    const {page, errors} = await openPage(query({backend: 'cpu'}));
    expectEqual(await panelState(page, 'experiment-panel'), 'done', 'the experiment run at start');
    for (const backend of WITH_KERNELS) await exercise(page, backend, 'plugin kernels');
    expectEqual(errors, [], 'page errors');
    await page.close();
  });

  it('with ?fallback=1, on every backend in turn: the same through the fallback composition', async () => {
    const {page, errors} = await openPage(query({backend: 'cpu', experiment: 0, fallback: 1}));
    for (const backend of BACKENDS) await exercise(page, backend, 'fallback');
    expectEqual(errors, [], 'page errors');
    await page.close();
  });

  it('?webgl= starts WebGL in a phone-like mode (WebGL 1, half floats, unpacked) and shows it', async () => {
    const modes: Array<[string, string]> = [
      ['webgl1', 'WebGL 1, float32 textures, packed: true'],
      ['f16', 'WebGL 2, half-float textures, packed: true'],
      ['unpacked', 'WebGL 2, float32 textures, packed: false'],
      ['webgl1,f16,unpacked', 'WebGL 1, half-float textures, packed: false'],
    ];
    for (const [mode, shown] of modes) {
      const {page, errors} = await openPage(query({backend: 'webgl', experiment: 0, webgl: mode}));
      const state = await playground(page);
      expectEqual(state.active?.backend, 'webgl', 'active backend');
      expectTrue(state.active!.details[0].startsWith(shown), `?webgl=${mode}: details ${JSON.stringify(state.active!.details)}`);
      expectTrue((await page.locator('#backend-status').textContent())!.includes(shown), `?webgl=${mode} shown in the status line`);
      // Half floats hold the shown values (and selu's derivatives, from x) to the half-float tolerance.
      await expectShownValuesMatch(page, {alpha: SELU_ALPHA, scale: SELU_SCALE}, `?webgl=${mode}`,
          mode.includes('f16') ? HALF_FLOAT_GRADIENT : PLAYGROUND_DISPLAY);
      expectEqual(errors, [], `page errors with ?webgl=${mode}`);
      await page.close();
    }
    const page = await browser!.newPage();
    await page.goto(url + 'index.html' + query({backend: 'webgl', experiment: 0, webgl: 'webgl3'}));
    await page.waitForFunction(() => document.body.dataset.status === 'error', undefined, {timeout: 180000});
    const error = await page.locator('#backend-status').textContent();
    expectTrue(/'webgl'.*unknown 'webgl3'.*webgl1, f16, unpacked/.test(error!), `error for ?webgl=webgl3: '${error}'`);
    await page.close();
  });

  it('redraws for the ELU preset and shows the plugin\'s error for an invalid alpha', async () => {
    const {page, errors} = await openPage(query({backend: 'cpu', experiment: 0}));
    await page.click('#preset-elu');
    await page.waitForFunction(() => window.playground.curves?.alpha === 1 && document.getElementById('curves-panel')!.dataset.state === 'done');
    await expectShownValuesMatch(page, {alpha: 1, scale: 1}, 'ELU');
    expectTrue((await page.locator('#curves-plot svg').textContent())!.includes('α = 1.0000, λ = 1.0000'), 'plot title shows ELU constants');

    await page.fill('#alpha', '-1');
    await page.waitForFunction(() => document.getElementById('curves-panel')!.dataset.state === 'error');
    const shown = await page.locator('#curves-error').textContent();
    expectTrue(/alpha/.test(shown!) && /selu/i.test(shown!), `error names the attribute and the op: '${shown}'`);

    await page.click('#preset-paper');
    await page.waitForFunction(() => document.getElementById('curves-panel')!.dataset.state === 'done');
    await expectShownValuesMatch(page, {alpha: SELU_ALPHA, scale: SELU_SCALE}, 'paper constants again');
    expectEqual(errors, [], 'page errors');
    await page.close();
  });
});
