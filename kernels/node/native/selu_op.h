// The SELU op pair: TfjsSelu (x → y) and TfjsSeluGrad (dy, y → dx), with
// attributes scale (λ) and scale_alpha (λα, the float32 the other backends use).
#ifndef TFJS_SELU_SELU_OP_H_
#define TFJS_SELU_SELU_OP_H_

#include "elementwise_op.h"

namespace tfjs_selu {

const OpSpec& SeluForwardOp();
const OpSpec& SeluGradientOp();

}  // namespace tfjs_selu

#endif  // TFJS_SELU_SELU_OP_H_
