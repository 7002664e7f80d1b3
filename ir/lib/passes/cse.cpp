// SPDX-License-Identifier: MIT
// cse: common-subexpression elimination. Operations never change once built, so two with the
// same opcode, attributes and operands compute the same value, and the later can use the
// earlier's: hash-consing, one walk. Operations with an effect (print, return, calls) are
// never merged. Constants are compared by their elements, so identical constants become one.
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/Hashing.h>
#include <llvm/ADT/SmallVector.h>

#include <algorithm>
#include <cstring>

#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

// An operation as CSE compares it: with its operands as the rewrite has mapped them.
struct Probe {
  const Op* op;
  std::span<const Op* const> operands;
};

llvm::hash_code hash(const Op& op, std::span<const Op* const> operands) {
  return llvm::hash_combine(
      static_cast<unsigned>(op.opcode), op.index, op.type.opaque(), op.layout().opaque(),
      op.callee().opaque(), llvm::hash_combine_range(operands.begin(), operands.end()),
      llvm::hash_combine_range(reinterpret_cast<const char*>(op.data.data()),
                               reinterpret_cast<const char*>(op.data.data() + op.data.size())));
}

bool same(const Op& a, std::span<const Op* const> a_operands, const Op& b) {
  return a.opcode == b.opcode && a.index == b.index && a.type == b.type &&
         a.layout() == b.layout() && a.callee() == b.callee() &&
         std::equal(a_operands.begin(), a_operands.end(), b.operands.begin(), b.operands.end()) &&
         a.data.size() == b.data.size() &&
         (a.data.empty() ||  // (no memcmp of null pointers)
          std::memcmp(a.data.data(), b.data.data(), a.data.size_bytes()) == 0);  // -0 != 0
}

// The kept operations, found by what they compute.
struct KeptInfo {
  static const Op* getEmptyKey() { return llvm::DenseMapInfo<const Op*>::getEmptyKey(); }
  static const Op* getTombstoneKey() { return llvm::DenseMapInfo<const Op*>::getTombstoneKey(); }
  static bool is_key(const Op* op) { return op == getEmptyKey() || op == getTombstoneKey(); }
  static unsigned getHashValue(const Op* op) { return hash(*op, op->operands); }
  static unsigned getHashValue(const Probe& p) { return hash(*p.op, p.operands); }
  static bool isEqual(const Op* a, const Op* b) {
    if (is_key(a) || is_key(b)) return a == b;
    return same(*a, a->operands, *b);
  }
  static bool isEqual(const Probe& p, const Op* b) {
    return !is_key(b) && same(*p.op, p.operands, *b);
  }
};

class Cse : public FunctionPass {
 public:
  std::string_view name() const override { return "cse"; }

  const Body* rewrite(const Function& function, PassContext& pass) override {
    llvm::DenseSet<const Op*, KeptInfo> kept;
    llvm::SmallVector<const Op*, 4> operands;
    Rewriter rewriter(pass.builder());
    return rewriter.rewrite(pass.body(function)->ops, [&](Rewriter& r, const Op& op) {
      if (op_def(op.opcode).effect) {
        r.keep(op);
        return;
      }
      operands.clear();
      for (const Op* operand : op.operands) operands.push_back(r.value(operand));
      if (const auto it = kept.find_as(Probe{&op, operands}); it != kept.end()) {
        r.replace(op, *it);  // computed already
        return;
      }
      if (const Op* made = r.keep(op)) kept.insert(made);
    });
  }
};

}  // namespace

std::unique_ptr<Pass> cse() {
  return std::make_unique<Cse>();
}

}  // namespace fastarena::ir::passes
