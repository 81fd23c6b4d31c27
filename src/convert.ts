import {cast, Tensor, tensor} from '@tensorflow/tfjs-core';
import type {TensorLike} from '@tensorflow/tfjs-core';

/** The dtypes the plugin's ops accept; int32 is cast to float32. */
const ACCEPTED_DTYPES = new Set(['float32', 'int32']);

/**
 * Converts an op argument to a float32 tensor the way tfjs-core's
 * convertToTensor does (which tfjs-core does not export), then applies the
 * plugin's dtype rule. The returned tensor is owned by the calling op's scope.
 */
export function toFloatTensor(value: Tensor | TensorLike, argName: string, opName: string): Tensor {
  const converted = value instanceof Tensor ? value : fromTensorLike(value, argName, opName);
  if (!ACCEPTED_DTYPES.has(converted.dtype)) {
    throw new Error(`Argument '${argName}' passed to '${opName}' must be a float32 or int32 tensor, but got ${converted.dtype} tensor.`);
  }
  return converted.dtype === 'float32' ? converted : cast(converted, 'float32');
}

function fromTensorLike(value: unknown, argName: string, opName: string): Tensor {
  const isTensorLike = typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' ||
      Array.isArray(value) || ArrayBuffer.isView(value);
  if (!isTensorLike) {
    const typeName = value == null ? String(value) : (value as object).constructor?.name ?? typeof value;
    throw new Error(`Argument '${argName}' passed to '${opName}' must be a Tensor or TensorLike, but got '${typeName}'.`);
  }
  return tensor(value as TensorLike);
}
