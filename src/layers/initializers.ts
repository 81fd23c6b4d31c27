import {randomUniform, serialization, truncatedNormal} from '@tensorflow/tfjs-core';
import type {DataType, Tensor} from '@tensorflow/tfjs-core';
import {initializers} from '@tensorflow/tfjs-layers';

/** tfjs-layers' `Initializer` (the type its factories return). */
export type Initializer = ReturnType<typeof initializers.ones>;

/**
 * tfjs-layers' `Initializer` class, which its index does not export: layers
 * accept an initializer object only if it is an instance of this very class.
 */
const InitializerBase = Object.getPrototypeOf(initializers.zeros().constructor) as abstract new () => Initializer;

/**
 * The standard deviation of a unit normal truncated at ±2σ is 0.8796…;
 * Keras divides by it so that the truncated draw has the intended variance.
 */
const TRUNCATED_NORMAL_STDDEV = 0.87962566103423978;

/** Arguments of {@link lecunNormal} and {@link lecunUniform} (Keras's `seed`). */
export interface LecunInitializerArgs {
  /** Seed of the random draw (Keras writes `null` for none). */
  seed?: number | null;
  /**
   * Keras 3 writes `input_axes: null, output_axes: null` (fans from the
   * default axes); other values are rejected.
   */
  inputAxes?: null;
  /** See `inputAxes`. */
  outputAxes?: null;
}

/** Keras's fan-in of a weight shape (`compute_fans`; channels last for convolutions). */
export function kerasFanIn(shape: readonly number[]): number {
  if (shape.length === 0) return 1;
  if (shape.length === 1) return shape[0];
  const receptiveField = shape.slice(0, -2).reduce((product, size) => product * size, 1);
  return shape[shape.length - 2] * receptiveField;
}

function resolveSeed(args: LecunInitializerArgs | undefined, factory: string): number | undefined {
  if (args != null && (typeof args !== 'object' || Array.isArray(args))) {
    throw new Error(`Argument 'args' passed to '${factory}' must be an object, but got ${String(args)}.`);
  }
  for (const key of ['inputAxes', 'outputAxes'] as const) {
    if (args?.[key] != null) {
      throw new Error(`Argument '${key}' passed to '${factory}' is not supported (fans are computed from the ` +
          `default axes, as Keras does for null), but got ${JSON.stringify(args[key])}.`);
    }
  }
  const seed = args?.seed;
  if (seed == null) return undefined;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    throw new Error(`Argument 'seed' passed to '${factory}' must be a finite number or null, but got ${String(seed)}.`);
  }
  return seed;
}

function checkDtype(dtype: DataType | undefined, factory: string): 'float32' | 'int32' {
  const resolved = dtype ?? 'float32';
  if (resolved !== 'float32' && resolved !== 'int32') {
    throw new Error(`'${factory}' draws float32 or int32 weights, but was asked for ${resolved}.`);
  }
  return resolved;
}

/**
 * What the two LeCun initializers share: Keras's `seed` argument, checked
 * and named after the factory, and their config (`{seed}`).
 */
abstract class SeededKerasInitializer extends InitializerBase {
  /** Seed of the draw, if any. */
  readonly seed: number | undefined;

  protected constructor(args: LecunInitializerArgs | undefined, protected readonly factory: string) {
    const seed = resolveSeed(args, factory);
    super();
    this.seed = seed;
  }

  /** The dtype to draw, checked against what the factory supports. */
  protected dtypeToDraw(dtype: DataType | undefined): 'float32' | 'int32' {
    return checkDtype(dtype, this.factory);
  }

  getConfig(): serialization.ConfigDict {
    return {seed: this.seed ?? null};
  }

  static fromConfig<T extends serialization.Serializable>(
      cls: serialization.SerializableConstructor<T>, config: serialization.ConfigDict): T {
    return new cls(config);
  }
}

/**
 * LeCun normal initialization exactly as Keras defines it (`LecunNormal`,
 * Keras 2 and 3): a normal of mean 0 truncated at ±2σ, with σ divided by
 * 0.8796… so that the weights' variance is exactly 1/fan_in, the
 * variance SELU's fixed point assumes.
 *
 * tfjs-layers' own `leCunNormal` skips that correction (variance
 * 0.774/fan_in) and knows no class named `LecunNormal`, which is what Keras
 * writes. Importing `tfjs-selu/layers` registers this class under that name,
 * so Keras models using `kernel_initializer='lecun_normal'` load.
 */
export class LecunNormal extends SeededKerasInitializer {
  /** The class name Keras writes and tfjs's serialization looks up. */
  static className = 'LecunNormal';

  /** Prefer the {@link lecunNormal} factory. */
  constructor(args?: LecunInitializerArgs) {
    super(args, 'lecunNormal');
  }

  /** Draws weights of `shape` with variance 1/fan_in (Keras's fan-in rules). */
  apply(shape: number[], dtype?: DataType): Tensor {
    const stddev = Math.sqrt(1 / Math.max(1, kerasFanIn(shape))) / TRUNCATED_NORMAL_STDDEV;
    return truncatedNormal(shape, 0, stddev, this.dtypeToDraw(dtype), this.seed);
  }
}
serialization.registerClass(LecunNormal);

/**
 * LeCun uniform initialization as Keras defines it (`LecunUniform`): uniform
 * on ±√(3/fan_in), variance 1/fan_in. The same draw as tfjs-layers'
 * `leCunUniform`, registered under the class name Keras writes.
 */
export class LecunUniform extends SeededKerasInitializer {
  /** The class name Keras writes and tfjs's serialization looks up. */
  static className = 'LecunUniform';

  /** Prefer the {@link lecunUniform} factory. */
  constructor(args?: LecunInitializerArgs) {
    super(args, 'lecunUniform');
  }

  /** Draws weights of `shape` uniformly on ±√(3/fan_in) (Keras's fan-in rules). */
  apply(shape: number[], dtype?: DataType): Tensor {
    const limit = Math.sqrt(3 / Math.max(1, kerasFanIn(shape)));
    return randomUniform(shape, -limit, limit, this.dtypeToDraw(dtype), this.seed);
  }
}
serialization.registerClass(LecunUniform);

/**
 * LeCun normal weights with Keras's exact variance 1/fan_in (see
 * {@link LecunNormal}), for the layers of self-normalizing networks:
 *
 * ```js
 * tf.layers.dense({units: 64, kernelInitializer: lecunNormal()})
 * ```
 *
 * Saved models name it `LecunNormal`, as Keras does.
 *
 * @param args optional `seed`.
 * @throws Error naming the argument and `lecunNormal` for an invalid seed.
 */
export function lecunNormal(args?: LecunInitializerArgs): LecunNormal {
  return new LecunNormal(args);
}

/**
 * LeCun uniform weights (uniform on ±√(3/fan_in)) under Keras's class name
 * `LecunUniform` (see {@link LecunUniform}).
 *
 * @param args optional `seed`.
 * @throws Error naming the argument and `lecunUniform` for an invalid seed.
 */
export function lecunUniform(args?: LecunInitializerArgs): LecunUniform {
  return new LecunUniform(args);
}
