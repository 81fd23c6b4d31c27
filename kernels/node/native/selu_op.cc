#include "ops.h"

#include <cfloat>

#include "selu_math.h"

namespace tfjs_selu {
namespace {

struct SeluAttrs {
  float scale;
  float scale_alpha;
};

void* CreateSeluKernel(TF_OpKernelConstruction* ctx) {
  float values[2];
  if (!ReadFloatAttrs(ctx, {"scale", "scale_alpha"}, values)) return nullptr;
  return new SeluAttrs{values[0], values[1]};
}

void DeleteSeluKernel(void* kernel) { delete static_cast<SeluAttrs*>(kernel); }

// Positive outputs never fall below this, so that y > 0 exactly where x > 0
// (the gradient reads only y): the smallest normal float32 where TensorFlow
// flushes denormals to zero (its kernels run with FTZ set), else the smallest
// denormal. Probed on the calling thread; pool workers inherit its environment.
float PositiveFloor() {
  volatile float smallest_normal = FLT_MIN;
  const float half = smallest_normal * 0.5f;
  return half == 0.0f ? FLT_MIN : FLT_TRUE_MIN;
}

struct SeluForwardBody {
  using Params = SeluParams;
  __attribute__((always_inline)) static inline void Run(const Params& p, const float* const* in, float* out,
                                                        int64_t begin, int64_t end) {
    SeluForwardLoop(in[0] + begin, out + begin, end - begin, p);
  }
};

struct SeluGradBody {
  using Params = SeluParams;
  __attribute__((always_inline)) static inline void Run(const Params& p, const float* const* in, float* out,
                                                        int64_t begin, int64_t end) {
    SeluGradLoop(in[0] + begin, in[1] + begin, out + begin, end - begin, p);
  }
};

void ComputeSelu(void* kernel, TF_OpKernelContext* ctx) {
  const SeluAttrs& a = *static_cast<const SeluAttrs*>(kernel);
  ElementwiseCall call(ctx, SeluForwardOp());
  if (call.ok()) call.Run<SeluForwardBody>(SeluParams{a.scale, a.scale_alpha, PositiveFloor()});
}

void ComputeSeluGrad(void* kernel, TF_OpKernelContext* ctx) {
  const SeluAttrs& a = *static_cast<const SeluAttrs*>(kernel);
  ElementwiseCall call(ctx, SeluGradientOp());
  if (call.ok()) call.Run<SeluGradBody>(SeluParams{a.scale, a.scale_alpha, 0.0f});
}

const std::vector<std::string> kSeluAttrs = {"scale: float", "scale_alpha: float"};

}  // namespace

const OpSpec& SeluForwardOp() {
  static const OpSpec op{"TfjsSelu", {"x: float"}, "y: float", kSeluAttrs,
                         CreateSeluKernel, DeleteSeluKernel, ComputeSelu};
  return op;
}

const OpSpec& SeluGradientOp() {
  static const OpSpec op{"TfjsSeluGrad", {"dy: float", "y: float"}, "dx: float", kSeluAttrs,
                         CreateSeluKernel, DeleteSeluKernel, ComputeSeluGrad};
  return op;
}

}  // namespace tfjs_selu
