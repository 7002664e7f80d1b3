/// \file
/// Arithmetic on row-major tensors of doubles: what the interpreter computes at run time and
/// the fold pass computes at compile time, written once.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "fastarena/ir/op.h"

namespace fastarena::ir {

/// "<2, 3>": a shape as diagnostics write it.
std::string shape_text(std::span<const std::int64_t> shape);

/// `a OP b`, element by element, into `out` (all three the same size); OP is add, sub or mul.
void elementwise(Opcode opcode, std::span<const double> a, std::span<const double> b,
                 std::span<double> out);

/// `in`, of `shape`, transposed into `out` (the same size): the dimensions reversed, so
/// out[i_n-1, ..., i_0] = in[i_0, ..., i_n-1] (a 2-D tensor's two swap).
void transpose(std::span<const std::int64_t> shape, std::span<const double> in,
               std::span<double> out);

}  // namespace fastarena::ir
