// AlphaDropout's loops over float32 arrays, shared by the forward and the
// gradient op: y = a·x + b where the mask keeps, `dropped` elsewhere (the
// gradient: a·dy and 0). The mask is drawn in the loop by Threefry-2x32-20
// (threefry_generated.h, from src/random/threefry.ts): mask element m takes
// word m % 2 of block (m / 2, kMaskStream) and is kept when those 32 bits are
// >= threshold (unsigned), exactly as src/math/alpha_dropout_loops.ts decides.
// Written so that GCC vectorises the generator over lanes (uint32 add, shift,
// or, xor; the keep decision a blend): no data-dependent branch per element.
#ifndef TFJS_SELU_ALPHA_DROPOUT_MATH_H_
#define TFJS_SELU_ALPHA_DROPOUT_MATH_H_

#include <cstdint>
#include <vector>

#include "threefry_generated.h"

#define TFJS_SELU_DROPOUT_INLINE static inline __attribute__((always_inline))

namespace tfjs_selu {

struct MaskedAffineParams {
  uint32_t key_lo;
  uint32_t key_hi;
  uint32_t threshold;
  float a;        // float32(a)
  float b;        // float32(b); 0 for the gradient
  float dropped;  // float32(dropValue); 0 for the gradient
  // Empty when the mask has x's shape. Otherwise x's dims and, per axis, the
  // mask index's stride (the mask's row-major stride, 0 on broadcast axes).
  std::vector<int64_t> dims;
  std::vector<int64_t> mask_strides;
};

// The 32 bits of mask element m (the reference's maskBits; the block counter is m / 2 mod 2^32).
TFJS_SELU_DROPOUT_INLINE uint32_t MaskBits(const MaskedAffineParams& p, int64_t m) {
  uint32_t w0, w1;
  Threefry2x32<uint32_t>(p.key_lo, p.key_hi, static_cast<uint32_t>(m >> 1), kMaskStream, &w0, &w1);
  return (m & 1) ? w1 : w0;
}

TFJS_SELU_DROPOUT_INLINE float MaskedAffine(uint32_t bits, float v, const MaskedAffineParams& p) {
  const float kept = p.a * v + p.b;
  return bits >= p.threshold ? kept : p.dropped;
}

// y[e] for e in [0, count) from x[e] and mask element mask_start + e: one
// Threefry block per aligned pair of mask elements, the loop over pairs
// vectorised (lanes = consecutive blocks). Reads x[e] before writing y[e], so
// y may be x.
TFJS_SELU_DROPOUT_INLINE void ContiguousMaskRun(const float* x, float* y, int64_t count, int64_t mask_start,
                                                const MaskedAffineParams& p) {
  if (count <= 0) return;
  int64_t e = 0;
  if (mask_start & 1) {  // starts on a block's second word
    y[0] = MaskedAffine(MaskBits(p, mask_start), x[0], p);
    e = 1;
  }
  const int64_t pairs = (count - e) >> 1;
  const uint32_t first_block = static_cast<uint32_t>((mask_start + e) >> 1);
  const uint32_t k0 = p.key_lo, k1 = p.key_hi, threshold = p.threshold;
  const float a = p.a, b = p.b, dropped = p.dropped;
  const float* xs = x + e;
  float* ys = y + e;
#pragma GCC ivdep
  for (int64_t j = 0; j < pairs; ++j) {
    uint32_t w0, w1;
    Threefry2x32<uint32_t>(k0, k1, first_block + static_cast<uint32_t>(j), kMaskStream, &w0, &w1);
    const float x0 = xs[2 * j];
    const float x1 = xs[2 * j + 1];
    const float kept0 = a * x0 + b;
    const float kept1 = a * x1 + b;
    ys[2 * j] = w0 >= threshold ? kept0 : dropped;
    ys[2 * j + 1] = w1 >= threshold ? kept1 : dropped;
  }
  const int64_t last = e + 2 * pairs;
  if (last < count) y[last] = MaskedAffine(MaskBits(p, mask_start + last), x[last], p);
}

// y[e] for e in [0, count) with one keep decision for all (a broadcast innermost axis).
TFJS_SELU_DROPOUT_INLINE void UniformMaskRun(const float* x, float* y, int64_t count, bool keep,
                                             const MaskedAffineParams& p) {
  const float a = p.a, b = p.b, dropped = p.dropped;
  if (keep) {
#pragma GCC ivdep
    for (int64_t e = 0; e < count; ++e) y[e] = a * x[e] + b;
  } else {
    for (int64_t e = 0; e < count; ++e) y[e] = dropped;
  }
}

// Elements [begin, end) of x (row-major) with a broadcast mask: walks x's
// rows (innermost axis), an odometer over the outer axes giving the mask
// offset of each row. The innermost axis either follows the mask (stride 1:
// a contiguous run of mask elements) or is broadcast (stride 0: one decision).
TFJS_SELU_DROPOUT_INLINE void BroadcastMaskRange(const float* x, float* y, int64_t begin, int64_t end,
                                                 const MaskedAffineParams& p) {
  const int rank = static_cast<int>(p.dims.size());
  const int64_t inner = p.dims[rank - 1];
  const int64_t inner_stride = p.mask_strides[rank - 1];
  if (begin >= end || inner == 0) return;
  // Coordinates of `begin`'s row over the outer axes, and that row's mask offset.
  std::vector<int64_t> coordinates(rank > 1 ? rank - 1 : 0);
  int64_t row = begin / inner;
  int64_t base = 0;
  for (int k = rank - 2; k >= 0; --k) {
    coordinates[k] = row % p.dims[k];
    row /= p.dims[k];
    base += coordinates[k] * p.mask_strides[k];
  }
  int64_t t = begin % inner;
  for (int64_t i = begin; i < end;) {
    const int64_t count = (end - i < inner - t) ? end - i : inner - t;
    if (inner_stride == 0) {
      UniformMaskRun(x + i, y + i, count, MaskBits(p, base) >= p.threshold, p);
    } else {
      ContiguousMaskRun(x + i, y + i, count, base + t, p);
    }
    i += count;
    t = 0;
    for (int k = rank - 2; k >= 0; --k) {
      base += p.mask_strides[k];
      if (++coordinates[k] < p.dims[k]) break;
      base -= coordinates[k] * p.mask_strides[k];
      coordinates[k] = 0;
    }
  }
}

// Elements [begin, end) of either op: mask index = element index when the
// mask has x's shape, else by broadcast coordinates.
TFJS_SELU_DROPOUT_INLINE void MaskedAffineRange(const float* x, float* y, int64_t begin, int64_t end,
                                                const MaskedAffineParams& p) {
  if (p.dims.empty()) {
    ContiguousMaskRun(x + begin, y + begin, end - begin, begin, p);
  } else {
    BroadcastMaskRange(x, y, begin, end, p);
  }
}

}  // namespace tfjs_selu

#endif  // TFJS_SELU_ALPHA_DROPOUT_MATH_H_
