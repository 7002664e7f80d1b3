// fold: an operation whose operands are all constants becomes the constant it computes, by
// the same evaluation the interpreter runs (OpDef::evaluate): written once, so compile time
// and run time cannot disagree. Operations with an effect (print, return, call) are left.
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {

bool fold_rule(Rewriter& r, const Op& op) {
  if (op_def(op.opcode).effect || !op.has_result() || op.operands.empty()) return false;
  llvm::SmallVector<Value, 4> args;
  for (const Op* operand : op.operands) {
    const std::optional<Value> value = constant_value(*r.value(operand));
    if (!value) return false;
    args.push_back(*value);
  }
  // The result's elements go straight into the builder's transaction: the new constant uses
  // them where they are. Evaluation that fails (a shape conflict, out of budget) folds nothing.
  Evaluator evaluator(r.builder().context(), r.builder().transaction());
  Value result;
  if (!evaluate(op, args, result, evaluator) || !result.type.is_ranked()) return false;
  r.replace(op, r.emit(materialize_constant(r.builder(), result, op.loc)));
  return true;
}

std::unique_ptr<Pass> fold() {
  return std::make_unique<RulePass>("fold", fold_rule);
}

}  // namespace fastarena::ir::passes
