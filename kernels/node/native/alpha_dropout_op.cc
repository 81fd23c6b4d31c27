#include "ops.h"

#include <cstdint>
#include <string>
#include <vector>

#include "alpha_dropout_math.h"

namespace tfjs_selu {
namespace {

// Thresholds are compared with a mask element's bits: [0, 2^16).
constexpr int64_t kThresholdLimit = int64_t{1} << kMaskElementBits;

// What a kernel instance holds: the attributes, as the loops use them.
struct DropoutAttrs {
  uint32_t threshold;
  float a;
  float b;
  float dropped;
  std::vector<int64_t> noise_shape;  // empty: x's shape
};

// Reads threshold, noise_shape and the float attributes `floats` (a, then b
// and drop_value for the forward); the gradient's b and dropped value are 0.
void* CreateDropoutKernel(TF_OpKernelConstruction* ctx, const OpSpec& spec, const std::vector<const char*>& floats) {
  int64_t threshold = 0;
  float values[3] = {0.0f, 0.0f, 0.0f};
  DropoutAttrs attrs{};
  if (!ReadInt64Attrs(ctx, {"threshold"}, &threshold) || !ReadFloatAttrs(ctx, floats, values) ||
      !ReadInt64ListAttr(ctx, "noise_shape", &attrs.noise_shape)) {
    return nullptr;
  }
  if (threshold < 0 || threshold >= kThresholdLimit) {
    FailConstruction(ctx, spec.name + ": threshold must be an integer in [0, 2^" + std::to_string(kMaskElementBits) +
        "), but got " + std::to_string(threshold));
    return nullptr;
  }
  attrs.threshold = static_cast<uint32_t>(threshold);
  attrs.a = values[0];
  attrs.b = values[1];
  attrs.dropped = values[2];
  return new DropoutAttrs(attrs);
}

void* CreateForwardKernel(TF_OpKernelConstruction* ctx) {
#ifdef TFJS_SELU_TESTING
  CountConstruction(AlphaDropoutForwardOp().name);
#endif
  return CreateDropoutKernel(ctx, AlphaDropoutForwardOp(), {"a", "b", "drop_value"});
}

void* CreateGradientKernel(TF_OpKernelConstruction* ctx) {
#ifdef TFJS_SELU_TESTING
  CountConstruction(AlphaDropoutGradientOp().name);
#endif
  return CreateDropoutKernel(ctx, AlphaDropoutGradientOp(), {"a"});
}
void DeleteDropoutKernel(void* kernel) { delete static_cast<DropoutAttrs*>(kernel); }

struct MaskedAffineBody {
  using Params = MaskedAffineParams;
  __attribute__((always_inline)) static inline void Run(const Params& p, const float* const* in, float* out,
                                                        int64_t begin, int64_t end) {
    MaskedAffineRange(in[0], out, begin, end, p);
  }
};

// The loop parameters for x's `dims`: the key (input 1), the attributes, and
// the mask strides when noise_shape broadcasts; false after reporting why not.
bool LoopParams(TF_OpKernelContext* ctx, const OpSpec& spec, const DropoutAttrs& attrs,
                const std::vector<int64_t>& dims, MaskedAffineParams* params) {
  int32_t key[2];
  if (!ReadInt32Input(ctx, spec, 1, 2, key)) return false;
  params->key_lo = static_cast<uint32_t>(key[0]);
  params->key_hi = static_cast<uint32_t>(key[1]);
  params->threshold = attrs.threshold;
  params->a = attrs.a;
  params->b = attrs.b;
  params->dropped = attrs.dropped;
  const std::vector<int64_t>& noise = attrs.noise_shape;
  if (noise.empty() || noise == dims) return true;  // the mask index is the element index
  bool broadcasts = noise.size() == dims.size();
  for (size_t k = 0; broadcasts && k < dims.size(); ++k) broadcasts = noise[k] == dims[k] || noise[k] == 1;
  if (!broadcasts) {
    FailCompute(ctx, spec.name + ": noise_shape " + ShapeText(noise) + " does not broadcast to x's shape " +
        ShapeText(dims) + " (same rank, each entry x's size or 1)");
    return false;
  }
  params->dims = dims;
  params->mask_strides.assign(dims.size(), 0);
  int64_t stride = 1;
  for (size_t k = dims.size(); k-- > 0;) {
    params->mask_strides[k] = noise[k] == 1 ? 0 : stride;
    stride *= noise[k];
  }
  return true;
}

void ComputeDropout(void* kernel, TF_OpKernelContext* ctx, const OpSpec& spec) {
  const DropoutAttrs& attrs = *static_cast<const DropoutAttrs*>(kernel);
  ElementwiseCall call(ctx, spec);
  if (!call.ok()) return;
  MaskedAffineParams params{};
  if (LoopParams(ctx, spec, attrs, call.dims(), &params)) call.Run<MaskedAffineBody>(params);
}

void ComputeForward(void* kernel, TF_OpKernelContext* ctx) { ComputeDropout(kernel, ctx, AlphaDropoutForwardOp()); }
void ComputeGradient(void* kernel, TF_OpKernelContext* ctx) { ComputeDropout(kernel, ctx, AlphaDropoutGradientOp()); }

}  // namespace

const OpSpec& AlphaDropoutForwardOp() {
  static const OpSpec op{"TfjsAlphaDropout", {"x: float"}, "y: float",
                         {"threshold: int", "a: float", "b: float", "drop_value: float", "noise_shape: list(int)"},
                         CreateForwardKernel, DeleteDropoutKernel, ComputeForward, {"key: int32"}};
  return op;
}

const OpSpec& AlphaDropoutGradientOp() {
  static const OpSpec op{"TfjsAlphaDropoutGrad", {"dy: float"}, "dx: float",
                         {"threshold: int", "a: float", "noise_shape: list(int)"},
                         CreateGradientKernel, DeleteDropoutKernel, ComputeGradient, {"key: int32"}};
  return op;
}

}  // namespace tfjs_selu
