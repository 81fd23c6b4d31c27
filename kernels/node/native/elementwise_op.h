// What every op of the addon shares: element-wise float32 TensorFlow ops,
// each described by an OpSpec (name, inputs, output, attributes, kernel) and
// registered with its CPU kernel; the kernel's loop is compiled for several
// instruction sets and run on the best the CPU has, split over the thread pool.
// Adding an op pair: two OpSpecs and their loop bodies (see selu_op.cc), listed
// in AllOps() (addon.cc).
#ifndef TFJS_SELU_ELEMENTWISE_OP_H_
#define TFJS_SELU_ELEMENTWISE_OP_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "parallel.h"
#include "tf_api.h"

namespace tfjs_selu {

// The TensorFlow C API, resolved by RegisterOps().
extern TfApi tf;

// An op and its CPU kernel. Every element-wise input has the output's shape
// (checked when the kernel runs); TensorFlow may hand one's buffer to the output.
// `base` + "V" + the package version (characters other than [A-Za-z0-9] become
// 'x') + the build's suffix (TFJS_SELU_OP_SUFFIX: none for the prebuild, "Local"
// for node-gyp's build, "Testing"): two installed copies of different versions
// or builds register different ops, each running its own kernels; copies of
// the same version and build share one registration.
std::string VersionedOpName(const std::string& base);

struct OpSpec {
  using Create = void* (*)(TF_OpKernelConstruction* ctx);
  using Compute = void (*)(void* kernel, TF_OpKernelContext* ctx);
  OpSpec(std::string kernel_name, std::vector<std::string> inputs, std::string output, std::vector<std::string> attrs,
         Create create, void (*destroy)(void*), Compute compute, std::vector<std::string> side_inputs = {})
      : kernel_name(kernel_name), name(VersionedOpName(kernel_name)), inputs(std::move(inputs)), output(std::move(output)),
        attrs(std::move(attrs)), create(create), destroy(destroy), compute(compute), side_inputs(std::move(side_inputs)) {}

  std::string kernel_name;          // the tfjs kernel it serves: "TfjsSelu" (src/kernel_names.ts)
  std::string name;                 // the TensorFlow op: VersionedOpName(kernel_name)
  std::vector<std::string> inputs;  // "x: float"
  std::string output;               // "y: float"
  std::vector<std::string> attrs;   // "scale: float"
  // Reads the attributes when TensorFlow builds a kernel instance; on failure
  // reports it (TF_OpKernelConstruction_Failure) and returns nullptr.
  Create create;
  void (*destroy)(void* kernel);
  Compute compute;
  // Inputs after the element-wise ones, of any shape, never the output's
  // buffer, read by the kernel itself (ReadInt32Input): "key: int32".
  std::vector<std::string> side_inputs;
};

struct RegistrationResult {
  std::string error;  // empty on success
  bool registered_here = false;  // false: this process already had every op
  std::string tensorflow_version;
};

// Resolves TensorFlow's C API from the library already loaded and registers
// `ops` and their CPU kernels, unless the registry already has all of them
// (registering an op twice aborts the process); some but not all is an error.
// Idempotent: later calls return the first result.
RegistrationResult RegisterOps(const std::vector<OpSpec>& ops);

// Reads float attributes `names` into `values` at kernel construction; false
// after reporting the failure to TensorFlow.
bool ReadFloatAttrs(TF_OpKernelConstruction* ctx, const std::vector<const char*>& names, float* values);
// The same for int attributes (int64 in TensorFlow) and one list(int) attribute.
bool ReadInt64Attrs(TF_OpKernelConstruction* ctx, const std::vector<const char*>& names, int64_t* values);
bool ReadInt64ListAttr(TF_OpKernelConstruction* ctx, const char* name, std::vector<int64_t>* values);
// Reports an invalid attribute value (InvalidArgument) at kernel construction.
void FailConstruction(TF_OpKernelConstruction* ctx, const std::string& message);

// Reads input `index` of op `spec` (a side input), an int32 tensor of exactly
// `count` elements, into `values`; false after reporting the failure.
bool ReadInt32Input(TF_OpKernelContext* ctx, const OpSpec& spec, int index, int64_t count, int32_t* values);
// Reports invalid input (InvalidArgument) when the kernel runs.
void FailCompute(TF_OpKernelContext* ctx, const std::string& message);
// "[2,3]": a shape for messages.
std::string ShapeText(const std::vector<int64_t>& dims);

// The instruction sets the loops are compiled for (the better include the lesser).
enum class Isa { kBaseline, kAvx2, kAvx512 };
Isa BestIsa();
Isa ActiveIsa();  // BestIsa(), unless the testing build forced another
const char* IsaName(Isa isa);

// A loop body over elements [begin, end) of the inputs and output.
using ElementwiseFn = void (*)(const void* params, const float* const* inputs, float* output, int64_t begin, int64_t end);

// Body::Run(const Body::Params&, inputs, output, begin, end), always_inline,
// compiled once per instruction set; GCC vectorises it with that ISA's widest
// vectors. Functions marked with a target attribute are called only when the
// CPU has the ISA.
#if defined(__x86_64__) || defined(__i386__)
#define TFJS_SELU_X86 1
#define TFJS_SELU_TARGET_AVX2 __attribute__((target("avx2")))
#ifdef __clang__  // clang knows no prefer-vector-width attribute, and uses 512-bit vectors for avx512f
#define TFJS_SELU_TARGET_AVX512 __attribute__((target("avx512f")))
#else
#define TFJS_SELU_TARGET_AVX512 __attribute__((target("avx512f,prefer-vector-width=512")))
#endif
#endif

template <typename Body>
void RunBaseline(const void* params, const float* const* inputs, float* output, int64_t begin, int64_t end) {
  Body::Run(*static_cast<const typename Body::Params*>(params), inputs, output, begin, end);
}
#ifdef TFJS_SELU_X86
template <typename Body>
TFJS_SELU_TARGET_AVX2 void RunAvx2(const void* params, const float* const* inputs, float* output, int64_t begin, int64_t end) {
  Body::Run(*static_cast<const typename Body::Params*>(params), inputs, output, begin, end);
}
template <typename Body>
TFJS_SELU_TARGET_AVX512 void RunAvx512(const void* params, const float* const* inputs, float* output, int64_t begin, int64_t end) {
  Body::Run(*static_cast<const typename Body::Params*>(params), inputs, output, begin, end);
}
#endif

// The one dispatch: Body compiled for ActiveIsa().
template <typename Body>
ElementwiseFn ForActiveIsa() {
#ifdef TFJS_SELU_X86
  switch (ActiveIsa()) {
    case Isa::kAvx512: return RunAvx512<Body>;
    case Isa::kAvx2: return RunAvx2<Body>;
    case Isa::kBaseline: break;
  }
#endif
  return RunBaseline<Body>;
}

// One run of an element-wise kernel: takes the inputs (checking they share one
// shape), allocates the output (or reuses an input's buffer), and runs the
// body; any failure has been reported to TensorFlow when ok() is false.
class ElementwiseCall {
 public:
  ElementwiseCall(TF_OpKernelContext* ctx, const OpSpec& spec);
  ~ElementwiseCall();
  ElementwiseCall(const ElementwiseCall&) = delete;
  ElementwiseCall& operator=(const ElementwiseCall&) = delete;

  bool ok() const { return ok_; }
  const std::vector<int64_t>& dims() const { return dims_; }

  template <typename Body>
  void Run(const typename Body::Params& params) {
    Run(ForActiveIsa<Body>(), &params);
  }

 private:
  bool TakeTensors(TF_OpKernelContext* ctx, TF_Status* status);
  void Run(ElementwiseFn body, const void* params);

  const OpSpec& spec_;
  std::vector<TF_Tensor*> tensors_;  // inputs, then the output
  std::vector<const float*> inputs_;
  float* output_ = nullptr;
  std::vector<int64_t> dims_;
  bool ok_ = false;
};

#ifdef TFJS_SELU_TESTING
// Test-only controls (the addon's configure() and counters()).
bool ForceIsa(const char* name);  // false if unknown or unsupported by this CPU
struct Counters {
  uint64_t calls;           // kernel runs
  uint64_t parallel_calls;  // runs that used more than one thread
  uint64_t constructions;   // kernel instances TensorFlow built (one per distinct attribute set it caches)
};
Counters ReadCounters(const std::string& op_name);
// Called by an op's Create function that wants its constructions counted.
void CountConstruction(const std::string& op_name);
#endif

}  // namespace tfjs_selu

#endif  // TFJS_SELU_ELEMENTWISE_OP_H_
