/**
 * The page's starting settings, overridable by URL parameters (shareable
 * links, and small runs for the tests), e.g.
 * `?backend=wasm&depth=16&width=64&digits=500&epochs=2&sizes=1e3,1e4&reps=9`.
 */
import {SELU_ALPHA, SELU_SCALE} from 'tfjs-selu';
import {STACK} from '../common/self_normalisation.js';

interface Settings {
  /** Backend to start on; default: the first available of the picker's order. */
  backend?: string;
  alpha: number;
  scale: number;
  depth: number;
  width: number;
  samples: number;
  /** How many of the shipped digits to use (train + held out). */
  digits?: number;
  epochs: number;
  sizes: number[];
  /** Upper bound on the benchmark's repetitions per contender. */
  reps: number;
  /** Run the self-normalisation experiment once the page is ready ('0' turns it off). */
  experiment: boolean;
  /**
   * Run the op as the fallback composition on every backend (the plugin's kernels are not loaded),
   * to compare; this also offers backends this build has no kernels for.
   */
  fallback: boolean;
}

export const DEFAULTS: Settings = {
  alpha: SELU_ALPHA,
  scale: SELU_SCALE,
  depth: STACK.depth,
  width: STACK.width,
  samples: STACK.samples,
  epochs: 3,
  sizes: [1e4, 1e5, 1e6],
  reps: 51,
  experiment: true,
  fallback: false,
};

function numberParam(query: URLSearchParams, name: string, fallback: number, integer: boolean): number {
  const text = query.get(name);
  if (text === null) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new Error(`URL parameter '${name}': expected ${integer ? 'an integer' : 'a number'}, got '${text}'`);
  }
  return value;
}

/** Parses a list like '1e3,1e4,1e5' into positive integers. */
export function parseSizes(text: string, what = 'sizes'): number[] {
  const sizes = text.split(',').map(s => s.trim()).filter(s => s !== '').map(Number);
  if (sizes.length === 0 || sizes.some(n => !Number.isInteger(n) || n < 1 || n > 1e8)) {
    throw new Error(`${what}: expected a comma-separated list of integers in [1, 1e8], got '${text}'`);
  }
  return sizes;
}

export function readSettings(search: string): Settings {
  const query = new URLSearchParams(search);
  return {
    backend: query.get('backend') ?? undefined,
    alpha: numberParam(query, 'alpha', DEFAULTS.alpha, false),
    scale: numberParam(query, 'scale', DEFAULTS.scale, false),
    depth: numberParam(query, 'depth', DEFAULTS.depth, true),
    width: numberParam(query, 'width', DEFAULTS.width, true),
    samples: numberParam(query, 'samples', DEFAULTS.samples, true),
    digits: query.has('digits') ? numberParam(query, 'digits', 0, true) : undefined,
    epochs: numberParam(query, 'epochs', DEFAULTS.epochs, true),
    sizes: query.has('sizes') ? parseSizes(query.get('sizes')!, "URL parameter 'sizes'") : DEFAULTS.sizes,
    reps: numberParam(query, 'reps', DEFAULTS.reps, true),
    experiment: query.get('experiment') !== '0',
    fallback: query.get('fallback') === '1',
  };
}
