// SPDX-License-Identifier: MIT
// fold: an operation whose operands are all constants (tensors or structs) becomes the constant
// it computes, by the same evaluation the interpreter runs (OpDef::evaluate): written once, so
// compile time and run time cannot disagree. Operations with an effect (print, return, calls)
// are left.
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {

bool fold_rule(Rewriter& r, const Op& op) {
  return fold(r, op);
}

std::unique_ptr<Pass> fold() {
  return std::make_unique<RulePass>("fold", fold_rule);
}

}  // namespace fastarena::ir::passes
