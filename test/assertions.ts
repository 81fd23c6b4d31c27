/**
 * Small assertion helpers shared by the Node and browser suites (no Node
 * built-ins, so the same file bundles for karma).
 */
import * as tf from '@tensorflow/tfjs-core';
import {FLOAT32_MIN_POSITIVE} from '../src/constants.js';
import type {SeluOptions} from '../src/constants.js';
import {selu} from '../src/selu.js';

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

export function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (!Object.is(actual, expected) && JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  }
}

export function expectTrue(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/**
 * Runs `body` and asserts it left no tensor (and, on GPU backends, no GPU
 * byte) behind. Whatever `body` returns must already be disposed by it.
 */
export async function expectNoLeak(what: string, body: () => unknown): Promise<void> {
  const before = tf.memory() as tf.MemoryInfo & {numBytesInGPU?: number};
  await body();
  const after = tf.memory() as tf.MemoryInfo & {numBytesInGPU?: number};
  expectEqual(after.numTensors, before.numTensors, `${what}: tensors alive after`);
  expectEqual(after.numDataBuffers, before.numDataBuffers, `${what}: data buffers alive after`);
  if (before.numBytesInGPU !== undefined) {
    expectEqual(after.numBytesInGPU, before.numBytesInGPU, `${what}: GPU bytes after`);
  }
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
