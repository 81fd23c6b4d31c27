// The part of TensorFlow's stable C API (tensorflow/c/c_api.h, tf_status.h,
// tf_tensor.h, ops.h, kernels.h; unchanged across TensorFlow 2.x) that the op
// uses, declared here as function pointer types: the libtensorflow C tarball
// that tfjs-node downloads may lack ops.h and kernels.h, and the functions are
// looked up at run time in the TensorFlow already loaded into the process, so
// the addon has no link-time dependency on it.
#ifndef TFJS_SELU_TF_API_H_
#define TFJS_SELU_TF_API_H_

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" {
typedef struct TF_Status TF_Status;
typedef struct TF_Tensor TF_Tensor;
typedef struct TF_Graph TF_Graph;
typedef struct TF_OpDefinitionBuilder TF_OpDefinitionBuilder;
typedef struct TF_ShapeInferenceContext TF_ShapeInferenceContext;
typedef struct TF_ShapeHandle TF_ShapeHandle;
typedef struct TF_KernelBuilder TF_KernelBuilder;
typedef struct TF_OpKernelConstruction TF_OpKernelConstruction;
typedef struct TF_OpKernelContext TF_OpKernelContext;
typedef struct TF_Buffer {
  const void* data;
  size_t length;
  void (*data_deallocator)(void* data, size_t length);
} TF_Buffer;
}

// Values of TF_Code (tf_status.h) used here.
enum : int { kTfOk = 0, kTfInvalidArgument = 3 };

// X(name, return type, parameter list): every function the addon resolves.
#define TFJS_SELU_TF_FUNCTIONS(X)                                                                     \
  X(TF_Version, const char*, ())                                                                      \
  X(TF_NewStatus, TF_Status*, ())                                                                     \
  X(TF_DeleteStatus, void, (TF_Status*))                                                              \
  X(TF_GetCode, int, (const TF_Status*))                                                              \
  X(TF_Message, const char*, (const TF_Status*))                                                      \
  X(TF_SetStatus, void, (TF_Status*, int, const char*))                                               \
  X(TF_NewGraph, TF_Graph*, ())                                                                       \
  X(TF_DeleteGraph, void, (TF_Graph*))                                                                \
  X(TF_NewBuffer, TF_Buffer*, ())                                                                     \
  X(TF_DeleteBuffer, void, (TF_Buffer*))                                                              \
  X(TF_GraphGetOpDef, void, (TF_Graph*, const char*, TF_Buffer*, TF_Status*))                         \
  X(TF_NewOpDefinitionBuilder, TF_OpDefinitionBuilder*, (const char*))                                \
  X(TF_OpDefinitionBuilderAddInput, void, (TF_OpDefinitionBuilder*, const char*))                     \
  X(TF_OpDefinitionBuilderAddOutput, void, (TF_OpDefinitionBuilder*, const char*))                    \
  X(TF_OpDefinitionBuilderAddAttr, void, (TF_OpDefinitionBuilder*, const char*))                      \
  X(TF_OpDefinitionBuilderSetShapeInferenceFunction, void,                                            \
    (TF_OpDefinitionBuilder*, void (*)(TF_ShapeInferenceContext*, TF_Status*)))                       \
  X(TF_RegisterOpDefinition, void, (TF_OpDefinitionBuilder*, TF_Status*))                             \
  X(TF_NewShapeHandle, TF_ShapeHandle*, ())                                                           \
  X(TF_DeleteShapeHandle, void, (TF_ShapeHandle*))                                                    \
  X(TF_ShapeInferenceContextGetInput, void, (TF_ShapeInferenceContext*, int, TF_ShapeHandle*, TF_Status*)) \
  X(TF_ShapeInferenceContextSetOutput, void, (TF_ShapeInferenceContext*, int, TF_ShapeHandle*, TF_Status*)) \
  X(TF_NewKernelBuilder, TF_KernelBuilder*,                                                           \
    (const char*, const char*, void* (*)(TF_OpKernelConstruction*), void (*)(void*, TF_OpKernelContext*), \
     void (*)(void*)))                                                                                \
  X(TF_RegisterKernelBuilder, void, (const char*, TF_KernelBuilder*, TF_Status*))                     \
  X(TF_OpKernelConstruction_GetAttrFloat, void, (TF_OpKernelConstruction*, const char*, float*, TF_Status*)) \
  X(TF_OpKernelConstruction_GetAttrInt64, void, (TF_OpKernelConstruction*, const char*, int64_t*, TF_Status*)) \
  X(TF_OpKernelConstruction_GetAttrSize, void,                                                        \
    (TF_OpKernelConstruction*, const char*, int32_t*, int32_t*, TF_Status*))                          \
  X(TF_OpKernelConstruction_GetAttrInt64List, void,                                                   \
    (TF_OpKernelConstruction*, const char*, int64_t*, int, TF_Status*))                               \
  X(TF_OpKernelConstruction_Failure, void, (TF_OpKernelConstruction*, TF_Status*))                    \
  X(TF_GetInput, void, (TF_OpKernelContext*, int, TF_Tensor**, TF_Status*))                           \
  X(TF_ForwardInputOrAllocateOutput, TF_Tensor*,                                                      \
    (TF_OpKernelContext*, const int*, int, int, const int64_t*, int, int*, TF_Status*))               \
  X(TF_OpKernelContext_Failure, void, (TF_OpKernelContext*, TF_Status*))                              \
  X(TF_NumDims, int, (const TF_Tensor*))                                                              \
  X(TF_Dim, int64_t, (const TF_Tensor*, int))                                                         \
  X(TF_TensorData, void*, (const TF_Tensor*))                                                         \
  X(TF_DeleteTensor, void, (TF_Tensor*))

struct TfApi {
#define TFJS_SELU_DECLARE(name, ret, params) ret(*name) params = nullptr;
  TFJS_SELU_TF_FUNCTIONS(TFJS_SELU_DECLARE)
#undef TFJS_SELU_DECLARE
};

// Fills `api` from the TensorFlow libraries already loaded into this process
// (never loads one). Returns "" on success, else why not (names a missing symbol).
std::string ResolveTfApi(TfApi* api);

#endif  // TFJS_SELU_TF_API_H_
