// shape-inference: gives every value the static shape its operands imply.
//
//   add/sub/mul  the shape of whichever operand has one (they must agree)
//   transpose    its operand's shape, reversed
//   (constants and reshapes carry theirs; params and call results keep what they have)
//
// After inlining, most generic code meets constants and every value gets a shape. Operands
// whose known shapes disagree are a located error: the pass fails and is rolled back. Values
// left without a shape — in a function still called generically, or fed by a call that was not
// inlined — are a located remark, one per function; the pass still refines the rest.
#include <llvm/ADT/SmallVector.h>

#include "fastarena/ir/printer.h"
#include "passes.h"

namespace fastarena::ir::passes {

bool shapes_agree(const Op& op) {
  switch (op.opcode) {
    case Opcode::add:
    case Opcode::sub:
    case Opcode::mul: {
      const Type lhs = op.operands[0]->type;
      const Type rhs = op.operands[1]->type;
      return !lhs.is_ranked() || !rhs.is_ranked() || lhs == rhs;
    }
    case Opcode::reshape: {
      const Type from = op.operands[0]->type;
      return !from.is_ranked() || from.element_count() == op.type.element_count();
    }
    default:
      return true;
  }
}

namespace {

class ShapeInference : public FunctionPass {
 public:
  std::string_view name() const override { return "shape-inference"; }

  const Body* rewrite(const Function& function, PassContext& pass) override {
    Rewriter r(pass.builder());
    const Op* first_unknown = nullptr;
    std::size_t unknown = 0;
    for (const Op* op : pass.body(function)->ops) {
      if (pass.builder().failed()) return nullptr;
      const Op* inferred = r.keep(*op, infer(r, *op, pass.context()));
      if (inferred == nullptr) return nullptr;
      if (!shapes_agree(*inferred)) {
        pass.error(op->loc, "shape inference: " + conflict(*inferred));
        return nullptr;
      }
      if (inferred->type.is_tensor() && !inferred->type.is_ranked()) {
        if (unknown++ == 0) first_unknown = op;
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
  // The type `op` has once its operands' shapes are known.
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

  static std::string conflict(const Op& op) {
    const std::string name(mnemonic(op.opcode));
    if (op.opcode == Opcode::reshape) {
      return "cannot reshape " + to_string(op.operands[0]->type) + " to " + to_string(op.type) +
             ": element counts differ";
    }
    return "operands of '" + name + "' have different shapes: " + to_string(op.operands[0]->type) +
           " and " + to_string(op.operands[1]->type);
  }
};

}  // namespace

std::unique_ptr<Pass> shape_inference() {
  return std::make_unique<ShapeInference>();
}

}  // namespace fastarena::ir::passes
