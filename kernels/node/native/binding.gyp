# Built by scripts/build-native.cjs (node-gyp), never committed as a binary.
# TensorFlow is not linked: the addon resolves its C API at run time from the
# library @tensorflow/tfjs-node has loaded, so no TensorFlow headers or
# libraries are needed here.
{
  "targets": [{
    "target_name": "tfjs_selu_native",
    "sources": ["addon.cc", "parallel.cc", "selu_kernels.cc", "selu_op.cc", "tf_api.cc"],
    "defines": ["TFJS_SELU_VERSION=<!(node -p \"require('../../../package.json').version\")"],
    "cflags_cc": ["-std=c++17", "-O3", "-fno-trapping-math", "-fno-math-errno", "-ffp-contract=off",
                  "-fvisibility=hidden", "-Wall", "-Wextra"],
    "cflags_cc!": ["-fno-exceptions", "-O2", "-O0"],
    "libraries": ["-ldl", "-lpthread"],
    "conditions": [["OS!='linux'", {"type": "none"}]]
  }]
}
