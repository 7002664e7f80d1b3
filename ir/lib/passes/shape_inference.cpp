// shape-inference: gives every value the static shape its operands imply, now that inlining has
// given operands shapes:
//
//   add/sub/mul  the shape of whichever operand has one (the builder's infer_type gives one only
//                when both agree: lowering must not reject, say, a scalar added to an unknown
//                value in code that may never run; here that would be a conflict to report)
//   transpose    its operand's shape, reversed (infer_type)
//   (constants and reshapes carry theirs; params and call results keep what they have)
//
// Operands whose known shapes disagree are a located error (the verifier's shape_conflict):
// the pass fails and is rolled back. Values left without a shape — in a function still called
// generically, or fed by a call that was not inlined — are a located remark, one per function;
// the pass still refines the rest.
#include "fastarena/ir/verifier.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

class ShapeInference : public FunctionPass {
 public:
  std::string_view name() const override { return "shape-inference"; }

  const Body* rewrite(const Function& function, PassContext& pass) override {
    Rewriter r(pass.builder());
    const Op* first_unknown = nullptr;
    std::size_t unknown = 0;
    for (const Op* op : pass.body(function)->ops) {
      if (pass.builder().failed()) return nullptr;  // out of budget: values may be null
      const Op* inferred = r.keep(*op, infer(r, *op, pass.context()));
      if (inferred == nullptr) return nullptr;
      if (auto conflict = shape_conflict(*inferred)) {
        pass.error(op->loc, "shape inference: " + *conflict);
        return nullptr;
      }
      if (inferred->type.is_tensor() && !inferred->type.is_ranked() && unknown++ == 0) {
        first_unknown = op;
      }
    }
    if (unknown != 0) {
      pass.remark(first_unknown->loc,
                  "shape inference: " + std::to_string(unknown) + " value(s) of @" +
                      std::string(function.name) + " keep an unknown shape, the first this '" +
                      std::string(mnemonic(first_unknown->opcode)) +
                      "': they depend on its parameters or on calls that were not inlined");
    }
    return r.finish();
  }

 private:
  // The type `op` has once its operands' new types are known.
  static Type infer(const Rewriter& r, const Op& op, Context& context) {
    if (op.type.is_ranked()) return op.type;
    switch (op.opcode) {
      case Opcode::add:
      case Opcode::sub:
      case Opcode::mul: {
        const Type lhs = r.value(op.operands[0])->type;
        return lhs.is_ranked() ? lhs : r.value(op.operands[1])->type;
      }
      case Opcode::transpose: {
        const Op* operand = r.value(op.operands[0]);
        return infer_type(context, Opcode::transpose, {&operand, 1});
      }
      default:
        return op.type;
    }
  }
};

}  // namespace

std::unique_ptr<Pass> shape_inference() {
  return std::make_unique<ShapeInference>();
}

}  // namespace fastarena::ir::passes
