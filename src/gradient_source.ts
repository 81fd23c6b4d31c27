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
 * lossily registers a probe here, which recognises its backends by what they
 * are, whatever name they were registered under.
 */
import {engine} from '@tensorflow/tfjs-core';
import type {KernelBackend} from '@tensorflow/tfjs-core';
import {backwardIsRecorded, forwardIsUnderNestedTape} from './tape.js';

export type SeluGradientSource = 'output' | 'recomputed-output' | 'input';

/** Answers, for the active backend, whether outputs written now lose precision; false for backends it does not know. */
export type LossyOutputProbe = (backend: KernelBackend) => boolean;

const lossyOutputProbes = new Set<LossyOutputProbe>();

/**
 * Called by a backend entry point (kernels/webgl: a WebGL backend, under any
 * name, while WEBGL_RENDER_FLOAT32_ENABLED is false); selu then saves x for
 * its gradient where the probe answers true.
 *
 * @returns A function that removes the probe again (tests).
 */
export function registerLossyOutputProbe(probe: LossyOutputProbe): () => void {
  lossyOutputProbes.add(probe);
  return () => {
    lossyOutputProbes.delete(probe);
  };
}

/** Whether the active backend stores outputs with fewer bits than float32 right now. */
export function activeBackendStoresOutputsLossily(): boolean {
  // Reading `backend` initialises the best registered backend if none is yet.
  const backend = engine().backend;
  for (const probe of lossyOutputProbes) if (probe(backend)) return true;
  return false;
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
