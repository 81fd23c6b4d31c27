// AlphaDropout's loops over float32 arrays, shared by the forward and the
// gradient op: y = a·x + b where the mask keeps, `dropped` elsewhere (the
// gradient: a·dy and 0). The mask is drawn in the loop by Threefry-2x32-20
// (threefry_generated.h, from src/random/threefry.ts): mask element m takes
// quarter m % 4 of block (m / 4, kMaskStream), the block's 64 bits as four
// little-endian 16-bit values, and is kept when those bits are >= threshold
// (unsigned), exactly as src/math/alpha_dropout_loops.ts decides.
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
  uint32_t threshold;  // in [0, 2^16): keep when a mask element's 16 bits are >= it
  float a;             // float32(a)
  float b;             // float32(b); 0 for the gradient
  float dropped;       // float32(dropValue); 0 for the gradient
  // Empty when the mask has x's shape. Otherwise x's dims and, per axis, the
  // mask index's stride (the mask's row-major stride, 0 on broadcast axes).
  std::vector<int64_t> dims;
  std::vector<int64_t> mask_strides;
};

// BlockQuarter and WholeBlocksRun's uint16 reads split a block so.
static_assert(kMaskElementsPerBlock == 4 && kMaskElementBits == 16, "a block gives four 16-bit keep decisions");
constexpr uint32_t kMaskElementValueMask = (1U << kMaskElementBits) - 1;

// The block holding mask element m (its counter word c0: m / 4 mod 2^32).
TFJS_SELU_DROPOUT_INLINE uint32_t MaskBlock(int64_t m) { return static_cast<uint32_t>(m / kMaskElementsPerBlock); }

// Quarter q (0…3) of block (w0, w1): w0's low half, w0's high half, w1's low half, w1's high half.
TFJS_SELU_DROPOUT_INLINE uint32_t BlockQuarter(uint32_t w0, uint32_t w1, int64_t q) {
  const uint32_t word = q < 2 ? w0 : w1;
  return (q & 1) ? word >> kMaskElementBits : word & kMaskElementValueMask;
}

// The 16 bits of mask element m (the reference's maskBits).
TFJS_SELU_DROPOUT_INLINE uint32_t MaskBits(const MaskedAffineParams& p, int64_t m) {
  uint32_t w0, w1;
  Threefry2x32<uint32_t>(p.key_lo, p.key_hi, MaskBlock(m), kMaskStream, &w0, &w1);
  return BlockQuarter(w0, w1, m % kMaskElementsPerBlock);
}

TFJS_SELU_DROPOUT_INLINE float MaskedAffine(uint32_t bits, float v, const MaskedAffineParams& p) {
  const float kept = p.a * v + p.b;
  return bits >= p.threshold ? kept : p.dropped;
}

// y[e] for e in [0, count) from x[e] and mask elements mask_start + e, all in
// one block (count < 4): the block drawn once for the elements at a run's ends.
TFJS_SELU_DROPOUT_INLINE void PartialBlockRun(const float* x, float* y, int64_t count, int64_t mask_start,
                                              const MaskedAffineParams& p) {
  uint32_t w0, w1;
  Threefry2x32<uint32_t>(p.key_lo, p.key_hi, MaskBlock(mask_start), kMaskStream, &w0, &w1);
  const int64_t first = mask_start % kMaskElementsPerBlock;
  // The bound states count < 4, so the compiler leaves this loop scalar.
  for (int64_t e = 0; e < count && e < kMaskElementsPerBlock - 1; ++e) {
    y[e] = MaskedAffine(BlockQuarter(w0, w1, first + e), x[e], p);
  }
}

// Blocks drawn per pass of WholeBlocksRun: a multiple of every vector width
// (16 lanes), their words (512 bytes) staying in L1 between the two loops.
constexpr int64_t kBlocksPerPass = 64;

// A block's words stored as w0, w1 and read as uint16 are its four quarters
// in order (little-endian); may_alias allows reading uint32 words so.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the words are read as little-endian uint16");
typedef uint16_t __attribute__((may_alias)) AliasedUint16;

// y[e] for e in [0, 4 · blocks) from x[e] and the quarters of blocks
// first_block, first_block + 1, …, in passes of kBlocksPerPass: one loop draws
// the blocks (lanes = consecutive blocks; storing w0, w1 interleaved costs a
// shuffle per pair of vectors), one reads their quarters as uint16 in element
// order beside x (contiguous loads). Taking each block's four elements in the
// first loop instead measured 1.3x slower (baseline, AVX2).
TFJS_SELU_DROPOUT_INLINE void WholeBlocksRun(const float* x, float* y, int64_t blocks, uint32_t first_block,
                                             const MaskedAffineParams& p) {
  const uint32_t k0 = p.key_lo, k1 = p.key_hi;
  // Both sides of the compare are below 2^16, so a signed one decides the
  // same, and is one instruction where the ISA has no unsigned compare (AVX2).
  const int32_t threshold = static_cast<int32_t>(p.threshold);
  const float a = p.a, b = p.b, dropped = p.dropped;
  alignas(64) uint32_t words[2 * kBlocksPerPass];
  const AliasedUint16* quarters = reinterpret_cast<const AliasedUint16*>(words);
  for (int64_t done = 0; done < blocks; done += kBlocksPerPass) {
    const int64_t pass = blocks - done < kBlocksPerPass ? blocks - done : kBlocksPerPass;
    const uint32_t pass_block = first_block + static_cast<uint32_t>(done);
    for (int64_t j = 0; j < pass; ++j) {
      Threefry2x32<uint32_t>(k0, k1, pass_block + static_cast<uint32_t>(j), kMaskStream, &words[2 * j], &words[2 * j + 1]);
    }
    const float* xs = x + kMaskElementsPerBlock * done;
    float* ys = y + kMaskElementsPerBlock * done;
#pragma GCC ivdep
    for (int64_t e = 0; e < kMaskElementsPerBlock * pass; ++e) {
      const float kept = a * xs[e] + b;
      ys[e] = static_cast<int32_t>(quarters[e]) >= threshold ? kept : dropped;
    }
  }
}

// y[e] for e in [0, count) from x[e] and mask element mask_start + e: one
// Threefry block per aligned four mask elements, vectorised (WholeBlocksRun),
// and a partial block at either end. Reads x[e] before writing y[e], so y may be x.
TFJS_SELU_DROPOUT_INLINE void ContiguousMaskRun(const float* x, float* y, int64_t count, int64_t mask_start,
                                                const MaskedAffineParams& p) {
  if (count <= 0) return;
  int64_t e = 0;
  if (const int64_t offset = mask_start % kMaskElementsPerBlock; offset != 0) {  // starts inside a block
    e = count < kMaskElementsPerBlock - offset ? count : kMaskElementsPerBlock - offset;
    PartialBlockRun(x, y, e, mask_start, p);
  }
  const int64_t blocks = (count - e) / kMaskElementsPerBlock;
  WholeBlocksRun(x + e, y + e, blocks, MaskBlock(mask_start + e), p);
  const int64_t last = e + kMaskElementsPerBlock * blocks;
  if (last < count) PartialBlockRun(x + last, y + last, count - last, mask_start + last, p);
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
