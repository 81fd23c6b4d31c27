/**
 * The playground page: a backend picker with feature detection, the curves
 * under the chosen constants, the self-normalisation experiment, an SNN
 * trained on MNIST and a benchmark panel, all on the picked backend. Sets
 * `document.body.dataset.status` to 'ready' after the first render (backend
 * initialised, curves drawn) or 'error', each panel's `data-state` to
 * 'running' / 'done' / 'error', and exposes what it computed as
 * `window.playground`.
 */
import * as tf from '@tensorflow/tfjs';
import type {Result} from '../../bench/harness.js';
import {BACKENDS, activePath, noKernelsReason} from './backends.js';
import {runBenchmark} from './bench_panel.js';
import type {BackendEntry, PathInfo} from './backends.js';
import {renderCurves} from './curves_panel.js';
import type {CurveValues} from './curves_panel.js';
import {runExperiment} from './experiment_panel.js';
import type {ExperimentResult} from './experiment_panel.js';
import {DEFAULTS, WEBGL_MODE_FLAGS, parseSizes, readSettings} from './params.js';
import {DIGITS_PER_LABEL} from './mnist_format.js';
import {runTraining} from './training_panel.js';
import type {TrainingResult} from './training_panel.js';
import {STACK} from '../common/self_normalisation.js';
import {CLASSES} from '../common/snn.js';

export interface PlaygroundState {
  backends: Record<string, {available: boolean, reason?: string}>;
  active?: {backend: string, path: PathInfo, details: string[]};
  curves?: CurveValues;
  experiment?: ExperimentResult & {backend: string};
  training?: TrainingResult & {backend: string};
  bench?: {backend: string, results: Result[]};
  /** Live tensors (tf.memory().numTensors): every panel leaves it where it found it. */
  numTensors(): number;
  /** The path the op takes on the active backend now (the picker's line says what it was at the switch). */
  pathNow(): PathInfo;
}

declare global {
  interface Window {
    playground: PlaygroundState;
  }
}

const state: PlaygroundState = {backends: {}, numTensors: () => tf.memory().numTensors, pathNow: () => activePath(tf.getBackend())};
window.playground = state;

const byId = <T extends HTMLElement = HTMLElement>(id: string) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
};
const input = (id: string) => byId<HTMLInputElement>(id);
const message = (error: unknown) => error instanceof Error ? error.message : String(error);

/** Reads a number input; the plugin and the panels validate the value itself. */
function numberOf(id: string): number {
  const text = input(id).value.trim();
  return text === '' ? NaN : Number(text);
}

function integerOf(id: string, min: number, max: number): number {
  const value = numberOf(id);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${id}: expected an integer in [${min}, ${max}], got '${input(id).value}'`);
  }
  return value;
}

/** Heavy jobs (a backend switch, the experiment, training, the benchmark) run one at a time. */
let busy = false;
const JOB_BUTTONS = ['experiment-run', 'training-run', 'bench-run'];

function setBusy(value: boolean): void {
  busy = value;
  for (const id of JOB_BUTTONS) input(id).disabled = value;
  for (const radio of document.querySelectorAll<HTMLInputElement>('#backend-picker input')) {
    radio.disabled = value || !state.backends[radio.value]?.available;
  }
}

async function runJob(panelId: string, statusId: string, job: (status: (text: string) => void) => Promise<void>): Promise<void> {
  if (busy) return;
  const panel = byId(panelId);
  const status = (text: string) => {
    byId(statusId).textContent = text;
  };
  setBusy(true);
  panel.dataset.state = 'running';
  try {
    await job(status);
    panel.dataset.state = 'done';
  } catch (error) {
    panel.dataset.state = 'error';
    status(`error: ${message(error)}`);
  } finally {
    setBusy(false);
  }
}

// --- curves ------------------------------------------------------------------------------------

let curvesQueue: Promise<void> = Promise.resolve();

/** Redraws the curves for the current constants, after any redraw already queued. */
function updateCurves(): Promise<void> {
  curvesQueue = curvesQueue.then(async () => {
    const panel = byId('curves-panel');
    const error = byId('curves-error');
    panel.dataset.state = 'running';
    try {
      state.curves = await renderCurves(numberOf('alpha'), numberOf('scale'));
      error.hidden = true;
      panel.dataset.state = 'done';
    } catch (e) {
      // Invalid constants end here, with the plugin's own message naming the attribute.
      error.textContent = message(e);
      error.hidden = false;
      panel.dataset.state = 'error';
    }
  });
  return curvesQueue;
}

function seluOptions(): {alpha: number, scale: number} {
  return {alpha: numberOf('alpha'), scale: numberOf('scale')};
}

// --- backends ----------------------------------------------------------------------------------

async function detectBackends(allowFallback: boolean): Promise<void> {
  const picker = byId('backend-picker');
  const reasons = await Promise.all(BACKENDS.map(async entry =>
    await entry.unavailableReason() ?? (allowFallback ? undefined : noKernelsReason(entry))));
  BACKENDS.forEach((entry, i) => {
    state.backends[entry.name] = {available: reasons[i] === undefined, reason: reasons[i]};
    const label = document.createElement('label');
    label.id = `backend-${entry.name}`;
    const radio = Object.assign(document.createElement('input'), {type: 'radio', name: 'backend', value: entry.name});
    radio.addEventListener('change', () => {
      void runJob('backend-panel', 'backend-status', async () => {
        await activate(entry);
        await updateCurves();
      }).then(showActive);
    });
    const title = document.createElement('span');
    title.append(radio, ` ${entry.label} (${entry.name})`);
    const reason = Object.assign(document.createElement('span'), {className: 'reason'});
    label.append(title, reason);
    picker.append(label);
    markAvailability(entry);
  });
}

function markAvailability(entry: BackendEntry): void {
  const {available, reason} = state.backends[entry.name];
  const label = byId(`backend-${entry.name}`);
  label.classList.toggle('unavailable', !available);
  label.querySelector<HTMLInputElement>('input')!.disabled = !available;
  label.querySelector('.reason')!.textContent = available ? '' : `unavailable: ${reason}`;
}

/** ?fallback=1: the plugin's kernels are never loaded, so the op runs as the fallback composition everywhere. */
let loadPluginKernels = true;

/** Loads and initialises `entry`'s backend; on failure marks it unavailable with the reason and rethrows. */
async function activate(entry: BackendEntry): Promise<void> {
  await curvesQueue;
  try {
    await entry.loadBackend();
    if (loadPluginKernels) await entry.loadKernels?.();
    if (!await tf.setBackend(entry.name)) throw new Error(`tfjs's '${entry.name}' backend failed to initialise`);
    await tf.ready();
  } catch (error) {
    state.backends[entry.name] = {available: false, reason: message(error)};
    markAvailability(entry);
    throw error;
  }
  state.active = {backend: entry.name, path: activePath(entry.name), details: await entry.details()};
}

/** Shows the active backend and path in the picker's status line (also after a failed switch). */
function showActive(): void {
  const status = byId('backend-status');
  for (const radio of document.querySelectorAll<HTMLInputElement>('#backend-picker input')) {
    radio.checked = radio.value === state.active?.backend;
  }
  if (!state.active) return;
  const {backend, path, details} = state.active;
  const failed = byId('backend-panel').dataset.state === 'error' ? `${status.textContent}\n` : '';
  const forced = loadPluginKernels ? '' : ' [?fallback=1: the plugin\'s kernels are not loaded]';
  status.textContent = `${failed}active: ${backend}: ${path.description}${forced}` + details.map(d => `\n  ${d}`).join('');
  Object.assign(status.dataset, {backend, path: path.kind});
}

// --- panels ------------------------------------------------------------------------------------

function wirePanels(): void {
  const presets: Record<string, {alpha: number, scale: number}> = {
    'preset-paper': {alpha: DEFAULTS.alpha, scale: DEFAULTS.scale},
    'preset-elu': {alpha: 1, scale: 1},
  };
  for (const [id, {alpha, scale}] of Object.entries(presets)) {
    byId(id).addEventListener('click', () => {
      input('alpha').value = String(alpha);
      input('scale').value = String(scale);
      void updateCurves();
    });
  }
  let pending: ReturnType<typeof setTimeout> | undefined;
  for (const id of ['alpha', 'scale']) {
    input(id).addEventListener('input', () => {
      clearTimeout(pending);
      pending = setTimeout(() => void updateCurves(), 150);
    });
  }
  byId('experiment-run').addEventListener('click', () => void experiment());
  byId('training-run').addEventListener('click', () => void training());
  byId('bench-run').addEventListener('click', () => void benchmark());
}

function experiment(): Promise<void> {
  return runJob('experiment-panel', 'experiment-status', async status => {
    const stack = {...STACK, depth: integerOf('depth', 1, 256), width: integerOf('width', 2, 1024), samples: integerOf('samples', 2, 2000)};
    const backend = tf.getBackend();
    state.experiment = {backend, ...await runExperiment(stack, seluOptions(), status)};
  });
}

let stopTraining = false;

function training(): Promise<void> {
  const stop = input('training-stop');
  const onStop = () => {
    stopTraining = true;
  };
  return runJob('training-panel', 'training-status', async status => {
    stopTraining = false;
    stop.disabled = false;
    stop.addEventListener('click', onStop);
    try {
      const progress = byId<HTMLProgressElement>('training-progress');
      const backend = tf.getBackend();
      const result = await runTraining(integerOf('digits', 2 * CLASSES, SHIPPED_DIGITS), integerOf('epochs', 1, 50), seluOptions(), {
        status,
        progress: fraction => {
          progress.value = fraction;
        },
        stopRequested: () => stopTraining,
      });
      state.training = {backend, ...result};
    } finally {
      stop.disabled = true;
      stop.removeEventListener('click', onStop);
    }
  });
}

function benchmark(): Promise<void> {
  return runJob('bench-panel', 'bench-status', async status => {
    const backend = tf.getBackend();
    const results = await runBenchmark(parseSizes(input('sizes').value), integerOf('reps', 3, 501), status);
    state.bench = {backend, results};
  });
}

const SHIPPED_DIGITS = DIGITS_PER_LABEL * CLASSES;

// --- start -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const settings = readSettings(location.search);
  const values: Record<string, string> = {
    alpha: String(settings.alpha), scale: String(settings.scale), depth: String(settings.depth), width: String(settings.width),
    samples: String(settings.samples), digits: String(settings.digits ?? SHIPPED_DIGITS), epochs: String(settings.epochs),
    sizes: settings.sizes.join(','), reps: String(settings.reps),
  };
  for (const [id, value] of Object.entries(values)) input(id).value = value;
  input('digits').max = String(SHIPPED_DIGITS);
  byId('training-note').textContent = `${SHIPPED_DIGITS.toLocaleString('en')} MNIST digits ship with the page ` +
      `(${DIGITS_PER_LABEL} of each label; every fifth held out), trained with the plugin's SeluLayer under the constants above.`;
  byId('timer-resolution').textContent = globalThis.crossOriginIsolated ?
      'cross-origin isolated, 5 µs' : 'not cross-origin isolated, 100 µs (serve with COOP/COEP headers)';
  byId('versions').textContent = `tfjs ${tf.version.tfjs}; cross-origin isolated: ${globalThis.crossOriginIsolated === true}; ` +
      `${navigator.userAgent}`;
  wirePanels();
  // tfjs reads its WebGL flags when the 'webgl' backend is created, which has not happened yet.
  for (const word of settings.webgl) {
    for (const [flag, value] of Object.entries(WEBGL_MODE_FLAGS[word])) tf.env().set(flag, value);
  }
  loadPluginKernels = !settings.fallback;
  await detectBackends(settings.fallback);

  const requested = settings.backend;
  if (requested !== undefined && !BACKENDS.some(entry => entry.name === requested)) {
    throw new Error(`URL parameter 'backend': unknown backend '${requested}' (known: ${BACKENDS.map(e => e.name).join(', ')})`);
  }
  const candidates = requested !== undefined ? BACKENDS.filter(entry => entry.name === requested) :
      BACKENDS.filter(entry => state.backends[entry.name].available);
  let started = false;
  for (const entry of candidates) {
    if (!state.backends[entry.name].available) break;
    try {
      await activate(entry);
      started = true;
      break;
    } catch {
      // Marked unavailable with its reason; try the next one.
    }
  }
  if (!started) {
    const why = candidates.map(entry => `${entry.name}: ${state.backends[entry.name].reason}`).join('; ');
    throw new Error(requested !== undefined ? `the requested backend cannot run here (${why})` : `no backend could start (${why})`);
  }
  showActive();
  await updateCurves();
  if (byId('curves-panel').dataset.state !== 'done') throw new Error(byId('curves-error').textContent ?? 'the curves failed');
  document.body.dataset.status = 'ready';
  if (settings.experiment) await experiment();
}

main().catch(error => {
  document.body.dataset.status = 'error';
  const status = document.getElementById('backend-status');
  if (status) status.textContent = `error: ${message(error)}`;
  console.error(error);
});
