#!/usr/bin/env node
// Builds the native SELU op (kernels/node/native, an N-API addon) with node-gyp.
//
//   node scripts/build-native.cjs --install   the package's `install` script: NEVER fails
//       `npm install`. Without a compiler (or on a platform the op does not support) it
//       prints one line saying the op was skipped and why; tfjs-selu/node then uses the
//       composition of TensorFlow ops.
//   node scripts/build-native.cjs [--verify]  the project's setup (scripts/bootstrap.sh):
//       idempotent (skips when the sources have not changed since the last build), and
//       fails loudly with the reason. --verify then loads the op into tfjs-node's
//       TensorFlow and runs it once.
'use strict';
const {spawnSync} = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const TAG = 'tfjs-selu:';
const installMode = process.argv.includes('--install');
const root = path.join(__dirname, '..');
const sourceDir = path.join(root, 'kernels', 'node', 'native');
const addon = path.join(sourceDir, 'build', 'Release', 'tfjs_selu_native.node');
const stamp = path.join(sourceDir, 'build', 'sources.sha256');
const skipOutcome = "the 'tensorflow' backend of tfjs-selu/node will use the composition of TensorFlow ops";

const verifyJs = `
const tf = require('@tensorflow/tfjs-node');
const info = require(${JSON.stringify(addon)}).load();
const b = tf.backend();
const y = b.executeSingleOutput(info.forwardOp, [
  {name: 'scale', type: b.binding.TF_ATTR_FLOAT, value: 1.0507009873554805},
  {name: 'scale_alpha', type: b.binding.TF_ATTR_FLOAT, value: 1.7580993408473766}], [tf.tensor1d([-1, 2])]).dataSync();
if (!(Math.abs(y[0] + 1.1113307) < 1e-6 && Math.abs(y[1] - 2.101402) < 1e-6)) throw new Error('the op computed ' + y);
console.log(info.forwardOp + ' and ' + info.gradientOp + ' on TensorFlow ' + info.tensorflowVersion + ' (' + info.isa +
  ', up to ' + info.maxThreads + ' threads)');
`;

function verify() {
  const run = spawnSync(process.execPath, ['-e', verifyJs], {cwd: root, encoding: 'utf8',
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL || '2'}});
  if (run.status !== 0) {
    const why = `${run.stderr}`.split('\n').find(l => /Error/.test(l)) || run.stderr.trim().slice(0, 300);
    return `the built op does not load into tfjs-node's TensorFlow: ${why}`;
  }
  return `native SELU op OK: ${run.stdout.trim()}`;
}

function finish(ok, message) {
  if (ok && !installMode && process.argv.includes('--verify')) {
    const verified = verify();
    if (!verified.startsWith('native SELU op OK')) {
      console.error(`${TAG} ERROR: ${verified}`);
      process.exit(1);
    }
    console.log(`${TAG} ${message}; ${verified}`);
    process.exit(0);
  }
  if (ok) {
    console.log(`${TAG} ${message}`);
    process.exit(0);
  }
  if (installMode) {
    console.log(`${TAG} native SELU op skipped (${message}); ${skipOutcome}.`);
    process.exit(0);
  }
  console.error(`${TAG} ERROR building the native SELU op: ${message}`);
  process.exit(1);
}

function onPath(command) {
  if (path.isAbsolute(command)) return fs.existsSync(command);
  return (process.env.PATH || '').split(path.delimiter).some(dir => dir && fs.existsSync(path.join(dir, command)));
}

/** node-gyp: npm's own (npm sets npm_config_node_gyp in scripts), the one beside node, or on PATH. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  for (const candidate of candidates) {
    if (candidate && fs.existsSync(candidate)) return [process.execPath, candidate];
  }
  return onPath('node-gyp') ? ['node-gyp'] : undefined;
}

function sourcesHash() {
  const hash = crypto.createHash('sha256');
  hash.update(require(path.join(root, 'package.json')).version);
  for (const name of fs.readdirSync(sourceDir).filter(n => /\.(cc|h|gyp)$/.test(n)).sort()) {
    hash.update(name).update(fs.readFileSync(path.join(sourceDir, name)));
  }
  return hash.digest('hex');
}

if (process.platform !== 'linux') finish(false, `the op supports Linux only, this is ${process.platform}`);
if (!fs.existsSync(path.join(sourceDir, 'binding.gyp'))) finish(false, `no sources in ${sourceDir}`);
const hash = sourcesHash();
if (!installMode && fs.existsSync(addon) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === hash) {
  finish(true, `native SELU op up to date (${path.relative(root, addon)})`);
}
const compiler = process.env.CXX || ['c++', 'g++', 'clang++'].find(onPath);
if (!compiler || !onPath(compiler.split(' ')[0])) finish(false, 'no C++ compiler found: install g++ or set CXX');
if (!onPath('make')) finish(false, 'make is not installed');
const nodeGyp = findNodeGyp();
if (!nodeGyp) finish(false, 'node-gyp not found (it ships with npm)');

const args = [...nodeGyp.slice(1), 'rebuild', `--directory=${sourceDir}`];
// Offline, node-gyp cannot download Node's headers: use the ones installed beside node.
const prefix = path.join(path.dirname(process.execPath), '..');
if (!process.env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
  args.push(`--nodedir=${prefix}`);
}
if (!installMode) console.log(`${TAG} building the native SELU op (node-gyp rebuild in ${path.relative(root, sourceDir)})`);
const build = spawnSync(nodeGyp[0], args, {cwd: root, encoding: 'utf8', env: process.env});
if (build.status !== 0) {
  const log = path.join(sourceDir, 'build-error.log');
  fs.mkdirSync(path.dirname(log), {recursive: true});
  fs.writeFileSync(log, `${build.stdout || ''}\n${build.stderr || ''}\n${build.error || ''}`);
  const firstError = `${build.stderr || ''}\n${build.stdout || ''}`.split('\n').find(l => /error/i.test(l)) || String(build.error || '');
  finish(false, `node-gyp failed: ${firstError.trim().slice(0, 200)} (full log: ${log})`);
}
fs.writeFileSync(stamp, `${hash}\n`);
finish(true, `built the native SELU op (${path.relative(root, addon)})`);
