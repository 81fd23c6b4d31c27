/**
 * The small examples in examples/, run as users run them (tsx, against the
 * built package) in child processes, with their printed results checked
 * against the float64 references. Needs `npm run build`.
 */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {SELU_ALPHA, SELU_SCALE} from '../../src/index.js';
import {expectClose, expectEqual, expectTrue} from '../support/assertions.js';
import {seluPrimeRef, seluRef, seluSecondRef} from '../support/reference.js';
import {skipRequested} from '../support/env.js';
import {EXAMPLE_CENTRAL_DIFFERENCE, EXAMPLE_OUTPUT, KERAS_MODEL} from '../support/tolerances.js';

const root = join(__dirname, '..', '..');
const tsx = require.resolve('tsx/cli');

/** Runs an example and returns its printed `label: value` lines as a map. */
function runExample(name: string): Map<string, string> {
  const result = spawnSync(process.execPath, [tsx, join('examples', name)],
      {cwd: root, encoding: 'utf8', env: {...process.env, TF_CPP_MIN_LOG_LEVEL: '2'}});
  if (result.status !== 0) throw new Error(`${name} exited with ${result.status}:\n${result.stderr}`);
  const lines = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const match = /^([^:]+): (.*)$/.exec(line);
    if (match) lines.set(match[1], match[2]);
  }
  return lines;
}

function numbers(lines: Map<string, string>, label: string): number[] {
  const text = lines.get(label);
  if (text === undefined) throw new Error(`no '${label}:' line in ${JSON.stringify([...lines.keys()])}`);
  return (JSON.parse(text) as unknown[]).flat() as number[];
}

describe('examples/', () => {
  before(() => {
    expectTrue(existsSync(join(root, 'dist/cjs/src/layers/index.js')), 'dist/ is missing: run `npm run build` first');
  });

  it('custom_constants.ts prints selu for the paper\'s and custom constants, and the rejection', () => {
    const out = runExample('custom_constants.ts');
    const x = [-2, -1, 0, 1, 2];
    const cases: Array<[string, {alpha: number, scale: number}]> = [
      ['paper', {alpha: SELU_ALPHA, scale: SELU_SCALE}], ['elu', {alpha: 1, scale: 1}],
      ['2relu', {alpha: 0, scale: 2}], ['steep', {alpha: 3, scale: 1.5}],
    ];
    for (const [label, attrs] of cases) {
      expectClose(numbers(out, label), x.map(v => seluRef(v, attrs)), EXAMPLE_OUTPUT, x, label);
    }
    expectTrue(/'alpha'.*'selu'.*-1/.test(out.get('rejected') ?? ''), `rejected: ${out.get('rejected')}`);
  });

  it('gradients.ts prints selu\', selu\'\' and a gradient penalty\'s gradient that agrees with a central difference', () => {
    const out = runExample('gradients.ts');
    const x = [-2, -0.5, 0.5, 2];
    expectClose(numbers(out, 'selu\''), x.map(v => seluPrimeRef(v)), EXAMPLE_OUTPUT, x, 'selu\'');
    expectClose(numbers(out, 'selu\'\''), x.map(v => seluSecondRef(v)), EXAMPLE_OUTPUT, x, 'selu\'\'');
    const [difference, analytic] = (out.get('central difference') ?? '').split(' vs ').map(Number);
    expectTrue(Math.abs(difference - analytic) <= EXAMPLE_CENTRAL_DIFFERENCE.rtol * Math.abs(analytic) && analytic !== 0,
        `central difference ${difference} vs analytic ${analytic}`);
    expectEqual(numbers(out, 'dpenalty/dw').length, 4, 'gradient entries');
  });

  it('override.ts shows the built-in gradient replaced by one SeluGradKernel pass, second order, and the restore', () => {
    const out = runExample('override.ts');
    const builtin = JSON.parse(out.get('built-in') ?? '[]') as string[];
    const overridden = JSON.parse(out.get('override') ?? '[]') as string[];
    expectTrue(builtin.includes('Exp') && builtin.includes('Greater'), `built-in kernels: ${builtin}`);
    expectEqual(overridden.slice(overridden.indexOf('Selu') + 1), ['TfjsSeluGrad'], 'backward kernels with the override');
    expectClose(numbers(out, 'selu\'\' through tf.selu'), [seluSecondRef(-1), 0], EXAMPLE_OUTPUT, [-1, 2], 'selu\'\'');
    expectEqual(out.get('restored'), out.get('built-in'), 'kernels after restore');
  });

  it('layers_save_load.ts trains, saves to files and loads back with identical predictions', function () {
    if (skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) this.skip();
    const out = runExample('layers_save_load.ts');
    expectEqual(out.get('backend'), 'tensorflow', 'backend');
    const [first, last] = (out.get('loss') ?? '').split(' -> ').map(Number);
    expectTrue(last < first / 2, `loss ${first} -> ${last}`);
    expectEqual(JSON.parse(out.get('layers') ?? '[]'),
        ['Dense', 'SeluLayer', 'SeluAlphaDropout', 'Dense', 'SeluLayer', 'Dense'], 'loaded layers');
    expectEqual(out.get('max |prediction difference|'), '0', 'prediction difference');
  });

  it('from_keras.ts loads the converted Keras SNN (layers and graph) like TensorFlow, fine-tunes, saves and reloads', function () {
    if (skipRequested('TFJS_SELU_SKIP_TFJS_NODE')) this.skip();
    const out = runExample('from_keras.ts');
    expectEqual(out.get('backend'), 'tensorflow', 'backend');
    expectEqual(JSON.parse(out.get('layers') ?? '[]'),
        ['InputLayer', 'Conv1D', 'AlphaDropout', 'Flatten', 'Dense', 'AlphaDropout', 'Dense', 'Activation', 'Dense'],
        'loaded layers');
    for (const label of ['max |layers model - TensorFlow|', 'max |Keras 3 layers model - TensorFlow|',
      'max |graph model - TensorFlow|']) {
      const difference = Number(out.get(label));
      expectTrue(difference <= KERAS_MODEL.atol, `${label} ${out.get(label)}`);
    }
    const kernels = JSON.parse(out.get('graph gradient kernels') ?? '[]') as string[];
    expectTrue(kernels.includes('TfjsSeluGrad') && !kernels.includes('Greater'), `graph gradient kernels: ${kernels}`);
    const [first, last] = (out.get('loss') ?? '').split(' -> ').map(Number);
    expectTrue(last < 0.9 * first, `inference loss ${first} -> ${last} after 20 fine-tuning steps`);
    expectEqual(out.get('max |reloaded - fine-tuned|'), '0', 'reloaded difference');
  });
});
