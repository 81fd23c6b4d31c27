#include "selu_kernels.h"

#include <cstring>

namespace tfjs_selu {
namespace {

void ForwardBaseline(const float* x, float* y, int64_t n, SeluParams p) { SeluForwardLoop(x, y, n, p); }
void GradBaseline(const float* dy, const float* y, float* dx, int64_t n, SeluParams p) { SeluGradLoop(dy, y, dx, n, p); }

#if defined(__x86_64__) || defined(__i386__)
#define TFJS_SELU_HAS_AVX2 1
__attribute__((target("avx2"))) void ForwardAvx2(const float* x, float* y, int64_t n, SeluParams p) {
  SeluForwardLoop(x, y, n, p);
}
__attribute__((target("avx2"))) void GradAvx2(const float* dy, const float* y, float* dx, int64_t n, SeluParams p) {
  SeluGradLoop(dy, y, dx, n, p);
}
__attribute__((target("avx512f,prefer-vector-width=512"))) void ForwardAvx512(const float* x, float* y, int64_t n, SeluParams p) {
  SeluForwardLoop(x, y, n, p);
}
__attribute__((target("avx512f,prefer-vector-width=512"))) void GradAvx512(const float* dy, const float* y, float* dx, int64_t n, SeluParams p) {
  SeluGradLoop(dy, y, dx, n, p);
}
#endif

}  // namespace

Isa BestIsa() {
#ifdef TFJS_SELU_HAS_AVX2
  if (__builtin_cpu_supports("avx512f")) return Isa::kAvx512;
  if (__builtin_cpu_supports("avx2")) return Isa::kAvx2;
#endif
  return Isa::kBaseline;
}

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    default: return "baseline";
  }
}

bool ParseIsa(const char* name, Isa* isa) {
  if (std::strcmp(name, "baseline") == 0) {
    *isa = Isa::kBaseline;
    return true;
  }
  // Each ISA the CPU has is usable: the better ones include the lesser.
  const Isa best = BestIsa();
  if (std::strcmp(name, "avx2") == 0 && (best == Isa::kAvx2 || best == Isa::kAvx512)) {
    *isa = Isa::kAvx2;
    return true;
  }
  if (std::strcmp(name, "avx512") == 0 && best == Isa::kAvx512) {
    *isa = Isa::kAvx512;
    return true;
  }
  return false;
}

void SeluForward(Isa isa, const float* x, float* y, int64_t n, SeluParams params) {
#ifdef TFJS_SELU_HAS_AVX2
  if (isa == Isa::kAvx512) return ForwardAvx512(x, y, n, params);
  if (isa == Isa::kAvx2) return ForwardAvx2(x, y, n, params);
#endif
  ForwardBaseline(x, y, n, params);
}

void SeluGrad(Isa isa, const float* dy, const float* y, float* dx, int64_t n, SeluParams params) {
#ifdef TFJS_SELU_HAS_AVX2
  if (isa == Isa::kAvx512) return GradAvx512(dy, y, dx, n, params);
  if (isa == Isa::kAvx2) return GradAvx2(dy, y, dx, n, params);
#endif
  GradBaseline(dy, y, dx, n, params);
}

}  // namespace tfjs_selu
