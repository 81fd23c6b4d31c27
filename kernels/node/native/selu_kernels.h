// The element-wise loops compiled for several instruction sets, and the choice
// among them (the best the CPU supports, or one forced for tests).
#ifndef TFJS_SELU_SELU_KERNELS_H_
#define TFJS_SELU_SELU_KERNELS_H_

#include <cstdint>

#include "selu_math.h"

namespace tfjs_selu {

enum class Isa { kBaseline, kAvx2, kAvx512 };

Isa BestIsa();
const char* IsaName(Isa isa);
// Parses "baseline" / "avx2" / "avx512"; false if unknown or unsupported by this CPU.
bool ParseIsa(const char* name, Isa* isa);

void SeluForward(Isa isa, const float* x, float* y, int64_t n, SeluParams params);
void SeluGrad(Isa isa, const float* dy, const float* y, float* dx, int64_t n, SeluParams params);

}  // namespace tfjs_selu

#endif  // TFJS_SELU_SELU_KERNELS_H_
