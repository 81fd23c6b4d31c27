// Type-checked with tsc (strict, NodeNext) against the installed package's declarations.
import * as tf from '@tensorflow/tfjs-core';
import {SELU_ALPHA, SELU_SCALE, selu, seluGrad} from 'tfjs-selu';
import type {SeluAttrs, SeluOptions} from 'tfjs-selu';
import {wasmSeluPath} from 'tfjs-selu/wasm';
import type {WasmSeluPathInfo} from 'tfjs-selu/wasm';
import {nodeKernelStatus} from 'tfjs-selu/node';
import type {NodeKernelStatus} from 'tfjs-selu/node';
import {lecunNormal, seluLayer} from 'tfjs-selu/layers';
import 'tfjs-selu/cpu';
import 'tfjs-selu/webgl';
import 'tfjs-selu/webgpu';

const options: SeluOptions = {alpha: SELU_ALPHA, scale: SELU_SCALE};
const attrs: SeluAttrs = {alpha: 1, scale: 1};
const y: tf.Tensor = selu(tf.tensor1d([-1, 2]), options);
const dx: tf.Tensor = seluGrad(tf.onesLike(y), y, attrs);
const info: WasmSeluPathInfo = wasmSeluPath();
const status: NodeKernelStatus = nodeKernelStatus();
const path: 'native' | 'composition' = status.path;
const layer = seluLayer({inputShape: [2]});
const init = lecunNormal({seed: 1});
// @ts-expect-error alpha is a number
selu(y, {alpha: '1'});
// @ts-expect-error the options are an object
selu(y, 1);
export {dx, info, path, layer, init};
