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

  /// An operation of `opcode` on `operands` with `attrs` (its data copied). A result whose
  /// type `attrs` does not declare gets the opcode's shape rule's (op_def.h), but unranked
  /// while any operand's shape is unknown or the operands conflict: code that lowering builds
  /// may never run, so only shape inference, once calls are inlined, makes shapes known and
  /// conflicts errors.
  const Op* build(Opcode opcode, std::span<const Op* const> operands, Location loc,
                  const Attributes& attrs = {});
  /// Parameter `index` of a function, of type `type`.
  const Op* param(std::uint32_t index, Type type, Location loc);

  /// A copy of `op` (its operands and data copied into the arena too).
  const Op* create(const Op& op) { return create(op, op.operands); }
  /// A copy of `op` on `operands` (they and op's data are copied into the arena): how
  /// compaction moves an operation into a fresh arena.
  const Op* create(const Op& op, std::span<const Op* const> operands);
  /// An operation whose operand list and data are already frozen in the module's arena (taken
  /// from existing operations): only the node is allocated. Nodes never change, so they may
  /// share arrays: a reshaped constant keeps its elements where they are.
  const Op* share(const Op& op) { return make<Op>(op); }
  /// An operation as build() makes it, but on operands and data frozen in the arena already
  /// and with its type as `attrs` says (no shape rule): how a fold makes a constant of elements
  /// it computed in place.
  const Op* share(Opcode opcode, std::span<const Op* const> operands, Location loc,
                  const Attributes& attrs) {
    return make<Op>(opcode, operands, loc, attrs);
  }
  /// A copy of `op` located at `loc` (operands and data shared): a constant MLIR's folder moved.
  const Op* relocate(const Op& op, Location loc) {
    Op* node = make<Op>(op);
    if (node != nullptr) node->loc = loc;
    return node;
  }
  /// A copy of `op` with `operands` (frozen in the arena already) and result type `type`; its
  /// data stays where it is: how a rewrite keeps an operation whose operands changed.
  const Op* share(const Op& op, std::span<const Op* const> operands, Type type) {
    return share(op, operands, type, op.loc);
  }
  /// share(op, operands, type), located at `loc`: how the inliner copies an operation.
  const Op* share(const Op& op, std::span<const Op* const> operands, Type type, Location loc);

  /// The operations, frozen in the arena, as a body; null once failed.
  const Body* body(std::span<const Op* const> ops);
  /// A copy of `ops` in the arena (an operand list, a parameter list).
  std::span<const Op* const> freeze(std::span<const Op* const> ops);
  /// A function with these parameters and no body yet (not added to any module).
  Function* function(Name name, Location loc, std::span<const Op* const> params);

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
  // Every node is constructed in place in the arena and finished there (a few fields set before
  // anyone sees it): built on the stack and copied, it cost a store-forwarding stall per
  // 16-byte half written in smaller pieces, more than the rest of the copy.
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
