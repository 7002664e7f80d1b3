// SPDX-License-Identifier: MIT
/// \file
/// Rewriter: what a pass uses to build a function's new body from its old one. It walks the old
/// operations in order; for each, the pass keeps it (with its operands mapped to their new
/// values), replaces its value with another, drops it, or emits new operations. Operations whose
/// operands did not change are kept as the same nodes: nodes never change, so old and new bodies
/// may share them, and a pass that changes little allocates little.
#pragma once

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// Builds one function's new body.
class Rewriter {
 public:
  /// Whether kept operations may be the old nodes.
  enum class Mode {
    share,  ///< an operation whose operands did not change is kept as the same node
    copy,   ///< every kept operation is a new node (inlining: a body holds a node once)
  };

  /// A rewrite of one body through `builder`.
  explicit Rewriter(Builder& builder, Mode mode = Mode::share) : builder_(builder), mode_(mode) {}

  /// The builder, to make new operations.
  Builder& builder() noexcept { return builder_; }
  /// The new value of an old one (itself unless replaced).
  const Op* value(const Op* old) const {
    const auto it = map_.find(old);
    return it == map_.end() ? old : it->second;
  }
  /// Keeps `op`, its operands mapped: the same node when none changed (Mode::share), else a
  /// new node sharing `op`'s constant data.
  const Op* keep(const Op& op);
  /// Keeps `op` with its operands mapped but of type `type` (shape inference).
  const Op* keep(const Op& op, Type type);
  /// From here on, uses of `op` use `with` instead; `op` itself is not kept.
  void replace(const Op& op, const Op* with) {
    map_[&op] = with;
    changed_ = true;
  }
  /// Appends a new operation (null passes through: the builder failed).
  const Op* emit(const Op* op) {
    if (op != nullptr) ops_.push_back(op);
    changed_ = true;
    return op;
  }
  /// Leaves `op` out of the new body.
  void drop(const Op&) { changed_ = true; }
  /// The operations kept and emitted so far, in order.
  std::span<const Op* const> ops() const noexcept { return ops_; }
  /// The new body; null if nothing changed or the builder failed.
  const Body* finish();

  /// Applies `rule(rewriter, op)` to each operation in order (the rule keeps, replaces, drops or
  /// emits), stopping at the first allocation failure, after which values may be null; then
  /// finish().
  template <class Rule>
  const Body* rewrite(std::span<const Op* const> ops, Rule&& rule) {
    for (const Op* op : ops) {
      if (builder_.failed()) break;
      rule(*this, *op);
    }
    return finish();
  }

 private:
  Builder& builder_;
  Mode mode_;
  llvm::DenseMap<const Op*, const Op*> map_;
  llvm::SmallVector<const Op*, 32> ops_;
  bool changed_ = false;
};

}  // namespace fastarena::ir
