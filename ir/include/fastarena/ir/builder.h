// SPDX-License-Identifier: MIT
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
#include "fastarena/ir/op_def.h"

namespace fastarena::ir {

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

  /// An operation of `opcode` on `operands` at `loc`, with `attrs`: the one way an operation
  /// is made. The operand list is copied into the arena, and `attrs.data` unless
  /// `attrs.data_frozen` says it is there already (`op.attributes()` of an existing operation
  /// does). A result whose type `attrs` does not declare gets the opcode's shape rule's
  /// (op_def.h), but unranked while any operand's shape is unknown or the operands conflict:
  /// code that lowering builds may never run, so only shape inference, once calls are inlined,
  /// makes shapes known and conflicts errors.
  const Op* build(Opcode opcode, std::span<const Op* const> operands, Location loc,
                  const Attributes& attrs = {}) {
    if (failed_) return nullptr;  // the operands may be null
    const std::span<const Op* const> frozen_operands = copy(operands);
    const std::span<const double> frozen_data = attrs.data_frozen ? attrs.data : copy(attrs.data);
    Op* op = make<Op>(opcode, frozen_operands, loc, attrs);
    if (op == nullptr) return nullptr;
    op->data = frozen_data;
    if (!op->type) infer_type(*op);
    return op;
  }
  /// Locates `op`, built by this builder, before anything outside its region uses it: a loop is
  /// built before its body (which uses it, as its induction variable), while MLIR's text gives
  /// the loop's location after the body. An operation never changes once published.
  void locate_unpublished(const Op* op, Location loc) noexcept;

  /// The operations, frozen in the arena, as a body; null once failed.
  const Body* body(std::span<const Op* const> ops);
  /// A copy of `ops` in the arena (an operand list, a parameter list).
  std::span<const Op* const> freeze(std::span<const Op* const> ops);
  /// A function with no body yet (not added to any module), its parameters of `param_types`,
  /// located at `param_locs` (as many): the `param` operations it is made with.
  Function* function(Name name, Location loc, std::span<const Type> param_types = {},
                     std::span<const Location> param_locs = {});

  /// A copy of `items` in the arena (an operation's properties' arrays).
  template <class T>
  std::span<const T> array(std::span<const T> items) {
    return copy(items);
  }
  /// A copy of `properties` in the arena, for Attributes::properties; null once failed. It may
  /// be finished (a loop's body set) until the operation holding it is published.
  template <class T>
  T* properties(const T& properties) {
    return make<T>(properties);
  }

 private:
  // Gives `op`, built without a type, its shape rule's if it has a result (see build).
  void infer_type(Op& op);

  // Every node is constructed in place in the arena and finished there (a few fields set before
  // anyone sees it), not built on the stack and copied: the copy's wide loads would wait for the
  // narrower stores that just wrote the node (docs/performance.md, "Nodes built in place").
  template <class T, class... Args>
  T* make(Args&&... args) {
    if (failed_) return nullptr;
    T* p = txn_.try_alloc<T>(std::forward<Args>(args)...);
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
