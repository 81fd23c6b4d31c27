import type {DataId, Tensor, TensorInfo} from '@tensorflow/tfjs-core';
import type {NodeJSKernelBackend} from '@tensorflow/tfjs-node/dist/nodejs_kernel_backend';
import type {TFEOpAttr} from '@tensorflow/tfjs-node/dist/tfjs_binding';

/**
 * A kernel's composition of native TensorFlow ops, run eagerly one after the
 * other through the backend's op API (tensors stay in TensorFlow: no copy
 * through JavaScript arrays). Every op output is a temporary that the op
 * consuming it frees, unless {@link NativeGraph.keep} marks one more use:
 * freeing early lets TensorFlow reuse the buffer for the next op, measurably
 * faster at 1M elements than freeing at the end. Constants live until the
 * kernel ends. Only float32 ops: `run` sets the type attribute T to float.
 */
export class NativeGraph {
  private readonly temporaries = new Set<TensorInfo>();
  private readonly kept = new Set<TensorInfo>();
  private readonly constants: DataId[] = [];

  constructor(private readonly backend: NodeJSKernelBackend) {}

  /** Runs op `name` (attribute T = float32, plus `attrs`); returns a temporary. */
  run(name: string, inputs: TensorInfo[], attrs: TFEOpAttr[] = []): Tensor {
    const {binding} = this.backend;
    return this.runUntyped(name, inputs, [{name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT}, ...attrs]);
  }

  /** Runs op `name`, whose input types are fixed (no T attribute), with `attrs`; returns a temporary. */
  runUntyped(name: string, inputs: TensorInfo[], attrs: TFEOpAttr[]): Tensor {
    const output = this.backend.executeSingleOutput(name, attrs, inputs);
    for (const input of inputs) this.consume(input);
    this.temporaries.add(output);
    return output;
  }

  /** `tensor` as float32: int32 (which the kernels accept, like cpu's) is cast natively. */
  float32(tensor: TensorInfo): TensorInfo {
    if (tensor.dtype === 'float32') return tensor;
    const {binding} = this.backend;
    const output = this.backend.executeSingleOutput('Cast', [
      {name: 'SrcT', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32},
      {name: 'DstT', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT},
      {name: 'Truncate', type: binding.TF_ATTR_BOOL, value: false},
    ], [tensor]);
    this.temporaries.add(output);
    return output;
  }

  /** A float32 scalar; TensorFlow's binary ops broadcast it. */
  scalar(value: number): TensorInfo {
    return this.constant(Float32Array.of(value), [], 'float32');
  }

  /** A constant tensor of `values` (int32 or bool for ops that take them), freed when the kernel ends. */
  constant(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo {
    const dataId = this.backend.write(values, shape, dtype);
    this.constants.push(dataId);
    return {dataId, shape, dtype};
  }

  /** A float attribute (TensorFlow stores it as float32). */
  floatAttr(name: string, value: number): TFEOpAttr {
    return {name, type: this.backend.binding.TF_ATTR_FLOAT, value};
  }

  /** An int attribute (int64 in TensorFlow), or a list(int) one from an array (whose entries must fit int32). */
  intAttr(name: string, value: number | number[]): TFEOpAttr {
    return {name, type: this.backend.binding.TF_ATTR_INT, value};
  }

  /** Lets `tensor` survive its next use as an input. */
  keep<T extends TensorInfo>(tensor: T): T {
    this.kept.add(tensor);
    return tensor;
  }

  /** Frees all but `result`: what is left after an error, and the constants. */
  dispose(result?: Tensor): void {
    if (result !== undefined) this.temporaries.delete(result);
    for (const tensor of this.temporaries) (tensor as Tensor).dispose();
    this.temporaries.clear();
    for (const dataId of this.constants) this.backend.disposeData(dataId);
    this.constants.length = 0;
  }

  private consume(input: TensorInfo): void {
    if (this.kept.delete(input)) return;
    if (this.temporaries.delete(input)) (input as Tensor).dispose();
  }
}

/** Runs `build` on a fresh {@link NativeGraph} and frees everything but its result, even on error. */
export function runNativeGraph(backend: NodeJSKernelBackend, build: (graph: NativeGraph) => Tensor): Tensor {
  const graph = new NativeGraph(backend);
  let result: Tensor | undefined;
  try {
    result = build(graph);
    return result;
  } finally {
    graph.dispose(result);
  }
}
