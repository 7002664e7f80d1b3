// fold: operations on constants computed at compile time.
//
//   add/sub/mul of two constants of one shape  ->  constant
//   transpose of a constant                    ->  constant
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/tensor.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

bool is_constant(const Op* op) {
  return op->opcode == Opcode::constant;
}

}  // namespace

bool fold_rule(Rewriter& r, const Op& op) {
  switch (op.opcode) {
    case Opcode::add:
    case Opcode::sub:
    case Opcode::mul: {
      const Op* a = r.value(op.operands[0]);
      const Op* b = r.value(op.operands[1]);
      if (!is_constant(a) || !is_constant(b) || a->type != b->type) return false;
      llvm::SmallVector<double, 16> data(a->data.size());
      elementwise(op.opcode, a->data, b->data, data);
      r.replace(op, r.emit(r.builder().constant(a->type.shape(), data, op.loc)));
      return true;
    }
    case Opcode::transpose: {
      const Op* a = r.value(op.operands[0]);
      if (!is_constant(a)) return false;
      llvm::SmallVector<double, 16> data(a->data.size());
      transpose(a->type.shape(), a->data, data);
      const llvm::SmallVector<std::int64_t, 4> reversed(a->type.shape().rbegin(),
                                                        a->type.shape().rend());
      r.replace(op, r.emit(r.builder().constant(reversed, data, op.loc)));
      return true;
    }
    default:
      return false;
  }
}

std::unique_ptr<Pass> fold() {
  return std::make_unique<RulePass>("fold", fold_rule);
}

}  // namespace fastarena::ir::passes
