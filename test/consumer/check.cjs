// CommonJS consumer: the same as check.mjs through require().
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
require('@tensorflow/tfjs-backend-wasm');
const plugin = require('tfjs-selu');
require('tfjs-selu/cpu');
const {wasmSeluPath} = require('tfjs-selu/wasm');

import('./selu_check.mjs')
  .then(({seluCheck}) => seluCheck(tf, plugin, ['cpu', 'wasm'], {wasm: () => wasmSeluPath().path}))
  .then(runs => console.log(JSON.stringify(runs)))
  .catch(error => { console.error(error); process.exit(1); });
