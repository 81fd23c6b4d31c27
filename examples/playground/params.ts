/**
 * The page's starting settings, overridable by URL parameters (shareable
 * links, and small runs for the tests), e.g.
 * `?backend=wasm&depth=16&width=64&digits=500&epochs=2&sizes=1e3,1e4&reps=9`,
 * or a phone-like WebGL on a desktop: `?backend=webgl&webgl=webgl1,f16,unpacked`.
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
  /**
   * tfjs WebGL flags set before the 'webgl' backend starts (`?webgl=webgl1,f16,unpacked`, any subset):
   * see {@link WEBGL_MODE_FLAGS}. Empty: tfjs's own choice for this browser.
   */
  webgl: WebGLModeWord[];
}

/**
 * What each word of `?webgl=` sets: WebGL 1 (where WebGL 2 is missing), half-float render targets
 * (where float32 ones are not available: many phones, iOS), unpacked layouts.
 */
export const WEBGL_MODE_FLAGS = {
  webgl1: {WEBGL_VERSION: 1},
  f16: {WEBGL_FORCE_F16_TEXTURES: true},
  unpacked: {WEBGL_PACK: false},
} as const satisfies Record<string, Record<string, boolean | number>>;
export type WebGLModeWord = keyof typeof WEBGL_MODE_FLAGS;

/** Parses `?webgl=` ('webgl1,f16,unpacked', any subset, or empty). */
export function parseWebGLMode(text: string): WebGLModeWord[] {
  const words = text.split(',').map(s => s.trim()).filter(s => s !== '');
  const unknown = words.filter(word => !(word in WEBGL_MODE_FLAGS));
  if (unknown.length > 0) {
    throw new Error(`URL parameter 'webgl': unknown '${unknown.join(',')}' (known: ${Object.keys(WEBGL_MODE_FLAGS).join(', ')})`);
  }
  return words as WebGLModeWord[];
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
  webgl: [],
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
    webgl: parseWebGLMode(query.get('webgl') ?? ''),
  };
}
