// SPDX-License-Identifier: MIT
// canonicalize: local rewrites to a simpler equivalent form, each opcode's own
// (OpDef::canonicalize, in ir/lib/ops/): transpose(transpose(x)) -> x; reshape(reshape(x)) ->
// reshape(x); reshape(constant) -> constant; reshape(x) to x's type -> x; field i of
// make_struct(x0, x1, ...) -> xi.
//
// A rule looks at an operation whose operands are already rewritten (Rewriter::value), and
// either replaces its value or leaves it to be kept (docs/passes.md works one through).
#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {

bool canonicalize_rule(Rewriter& r, const Op& op) {
  return op_def(op.opcode).canonicalize(r, op);
}

std::unique_ptr<Pass> canonicalize() {
  return std::make_unique<RulePass>("canonicalize", canonicalize_rule);
}

}  // namespace fastarena::ir::passes
