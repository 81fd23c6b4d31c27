// The N-API face of the op: `load()` registers the TensorFlow ops (after
// @tensorflow/tfjs-node has loaded TensorFlow) and says what it registered;
// `configure()` and `counters()` serve tests and benchmarks. Loading the
// addon itself touches nothing: it can load before TensorFlow.
#include <dlfcn.h>
#include <node_api.h>

#include <string>

#include "parallel.h"
#include "selu_op.h"

namespace {

using tfjs_selu::Isa;

#define NAPI_OK(call)                                      \
  do {                                                     \
    if ((call) != napi_ok) {                               \
      napi_throw_error(env, nullptr, "N-API call failed: " #call); \
      return nullptr;                                      \
    }                                                      \
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

napi_value Settings(napi_env env) {
  napi_value object;
  NAPI_OK(napi_create_object(env, &object));
  Set(env, object, "forwardOp", String(env, tfjs_selu::ForwardOpName()));
  Set(env, object, "gradientOp", String(env, tfjs_selu::GradientOpName()));
  Set(env, object, "isa", String(env, tfjs_selu::IsaName(tfjs_selu::ActiveIsa())));
  Set(env, object, "bestIsa", String(env, tfjs_selu::IsaName(tfjs_selu::BestIsa())));
  Set(env, object, "cores", Number(env, tfjs_selu::CoreCount()));
  Set(env, object, "maxThreads", Number(env, tfjs_selu::MaxThreads()));
  Set(env, object, "parallelThreshold", Number(env, static_cast<double>(tfjs_selu::ParallelThreshold())));
  return object;
}

napi_value Load(napi_env env, napi_callback_info) {
  const tfjs_selu::RegistrationResult result = tfjs_selu::RegisterOps();
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
      Isa isa;
      if (!tfjs_selu::ParseIsa(name, &isa)) {
        napi_throw_error(env, nullptr, (std::string("configure: isa '") + name + "' is unknown or unsupported by this CPU").c_str());
        return nullptr;
      }
      tfjs_selu::SetActiveIsa(isa);
    }
  }
  return Settings(env);
}

napi_value ReadCounters(napi_env env, napi_callback_info) {
  const tfjs_selu::Counters counters = tfjs_selu::ReadCounters();
  napi_value object;
  NAPI_OK(napi_create_object(env, &object));
  Set(env, object, "forward", Number(env, static_cast<double>(counters.forward_calls)));
  Set(env, object, "gradient", Number(env, static_cast<double>(counters.gradient_calls)));
  Set(env, object, "parallel", Number(env, static_cast<double>(counters.parallel_calls)));
  return object;
}

napi_value Init(napi_env env, napi_value exports) {
  const napi_property_descriptor properties[] = {
      {"load", nullptr, Load, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"configure", nullptr, Configure, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
      {"counters", nullptr, ReadCounters, nullptr, nullptr, nullptr, napi_enumerable, nullptr},
  };
  NAPI_OK(napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties));
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
