/**
 * The built package as users consume it: CommonJS and ESM entry points in
 * fresh Node processes, one shared tfjs-core instance, and gradients with
 * tfjs-core alone (no built-in gradients registered). Needs `npm run build`.
 */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {expectEqual, expectTrue} from '../assertions.js';

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
    expectTrue(Math.abs(y[0] + 1.1113307) < 1e-6 && Math.abs(y[1] - 2.1014020) < 1e-6, `y = ${y}`);
    expectTrue(Math.abs(d1[0] - 0.6467686) < 1e-6 && Math.abs(d1[1] - 1.0507010) < 1e-6, `d1 = ${d1}`);
    expectTrue(Math.abs(d2[0] - 0.6467686) < 1e-6 && d2[1] === 0, `d2 = ${d2}`);
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
    expectTrue(Math.abs(y[0] - 1.0507010) < 1e-6, `y = ${y}`);
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
      expectTrue(Math.abs(y[0] + 1.1113307) < 1e-6 && Math.abs(y[1] - 2.1014020) < 1e-6, `y = ${y}`);
      expectTrue(Math.abs(dx[0] - 0.6467686) < 1e-6 && Math.abs(dx[1] - 1.0507010) < 1e-6, `dx = ${dx}`);
      expectEqual(lines.filter(l => /already registered|Overriding|no SELU kernels/.test(l)).length, 0,
          `warnings in: ${lines.join(' | ')}`);
    }
  });
});
