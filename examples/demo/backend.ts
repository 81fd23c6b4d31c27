/**
 * Picks the fastest Node backend on which the plugin has kernels: TensorFlow's
 * native library (tfjs-node) with 'tfjs-selu/node' when both load, else cpu.
 */
import * as tf from '@tensorflow/tfjs';

interface BackendChoice {
  name: string;
  /** Why this backend: printed so that a slow run explains itself. */
  reason: string;
}

export async function pickBackend(): Promise<BackendChoice> {
  await import('tfjs-selu/cpu');
  const missing = await loadNativeBackend();
  const name = missing === undefined ? 'tensorflow' : 'cpu';
  if (!await tf.setBackend(name)) throw new Error(`backend '${name}' failed to initialise`);
  await tf.ready();
  const reason = missing === undefined ?
      'native TensorFlow (@tensorflow/tfjs-node) with the plugin\'s kernels (tfjs-selu/node)' :
      `the 'tensorflow' backend is not available: ${missing}`;
  return {name, reason};
}

/** Loads tfjs-node and the plugin's kernels for it; returns what is missing, if anything. */
async function loadNativeBackend(): Promise<string | undefined> {
  // TensorFlow's C++ logging would otherwise print its CPU-feature notices.
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  try {
    await import('@tensorflow/tfjs-node');
  } catch (error) {
    return `@tensorflow/tfjs-node does not load (${firstLine(error)})`;
  }
  try {
    await import('tfjs-selu/node');
  } catch (error) {
    return `tfjs-selu/node does not load (${firstLine(error)})`;
  }
  return undefined;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
