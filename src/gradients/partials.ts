/**
 * The two-input gradient kernels (SeluGradKernel on (dy, y),
 * SeluGradFromInputKernel on (dy, x)) are differentiated through their
 * partials, each a lazily computed tensor: as a registered GradConfig when
 * the kernel runs, as a customGrad when their tfjs-core composition runs
 * (tfjs-core alone registers no gradients for the built-in ops it uses).
 */
import {customGrad} from '@tensorflow/tfjs-core';
import type {GradConfig, GradSaveFunc, NamedAttrMap, Tensor} from '@tensorflow/tfjs-core';
import type {SeluAttrs} from '../kernel_names.js';

/** ddx times ∂G/∂a and ∂G/∂b of a kernel G(a, b), each computed when asked. */
export type Partials = (ddx: Tensor, a: Tensor, b: Tensor, attrs: SeluAttrs) => [() => Tensor, () => Tensor];

/** The GradConfig of a two-input kernel whose inputs are named `inputs`. */
export function partialsGradConfig(kernelName: string, inputs: [string, string], partials: Partials): GradConfig {
  return {
    kernelName,
    inputsToSave: inputs,
    gradFunc: (ddx: Tensor | Tensor[], [a, b]: Tensor[], attrs?: NamedAttrMap) => {
      const {alpha, scale} = attrs as unknown as SeluAttrs;
      const [gradA, gradB] = partials(ddx as Tensor, a, b, {alpha, scale});
      return {[inputs[0]]: gradA, [inputs[1]]: gradB};
    },
  };
}

/** `composite(a, b)` made differentiable by `partials`. */
export function differentiableComposite(composite: (a: Tensor, b: Tensor, attrs: SeluAttrs) => Tensor, partials: Partials,
                                        a: Tensor, b: Tensor, attrs: SeluAttrs): Tensor {
  return customGrad((...args: Array<Tensor | GradSaveFunc>) => {
    const [aIn, bIn, save] = args as [Tensor, Tensor, GradSaveFunc];
    save([aIn, bIn]);
    return {
      value: composite(aIn, bIn, attrs),
      gradFunc: (ddx: Tensor, [savedA, savedB]: Tensor[]) => partials(ddx, savedA, savedB, attrs).map(partial => partial()),
    };
  })(a, b);
}
