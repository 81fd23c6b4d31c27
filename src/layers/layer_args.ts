import type {Tensor} from '@tensorflow/tfjs-core';
import type {layers} from '@tensorflow/tfjs-layers';

/** tfjs-layers' `LayerArgs` (name, inputShape, trainable, …), which its index does not export. */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;
/** The keyword arguments tfjs-layers passes to `Layer.call` (e.g. `{training}`). */
export type CallKwargs = Parameters<layers.Layer['call']>[1];
/** A layer's input or output shape as tfjs-layers passes it. */
export type LayerShape = Parameters<layers.Layer['computeOutputShape']>[0];

/** Rejects layer arguments that are not an object, naming the factory. */
export function assertLayerArgs(args: unknown, layerName: string): void {
  if (args != null && (typeof args !== 'object' || Array.isArray(args))) {
    const got = Array.isArray(args) ? 'an array' : `${typeof args} ${String(args)}`;
    throw new Error(`Argument 'args' passed to '${layerName}' must be an object, but got ${got}.`);
  }
}

/** The one input tensor of a single-input layer. */
export function singleInput(inputs: Tensor | Tensor[], layerName: string): Tensor {
  if (!Array.isArray(inputs)) return inputs;
  if (inputs.length !== 1) {
    throw new Error(`'${layerName}' expects exactly one input tensor, but got ${inputs.length}.`);
  }
  return inputs[0];
}
