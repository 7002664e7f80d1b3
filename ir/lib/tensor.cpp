#include "fastarena/ir/tensor.h"

#include <llvm/ADT/SmallVector.h>

namespace fastarena::ir {

std::string shape_text(std::span<const std::int64_t> shape) {
  std::string text = "<";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    text += (i == 0 ? "" : ", ") + std::to_string(shape[i]);
  }
  return text + ">";
}

void elementwise(Opcode opcode, std::span<const double> a, std::span<const double> b,
                 std::span<double> out) {
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = opcode == Opcode::add   ? a[i] + b[i]
             : opcode == Opcode::sub ? a[i] - b[i]
                                     : a[i] * b[i];
  }
}

void transpose(std::span<const std::int64_t> shape, std::span<const double> in,
               std::span<double> out) {
  const std::size_t rank = shape.size();
  // Row-major strides of the output, whose dimension rank-1-d is the input's dimension d.
  llvm::SmallVector<std::int64_t, 4> out_stride(rank, 1);
  for (std::size_t d = 1; d < rank; ++d) out_stride[d] = out_stride[d - 1] * shape[d - 1];
  llvm::SmallVector<std::int64_t, 4> index(rank, 0);  // position in `in`, last dimension fastest
  for (std::size_t i = 0; i < in.size(); ++i) {
    std::int64_t target = 0;
    for (std::size_t d = 0; d < rank; ++d) target += index[d] * out_stride[d];
    out[static_cast<std::size_t>(target)] = in[i];
    for (std::size_t d = rank; d-- > 0;) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
}

}  // namespace fastarena::ir
