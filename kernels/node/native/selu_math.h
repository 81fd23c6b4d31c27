// SELU and its output-based gradient over float32 arrays, written so that GCC
// vectorises every loop (no data-dependent branch: selects become blends; that
// needs -fno-trapping-math) and gives identical bits whichever ISA it targets
// (-ffp-contract=off: no fused multiply-add in one build and not the other).
// The math and its error analysis: docs/NUMERICS.md.
#ifndef TFJS_SELU_SELU_MATH_H_
#define TFJS_SELU_SELU_MATH_H_

#include <cstdint>
#include <cstring>

#define TFJS_SELU_INLINE static inline __attribute__((always_inline))

namespace tfjs_selu {

TFJS_SELU_INLINE uint32_t Bits(float v) {
  uint32_t u;
  std::memcpy(&u, &v, sizeof u);
  return u;
}

TFJS_SELU_INLINE float FromBits(uint32_t u) {
  float v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

}  // namespace tfjs_selu

// Expm1Clamped and kExpm1LowerClamp, generated from src/math/expm1.ts.
#include "selu_expm1_generated.h"

namespace tfjs_selu {

// Constants of the elementwise loops: the float32 pair (λ, λα) every backend
// uses, and the floor for positive outputs (see PositiveFloor in selu_op.cc).
struct SeluParams {
  float scale;
  float scale_alpha;
  float positive_floor;
};

// expm1(t) for t ≤ 0 (also −0 and NaN; t > 0 is never selected by callers): Expm1Clamped, generated
// from src/math/expm1.ts, on t clamped at kExpm1LowerClamp (below, expm1 is −1 in float32; the clamp
// also keeps 2^k normal). 2^k is built from its exponent bits, not a table: a NaN t gives garbage k
// but no memory access, and NaN·anything stays NaN.
TFJS_SELU_INLINE float Expm1NonPositive(float t) {
  const float clamped = t < kExpm1LowerClamp ? kExpm1LowerClamp : t;  // NaN compares false: kept
  const float e = Expm1Clamped(clamped);
  // expm1(t) ≤ 0 has the sign of t, −0 included (the sum above turns −0 into +0).
  return FromBits((Bits(e) & 0x7fffffffu) | (Bits(t) & 0x80000000u));
}

// y = max(λx, floor) for x > 0, λα·expm1(x) otherwise (NaN → NaN, −0 → −0).
// Reads x[i] before writing y[i]: y may be x (the op forwards its input buffer when it can).
TFJS_SELU_INLINE void SeluForwardLoop(const float* x, float* y, int64_t n, SeluParams p) {
  // ivdep: y may be x, but only at the same index (no loop-carried dependence).
#pragma GCC ivdep
  for (int64_t i = 0; i < n; ++i) {
    const float v = x[i];
    const bool positive = v > 0.0f;
    const float linear = p.scale * v;
    const float positive_side = linear < p.positive_floor ? p.positive_floor : linear;
    const float negative_side = p.scale_alpha * Expm1NonPositive(positive ? 0.0f : v);
    y[i] = positive ? positive_side : negative_side;
  }
}

// dx = dy·λ where y > 0, dy·(y + λα) elsewhere (NaN y → NaN). dx may be dy or y.
TFJS_SELU_INLINE void SeluGradLoop(const float* dy, const float* y, float* dx, int64_t n,
                                   SeluParams p) {
#pragma GCC ivdep
  for (int64_t i = 0; i < n; ++i) {
    const float v = y[i];
    const float factor = v > 0.0f ? p.scale : v + p.scale_alpha;
    dx[i] = dy[i] * factor;
  }
}

}  // namespace tfjs_selu

#endif  // TFJS_SELU_SELU_MATH_H_
