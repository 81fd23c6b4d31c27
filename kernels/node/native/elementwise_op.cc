#include "elementwise_op.h"

#include <atomic>
#include <cstring>
#include <mutex>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#ifdef TFJS_SELU_TESTING
#include <map>
#endif

#ifndef TFJS_SELU_VERSION
#error "TFJS_SELU_VERSION (the package version) must be defined by the build"
#endif
#define TFJS_SELU_STRINGIFY2(x) #x
#define TFJS_SELU_STRINGIFY(x) TFJS_SELU_STRINGIFY2(x)

namespace tfjs_selu {

TfApi tf;

namespace {

class Status {
 public:
  Status() : status_(tf.TF_NewStatus()) {}
  ~Status() { tf.TF_DeleteStatus(status_); }
  Status(const Status&) = delete;
  Status& operator=(const Status&) = delete;
  TF_Status* get() const { return status_; }
  bool ok() const { return tf.TF_GetCode(status_) == kTfOk; }
  std::string message() const { return tf.TF_Message(status_); }

 private:
  TF_Status* status_;
};

std::atomic<Isa> active_isa{BestIsa()};

#ifdef TFJS_SELU_TESTING
std::mutex counters_mutex;
std::map<std::string, Counters> counters;

void Count(const std::string& op_name, bool parallel) {
  std::lock_guard<std::mutex> lock(counters_mutex);
  Counters& c = counters[op_name];
  ++c.calls;
  if (parallel) ++c.parallel_calls;
}
#endif

std::vector<int64_t> Dims(const TF_Tensor* t) {
  std::vector<int64_t> dims(tf.TF_NumDims(t));
  for (size_t i = 0; i < dims.size(); ++i) dims[i] = tf.TF_Dim(t, static_cast<int>(i));
  return dims;
}

// "dy: float" → "dy"
std::string ArgName(const std::string& spec) { return spec.substr(0, spec.find(':')); }

// The output has input 0's shape (ElementwiseCall checks the others match).
void SameShapeAsFirstInput(TF_ShapeInferenceContext* ctx, TF_Status* status) {
  TF_ShapeHandle* shape = tf.TF_NewShapeHandle();
  tf.TF_ShapeInferenceContextGetInput(ctx, 0, shape, status);
  if (tf.TF_GetCode(status) == kTfOk) tf.TF_ShapeInferenceContextSetOutput(ctx, 0, shape, status);
  tf.TF_DeleteShapeHandle(shape);
}

bool OpIsRegistered(const std::string& name) {
  Status status;
  TF_Graph* graph = tf.TF_NewGraph();
  TF_Buffer* buffer = tf.TF_NewBuffer();
  tf.TF_GraphGetOpDef(graph, name.c_str(), buffer, status.get());
  tf.TF_DeleteBuffer(buffer);
  tf.TF_DeleteGraph(graph);
  return status.ok();
}

std::string RegisterOp(const OpSpec& spec) {
  TF_OpDefinitionBuilder* builder = tf.TF_NewOpDefinitionBuilder(spec.name.c_str());
  for (const std::string& input : spec.inputs) tf.TF_OpDefinitionBuilderAddInput(builder, input.c_str());
  for (const std::string& input : spec.side_inputs) tf.TF_OpDefinitionBuilderAddInput(builder, input.c_str());
  tf.TF_OpDefinitionBuilderAddOutput(builder, spec.output.c_str());
  for (const std::string& attr : spec.attrs) tf.TF_OpDefinitionBuilderAddAttr(builder, attr.c_str());
  tf.TF_OpDefinitionBuilderSetShapeInferenceFunction(builder, SameShapeAsFirstInput);
  Status status;
  tf.TF_RegisterOpDefinition(builder, status.get());
  if (!status.ok()) return "registering op " + spec.name + ": " + status.message();
  TF_KernelBuilder* kernel = tf.TF_NewKernelBuilder(spec.name.c_str(), "CPU", spec.create, spec.compute, spec.destroy);
  tf.TF_RegisterKernelBuilder((spec.name + "Cpu").c_str(), kernel, status.get());
  return status.ok() ? "" : "registering the CPU kernel of " + spec.name + ": " + status.message();
}

std::mutex registration_mutex;
RegistrationResult registration;  // valid once `registered` is true
bool registered = false;

}  // namespace

std::string ShapeText(const std::vector<int64_t>& dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i) text += (i ? "," : "") + std::to_string(dims[i]);
  return text + "]";
}

std::string VersionedOpName(const std::string& base) {
  std::string tag = TFJS_SELU_STRINGIFY(TFJS_SELU_VERSION);
  for (char& c : tag) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) c = 'x';
  }
#ifdef TFJS_SELU_OP_SUFFIX
  tag += TFJS_SELU_STRINGIFY(TFJS_SELU_OP_SUFFIX);
#endif
  return base + "V" + tag;
}

RegistrationResult RegisterOps(const std::vector<OpSpec>& ops) {
  std::lock_guard<std::mutex> lock(registration_mutex);
  if (registered) return registration;
  TfApi api;
  const std::string missing = ResolveTfApi(&api);
  if (!missing.empty()) return RegistrationResult{missing, false, ""};
  tf = api;
  RegistrationResult result{"", false, tf.TF_Version()};
  std::string present, absent;
  for (const OpSpec& op : ops) (OpIsRegistered(op.name) ? present : absent) += (present.empty() ? "" : ", ") + op.name;
  if (!present.empty() && !absent.empty()) {
    result.error = "this process has " + present + " but not " + absent + " registered";
    return result;
  }
  if (present.empty()) {
    for (const OpSpec& op : ops) {
      result.error = RegisterOp(op);
      if (!result.error.empty()) return result;
    }
    result.registered_here = true;
  }
  registration = result;
  registered = true;
  return result;
}

namespace {

// Reads attributes `names` with `get` (a TF_OpKernelConstruction_GetAttr* function); false after
// reporting the failure.
template <typename T>
bool ReadAttrs(TF_OpKernelConstruction* ctx, const std::vector<const char*>& names, T* values,
               void (*get)(TF_OpKernelConstruction*, const char*, T*, TF_Status*)) {
  Status status;
  for (size_t i = 0; i < names.size() && status.ok(); ++i) get(ctx, names[i], &values[i], status.get());
  if (!status.ok()) tf.TF_OpKernelConstruction_Failure(ctx, status.get());
  return status.ok();
}

}  // namespace

bool ReadFloatAttrs(TF_OpKernelConstruction* ctx, const std::vector<const char*>& names, float* values) {
  return ReadAttrs(ctx, names, values, tf.TF_OpKernelConstruction_GetAttrFloat);
}

bool ReadInt64Attrs(TF_OpKernelConstruction* ctx, const std::vector<const char*>& names, int64_t* values) {
  return ReadAttrs(ctx, names, values, tf.TF_OpKernelConstruction_GetAttrInt64);
}

bool ReadInt64ListAttr(TF_OpKernelConstruction* ctx, const char* name, std::vector<int64_t>* values) {
  Status status;
  int32_t list_size = 0, total_size = 0;
  tf.TF_OpKernelConstruction_GetAttrSize(ctx, name, &list_size, &total_size, status.get());
  if (status.ok()) {
    values->assign(list_size, 0);
    tf.TF_OpKernelConstruction_GetAttrInt64List(ctx, name, values->data(), list_size, status.get());
  }
  if (!status.ok()) tf.TF_OpKernelConstruction_Failure(ctx, status.get());
  return status.ok();
}

void FailConstruction(TF_OpKernelConstruction* ctx, const std::string& message) {
  Status status;
  tf.TF_SetStatus(status.get(), kTfInvalidArgument, message.c_str());
  tf.TF_OpKernelConstruction_Failure(ctx, status.get());
}

void FailCompute(TF_OpKernelContext* ctx, const std::string& message) {
  Status status;
  tf.TF_SetStatus(status.get(), kTfInvalidArgument, message.c_str());
  tf.TF_OpKernelContext_Failure(ctx, status.get());
}

bool ReadInt32Input(TF_OpKernelContext* ctx, const OpSpec& spec, int index, int64_t count, int32_t* values) {
  Status status;
  TF_Tensor* input = nullptr;
  tf.TF_GetInput(ctx, index, &input, status.get());
  if (!status.ok()) {
    if (input != nullptr) tf.TF_DeleteTensor(input);
    tf.TF_OpKernelContext_Failure(ctx, status.get());
    return false;
  }
  const std::vector<int64_t> dims = Dims(input);
  int64_t size = 1;
  for (int64_t d : dims) size *= d;
  if (size == count) std::memcpy(values, tf.TF_TensorData(input), count * sizeof(int32_t));
  tf.TF_DeleteTensor(input);
  if (size != count) {
    const std::string name = ArgName(spec.side_inputs[index - spec.inputs.size()]);
    FailCompute(ctx, spec.name + ": " + name + " must have " + std::to_string(count) + " elements, but has shape " +
        ShapeText(dims));
  }
  return size == count;
}

// From CPUID and XGETBV (the OS saves the vector registers), not
// __builtin_cpu_supports: zig's runtime, which the prebuild links, answers
// false to everything.
Isa BestIsa() {
#ifdef TFJS_SELU_X86
  unsigned eax, ebx, ecx, edx;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return Isa::kBaseline;
  const bool osxsave = ecx & (1u << 27), avx = ecx & (1u << 28);
  if (!osxsave || !avx) return Isa::kBaseline;
  uint32_t xcr0_low, xcr0_high;
  __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
  const bool ymm_state = (xcr0_low & 0x6u) == 0x6u;     // SSE and AVX registers
  const bool zmm_state = (xcr0_low & 0xe6u) == 0xe6u;   // and opmask, ZMM0-15 upper halves, ZMM16-31
  if (!ymm_state || !__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return Isa::kBaseline;
  if ((ebx & (1u << 16)) && zmm_state) return Isa::kAvx512;  // AVX512F
  if (ebx & (1u << 5)) return Isa::kAvx2;
#endif
  return Isa::kBaseline;
}

Isa ActiveIsa() { return active_isa.load(std::memory_order_relaxed); }

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    case Isa::kBaseline: break;
  }
  return "baseline";
}

ElementwiseCall::ElementwiseCall(TF_OpKernelContext* ctx, const OpSpec& spec) : spec_(spec) {
  Status status;
  ok_ = TakeTensors(ctx, status.get());
  if (!ok_) tf.TF_OpKernelContext_Failure(ctx, status.get());
}

bool ElementwiseCall::TakeTensors(TF_OpKernelContext* ctx, TF_Status* status) {
  const int count = static_cast<int>(spec_.inputs.size());
  std::vector<int> candidates;
  for (int i = 0; i < count; ++i) {
    TF_Tensor* input = nullptr;
    tf.TF_GetInput(ctx, i, &input, status);
    if (input != nullptr) tensors_.push_back(input);
    if (tf.TF_GetCode(status) != kTfOk) return false;
    if (i == 0) dims_ = Dims(input);
    if (Dims(input) != dims_) {
      std::string names;
      for (int k = 0; k < count; ++k) names += (k == 0 ? "" : k + 1 == count ? " and " : ", ") + ArgName(spec_.inputs[k]);
      tf.TF_SetStatus(status, kTfInvalidArgument, (spec_.name + ": " + names + " must have the same shape, but got " +
          ShapeText(dims_) + " and " + ShapeText(Dims(input))).c_str());
      return false;
    }
    inputs_.push_back(static_cast<const float*>(tf.TF_TensorData(input)));
    candidates.push_back(i);
  }
  int forwarded = -1;
  TF_Tensor* output = tf.TF_ForwardInputOrAllocateOutput(ctx, candidates.data(), count, 0, dims_.data(),
      static_cast<int>(dims_.size()), &forwarded, status);
  if (output != nullptr) tensors_.push_back(output);
  if (tf.TF_GetCode(status) != kTfOk) return false;
  output_ = static_cast<float*>(tf.TF_TensorData(output));
  return true;
}

ElementwiseCall::~ElementwiseCall() {
  for (TF_Tensor* t : tensors_) tf.TF_DeleteTensor(t);
}

namespace {

struct Job {
  ElementwiseFn body;
  const void* params;
  const float* const* inputs;
  float* output;
};

void RunChunk(const void* context, int64_t begin, int64_t end) {
  const auto* job = static_cast<const Job*>(context);
  job->body(job->params, job->inputs, job->output, begin, end);
}

}  // namespace

void ElementwiseCall::Run(ElementwiseFn body, const void* params) {
  int64_t n = 1;
  for (int64_t d : dims_) n *= d;
  const Job job{body, params, inputs_.data(), output_};
  const int threads = ParallelFor(n, RunChunk, &job);
#ifdef TFJS_SELU_TESTING
  Count(spec_.name, threads > 1);
#else
  (void)threads;
  (void)spec_;
#endif
}

#ifdef TFJS_SELU_TESTING
bool ForceIsa(const char* name) {
  for (Isa isa : {Isa::kBaseline, Isa::kAvx2, Isa::kAvx512}) {
    if (std::strcmp(name, IsaName(isa)) == 0 && isa <= BestIsa()) {
      active_isa.store(isa);
      return true;
    }
  }
  return false;
}

Counters ReadCounters(const std::string& op_name) {
  std::lock_guard<std::mutex> lock(counters_mutex);
  const auto found = counters.find(op_name);
  return found == counters.end() ? Counters{0, 0, 0} : found->second;
}

void CountConstruction(const std::string& op_name) {
  std::lock_guard<std::mutex> lock(counters_mutex);
  ++counters[op_name].constructions;
}
#endif

}  // namespace tfjs_selu
