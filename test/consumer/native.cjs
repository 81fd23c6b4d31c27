// tfjs-node consumer: the plugin's 'tensorflow' kernels, and nodeKernelStatus() saying which path runs.
process.env.TF_CPP_MIN_LOG_LEVEL = '2';
const tf = require('@tensorflow/tfjs-node');
const plugin = require('tfjs-selu');
const {nodeKernelStatus} = require('tfjs-selu/node');

import('./selu_check.mjs')
  .then(({seluCheck}) => seluCheck(tf, plugin, ['tensorflow'], {tensorflow: nodeKernelStatus}))
  .then(runs => console.log(JSON.stringify(runs)))
  .catch(error => { console.error(error); process.exit(1); });
