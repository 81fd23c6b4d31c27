/**
 * What selu's gradient is computed from: the one place for that rule.
 *
 * - 'output' (the default): the forward saves only y, and the gradient is
 *   one SeluGradKernel pass dy·(y + λα), without exp. y's absolute error
 *   becomes dx's: ~1e-7 where outputs are float32 (as in TensorFlow and
 *   Caffe2).
 * - 'recomputed-output': inside nested tapes the forward saves x and the
 *   backward recomputes y = selu(x) on the tape, so an outer gradient finds a
 *   path (tfjs issue #3252; src/tape.ts).
 * - 'input': where the backend stores outputs with fewer bits than float32
 *   (WebGL on half-float render targets: many phones, iOS), y near −λα
 *   carries an absolute error of ~5e-4 while the true gradient there is
 *   1e-2 … 1e-5, so the forward saves x and the gradient is one
 *   SeluGradFromInputKernel pass dy·λα·exp(x). It keeps x alive instead of y
 *   until the backward pass, and is differentiable at every order.
 *
 * docs/NUMERICS.md ("Half-float storage") has the measured errors per mode.
 * src/ imports no backend: a backend entry point that may store outputs
 * lossily registers a probe for its backend name here.
 */
import {engine} from '@tensorflow/tfjs-core';
import {backwardIsRecorded, forwardIsUnderNestedTape} from './tape.js';

export type SeluGradientSource = 'output' | 'recomputed-output' | 'input';

/** Per backend name: whether that backend currently stores float32 outputs lossily. */
const lossyOutputProbes = new Map<string, () => boolean>();

/**
 * Called by a backend entry point (kernels/webgl): `storesOutputsLossily`
 * answers, when an op runs on `backendName`, whether outputs written now lose
 * precision (half-float textures); selu then saves x for its gradient.
 *
 * @returns A function that puts back the probe this one replaced (tests).
 */
export function registerLossyOutputProbe(backendName: string, storesOutputsLossily: () => boolean): () => void {
  const previous = lossyOutputProbes.get(backendName);
  lossyOutputProbes.set(backendName, storesOutputsLossily);
  return () => {
    if (previous === undefined) lossyOutputProbes.delete(backendName);
    else lossyOutputProbes.set(backendName, previous);
  };
}

/** Whether the active backend stores outputs with fewer bits than float32 right now. */
export function activeBackendStoresOutputsLossily(): boolean {
  const current = engine();
  void current.backend;  // initialises the best registered backend if none is yet
  return lossyOutputProbes.get(current.backendName)?.() ?? false;
}

/** Asked by a FORWARD op (selu, seluInPlace): what to save, and so what its gradient uses. */
export function seluGradientSourceAtForward(): SeluGradientSource {
  if (activeBackendStoresOutputsLossily()) return 'input';
  return forwardIsUnderNestedTape() ? 'recomputed-output' : 'output';
}

/**
 * Asked by a GRADIENT function that has both x and y (the built-in 'Selu'
 * override saves both, since it cannot choose at forward time): the same
 * rule, with the tape question asked as a backward pass can.
 */
export function seluGradientSourceAtBackward(): SeluGradientSource {
  if (activeBackendStoresOutputsLossily()) return 'input';
  return backwardIsRecorded() ? 'recomputed-output' : 'output';
}
