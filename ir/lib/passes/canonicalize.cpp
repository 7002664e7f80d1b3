// canonicalize: local rewrites to a simpler equivalent form.
//
//   transpose(transpose(x))            ->  x
//   reshape(reshape(x))                ->  reshape(x)
//   reshape(constant)                  ->  constant (the same elements, the new shape)
//   reshape(x) to x's shape            ->  x
//   field i of make_struct(x0, x1...)  ->  xi
//
// The worked example of docs/passes.md: the rule looks at an operation whose operands are
// already rewritten (Rewriter::value), and either replaces its value or leaves it to be kept.
#include "passes.h"

namespace fastarena::ir::passes {

bool canonicalize_rule(Rewriter& r, const Op& op) {
  switch (op.opcode) {
    case Opcode::transpose: {
      const Op* inner = r.value(op.operands[0]);
      if (inner->opcode != Opcode::transpose) return false;
      r.replace(op, inner->operands[0]);
      return true;
    }
    case Opcode::reshape: {
      const Op* from = r.value(op.operands[0]);
      if (from->type == op.type) {  // already that shape
        r.replace(op, from);
      } else if (from->opcode == Opcode::reshape) {
        r.replace(op, r.emit(r.builder().reshape(from->operands[0], op.type.shape(), op.loc)));
      } else if (from->opcode == Opcode::constant) {  // the same elements, shared, new shape
        Op reshaped = *from;
        reshaped.type = op.type;
        reshaped.loc = op.loc;
        r.replace(op, r.emit(r.builder().share(reshaped)));
      } else {
        return false;
      }
      return true;
    }
    case Opcode::field: {
      const Op* value = r.value(op.operands[0]);
      if (value->opcode != Opcode::make_struct) return false;
      r.replace(op, value->operands[op.index]);
      return true;
    }
    default:
      return false;
  }
}

std::unique_ptr<Pass> canonicalize() {
  return std::make_unique<RulePass>("canonicalize", canonicalize_rule);
}

}  // namespace fastarena::ir::passes
