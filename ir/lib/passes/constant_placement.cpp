// SPDX-License-Identifier: MIT
// Where constants go, as MLIR's OperationFolder puts them when its canonicalizer (the greedy
// rewrite driver) fills its worklist: the placement toyc-ch7's `-opt` output shows. Walking the
// body in order, each constant is
//   - merged into an equal one the folder owns already (same opcode, type and elements, bit for
//     bit): its uses go there, and that one's location becomes unknown (it stands for both);
//   - left where it is if it is first in the body or follows a constant the folder owns;
//   - otherwise moved to the front of the body, its location unknown.
// So constants gather at the front: a leading run in its order, and ahead of it the others in
// the reverse of the order they were met.
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/Hashing.h>
#include <llvm/ADT/SmallPtrSet.h>

#include <algorithm>
#include <cstring>

#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

// What makes two constants one: MLIR uniques a constant by its dialect, attribute (the value
// and its type) and result type. A value's type is its layout, or for a tensor without one, the
// result's.
Type value_type(const Op& op) {
  return op.layout() ? op.layout() : op.type;
}
std::size_t constant_hash(const Op& op) {
  return llvm::hash_combine(
      static_cast<unsigned>(op.opcode), op.type.opaque(), value_type(op).opaque(),
      llvm::hash_combine_range(reinterpret_cast<const char*>(op.data.data()),
                               reinterpret_cast<const char*>(op.data.data() + op.data.size())));
}
bool same_constant(const Op& a, const Op& b) {
  return a.opcode == b.opcode && a.type == b.type && value_type(a) == value_type(b) &&
         a.data.size() == b.data.size() &&
         std::memcmp(a.data.data(), b.data.data(), a.data.size_bytes()) == 0;
}

}  // namespace

const Body* ConstantPlacement::place(std::span<const Op* const> ops, Builder& builder) {
  if (std::none_of(ops.begin(), ops.end(),
                   [](const Op* op) { return op_def(op->opcode).constant_like; })) {
    owned_.clear();  // most functions of a generic program: nothing to place
    return nullptr;
  }
  // The folder's constants that are still in the body (the rewrites between two walks may
  // have erased some), found by value.
  llvm::SmallDenseMap<std::size_t, llvm::SmallVector<const Op*, 1>, 8> by_value;
  llvm::SmallPtrSet<const Op*, 16> owned;
  for (const Op* op : ops) {
    if (owned_.contains(op)) {
      owned.insert(op);
      by_value[constant_hash(*op)].push_back(op);
    }
  }
  // The walk: which constants stay, move or merge; where locations become unknown.
  llvm::SmallVector<const Op*, 32> in_place;  // the body's order, less what moved or merged
  llvm::SmallVector<const Op*, 8> moved;      // in the order met; they end up reversed
  llvm::SmallDenseMap<const Op*, const Op*, 8> merged_into;
  llvm::SmallPtrSet<const Op*, 16> unknown;
  for (const Op* op : ops) {
    if (!op_def(op->opcode).constant_like) {
      in_place.push_back(op);
      continue;
    }
    if (!owned.contains(op)) {
      auto& equal = by_value[constant_hash(*op)];
      const auto it = std::find_if(equal.begin(), equal.end(),
                                   [&](const Op* other) { return same_constant(*op, *other); });
      if (it != equal.end()) {
        merged_into[op] = *it;
        unknown.insert(*it);
        continue;
      }
      equal.push_back(op);
      owned.insert(op);
    }
    // First in the body, or after a constant the folder owns (those moved are at the front).
    if (in_place.empty() || owned.contains(in_place.back())) {
      in_place.push_back(op);
    } else {
      moved.push_back(op);
      unknown.insert(op);
    }
  }
  if (moved.empty() && merged_into.empty()) {  // nothing changes; the folder owns them all
    owned_.clear();
    owned_.insert(owned.begin(), owned.end());
    return nullptr;
  }
  // The new body: constants whose location became unknown are new nodes.
  Rewriter r(builder);
  llvm::SmallDenseMap<const Op*, const Op*, 16> placed;  // a constant -> its node in the new body
  for (const Op* op : owned) {
    const Op* node = unknown.contains(op) && op->loc.known()
                         ? builder.build(op->opcode, op->operands, {}, op->attributes())
                         : op;
    if (node == nullptr) return nullptr;  // out of budget
    placed[op] = node;
    if (node != op) r.replace(*op, node);
  }
  for (const auto& [op, into] : merged_into) r.replace(*op, placed[into]);
  for (auto it = moved.rbegin(); it != moved.rend(); ++it) r.emit(placed[*it]);
  for (const Op* op : in_place) {
    const auto node = placed.find(op);
    if (node == placed.end() || node->second == op) {
      r.keep(*op);
    } else {
      r.emit(node->second);
    }
  }
  owned_.clear();
  for (const auto& [op, node] : placed) owned_.insert(node);
  return r.finish();
}

}  // namespace fastarena::ir::passes
