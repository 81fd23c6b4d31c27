// The CommonJS view of the same declarations (the "require" condition).
import {selu} from 'tfjs-selu';
import {wasmSeluPath} from 'tfjs-selu/wasm';
const path: 'simd' | 'heap-js' = wasmSeluPath().path;
export const seluFn: typeof selu = selu;
export {path};
