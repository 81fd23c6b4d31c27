// The AlphaDropout op pair: TfjsAlphaDropout (x, key → y) and
// TfjsAlphaDropoutGrad (dy, key → dx), the mask drawn in the loop from the
// 64-bit key (an int32 tensor of two words: low, high) by Threefry-2x32-20.
// Attributes: threshold (keep when the bits are >= it, unsigned), a, b and
// drop_value (float32), noise_shape (empty: x's shape; else x's rank, each
// entry x's size or 1). The gradient has threshold, a and noise_shape.
// The key is an input, not an attribute: TensorFlow's eager runtime caches a
// kernel per distinct attribute set, and a key drawn per call would grow that
// cache by one kernel per call.
#ifndef TFJS_SELU_ALPHA_DROPOUT_OP_H_
#define TFJS_SELU_ALPHA_DROPOUT_OP_H_

#include "elementwise_op.h"

namespace tfjs_selu {

const OpSpec& AlphaDropoutForwardOp();
const OpSpec& AlphaDropoutGradientOp();

}  // namespace tfjs_selu

#endif  // TFJS_SELU_ALPHA_DROPOUT_OP_H_
