/**
 * The karma entry (karma.conf.js): every browser suite but the threaded wasm
 * one, bundled into one page, in this order. '@tensorflow/tfjs' (the union)
 * comes first: it registers cpu and webgl and the built-in gradients the
 * suites compare against; each suite imports its own backend and the
 * plugin's kernels for it. wasm_threaded.test.ts needs a cross-origin-isolated
 * page: karma.wasm-threaded.conf.js runs it.
 */
import '@tensorflow/tfjs';
import './cpu.test.js';
import './webgl.test.js';
import './alpha_dropout_webgl.test.js';
import './keras.test.js';
import './webgl_modes.test.js';
import './webgpu.test.js';
import './alpha_dropout_webgpu.test.js';
import './fallback_webgpu.test.js';
import './wasm.test.js';
