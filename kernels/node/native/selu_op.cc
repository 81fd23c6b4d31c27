#include "selu_op.h"

#include <atomic>
#include <cfloat>
#include <mutex>
#include <vector>

#include "parallel.h"
#include "tf_api.h"

#ifndef TFJS_SELU_VERSION
#error "TFJS_SELU_VERSION (the package version) must be defined by the build"
#endif
#define TFJS_SELU_STRINGIFY2(x) #x
#define TFJS_SELU_STRINGIFY(x) TFJS_SELU_STRINGIFY2(x)

namespace tfjs_selu {
namespace {

TfApi tf;
std::atomic<Isa> active_isa{BestIsa()};
std::atomic<uint64_t> forward_calls{0};
std::atomic<uint64_t> gradient_calls{0};
std::atomic<uint64_t> parallel_calls{0};

// Op names allow [A-Za-z0-9] after a capital: the version's other characters become 'x'.
std::string VersionTag() {
  std::string tag = TFJS_SELU_STRINGIFY(TFJS_SELU_VERSION);
  for (char& c : tag) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) c = 'x';
  }
  return "V" + tag;
}

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

// Positive outputs never fall below this, so that y > 0 exactly where x > 0
// (the gradient reads only y): the smallest normal float32 where TensorFlow
// flushes denormals to zero (its kernels run with FTZ set), else the smallest
// denormal. Probed on the calling thread; workers inherit its environment.
float PositiveFloor() {
  volatile float smallest_normal = FLT_MIN;
  const float half = smallest_normal * 0.5f;
  return half == 0.0f ? FLT_MIN : FLT_TRUE_MIN;
}

struct Attrs {
  float scale;
  float scale_alpha;
};

void* CreateKernel(TF_OpKernelConstruction* ctx) {
  Status status;
  Attrs attrs{};
  tf.TF_OpKernelConstruction_GetAttrFloat(ctx, "scale", &attrs.scale, status.get());
  if (status.ok()) tf.TF_OpKernelConstruction_GetAttrFloat(ctx, "scale_alpha", &attrs.scale_alpha, status.get());
  if (!status.ok()) {
    tf.TF_OpKernelConstruction_Failure(ctx, status.get());
    return nullptr;
  }
  return new Attrs(attrs);
}

void DeleteKernel(void* kernel) { delete static_cast<Attrs*>(kernel); }

std::vector<int64_t> Dims(const TF_Tensor* t) {
  std::vector<int64_t> dims(tf.TF_NumDims(t));
  for (size_t i = 0; i < dims.size(); ++i) dims[i] = tf.TF_Dim(t, static_cast<int>(i));
  return dims;
}

std::string ShapeText(const std::vector<int64_t>& dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i) text += (i ? "," : "") + std::to_string(dims[i]);
  return text + "]";
}

struct ForwardJob {
  Isa isa;
  const float* x;
  float* y;
  SeluParams params;
};

void ForwardChunk(const void* context, int64_t begin, int64_t end) {
  const auto* job = static_cast<const ForwardJob*>(context);
  SeluForward(job->isa, job->x + begin, job->y + begin, end - begin, job->params);
}

struct GradJob {
  Isa isa;
  const float* dy;
  const float* y;
  float* dx;
  SeluParams params;
};

void GradChunk(const void* context, int64_t begin, int64_t end) {
  const auto* job = static_cast<const GradJob*>(context);
  SeluGrad(job->isa, job->dy + begin, job->y + begin, job->dx + begin, end - begin, job->params);
}

// Owns the TF_Tensor handles a compute call holds.
struct Tensors {
  std::vector<TF_Tensor*> held;
  ~Tensors() {
    for (TF_Tensor* t : held) tf.TF_DeleteTensor(t);
  }
  TF_Tensor* keep(TF_Tensor* t) {
    if (t != nullptr) held.push_back(t);
    return t;
  }
};

void ComputeForward(void* kernel, TF_OpKernelContext* ctx) {
  const Attrs& attrs = *static_cast<const Attrs*>(kernel);
  Status status;
  Tensors tensors;
  TF_Tensor* x = nullptr;
  tf.TF_GetInput(ctx, 0, &x, status.get());
  tensors.keep(x);
  if (!status.ok()) return tf.TF_OpKernelContext_Failure(ctx, status.get());
  const std::vector<int64_t> dims = Dims(x);
  const int candidate = 0;
  int forwarded = -1;
  TF_Tensor* y = tensors.keep(tf.TF_ForwardInputOrAllocateOutput(ctx, &candidate, 1, 0, dims.data(),
      static_cast<int>(dims.size()), &forwarded, status.get()));
  if (!status.ok()) return tf.TF_OpKernelContext_Failure(ctx, status.get());
  forward_calls.fetch_add(1, std::memory_order_relaxed);
  const int64_t n = tf.TF_TensorElementCount(x);
  if (n == 0) return;
  const ForwardJob job{active_isa.load(), static_cast<const float*>(tf.TF_TensorData(x)),
      static_cast<float*>(tf.TF_TensorData(y)), SeluParams{attrs.scale, attrs.scale_alpha, PositiveFloor()}};
  if (ParallelFor(n, ForwardChunk, &job) > 1) parallel_calls.fetch_add(1, std::memory_order_relaxed);
}

void ComputeGradient(void* kernel, TF_OpKernelContext* ctx) {
  const Attrs& attrs = *static_cast<const Attrs*>(kernel);
  Status status;
  Tensors tensors;
  TF_Tensor* dy = nullptr;
  TF_Tensor* y = nullptr;
  tf.TF_GetInput(ctx, 0, &dy, status.get());
  tensors.keep(dy);
  if (status.ok()) tf.TF_GetInput(ctx, 1, &y, status.get());
  tensors.keep(y);
  if (!status.ok()) return tf.TF_OpKernelContext_Failure(ctx, status.get());
  const std::vector<int64_t> dims = Dims(dy);
  if (Dims(y) != dims) {
    tf.TF_SetStatus(status.get(), kTfInvalidArgument, (GradientOpName() + ": dy and y must have the same shape, but got " +
        ShapeText(dims) + " and " + ShapeText(Dims(y))).c_str());
    return tf.TF_OpKernelContext_Failure(ctx, status.get());
  }
  const int candidates[] = {0, 1};
  int forwarded = -1;
  TF_Tensor* dx = tensors.keep(tf.TF_ForwardInputOrAllocateOutput(ctx, candidates, 2, 0, dims.data(),
      static_cast<int>(dims.size()), &forwarded, status.get()));
  if (!status.ok()) return tf.TF_OpKernelContext_Failure(ctx, status.get());
  gradient_calls.fetch_add(1, std::memory_order_relaxed);
  const int64_t n = tf.TF_TensorElementCount(dy);
  if (n == 0) return;
  const GradJob job{active_isa.load(), static_cast<const float*>(tf.TF_TensorData(dy)),
      static_cast<const float*>(tf.TF_TensorData(y)), static_cast<float*>(tf.TF_TensorData(dx)),
      SeluParams{attrs.scale, attrs.scale_alpha, 0.0f}};
  if (ParallelFor(n, GradChunk, &job) > 1) parallel_calls.fetch_add(1, std::memory_order_relaxed);
}

// Output 0 has the shape of input `input`.
template <int input>
void SameShapeAsInput(TF_ShapeInferenceContext* ctx, TF_Status* status) {
  TF_ShapeHandle* shape = tf.TF_NewShapeHandle();
  tf.TF_ShapeInferenceContextGetInput(ctx, input, shape, status);
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

std::string RegisterOp(const std::string& name, const std::vector<const char*>& inputs,
                       void (*shape_fn)(TF_ShapeInferenceContext*, TF_Status*)) {
  TF_OpDefinitionBuilder* builder = tf.TF_NewOpDefinitionBuilder(name.c_str());
  for (const char* input : inputs) tf.TF_OpDefinitionBuilderAddInput(builder, input);
  tf.TF_OpDefinitionBuilderAddOutput(builder, name == ForwardOpName() ? "y: float" : "dx: float");
  tf.TF_OpDefinitionBuilderAddAttr(builder, "scale: float");
  tf.TF_OpDefinitionBuilderAddAttr(builder, "scale_alpha: float");
  tf.TF_OpDefinitionBuilderSetShapeInferenceFunction(builder, shape_fn);
  Status status;
  tf.TF_RegisterOpDefinition(builder, status.get());
  return status.ok() ? "" : "registering op " + name + ": " + status.message();
}

std::string RegisterKernel(const std::string& name, void (*compute)(void*, TF_OpKernelContext*)) {
  TF_KernelBuilder* builder = tf.TF_NewKernelBuilder(name.c_str(), "CPU", CreateKernel, compute, DeleteKernel);
  Status status;
  tf.TF_RegisterKernelBuilder((name + "Cpu").c_str(), builder, status.get());
  return status.ok() ? "" : "registering the CPU kernel of " + name + ": " + status.message();
}

std::mutex registration_mutex;
RegistrationResult registration;  // valid once `registered` is true
bool registered = false;

}  // namespace

std::string ForwardOpName() { return "TfjsSelu" + VersionTag(); }
std::string GradientOpName() { return "TfjsSeluGrad" + VersionTag(); }

RegistrationResult RegisterOps() {
  std::lock_guard<std::mutex> lock(registration_mutex);
  if (registered) return registration;
  TfApi api;
  const std::string missing = ResolveTfApi(&api);
  if (!missing.empty()) return RegistrationResult{missing, false, ""};
  tf = api;
  RegistrationResult result{"", false, tf.TF_Version()};
  const bool has_forward = OpIsRegistered(ForwardOpName());
  const bool has_gradient = OpIsRegistered(GradientOpName());
  if (has_forward != has_gradient) {
    result.error = "only one of " + ForwardOpName() + " and " + GradientOpName() + " is registered in this process";
    return result;
  }
  if (!has_forward) {
    std::string error = RegisterOp(ForwardOpName(), {"x: float"}, SameShapeAsInput<0>);
    if (error.empty()) error = RegisterOp(GradientOpName(), {"dy: float", "y: float"}, SameShapeAsInput<1>);
    if (error.empty()) error = RegisterKernel(ForwardOpName(), ComputeForward);
    if (error.empty()) error = RegisterKernel(GradientOpName(), ComputeGradient);
    if (!error.empty()) {
      result.error = error;
      return result;
    }
    result.registered_here = true;
  }
  registration = result;
  registered = true;
  return result;
}

Counters ReadCounters() { return Counters{forward_calls.load(), gradient_calls.load(), parallel_calls.load()}; }

Isa ActiveIsa() { return active_isa.load(); }
void SetActiveIsa(Isa isa) { active_isa.store(isa); }

}  // namespace tfjs_selu
