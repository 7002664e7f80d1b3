// canonicalize: local rewrites to a simpler equivalent form.
//
//   transpose(transpose(x))  ->  x
//   reshape(reshape(x))      ->  reshape(x)
//   reshape(constant)        ->  constant (the same elements, the new shape)
//   reshape(x) to x's shape  ->  x
//
// The worked example of docs/passes.md: each rule looks at an operation whose operands are
// already rewritten (Rewriter::value), and either replaces its value or keeps it.
#include "fastarena/ir/rewriter.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

class Canonicalize : public Pass {
 public:
  std::string_view name() const override { return "canonicalize"; }

  const Body* run(const Module&, const Function& function, Builder& builder) override {
    Rewriter rewriter(builder);
    return rewriter.rewrite(function.body->ops, rewrite);
  }

 private:
  static void rewrite(Rewriter& r, const Op& op) {
    if (op.opcode == Opcode::transpose) {
      const Op* inner = r.value(op.operands[0]);
      if (inner->opcode == Opcode::transpose) return r.replace(op, inner->operands[0]);
    }
    if (op.opcode == Opcode::reshape) {
      const Op* from = r.value(op.operands[0]);
      if (from->type == op.type) return r.replace(op, from);  // already that shape
      if (from->opcode == Opcode::reshape) {
        return r.replace(op,
                         r.emit(r.builder().reshape(from->operands[0], op.type.shape(), op.loc)));
      }
      if (from->opcode == Opcode::constant) {  // the same elements, shared, in the new shape
        Op reshaped = *from;
        reshaped.type = op.type;
        reshaped.loc = op.loc;
        return r.replace(op, r.emit(r.builder().share(reshaped)));
      }
    }
    r.keep(op);
  }
};

}  // namespace

std::unique_ptr<Pass> canonicalize() {
  return std::make_unique<Canonicalize>();
}

}  // namespace fastarena::ir::passes
