/** The oldest glibc the prebuild runs on (its zig target). */
export declare const PREBUILD_GLIBC: string;
/** kernels/node/native/build/Release/tfjs_selu_native.node: node-gyp's local build. */
export declare const localBuild: string;
/** kernels/node/native/build/Testing/tfjs_selu_native.node: with configure() and counters(), own op names. */
export declare const testingBuild: string;
/** kernels/node/native/prebuilds/linux-x64/tfjs_selu_native.glibc.napi.node: the binary the package ships. */
export declare const prebuild: string;
/** kernels/node/native: binding.gyp, the sources, build/ and prebuilds/. */
export declare const sourceDir: string;
