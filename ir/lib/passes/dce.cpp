// dce: operations whose values nobody uses go. print, return and calls stay (a call may print);
// everything else is kept only if a kept operation uses it. One backward walk finds them; the
// kept operations are the same nodes, so the new body costs one array.
#include <llvm/ADT/DenseSet.h>

#include <llvm/ADT/SmallVector.h>
#include <algorithm>

#include "passes.h"

namespace fastarena::ir::passes {
namespace {

class Dce : public Pass {
 public:
  std::string_view name() const override { return "dce"; }

  const Body* run(const Module&, const Function& function, Builder& builder) override {
    const std::span<const Op* const> ops = function.body->ops;
    llvm::DenseSet<const Op*> used;
    llvm::SmallVector<const Op*, 32> kept;
    for (std::size_t i = ops.size(); i-- > 0;) {
      const Op* op = ops[i];
      const bool effect =
          op->opcode == Opcode::print || op->opcode == Opcode::ret || op->opcode == Opcode::call;
      if (!effect && !used.contains(op)) continue;
      kept.push_back(op);
      for (const Op* operand : op->operands) used.insert(operand);
    }
    if (kept.size() == ops.size()) return nullptr;  // nothing dead
    std::reverse(kept.begin(), kept.end());
    return builder.body(kept);
  }
};

}  // namespace

std::unique_ptr<Pass> dce() {
  return std::make_unique<Dce>();
}

}  // namespace fastarena::ir::passes
