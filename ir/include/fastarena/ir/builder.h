/// \file
/// Builder: makes operations, with their result types inferred where the operands tell them.
///
/// A builder allocates through a transaction on the module's arena, never the arena itself, so
/// whoever builds (lowering, the IR parser, a pass) can roll everything back in O(1). It
/// allocates with the arena's fallible calls: when the transaction's budget runs out, the failing
/// call returns null, failed() turns true and every later call returns null too, so the caller
/// checks once, at the end, and rolls back.
#pragma once

#include <cstdint>
#include <span>

#include "fastarena/arena.h"
#include "fastarena/ir/context.h"
#include "fastarena/ir/module.h"
#include "fastarena/ir/op.h"

namespace fastarena::ir {

/// The result type an operation of `opcode` on `operands` has, as far as the operands tell:
/// add/sub/mul of one ranked type give that type, transpose reverses a ranked shape, anything
/// else gives tensor<*xf64>. Null for print and ret. (Constant, reshape, call, make_struct and
/// field carry their type in the operation instead.)
Type infer_type(Context& context, Opcode opcode, std::span<const Op* const> operands);

/// Makes operations through a transaction; see the top of this file.
class Builder {
 public:
  /// Types come from `context`; memory from `txn`.
  Builder(Context& context, Transaction& txn) noexcept : context_(context), txn_(txn) {}

  /// Whether an allocation failed (the budget ran out): everything since returned null.
  bool failed() const noexcept { return failed_; }
  /// Where types and names come from.
  Context& context() const noexcept { return context_; }
  /// Where operations are allocated.
  Transaction& transaction() const noexcept { return txn_; }

  /// Parameter `index` of a function, of type `type`.
  const Op* param(std::uint32_t index, Type type, Location loc);
  /// Copies `data`; the type is tensor<shape>.
  const Op* constant(std::span<const std::int64_t> shape, std::span<const double> data,
                     Location loc);
  const Op* binary(Opcode opcode, const Op* lhs, const Op* rhs, Location loc);  ///< add, sub, mul
  /// transpose of `value`.
  const Op* transpose(const Op* value, Location loc);
  /// `value` as a tensor of `shape`.
  const Op* reshape(const Op* value, std::span<const std::int64_t> shape, Location loc);
  /// A call of `callee`; typed by its result (no result if it returns nothing).
  const Op* call(const Function& callee, std::span<const Op* const> args, Location loc);
  /// A struct value of `type` from its fields' values.
  const Op* make_struct(Type type, std::span<const Op* const> fields, Location loc);
  /// Field `index` of the struct `value`.
  const Op* field(const Op* value, std::uint32_t index, Location loc);
  /// Prints `value`.
  const Op* print(const Op* value, Location loc);
  const Op* ret(const Op* value, Location loc);  ///< value may be null: returns nothing

  /// Any operation, as given (operands and data are copied into the arena): for the IR parser
  /// and for passes that copy an operation with new operands.
  const Op* create(const Op& op);
  /// An operation whose operand list and data are already frozen in the module's arena (taken
  /// from existing operations): only the node is allocated. Nodes never change, so they may
  /// share arrays: a reshaped constant keeps its elements where they are.
  const Op* share(const Op& op) { return make(op); }

  /// The operations, frozen in the arena, as a body; null once failed.
  const Body* body(std::span<const Op* const> ops);
  /// A copy of `ops` in the arena (an operand list, a parameter list).
  std::span<const Op* const> freeze(std::span<const Op* const> ops);
  /// A function with these parameters and no body yet (not added to any module).
  Function* function(Name name, Location loc, std::span<const Op* const> params);

 private:
  const Op* make_op(Opcode opcode, std::span<const Op* const> operands, Type type, Location loc,
                    std::uint32_t index = 0, Name callee = {});
  template <class T>
  T* make(const T& value) {
    if (failed_) return nullptr;
    T* p = txn_.try_alloc<T>(value);
    if (p == nullptr) failed_ = true;
    return p;
  }
  template <class T>
  std::span<const T> copy(std::span<const T> items) {
    if (failed_ || items.empty()) return {};
    auto copied = txn_.try_alloc_slice_copy(items);
    if (!copied) {
      failed_ = true;
      return {};
    }
    return *copied;
  }

  Context& context_;
  Transaction& txn_;
  bool failed_ = false;
};

}  // namespace fastarena::ir
