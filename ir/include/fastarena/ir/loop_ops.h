// SPDX-License-Identifier: MIT
/// \file
/// The loop level: what Toy lowers to before LLVM (MLIR's affine, memref, arith and func
/// dialects, as toyc-ch7 -emit=mlir-affine prints them). Each tensor is a buffer, each Toy
/// operation a nest of loops over it:
///
/// \code
///   %alloc = memref.alloc() : memref<3x2xf64>
///   affine.for %arg0 = 0 to 3 {
///     affine.for %arg1 = 0 to 2 {
///       %0 = affine.load %alloc_6[%arg1, %arg0] : memref<2x3xf64>
///       affine.store %0, %alloc[%arg0, %arg1] : memref<3x2xf64>
///     }
///   }
/// \endcode
///
/// The operations are in the one op table (ops.def) with the Toy ones. What only one opcode
/// carries lives in its properties (Op::properties): a loop's bounds and body, an access's
/// indices. The views here read them: `AffineForOp(op).upper()`.
#pragma once

#include <cstdint>
#include <span>

#include "fastarena/ir/op.h"

namespace fastarena::ir {

/// One index of a buffer access, an affine function of the access's index operands (the loops'
/// induction variables): `((sum of coeffs[i] * operand i) + constant) floordiv divisor mod
/// modulus`. What lowering writes is `%argN` (one coefficient 1) or a constant; a reshape's copy
/// uses the rest.
struct AffineIndex {
  std::span<const std::int64_t> coeffs;  ///< one per index operand (missing ones are 0)
  std::int64_t constant = 0;             ///< added
  std::int64_t divisor = 1;              ///< then floor-divided by (1: not)
  std::int64_t modulus = 0;              ///< then taken modulo (0: not)

  /// Its value for the operands' values `ivs`.
  std::int64_t evaluate(std::span<const std::int64_t> ivs) const noexcept {
    std::int64_t sum = constant;
    for (std::size_t i = 0; i < coeffs.size() && i < ivs.size(); ++i) sum += coeffs[i] * ivs[i];
    if (divisor != 1) sum = sum >= 0 ? sum / divisor : -((-sum + divisor - 1) / divisor);
    if (modulus != 0) sum = ((sum % modulus) + modulus) % modulus;
    return sum;
  }
  /// Whether it is one operand as it is (`%argN`): its position, or -1.
  int as_operand() const noexcept {
    if (constant != 0 || divisor != 1 || modulus != 0) return -1;
    int found = -1;
    for (std::size_t i = 0; i < coeffs.size(); ++i) {
      if (coeffs[i] == 0) continue;
      if (coeffs[i] != 1 || found != -1) return -1;
      found = static_cast<int>(i);
    }
    return found;
  }
};

/// affine.load and affine.store: the buffer's indices (one per dimension).
struct AccessProperties {
  std::span<const AffineIndex> indices;  ///< as many as the buffer has dimensions
};

/// affine.for: `for iv = lower to upper` (step 1), its body a region of operations (the
/// implicit affine.yield not among them). The loop is its own induction variable: the value of
/// type `index` that its body's accesses use.
struct ForProperties {
  std::int64_t lower = 0;                ///< first value of the induction variable
  std::int64_t upper = 0;                ///< one past its last
  std::span<const Op* const> body = {};  ///< in order, frozen in the module's arena
};

/// `%iv = affine.for` seen as what it is.
class AffineForOp {
 public:
  /// `op` must be an affine_for.
  explicit AffineForOp(const Op& op) noexcept
      : props_(*static_cast<const ForProperties*>(op.properties())) {}
  std::int64_t lower() const noexcept { return props_.lower; }  ///< the first iteration's
  std::int64_t upper() const noexcept { return props_.upper; }  ///< one past the last's
  std::span<const Op* const> body() const noexcept { return props_.body; }  ///< the region

 private:
  const ForProperties& props_;
};

/// `%v = affine.load %buffer[indices]`.
class AffineLoadOp {
 public:
  /// `op` must be an affine_load.
  explicit AffineLoadOp(const Op& op) noexcept : op_(op) {}
  const Op* memref() const noexcept { return op_.operands[0]; }  ///< the buffer
  /// What the indices are functions of (induction variables).
  std::span<const Op* const> index_operands() const noexcept { return op_.operands.subspan(1); }
  /// One per dimension of the buffer.
  std::span<const AffineIndex> indices() const noexcept {
    return static_cast<const AccessProperties*>(op_.properties())->indices;
  }

 private:
  const Op& op_;
};

/// `affine.store %value, %buffer[indices]`.
class AffineStoreOp {
 public:
  /// `op` must be an affine_store.
  explicit AffineStoreOp(const Op& op) noexcept : op_(op) {}
  const Op* value() const noexcept { return op_.operands[0]; }   ///< what is stored
  const Op* memref() const noexcept { return op_.operands[1]; }  ///< where
  /// What the indices are functions of (induction variables).
  std::span<const Op* const> index_operands() const noexcept { return op_.operands.subspan(2); }
  /// One per dimension of the buffer.
  std::span<const AffineIndex> indices() const noexcept {
    return static_cast<const AccessProperties*>(op_.properties())->indices;
  }

 private:
  const Op& op_;
};

}  // namespace fastarena::ir
