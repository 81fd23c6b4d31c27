#include "tf_api.h"

#include <dlfcn.h>
#include <link.h>

#include <cstring>
#include <vector>

namespace {

// Paths of the loaded shared objects named libtensorflow*.
int CollectTensorFlowLibraries(struct dl_phdr_info* info, size_t, void* data) {
  const char* path = info->dlpi_name;
  if (path == nullptr || *path == '\0') return 0;
  const char* slash = std::strrchr(path, '/');
  const char* base = slash == nullptr ? path : slash + 1;
  if (std::strncmp(base, "libtensorflow", 13) == 0) static_cast<std::vector<std::string>*>(data)->push_back(path);
  return 0;
}

}  // namespace

std::string ResolveTfApi(TfApi* api) {
  std::vector<std::string> paths;
  dl_iterate_phdr(CollectTensorFlowLibraries, &paths);
  if (paths.empty()) return "no TensorFlow library (libtensorflow*) is loaded in this process: load @tensorflow/tfjs-node first";
  // RTLD_NOLOAD: only libraries already loaded (never a second TensorFlow).
  std::vector<void*> handles;
  for (const std::string& path : paths) {
    if (void* handle = dlopen(path.c_str(), RTLD_LAZY | RTLD_NOLOAD)) handles.push_back(handle);
  }
  std::string missing;
#define TFJS_SELU_RESOLVE(name, ret, params)                                                   \
  for (void* handle : handles) {                                                               \
    if (void* symbol = dlsym(handle, #name)) {                                                 \
      api->name = reinterpret_cast<ret(*) params>(symbol);                                     \
      break;                                                                                   \
    }                                                                                          \
  }                                                                                            \
  if (api->name == nullptr) missing += (missing.empty() ? "" : ", ") + std::string(#name);
  TFJS_SELU_TF_FUNCTIONS(TFJS_SELU_RESOLVE)
#undef TFJS_SELU_RESOLVE
  if (!missing.empty()) {
    std::string libraries;
    for (const std::string& path : paths) libraries += (libraries.empty() ? "" : ", ") + path;
    return "the loaded TensorFlow (" + libraries + ") does not export " + missing;
  }
  return "";
}
