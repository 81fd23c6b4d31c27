/**
 * Small assertion helpers shared by the Node and browser suites (no Node
 * built-ins, so the same file bundles for karma).
 */
import * as tf from '@tensorflow/tfjs-core';
import {FLOAT32_MIN_POSITIVE} from '../../src/constants.js';
import type {SeluOptions} from '../../src/validation.js';
import {selu} from '../../src/selu.js';

export interface Tolerance {
  /** Relative tolerance. */
  rtol: number;
  /** Absolute floor. */
  atol: number;
}

/** float32 machine epsilon, 2^-23: one ulp of 1. */
export const FLOAT32_EPS = 2 ** -23;


/**
 * Elementwise |actual − expected| ≤ atol + rtol·|expected| + 2^-149 (results
 * below 2^-126 have no relative precision in float32), with NaN matching
 * only NaN and infinities matching exactly. Reports the worst element.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance,
                            inputs?: ArrayLike<number>, what = 'values'): void {
  if (actual.length !== expected.length) {
    throw new Error(`${what}: length ${actual.length} != expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < actual.length; ++i) {
    const a = actual[i];
    const e = overflowLikeFloat32(expected[i]);
    if (Number.isNaN(e) || Number.isNaN(a) || !Number.isFinite(e) || !Number.isFinite(a)) {
      if (!Object.is(a, e) && !(a === e)) {
        throw new Error(`${what}[${i}]${inputs ? ` (x=${inputs[i]})` : ''}: got ${a}, expected ${e}`);
      }
      continue;
    }
    const excess = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e) + FLOAT32_MIN_POSITIVE);
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = i;
    }
  }
  if (worst >= 0) {
    const a = actual[worst];
    const e = expected[worst];
    throw new Error(`${what}[${worst}]${inputs ? ` (x=${inputs[worst]})` : ''}: got ${a}, expected ${e}, ` +
        `|diff| ${Math.abs(a - e)} > atol ${tol.atol} + rtol ${tol.rtol}·|expected|`);
  }
}

/** A float64 value beyond the float32 range becomes ±Infinity, as float32 would. */
export function overflowLikeFloat32(value: number): number {
  return Number.isFinite(Math.fround(value)) ? value : Math.fround(value);
}

/** Asserts `fn` throws an Error whose message contains every fragment. */
export function expectThrows(fn: () => unknown, ...fragments: string[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (!(error instanceof Error)) {
    throw new Error(`expected an Error mentioning ${JSON.stringify(fragments)}, but ${error === undefined ? 'nothing was thrown' : `got ${String(error)}`}`);
  }
  for (const fragment of fragments) {
    if (!error.message.includes(fragment)) {
      throw new Error(`error message "${error.message}" does not mention "${fragment}"`);
    }
  }
}

/**
 * Strict structural equality: numbers by `Object.is` (NaN equals only NaN,
 * +0 and −0 differ, ±Infinity only themselves), arrays and typed arrays
 * element-wise the same way, plain objects key by key. Never JSON: it writes
 * NaN and ±Infinity all as null.
 */
export function expectEqual<T>(actual: T, expected: T, what: string): void {
  const difference = firstDifference(actual, expected, '');
  if (difference !== null) {
    throw new Error(`${what}: got ${show(actual)}, expected ${show(expected)}${difference ? ` (differs at ${difference})` : ''}`);
  }
}

/** The path of the first difference ('' for the values themselves), or null when equal. */
function firstDifference(actual: unknown, expected: unknown, path: string): string | null {
  if (Object.is(actual, expected)) return null;
  const bothLists = (Array.isArray(actual) || ArrayBuffer.isView(actual)) &&
      (Array.isArray(expected) || ArrayBuffer.isView(expected));
  if (bothLists) {
    const a = actual as ArrayLike<unknown>;
    const e = expected as ArrayLike<unknown>;
    if (a.length !== e.length) return `${path}.length`;
    for (let i = 0; i < a.length; ++i) {
      const inner = firstDifference(a[i], e[i], `${path}[${i}]`);
      if (inner !== null) return inner;
    }
    return null;
  }
  const bothObjects = typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null &&
      !ArrayBuffer.isView(actual) && !ArrayBuffer.isView(expected) && !Array.isArray(actual) && !Array.isArray(expected);
  if (bothObjects) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) {
      const inner = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
      if (inner !== null) return inner;
    }
    return null;
  }
  return path;
}

/** A readable rendering that keeps NaN, ±Infinity and −0 apart. */
export function show(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>, show);
    return `[${items.length > 20 ? [...items.slice(0, 20), '…'].join(', ') : items.join(', ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join(', ')}}`;
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

export function expectTrue(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/**
 * Runs `body` and asserts it left no tensor (and, on GPU backends, no GPU
 * byte) behind. Whatever `body` returns must already be disposed by it.
 */
export async function expectNoLeak(what: string, body: () => unknown): Promise<void> {
  const before = settledMemory();
  await body();
  const after = settledMemory();
  expectEqual(after.numTensors, before.numTensors, `${what}: tensors alive after`);
  expectEqual(after.numDataBuffers, before.numDataBuffers, `${what}: data buffers alive after`);
  if (before.numBytesInGPU !== undefined) {
    expectEqual(after.numBytesInGPU, before.numBytesInGPU, `${what}: GPU bytes after`);
  }
}

/** The parts of tfjs-backend-webgpu's public WebGPUBackend that submit its pending commands. */
interface DeferredReleaseBackend {
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/**
 * tf.memory() once buffers disposed so far are really released. The webgpu
 * backend defers releasing a disposed tensor's buffer (and each program's
 * uniform buffer) until it next submits its command queue: submit now, as a
 * read would, so GPU bytes and data buffers count only what is alive.
 */
export function settledMemory(): tf.MemoryInfo & {numBytesInGPU?: number} {
  const backend = tf.backend() as unknown as Partial<DeferredReleaseBackend>;
  if (typeof backend.submitQueue === 'function' && typeof backend.ensureCommandEncoderReady === 'function' &&
      typeof backend.endComputePassEncoder === 'function') {
    backend.ensureCommandEncoderReady();
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  return tf.memory() as tf.MemoryInfo & {numBytesInGPU?: number};
}

/**
 * Makes every test of the enclosing mocha `describe` a leak test: a test that
 * passes must leave as many tensors alive as it found.
 */
export function checkEveryTestForLeaks(): void {
  let tensorsBefore = 0;
  beforeEach(() => {
    tensorsBefore = tf.memory().numTensors;
  });
  afterEach(function () {
    if (this.currentTest?.state !== 'passed') return;
    expectEqual(tf.memory().numTensors, tensorsBefore, `tensors alive after '${this.currentTest.title}'`);
  });
}

/** Reads a tensor and disposes it. */
export async function take(t: tf.Tensor): Promise<Float32Array> {
  const values = await t.data() as Float32Array;
  t.dispose();
  return values;
}

/** selu of float32 inputs, read back; every tensor it makes is disposed. */
export async function seluValues(xs: ArrayLike<number>, options?: SeluOptions): Promise<Float32Array> {
  const x = tf.tensor1d(Float32Array.from(xs));
  const values = await take(selu(x, options));
  x.dispose();
  return values;
}
