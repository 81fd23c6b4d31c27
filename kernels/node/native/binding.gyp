# The addon's one list of sources and flags: node-gyp reads it for the local build, and
# scripts/build-native.cjs for the testing build and the prebuild (zig). Never committed as a binary.
# TensorFlow is not linked: the addon resolves its C API at run time from the library
# @tensorflow/tfjs-node has loaded, so no TensorFlow headers or libraries are needed here.
{
  "targets": [{
    "target_name": "tfjs_selu_native",
    "sources": ["addon.cc", "alpha_dropout_op.cc", "elementwise_op.cc", "parallel.cc", "selu_op.cc", "tf_api.cc"],
    "defines": ["TFJS_SELU_VERSION=<!(node -p \"require('../../../package.json').version\")", "TFJS_SELU_OP_SUFFIX=Local"],
    "cflags_cc": ["-std=c++17", "-O3", "-fno-trapping-math", "-fno-math-errno", "-ffp-contract=off",
                  "-fvisibility=hidden", "-Wall", "-Wextra"],
    "cflags_cc!": ["-fno-exceptions", "-O2", "-O0"],
    "libraries": ["-ldl", "-lpthread"],
    "conditions": [["OS!='linux'", {"type": "none"}]]
  }]
}
