/**
 * Every accuracy bound the tests hold results to, stated once with its reason:
 * first each backend's kernels (the conformance suite and the
 * backend-specific tests, Node and browser alike; docs/NUMERICS.md lists them
 * per backend with the measured worst errors), then the comparisons with
 * TensorFlow.js's built-in ops, the override, the examples and the reference
 * self-checks, and last the rules that derive one bound from another.
 * Suites never write a tolerance inline.
 */
import {SELU_ALPHA, SELU_SCALE} from '../../src/constants.js';
import {FLOAT32_EPS} from './assertions.js';
import type {Tolerance} from './assertions.js';

/**
 * cpu: the kernels compute in float64 and round once, so the forward is
 * within an ulp. The gradient adds the float32 rounding of λα and of y.
 */
export const CPU_FORWARD: Tolerance = {rtol: FLOAT32_EPS, atol: 0};
export const CPU_GRADIENT: Tolerance = {rtol: 2 * FLOAT32_EPS, atol: 3 * FLOAT32_EPS};

/**
 * float32 render targets (the default): within 3 ulps of the float64
 * reference. The forward's range-reduced expm1 uses only + − × (correctly
 * rounded in GLSL ES 3.0), so this is ~2 ulps of arithmetic plus the rounding
 * of λ and λα to float32 uniforms. Measured on SwiftShader: worst 1.73 ulp
 * over 8,000 inputs in [−20, 20], random normals and near 0 (test/browser/webgl.test.ts
 * logs it), packed and unpacked alike.
 *
 * Absolute floor 2^-126 (the smallest normal float32), and only that: GPUs
 * flush denormals, and the kernel returns at least 2^-126 for x > 0 so that
 * y > 0 exactly when x > 0 (the output-based gradient depends on it). Outputs
 * below 2^-126 therefore carry no relative precision.
 */
export const WEBGL_FORWARD: Tolerance = {rtol: 3 * FLOAT32_EPS, atol: 2 ** -126};

/**
 * The output-based gradient dy·(y + λα) inherits the forward's few ulps of y
 * as an absolute error near ulp(λα) ≈ 2.4e-7 (docs/NUMERICS.md), hence the floor.
 * Measured worst: 1.05·2^-23 (relative above 1, absolute below).
 */
export const WEBGL_GRADIENT: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS};

/**
 * IEEE binary16 (half float), what tfjs-backend-webgl renders every output
 * into when float32 render targets are off (WEBGL_RENDER_FLOAT32_ENABLED=false,
 * e.g. WEBGL_FORCE_F16_TEXTURES=true: many phones, iOS). 11 significant bits:
 * a stored value is within HALF_FLOAT_UNIT_ROUNDOFF relative of what the
 * shader computed in float32. Below HALF_FLOAT_MIN_NORMAL values are
 * subnormal (absolute spacing 2^-24) or flushed to 0, as the GPU chooses;
 * beyond HALF_FLOAT_MAX they overflow (tfjs's upload turns ±Inf and such
 * inputs into NaN). The half-float suites feed inputs exactly representable
 * as normal halves (roundToHalf in test/support/reference.ts): tfjs rounds
 * any other input on upload, before a kernel sees it.
 */
export const HALF_FLOAT_UNIT_ROUNDOFF = 2 ** -11;
export const HALF_FLOAT_MIN_NORMAL = 2 ** -14;
export const HALF_FLOAT_MAX = 65504;

/**
 * Forward on half-float textures, inputs exact in half: the float32 shader
 * result (within WEBGL_FORWARD) rounded once to half. Outputs below the
 * smallest normal half carry only an absolute accuracy of 2^-14 (flushed or
 * subnormal).
 */
export const HALF_FLOAT_FORWARD: Tolerance = {
  rtol: HALF_FLOAT_UNIT_ROUNDOFF + 2 * WEBGL_FORWARD.rtol,
  atol: HALF_FLOAT_MIN_NORMAL,
};

/**
 * selu's gradient on half-float textures, which is computed from x there
 * (src/gradient_source.ts): each stored result is the float32 shader value
 * (a few float32 ulps) rounded once to half. The longest chain the suites
 * check, the gradient penalty d/dx Σ selu'(x)² (selu'; the square's gradient;
 * the product ddx·dy; the from-input pass), stores 4 results in half floats:
 * rtol 4·2^-11 plus the float32 arithmetic, absolute floor the smallest
 * normal half. The output form would fail this by far: y near −λα holds an
 * absolute error up to 2^-11 (docs/NUMERICS.md).
 */
export const HALF_FLOAT_GRADIENT: Tolerance = {
  rtol: 4 * HALF_FLOAT_UNIT_ROUNDOFF + 4 * WEBGL_GRADIENT.rtol,
  atol: HALF_FLOAT_MIN_NORMAL,
};

/**
 * seluGrad(dy, y) called directly (the output form) on half-float textures:
 * y near −λα is held to ulp16(λα)/2 = 2^-11 absolute (λα is in [1, 2)), which
 * y + λα turns into dx's absolute error per unit dy; dx is rounded once more.
 */
export const HALF_FLOAT_OUTPUT_GRADIENT: Tolerance = {
  rtol: 2 * HALF_FLOAT_UNIT_ROUNDOFF + 4 * WEBGL_GRADIENT.rtol,
  atol: 2 * HALF_FLOAT_UNIT_ROUNDOFF,
};

/**
 * On half-float textures, `parity` (a float32 comparison of the plugin with
 * a tfjs op, e.g. BUILTIN_SELU_PARITY) widened by the two results' own
 * roundings to half (each 2^-11 relative), with the forward's absolute floor.
 */
export function halfFloatParity(parity: Tolerance): Tolerance {
  return {rtol: 2 * HALF_FLOAT_UNIT_ROUNDOFF + parity.rtol, atol: Math.max(parity.atol, HALF_FLOAT_FORWARD.atol)};
}

/**
 * The plugin's gradient against tf.selu's built-in gradient on half-float
 * textures, dy up to `maxDy`: the built-in stores dy·λα, exp(x) and their
 * product, ours only dx: 4 roundings to half apart.
 */
export function halfFloatBuiltinGradientParity(maxDy: number): Tolerance {
  const float32 = builtinGradientParity(maxDy);
  return {rtol: 4 * HALF_FLOAT_UNIT_ROUNDOFF + float32.rtol, atol: Math.max(float32.atol, HALF_FLOAT_GRADIENT.atol * maxDy)};
}

/**
 * The kernel's gradient dx against the central difference (y₊ − y₋)/(x₊ − x₋)
 * of the kernel's forward on half-float textures, at x with x₊ = x + h and
 * x₋ = x − h as held in half: each stored y within 2^-11 relative gives
 * 2^-11·(|y₊| + |y₋|)/(x₊ − x₋); the quotient is f' at the midpoint of the
 * two held points, not at x (|f''| ≤ λα), plus the truncation h²·λα/6; and dx
 * itself is within HALF_FLOAT_GRADIENT.
 */
export function halfFloatFiniteDifferenceBound(x: number, h: number, held: {plus: number, minus: number},
                                               y: {plus: number, minus: number}, dx: number): number {
  const scaleAlpha = SELU_SCALE * SELU_ALPHA;
  const midpoint = (held.plus + held.minus) / 2;
  return HALF_FLOAT_UNIT_ROUNDOFF * (Math.abs(y.plus) + Math.abs(y.minus)) / (held.plus - held.minus) +
      scaleAlpha * (Math.abs(midpoint - x) + h * h / 6) + HALF_FLOAT_GRADIENT.atol + HALF_FLOAT_GRADIENT.rtol * Math.abs(dx);
}

/**
 * On half-float textures selu's gradient is computed from x and stored in half
 * floats: λα·e^x stays positive down to the smallest normal half, 2^-14
 * (GPUs may flush subnormal halves), i.e. for x ≥ ln(2^-14/λα) ≈ −10.3. The
 * property tests require selu' > 0 above it there.
 */
export const HALF_FLOAT_GRADIENT_POSITIVE_ABOVE = Math.log(HALF_FLOAT_MIN_NORMAL / (SELU_SCALE * SELU_ALPHA));

/**
 * AlphaDropout's dropped value on half-float textures against its float64
 * value: the layer's select and affine map store up to 4 intermediate
 * results, each rounded to half.
 */
export const HALF_FLOAT_ALPHA_DROPOUT_VALUE: Tolerance = {rtol: 4 * HALF_FLOAT_UNIT_ROUNDOFF, atol: 0};

/**
 * The yardstick of the WebGL modes (test/browser/webgl_modes.test.ts): the
 * plugin's worst error, |error| / max(|reference|, 1e-2) over issue #19's
 * inputs, must be at most the built-in tf.selu's measured in the same test,
 * or at most this where both are below it. In float32 storage the output-form
 * gradient's absolute error near ulp(λα)/2 ≈ 1.2e-7 (docs/NUMERICS.md) reads
 * as 1.2e-5 against the 1e-2 floor; 2e-5 covers it with the forward's few ulps.
 */
export const YARDSTICK_FLOOR = 2e-5;

/**
 * Keras models on half-float textures (KerasUnderTest.halfFloat): weights,
 * inputs and every intermediate are rounded to 11 bits, so TensorFlow's
 * float32 results are out of reach. The plugin's worst difference from
 * TensorFlow may exceed the built-in tf.selu's, on the same backend in the
 * same test, by one half-float rounding of the largest reference value: the
 * two runs share every weight, input and other layer; only the activations
 * differ, each a single stored rounding (2^-11) away from the same float32
 * value.
 */
export function halfFloatKerasSlack(largestReference: number): number {
  return HALF_FLOAT_UNIT_ROUNDOFF * largestReference;
}

/**
 * Whole Keras models (test/suites/keras.ts) against TensorFlow's own predictions and
 * input gradients, on every backend: the values are O(1) and every dot product
 * has at most 16 terms, so results stay a few float32 ulps from TensorFlow's
 * Eigen kernels. Measured worst (predictions / input gradients; the suite
 * logs it): cpu 0.75ε / 1ε, tensorflow 3ε / 1.5ε (composition and native
 * kernels), webgl (SwiftShader) 2ε / 1.25ε.
 */
export const KERAS_MODEL: Tolerance = {rtol: 8 * FLOAT32_EPS, atol: 8 * FLOAT32_EPS};

/**
 * tensorflow, native op (kernels/node/native): float32 expm1 by the core's
 * range reduction and a degree-8 Taylor polynomial, times float32(λα); λx
 * with float32 λ. Measured worst 2.12 ulp of the float64 reference over 4M
 * inputs from 1e-17 to 100 in magnitude (the float32 rounding of λα included).
 * TensorFlow flushes denormals: the floor 2^-126.
 */
export const TENSORFLOW_NATIVE_FORWARD: Tolerance = {rtol: 3 * FLOAT32_EPS, atol: 2 ** -126};
/** dy·(y + λα): y's error becomes absolute; measured worst 1.32·2^-23 for |dy| ≤ 1. */
export const TENSORFLOW_NATIVE_GRADIENT: Tolerance = {rtol: 2 * FLOAT32_EPS, atol: 3 * FLOAT32_EPS};

/**
 * tensorflow, composition of TensorFlow ops: expm1 comes from Eigen's float32
 * tanh through softsign, measured ≤ 3.4 ulp over millions of inputs, plus one
 * rounding per constant and product.
 */
export const TENSORFLOW_COMPOSITION_FORWARD: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 2 ** -126};
/**
 * dx = dy·(y + λα) inherits that error of y as an absolute error: ≤ 4 ulp·|y|
 * with |y| ≤ λα ≈ 1.76, i.e. 7 ulp of 1 (measured ≤ 3.5).
 */
export const TENSORFLOW_COMPOSITION_GRADIENT: Tolerance = {rtol: 2 * FLOAT32_EPS, atol: 7 * FLOAT32_EPS};

/**
 * WebGPU (float32 storage buffers): the same bound as WebGL's float32 path.
 * The kernels use only + − × in the range-reduced expm1 (WGSL rounds them
 * correctly), so ~2 ulps of arithmetic plus the rounding of λ and λα to
 * float32 uniforms; the GPU flushes denormals, hence the 2^-126 floor.
 * Measured on SwiftShader: forward 1.73 ulp, gradient 1.05·2^-23, vec4 and
 * scalar lanes alike (test/browser/webgpu.test.ts logs it).
 */
export const WEBGPU_FORWARD: Tolerance = WEBGL_FORWARD;

/** As WEBGL_GRADIENT: the output-based gradient's absolute floor near ulp(λα). */
export const WEBGPU_GRADIENT: Tolerance = WEBGL_GRADIENT;

/**
 * The fallback composition (src/fallback.ts) on any backend: near 0 a
 * polynomial with + − × only, below −0.5 the backend's exp(t) − 1 with its
 * error amplified at most 1.55 times, plus one rounding per op; positive
 * outputs are at least 2^-126 on every backend (the absolute floor). Measured
 * worst: 2.32·2^-24 relative on wasm and cpu, 4.34·2^-24 on webgpu
 * (test/browser/fallback_webgpu.test.ts logs it).
 */
export const FALLBACK_FORWARD: Tolerance = {rtol: 8 * FLOAT32_EPS, atol: 2 ** -126};
export const FALLBACK_GRADIENT: Tolerance = {rtol: 8 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS};

/**
 * wasm, SIMD path: the module computes in float32 with the webgl shader's
 * range reduction (+ − × only, correctly rounded in WebAssembly), so a few
 * ulps of arithmetic plus the rounding of λ and λα to float32; IEEE
 * denormals, so no absolute floor. Measured worst 1.75 ulp over the ulp test's
 * 500,000 inputs (test/suites/wasm.ts logs it), 1.92 ulp over dense sweeps of
 * [−20, 0]. Its gradient dy·(y + λα) rounds twice and inherits y's few ulps
 * as an absolute error near ulp(λα), as on webgl.
 */
export const WASM_SIMD_FORWARD: Tolerance = {rtol: 3 * FLOAT32_EPS, atol: 0};
export const WASM_SIMD_GRADIENT: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS};

/**
 * The plugin's kernels per backend as a user gets them by default (wasm on its SIMD path,
 * tensorflow through the native op), for the tests that run every backend from a build: the
 * script-tag bundle and the packed tarball.
 */
export const PLUGIN_KERNELS: Record<'cpu' | 'webgl' | 'webgpu' | 'wasm' | 'tensorflow', {forward: Tolerance, gradient: Tolerance}> = {
  cpu: {forward: CPU_FORWARD, gradient: CPU_GRADIENT},
  webgl: {forward: WEBGL_FORWARD, gradient: WEBGL_GRADIENT},
  webgpu: {forward: WEBGPU_FORWARD, gradient: WEBGPU_GRADIENT},
  wasm: {forward: WASM_SIMD_FORWARD, gradient: WASM_SIMD_GRADIENT},
  tensorflow: {forward: TENSORFLOW_NATIVE_FORWARD, gradient: TENSORFLOW_NATIVE_GRADIENT},
};

/**
 * AlphaDropout's values on every float32 backend: a kept element is a·x + b
 * with a and b rounded to float32, evaluated in float64 and rounded once
 * (cpu, wasm), or as a float32 product and sum (GPUs, the fallback), or with
 * an fma: each stays within 2^-24·(|a·x| + |y|) (1 + 2^-20) of the float64
 * value (half an ulp of the product plus half an ulp of the result). The
 * suite bounds |y − ref| by rtol·(|a·x| + |ref|) + atol; the floor 2^-126 is
 * for GPUs that flush denormal results. Dropped elements are the float32
 * rounding of the dropped value, and the gradient fround(a)·dy, both exactly.
 */
export const ALPHA_DROPOUT_VALUES: Tolerance = {rtol: 2 ** -24 * (1 + 2 ** -20), atol: 2 ** -126};

/** tensorflow.test.ts's checks that run on both kernel paths with one bound: the looser path's (the composition's). */
export const TENSORFLOW_EITHER_PATH_FORWARD: Tolerance = TENSORFLOW_COMPOSITION_FORWARD;
export const TENSORFLOW_EITHER_PATH_GRADIENT: Tolerance = TENSORFLOW_COMPOSITION_GRADIENT;

/**
 * int32 inputs on wasm take the JS loops (as on cpu: float64, one rounding)
 * rather than the SIMD module; with integer dy up to 4 in magnitude the
 * gradient's absolute error stays within 2 ulps of 1 per unit of |dy|.
 */
export const WASM_INT32_GRADIENT: Tolerance = {rtol: 2 * FLOAT32_EPS, atol: 8 * FLOAT32_EPS};

/** selu'(e^t)·e^t on cpu: tfjs's float32 exp (a few ulps) times the kernel's gradient. */
export const CPU_GRADIENT_THROUGH_EXP: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 0};

/** selu(−Inf) = −λα: float32(λ)·float32(α) rounds twice against the float64 product. */
export const SATURATION: Tolerance = {rtol: 2 * FLOAT32_EPS, atol: 0};

/**
 * The plugin against tf.selu (the built-in composition, exp(x) − 1 in
 * float32): a few ulps of each, and for outputs near −λα an absolute error of
 * a few ulps of λα.
 */
export const BUILTIN_SELU_PARITY: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS * SELU_SCALE * SELU_ALPHA};

/** selu with alpha = scale = 1 against tf.elu: a few ulps of each. */
export const BUILTIN_ELU_PARITY: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS};

/**
 * The plugin's gradient against the built-in gradient of tf.selu for dy up to
 * `maxDy` in magnitude: the built-in's exp(x) and products add their ulps, so
 * 8 ulps, absolute in units of λα·|dy|.
 */
export function builtinGradientParity(maxDy: number): Tolerance {
  return {rtol: 8 * FLOAT32_EPS, atol: 8 * FLOAT32_EPS * SELU_SCALE * SELU_ALPHA * maxDy};
}

/**
 * selu with alpha = 0 against scale·relu: one rounding of λx each, plus the
 * backend's own absolute floor for outputs below 2^-126 (`forward.atol`).
 */
export function scaledReluParity(forward: Tolerance): Tolerance {
  return {rtol: FLOAT32_EPS, atol: forward.atol};
}

/**
 * The kernel's gradient against float32 central differences of the kernel's
 * forward with h = 1e-2: the step is exact only to ~ulp(x), so the quotient
 * errs by ~ulp(y)/h plus h²·f'''/6.
 */
export const FLOAT32_FINITE_DIFFERENCE: Tolerance = {rtol: 1e-4, atol: 2e-4};

/**
 * Closed-form derivatives of the float64 reference against its central
 * differences with h = 1e-6 (reference self-checks): truncation h²·f'''/6 and
 * cancellation ~1e-16/h, both below 1e-7 relative.
 */
export const FLOAT64_FINITE_DIFFERENCE: Tolerance = {rtol: 1e-7, atol: 1e-7};

/**
 * How far TensorFlow's own golden vectors (test/fixtures/golden.json) may be
 * from the spec and still count as agreeing: TensorFlow's float32 kernels are
 * a few ulps off, absolute near outputs of size 2.
 */
export const TENSORFLOW_GOLDEN_AGREEMENT: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS * 2};

/** useSeluPluginForBuiltin on cpu: the cpu kernels' ulp, and 1.5 ulps of 1 absolute. */
export const CPU_OVERRIDE: Tolerance = {rtol: FLOAT32_EPS, atol: 1.5 * FLOAT32_EPS};
/** useSeluPluginForBuiltin on wasm: the SIMD path's 3 ulps (WASM_SIMD_FORWARD), 1.5 ulps of 1 absolute. */
export const WASM_SIMD_OVERRIDE: Tolerance = {rtol: WASM_SIMD_FORWARD.rtol, atol: 1.5 * FLOAT32_EPS};
/** useSeluPluginForBuiltin on tensorflow: TensorFlow's float32 kernels, a few ulps. */
export const TENSORFLOW_OVERRIDE: Tolerance = {rtol: 4 * FLOAT32_EPS, atol: 4 * FLOAT32_EPS};
/** useSeluPluginForBuiltin on a GPU backend: its forward's relative bound, half its gradient's absolute floor. */
export function gpuOverride(forward: Tolerance, gradient: Tolerance): Tolerance {
  return {rtol: forward.rtol, atol: gradient.atol / 2};
}
/** useSeluPluginForBuiltin on webgpu. */
export const WEBGPU_OVERRIDE: Tolerance = gpuOverride(WEBGPU_FORWARD, WEBGPU_GRADIENT);

/**
 * A small Dense–selu–Dense model's predictions with the override against the
 * built-in selu's, after a save and load: two different float32 kernels
 * through two dense layers of at most 16 terms.
 */
export const OVERRIDE_MODEL_PREDICTION: Tolerance = {rtol: 1e-5, atol: 1e-6};

/**
 * OVERRIDE_MODEL_PREDICTION on half-float textures, per prediction: both
 * layers' matMuls run the same programs on the same half-rounded inputs, so
 * only the hidden activations h_j differ, each rounded once from float32
 * values within 1e-6 of one another (2·2^-11·|h_j| + 1e-6), weighted by the
 * output layer's |w_j|; the prediction is then rounded once more
 * (2·2^-11·|prediction|). `hidden` and `weights` are computed on the host.
 */
export function halfFloatOverridePredictionBound(hidden: number[], weights: number[], prediction: number): number {
  const spread = hidden.reduce((sum, h, j) => sum + Math.abs(weights[j]) * (2 * HALF_FLOAT_UNIT_ROUNDOFF * Math.abs(h) + 1e-6), 0);
  return spread + 2 * HALF_FLOAT_UNIT_ROUNDOFF * Math.abs(prediction);
}

/** The examples' printed values (examples/*.ts, in child processes) against the float64 references: a few ulps. */
export const EXAMPLE_OUTPUT: Tolerance = {rtol: 2 * FLOAT32_EPS, atol: 2 * FLOAT32_EPS};

/**
 * examples/gradients.ts's float32 central difference (h = 1e-2) of a gradient
 * penalty against its analytic gradient: truncation h²·f'''/6 and rounding
 * ~ulp/h, about 1e-3 relative; 1e-2 leaves room.
 */
export const EXAMPLE_CENTRAL_DIFFERENCE: Tolerance = {rtol: 1e-2, atol: 0};

/**
 * The cpu kernels' float64 expm1 (src/math/expm1.ts) against Math.expm1:
 * float64 arithmetic, so far below the float32 rounding that follows.
 */
export const FLOAT64_EXPM1: Tolerance = {rtol: 1e-10, atol: 0};

/**
 * The playground's displayed values: shown with 9 significant digits (enough
 * to round-trip float32); the kernels are within a few ulps (the fallback
 * within 8). 16 ulps relative, and one ulp of 1 absolute for values near 0.
 */
export const PLAYGROUND_DISPLAY: Tolerance = {rtol: 16 * FLOAT32_EPS, atol: FLOAT32_EPS};

/** The browser example's curves: WebGL float32 on SwiftShader, a few ulps (the webgl kernel bounds above are tighter). */
export const BROWSER_EXAMPLE: Tolerance = {rtol: 1e-5, atol: 1e-6};

/** Bit-identical (expectClose, unlike ===, still tells NaN, −0 and +0 apart). */
export const EXACT: Tolerance = {rtol: 0, atol: 0};

/**
 * `tol` with no absolute floor: near 0 on the negative side, where a kernel
 * computing exp(x) − 1 in float32 would return 0 or be off by up to 100%, an
 * absolute floor would hide it.
 */
export function relativeOnly(tol: Tolerance): Tolerance {
  return {rtol: tol.rtol, atol: 0};
}

/**
 * `tol`, stated for dy (or λ·max(α, 1)) of magnitude 1, for magnitude
 * `factor`: the output-based gradient's absolute error (about ulp(λα)·|dy|)
 * grows with it, the relative bound does not.
 */
export function absoluteScaledBy(tol: Tolerance, factor: number): Tolerance {
  return {rtol: tol.rtol, atol: tol.atol * factor};
}

/** `tol` times `factor`, both parts: for derivatives that compound the error of the quantity `tol` bounds. */
export function scaledBy(tol: Tolerance, factor: number): Tolerance {
  return {rtol: factor * tol.rtol, atol: factor * tol.atol};
}

/** The sum of two bounds: a result that may differ from a reference that may itself differ from the spec. */
export function widened(a: Tolerance, b: Tolerance): Tolerance {
  return {rtol: a.rtol + b.rtol, atol: a.atol + b.atol};
}

/**
 * AlphaDropout on half-float textures (webgl with WEBGL_RENDER_FLOAT32_ENABLED
 * false), in ALPHA_DROPOUT_VALUES's form |y − ref| ≤ rtol·(|a·x| + |ref|) + atol:
 * x arrives rounded to 11 significant bits (2^-11·|a·x|), the float32
 * arithmetic adds 2^-24·(|a·x| + |y|), and y leaves rounded to 11 bits
 * (2^-11·|y|, dropped values too); values below the smallest normal half,
 * 2^-14, may be flushed. The keep pattern stays exact.
 */
export const ALPHA_DROPOUT_HALF_FLOAT: Tolerance = {rtol: 2 ** -11 + 2 ** -24, atol: 2 ** -14};
