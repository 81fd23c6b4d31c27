// The TensorFlow op pair: definitions, CPU kernels, registration.
#ifndef TFJS_SELU_SELU_OP_H_
#define TFJS_SELU_SELU_OP_H_

#include <cstdint>
#include <string>

#include "selu_kernels.h"

namespace tfjs_selu {

// Versioned op names: two installed copies of different versions register
// different ops; copies of the same version share one registration.
std::string ForwardOpName();
std::string GradientOpName();

struct RegistrationResult {
  std::string error;          // empty on success
  bool registered_here;       // false: this process already had both ops
  std::string tensorflow_version;
};

// Resolves TensorFlow's C API from the loaded library and registers both ops
// and their CPU kernels unless the registry already has them (registering an
// op twice aborts the process). Idempotent.
RegistrationResult RegisterOps();

struct Counters {
  uint64_t forward_calls;
  uint64_t gradient_calls;
  uint64_t parallel_calls;  // calls that used more than one thread
};
Counters ReadCounters();

Isa ActiveIsa();
void SetActiveIsa(Isa isa);

}  // namespace tfjs_selu

#endif  // TFJS_SELU_SELU_OP_H_
