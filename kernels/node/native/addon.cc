// The N-API face of the addon: `load()` registers the TensorFlow ops (after
// @tensorflow/tfjs-node has loaded TensorFlow) and says what it registered.
// Loading the addon itself touches nothing: it can load before TensorFlow.
// The testing build (-DTFJS_SELU_TESTING) adds `configure()` (threads, ISA)
// and `counters()` for the tests and benchmarks.
#include <dlfcn.h>
#include <node_api.h>

#include <string>
#include <vector>

#include "elementwise_op.h"
#include "ops.h"
#include "parallel.h"

namespace {

using tfjs_selu::OpSpec;

// Every op the addon registers, as one group.
const std::vector<OpSpec>& AllOps() {
  static const std::vector<OpSpec> ops = {tfjs_selu::SeluForwardOp(), tfjs_selu::SeluGradientOp(),
                                          tfjs_selu::AlphaDropoutForwardOp(), tfjs_selu::AlphaDropoutGradientOp()};
  return ops;
}

#define NAPI_OK(call)                                              \
  do {                                                             \
    if ((call) != napi_ok) {                                       \
      napi_throw_error(env, nullptr, "N-API call failed: " #call); \
      return nullptr;                                              \
    }                                                              \
  } while (0)

napi_value String(napi_env env, const std::string& text) {
  napi_value value = nullptr;
  napi_create_string_utf8(env, text.c_str(), text.size(), &value);
  return value;
}

napi_value Number(napi_env env, double number) {
  napi_value value = nullptr;
  napi_create_double(env, number, &value);
  return value;
}

napi_value Boolean(napi_env env, bool flag) {
  napi_value value = nullptr;
  napi_get_boolean(env, flag, &value);
  return value;
}

void Set(napi_env env, napi_value object, const char* key, napi_value value) {
  napi_set_named_property(env, object, key, value);
}

// Keeps this shared object mapped for the life of the process: TensorFlow
// holds pointers to its kernel functions, and Node may unload an addon (e.g.
// when a worker thread that loaded it exits).
void PinThisLibrary() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&PinThisLibrary), &info) != 0 && info.dli_fname != nullptr) {
    dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
  }
}

// {ops: {kernel name: op name}, isa, cores, maxThreads, parallelThreshold}
napi_value Settings(napi_env env) {
  napi_value object, ops;
  NAPI_OK(napi_create_object(env, &object));
  NAPI_OK(napi_create_object(env, &ops));
  for (const OpSpec& op : AllOps()) Set(env, ops, op.kernel_name.c_str(), String(env, op.name));
  Set(env, object, "ops", ops);
  Set(env, object, "isa", String(env, tfjs_selu::IsaName(tfjs_selu::ActiveIsa())));
  Set(env, object, "cores", Number(env, tfjs_selu::CoreCount()));
  Set(env, object, "maxThreads", Number(env, tfjs_selu::MaxThreads()));
  Set(env, object, "parallelThreshold", Number(env, static_cast<double>(tfjs_selu::ParallelThreshold())));
  return object;
}

napi_value Load(napi_env env, napi_callback_info) {
  const tfjs_selu::RegistrationResult result = tfjs_selu::RegisterOps(AllOps());
  if (!result.error.empty()) {
    napi_throw_error(env, nullptr, result.error.c_str());
    return nullptr;
  }
  PinThisLibrary();
  napi_value object = Settings(env);
  if (object == nullptr) return nullptr;
  Set(env, object, "tensorflowVersion", String(env, result.tensorflow_version));
  Set(env, object, "registeredHere", Boolean(env, result.registered_here));
  return object;
}

#ifdef TFJS_SELU_TESTING
// configure({maxThreads?, parallelThreshold?, isa?}) → the settings now in force.
napi_value Configure(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value options;
  NAPI_OK(napi_get_cb_info(env, info, &argc, &options, nullptr, nullptr));
  napi_valuetype type = napi_undefined;
  if (argc == 1) NAPI_OK(napi_typeof(env, options, &type));
  if (type == napi_object) {
    bool has = false;
    napi_value value;
    double number;
    NAPI_OK(napi_has_named_property(env, options, "maxThreads", &has));
    if (has) {
      NAPI_OK(napi_get_named_property(env, options, "maxThreads", &value));
      NAPI_OK(napi_get_value_double(env, value, &number));
      tfjs_selu::SetMaxThreads(static_cast<int>(number));
    }
    NAPI_OK(napi_has_named_property(env, options, "parallelThreshold", &has));
    if (has) {
      NAPI_OK(napi_get_named_property(env, options, "parallelThreshold", &value));
      NAPI_OK(napi_get_value_double(env, value, &number));
      tfjs_selu::SetParallelThreshold(static_cast<int64_t>(number));
    }
    NAPI_OK(napi_has_named_property(env, options, "isa", &has));
    if (has) {
      char name[32] = {0};
      size_t length = 0;
      NAPI_OK(napi_get_named_property(env, options, "isa", &value));
      NAPI_OK(napi_get_value_string_utf8(env, value, name, sizeof name, &length));
      if (!tfjs_selu::ForceIsa(name)) {
        napi_throw_error(env, nullptr, (std::string("configure: isa '") + name + "' is unknown or unsupported by this CPU").c_str());
        return nullptr;
      }
    }
  }
  return Settings(env);
}

// counters() → {op name: {calls, parallel, constructions}}: kernel runs, those that used the pool, and
// kernel instances built (counted by the ops that count them).
napi_value ReadCounters(napi_env env, napi_callback_info) {
  napi_value object;
  NAPI_OK(napi_create_object(env, &object));
  for (const OpSpec& op : AllOps()) {
    const tfjs_selu::Counters counters = tfjs_selu::ReadCounters(op.name);
    napi_value entry;
    NAPI_OK(napi_create_object(env, &entry));
    Set(env, entry, "calls", Number(env, static_cast<double>(counters.calls)));
    Set(env, entry, "parallel", Number(env, static_cast<double>(counters.parallel_calls)));
    Set(env, entry, "constructions", Number(env, static_cast<double>(counters.constructions)));
    Set(env, object, op.name.c_str(), entry);
  }
  return object;
}
#endif

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor properties[] = {
      {"load", nullptr, Load, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
#ifdef TFJS_SELU_TESTING
      {"configure", nullptr, Configure, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"counters", nullptr, ReadCounters, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
#endif
  };
  NAPI_OK(napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties));
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
