// SPDX-License-Identifier: MIT
// place-buffers: at the loop level, each buffer allocated just before the first operation that
// uses it and freed just after the last, instead of all at the top and the end of the function
// (where toyc's lowering puts them). Buffers then live only as long as they are needed: a
// chain of steps reuses the memory of the steps before it, which stays in cache, where the
// toyc placement keeps every buffer of the program live at once and touches fresh memory at
// every step. Uses inside a loop nest count at the nest.
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/loop_ops.h"
#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

// Calls `each` on every buffer `op` uses, in its region too.
template <class Each>
void buffers_used(const Op& op, Each&& each) {
  for (const Op* operand : op.operands) {
    if (operand->type.is_memref()) each(operand);
  }
  const OpDef& def = op_def(op.opcode);
  if (def.region == nullptr) return;
  for (const Op* inner : def.region(op)) buffers_used(*inner, each);
}

class PlaceBuffers : public FunctionPass {
 public:
  std::string_view name() const override { return "place-buffers"; }

  const Body* rewrite(const Function& function, PassContext& pass) override {
    const std::span<const Op* const> ops = pass.body(function)->ops;
    if (!is_loop_level(function)) return nullptr;
    // The first and last operation (by position) using each allocated buffer.
    llvm::DenseMap<const Op*, std::pair<std::size_t, std::size_t>> uses;
    llvm::DenseMap<const Op*, const Op*> dealloc_of;
    for (const Op* op : ops) {
      if (op->opcode == Opcode::memref_alloc) uses[op] = {SIZE_MAX, 0};
      if (op->opcode == Opcode::memref_dealloc) dealloc_of[op->operands[0]] = op;
    }
    for (std::size_t i = 0; i < ops.size(); ++i) {
      if (ops[i]->opcode == Opcode::memref_dealloc) continue;
      buffers_used(*ops[i], [&](const Op* buffer) {
        const auto it = uses.find(buffer);
        if (it == uses.end()) return;
        it->second.first = std::min(it->second.first, i);
        it->second.second = std::max(it->second.second, i);
      });
    }
    llvm::DenseMap<std::size_t, llvm::SmallVector<const Op*, 2>> before, after;
    for (const Op* op : ops) {
      if (op->opcode != Opcode::memref_alloc) continue;
      const auto [first, last] = uses.lookup(op);
      const Op* dealloc = dealloc_of.lookup(op);
      if (first == SIZE_MAX || dealloc == nullptr) return nullptr;  // left as it is
      before[first].push_back(op);
      after[last].push_back(dealloc);
    }
    llvm::SmallVector<const Op*, 64> placed;
    for (std::size_t i = 0; i < ops.size(); ++i) {
      const Opcode opcode = ops[i]->opcode;
      if (opcode == Opcode::memref_alloc || opcode == Opcode::memref_dealloc) continue;
      if (const auto it = before.find(i); it != before.end()) placed.append(it->second);
      placed.push_back(ops[i]);
      if (const auto it = after.find(i); it != after.end()) placed.append(it->second);
    }
    if (std::equal(placed.begin(), placed.end(), ops.begin(), ops.end())) return nullptr;
    return pass.builder().body(placed);
  }
};

}  // namespace

std::unique_ptr<Pass> place_buffers() {
  return std::make_unique<PlaceBuffers>();
}

}  // namespace fastarena::ir::passes
