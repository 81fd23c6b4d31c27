// Every op pair the addon registers (listed in AllOps(), addon.cc), each an
// OpSpec defined in its <op>_op.cc with its loop bodies.
#ifndef TFJS_SELU_OPS_H_
#define TFJS_SELU_OPS_H_

#include "elementwise_op.h"

namespace tfjs_selu {

// TfjsSelu (x → y) and TfjsSeluGrad (dy, y → dx), with attributes scale (λ)
// and scale_alpha (λα, the float32 the other backends use). selu_op.cc.
const OpSpec& SeluForwardOp();
const OpSpec& SeluGradientOp();

// TfjsAlphaDropout (x, key → y): y = a·x + b where the mask keeps, drop_value
// elsewhere; TfjsAlphaDropoutGrad (dy, key → dx): dx = a·dy where kept, 0
// elsewhere. The mask is drawn in the loop by Threefry-2x32-20 from the key,
// an int32 tensor of two words (low, high) read unsigned. Attributes:
// threshold (in [0, 2^16): keep when the element's 16 bits are >= it), a, and for the forward
// b and drop_value (float32), noise_shape (empty: x's shape; else x's rank,
// each entry x's size or 1). The key is an input, not an attribute:
// TensorFlow's eager runtime caches a kernel per distinct attribute set, so a
// key drawn per call would add a kernel to that cache per call.
// alpha_dropout_op.cc.
const OpSpec& AlphaDropoutForwardOp();
const OpSpec& AlphaDropoutGradientOp();

}  // namespace tfjs_selu

#endif  // TFJS_SELU_OPS_H_
