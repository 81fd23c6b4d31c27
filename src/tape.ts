/**
 * Where a computation stands relative to tfjs's gradient tapes: the one place
 * that reads the engine's gradient depth.
 *
 * tfjs cannot differentiate through a tensor a gradient saved as an OUTPUT
 * (tfjs issue #3252: the saved copy is recorded before the op that produced
 * it, so an outer tape finds no path). The plugin's gradient saves only y, so
 * whenever a backward pass will itself be differentiated, it recomputes y from
 * a saved x on the tape instead (docs/NUMERICS.md, "Higher orders").
 */
import {engine} from '@tensorflow/tfjs-core';

/**
 * Asked by a FORWARD op: is it running inside two or more nested tapes? Then
 * the inner tape's backward pass runs while the outer tape records, so the
 * backward pass will be differentiated. (Inside one tape, depth 1, its
 * backward pass runs outside any tape.)
 */
export function forwardIsUnderNestedTape(): boolean {
  return engine().state.gradientDepth > 1;
}

/**
 * Asked by a GRADIENT function while it runs: is a tape recording it? Backward
 * passes run after their own tape has ended, so any depth left belongs to an
 * outer tape that will differentiate this backward pass.
 */
export function backwardIsRecorded(): boolean {
  return engine().state.gradientDepth > 0;
}
