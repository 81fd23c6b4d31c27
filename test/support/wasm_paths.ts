/**
 * Points tfjs-backend-wasm at the .wasm binaries karma serves (karma.conf.js
 * passes their URL as client.wasmPaths). Import before the backend initialises.
 */
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';

const config = (globalThis as {__karma__?: {config?: {wasmPaths?: string}}}).__karma__?.config;
if (!config?.wasmPaths) throw new Error('karma passed no wasmPaths (client.wasmPaths in karma.conf.js)');
setWasmPaths(config.wasmPaths);
