#!/usr/bin/env node
// Builds the native SELU op (kernels/node/native, an N-API addon). Three binaries, from the
// sources and flags of kernels/node/native/binding.gyp (docs/NODE.md):
//   build/Release/tfjs_selu_native.node       the local build: node-gyp, the system's compiler
//                                             (op names end in 'Local')
//   build/Testing/tfjs_selu_native.node       the same with -DTFJS_SELU_TESTING: configure() and
//                                             counters() for the tests and benchmarks ('Testing')
//   prebuilds/linux-x64/tfjs_selu_native.glibc.napi.node   the prebuild the package ships: zig's
//                                             clang for glibc 2.17, libc++ linked in and hidden
//
//   node scripts/build-native.cjs --install   the package's `install` script: NEVER fails `npm
//       install`. If the prebuild loads, there is nothing to do; else it compiles the local build;
//       without a compiler it prints one line saying why, and the 'tensorflow' backend of
//       tfjs-selu/node uses the composition of TensorFlow ops.
//   node scripts/build-native.cjs [--verify]  the project's setup (scripts/bootstrap.sh): the local
//       and testing builds, only when the sources changed; fails loudly. --verify then loads every
//       binary present (the prebuild too) into tfjs-node's TensorFlow and runs it once.
//   node scripts/build-native.cjs --prebuild --cxx '<zig c++ command>'   the prebuild
//       (scripts/prebuild.sh supplies zig), only when the sources changed.
'use strict';
const {execSync, spawnSync} = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TAG = 'tfjs-selu:';
const root = path.join(__dirname, '..');
const sourceDir = path.join(root, 'kernels', 'node', 'native');
const ADDON_NAME = 'tfjs_selu_native';
const localBuild = path.join(sourceDir, 'build', 'Release', `${ADDON_NAME}.node`);
const testingBuild = path.join(sourceDir, 'build', 'Testing', `${ADDON_NAME}.node`);
/** The oldest glibc the prebuild runs on: the TensorFlow wheels' manylinux2014 floor. */
const PREBUILD_GLIBC = '2.17';
const PREBUILD_TARGET = `x86_64-linux-gnu.${PREBUILD_GLIBC}`;
/** node-gyp-build's layout: prebuilds/<platform>-<arch>/<name>.<tags>.node ('napi': any Node-API runtime). */
const prebuild = path.join(sourceDir, 'prebuilds', 'linux-x64', `${ADDON_NAME}.glibc.napi.node`);
const skipOutcome = "the 'tensorflow' backend of tfjs-selu/node will use the composition of TensorFlow ops";

module.exports = {PREBUILD_GLIBC, localBuild, testingBuild, prebuild, sourceDir};

/** Loads `file` into tfjs-node's TensorFlow in a child process and runs its SELU forward and AlphaDropout gradient ops once. */
function verify(file) {
  const code = `
    const tf = require('@tensorflow/tfjs-node');
    const info = require(${JSON.stringify(file)}).load();
    const b = tf.backend();
    const y = b.executeSingleOutput(info.ops.TfjsSelu, [
      {name: 'scale', type: b.binding.TF_ATTR_FLOAT, value: 1.0507009873554805},
      {name: 'scale_alpha', type: b.binding.TF_ATTR_FLOAT, value: 1.7580993408473766}], [tf.tensor1d([-1, 2])]).dataSync();
    if (!(Math.abs(y[0] + 1.1113307) < 1e-6 && Math.abs(y[1] - 2.101402) < 1e-6)) throw new Error('the op computed ' + y);
    // AlphaDropout's gradient of ones for seed 42 at rate 0.5 (threshold 2^15 of the 16-bit range): the known
    // mask's first two Threefry blocks, 1110 1001 (SEED_42_RATE_HALF_FIRST_64, test/support/alpha_dropout_reference.ts).
    const dx = b.executeSingleOutput(info.ops.TfjsAlphaDropoutGrad, [
      {name: 'threshold', type: b.binding.TF_ATTR_INT, value: 2 ** 15}, {name: 'a', type: b.binding.TF_ATTR_FLOAT, value: 1},
      {name: 'noise_shape', type: b.binding.TF_ATTR_INT, value: []}], [tf.ones([8]), tf.tensor1d([42, 0], 'int32')]).dataSync();
    if (dx.join('') !== '11101001') throw new Error('the AlphaDropout gradient op computed ' + dx);
    console.log(Object.values(info.ops).join(', ') + ' on TensorFlow ' + info.tensorflowVersion + ' (' + info.isa +
      ', up to ' + info.maxThreads + ' threads)');`;
  const run = spawnSync(process.execPath, ['-e', code], {cwd: root, encoding: 'utf8',
    env: {...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL || '2'}});
  if (run.status !== 0) {
    const why = `${run.stderr}`.split('\n').find(l => /Error/.test(l)) || run.stderr.trim().slice(0, 300);
    throw new Error(`${path.relative(root, file)} does not load into tfjs-node's TensorFlow: ${why}`);
  }
  return `${path.relative(root, file)}: ${run.stdout.trim()}`;
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

/** Node's headers installed beside node (node-gyp would otherwise download them). */
function nodeHeaders() {
  const include = path.join(path.dirname(process.execPath), '..', 'include', 'node');
  return fs.existsSync(path.join(include, 'node_api.h')) ? include : undefined;
}

function sourcesHash(extra = '') {
  const hash = crypto.createHash('sha256');
  hash.update(require(path.join(root, 'package.json')).version).update(extra);
  for (const name of fs.readdirSync(sourceDir).filter(n => /\.(cc|h|gyp)$/.test(n)).sort()) {
    hash.update(name).update(fs.readFileSync(path.join(sourceDir, name)));
  }
  return hash.digest('hex');
}

const stampOf = file => `${file}.sources.sha256`;
const upToDate = (file, hash) => fs.existsSync(file) && fs.existsSync(stampOf(file)) &&
    fs.readFileSync(stampOf(file), 'utf8').trim() === hash;

/** binding.gyp's target: sources, defines (with `<!(command)` expanded), compiler and linker flags. */
function gypTarget() {
  const text = fs.readFileSync(path.join(sourceDir, 'binding.gyp'), 'utf8').split('\n').filter(l => !/^\s*#/.test(l)).join('\n');
  const [target] = JSON.parse(text).targets;
  const expand = value => {
    const start = value.indexOf('<!(');
    if (start < 0) return value;
    const command = value.slice(start + 3, value.lastIndexOf(')'));
    return value.slice(0, start) + execSync(command, {cwd: sourceDir, encoding: 'utf8'}).trim();
  };
  return {sources: target.sources, defines: target.defines.map(expand), cflags: target.cflags_cc, libraries: target.libraries};
}

/** Compiles and links the addon in one command (the testing build and the prebuild). */
function compile(compiler, output, {defines = [], flags = []} = {}) {
  const include = nodeHeaders();
  if (!include) throw new Error(`Node's headers (node_api.h) are not installed beside ${process.execPath}`);
  const target = gypTarget();
  fs.mkdirSync(path.dirname(output), {recursive: true});
  // binding.gyp's op-name suffix is the local build's; these builds bring their own (or none).
  const gypDefines = target.defines.filter(d => !d.startsWith('TFJS_SELU_OP_SUFFIX='));
  const args = [
    ...compiler.slice(1), '-shared', '-fPIC', ...target.cflags, `-I${include}`,
    ...[...gypDefines, `NODE_GYP_MODULE_NAME=${ADDON_NAME}`, ...defines].map(d => `-D${d}`),
    ...flags, ...target.sources.map(s => path.join(sourceDir, s)), ...target.libraries, '-o', output,
  ];
  const run = spawnSync(compiler[0], args, {cwd: sourceDir, encoding: 'utf8'});
  if (run.status !== 0) {
    throw new Error(`${compiler.join(' ')} failed: ${(run.stderr || String(run.error)).split('\n').find(l => /error/i.test(l)) ||
        run.stderr.slice(0, 300)}`);
  }
}

/** node-gyp rebuild: the local build, as a user's `npm install` compiles it. Returns why not, or ''. */
function nodeGypBuild(quiet) {
  const compiler = process.env.CXX || ['c++', 'g++', 'clang++'].find(onPath);
  if (!compiler || !onPath(compiler.split(' ')[0])) return 'no C++ compiler found: install g++ or set CXX';
  if (!onPath('make')) return 'make is not installed';
  const nodeGyp = findNodeGyp();
  if (!nodeGyp) return 'node-gyp not found (it ships with npm)';
  const args = [...nodeGyp.slice(1), 'rebuild', `--directory=${sourceDir}`];
  // Offline, node-gyp cannot download Node's headers: use the ones installed beside node.
  if (!process.env.npm_config_nodedir && nodeHeaders()) args.push(`--nodedir=${path.join(nodeHeaders(), '..', '..')}`);
  if (!quiet) console.log(`${TAG} building the native SELU op (node-gyp rebuild in ${path.relative(root, sourceDir)})`);
  const build = spawnSync(nodeGyp[0], args, {cwd: root, encoding: 'utf8', env: process.env});
  if (build.status === 0) return '';
  const log = path.join(sourceDir, 'build-error.log');
  fs.mkdirSync(path.dirname(log), {recursive: true});
  fs.writeFileSync(log, `${build.stdout || ''}\n${build.stderr || ''}\n${build.error || ''}`);
  const firstError = `${build.stderr || ''}\n${build.stdout || ''}`.split('\n').find(l => /error/i.test(l)) || String(build.error || '');
  return `node-gyp failed: ${firstError.trim().slice(0, 200)} (full log: ${log})`;
}

/** The prebuild node-gyp-build would pick for this platform, if it loads here (e.g. not on musl). */
function loadablePrebuild() {
  const previous = process.env.PREBUILDS_ONLY;
  process.env.PREBUILDS_ONLY = '1';  // node-gyp-build reads it when first required
  try {
    const file = require('node-gyp-build').path(sourceDir);
    require(file);
    return file;
  } catch {
    return undefined;
  } finally {
    if (previous === undefined) delete process.env.PREBUILDS_ONLY;
    else process.env.PREBUILDS_ONLY = previous;
  }
}

function install() {
  const prebuilt = loadablePrebuild();
  if (prebuilt) return console.log(`${TAG} using the prebuilt native SELU op (${path.relative(root, prebuilt)})`);
  if (process.platform !== 'linux') {
    return console.log(`${TAG} native SELU op skipped (the op supports Linux only, this is ${process.platform}); ${skipOutcome}.`);
  }
  const why = nodeGypBuild(true);
  if (why) return console.log(`${TAG} native SELU op skipped (${why}); ${skipOutcome}.`);
  console.log(`${TAG} built the native SELU op (${path.relative(root, localBuild)})`);
}

function setup(verifyAfter) {
  if (process.platform !== 'linux') throw new Error(`the op supports Linux only, this is ${process.platform}`);
  const hash = sourcesHash();
  if (upToDate(localBuild, hash) && upToDate(testingBuild, hash)) {
    console.log(`${TAG} native SELU op up to date (${path.relative(root, localBuild)}, ${path.relative(root, testingBuild)})`);
  } else {
    const why = nodeGypBuild(false);  // `rebuild` empties build/, the testing build included
    if (why) throw new Error(why);
    fs.writeFileSync(stampOf(localBuild), `${hash}\n`);
    const cxx = (process.env.CXX || 'c++').split(' ');
    compile(cxx, testingBuild, {defines: ['TFJS_SELU_TESTING', 'TFJS_SELU_OP_SUFFIX=Testing']});
    fs.writeFileSync(stampOf(testingBuild), `${hash}\n`);
    console.log(`${TAG} built ${path.relative(root, localBuild)} and ${path.relative(root, testingBuild)}`);
  }
  if (verifyAfter) {
    for (const file of [localBuild, testingBuild, prebuild].filter(f => fs.existsSync(f))) console.log(`${TAG} OK ${verify(file)}`);
  }
}

function buildPrebuild(compilerCommand) {
  if (!compilerCommand) throw new Error("--prebuild needs --cxx '<zig c++ command>' (scripts/prebuild.sh)");
  const compiler = compilerCommand.split(' ').filter(Boolean);
  const hash = sourcesHash(`${compilerCommand} ${PREBUILD_TARGET}`);
  if (upToDate(prebuild, hash)) return console.log(`${TAG} prebuild up to date (${path.relative(root, prebuild)})`);
  // Only Node-API's entry points are exported: the statically linked libc++ stays hidden from the
  // libstdc++ that TensorFlow brings into the same process.
  const exportsMap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-selu-prebuild-')), 'exports.map');
  fs.writeFileSync(exportsMap, '{ global: napi_register_module_v1; node_api_module_get_api_version_v1; local: *; };\n');
  try {
    compile(compiler, prebuild, {flags: ['-target', PREBUILD_TARGET, '-s', `-Wl,--version-script=${exportsMap}`]});
  } finally {
    fs.rmSync(path.dirname(exportsMap), {recursive: true, force: true});
  }
  fs.writeFileSync(stampOf(prebuild), `${hash}\n`);
  console.log(`${TAG} built the prebuild ${path.relative(root, prebuild)} (${PREBUILD_TARGET}, ${fs.statSync(prebuild).size} bytes)`);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--install')) {
    try {
      install();
    } catch (error) {
      console.log(`${TAG} native SELU op skipped (${error.message}); ${skipOutcome}.`);
    }
  } else {
    try {
      if (args.includes('--prebuild')) buildPrebuild(args.includes('--cxx') ? args[args.indexOf('--cxx') + 1] : undefined);
      else setup(args.includes('--verify'));
    } catch (error) {
      console.error(`${TAG} ERROR building the native SELU op: ${error.message}`);
      process.exit(1);
    }
  }
}
