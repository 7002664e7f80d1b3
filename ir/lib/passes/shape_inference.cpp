// SPDX-License-Identifier: MIT
// shape-inference: gives every value the static shape its operands imply, now that inlining has
// given operands shapes: each operation's shape rule (OpDef::infer) on its operands' new types.
// The builder keeps a result unranked until every operand's shape is known; here a rule that
// can tell from one operand does (an element-wise operation takes the shape of whichever
// operand has one).
//
// Operands whose known shapes disagree are a located error (the rule's conflict): the pass
// fails and is rolled back. Values left without a shape — in a function still called
// generically, or fed by a call that was not inlined — are a located remark, one per function;
// the pass still refines the rest.
#include "fastarena/ir/op_def.h"
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
      llvm::SmallVector<Type, 4> operands;
      for (const Op* operand : op->operands) operands.push_back(r.value(operand)->type);
      const Inferred rule = op_def(op->opcode).infer(*op, operands, pass.context());
      if (rule.conflict) {
        pass.error(op->loc,
                   "shape inference: " +
                       rule.conflict->message("'" + std::string(mnemonic(op->opcode)) + "'"));
        return nullptr;
      }
      const bool refines = op->has_result() && !op->type.is_ranked() && rule.type.is_ranked();
      const Op* inferred = r.keep(*op, refines ? rule.type : op->type);
      if (inferred == nullptr) return nullptr;
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
};

}  // namespace

std::unique_ptr<Pass> shape_inference() {
  return std::make_unique<ShapeInference>();
}

}  // namespace fastarena::ir::passes
