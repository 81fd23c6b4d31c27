// ESM consumer: tfjs-core with the cpu and wasm backends, the plugin's main, cpu and wasm entry points.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as plugin from 'tfjs-selu';
import 'tfjs-selu/cpu';
import {wasmSeluPath} from 'tfjs-selu/wasm';
import {seluCheck} from './selu_check.mjs';

const runs = await seluCheck(tf, plugin, ['cpu', 'wasm'], {wasm: () => wasmSeluPath().path});
console.log(JSON.stringify(runs));
