// SPDX-License-Identifier: MIT
// canonicalize: local rewrites to a simpler equivalent form, each opcode's own
// (OpDef::canonicalize, in ir/lib/ops/): transpose(transpose(x)) -> x; reshape(reshape(x)) ->
// reshape(x); reshape(constant) -> constant; reshape(x) to x's type -> x; field i of
// make_struct(x0, x1, ...) -> xi.
//
// A rule looks at an operation whose operands are already rewritten (Rewriter::value), and
// either replaces its value or leaves it to be kept (docs/passes.md works one through).
//
// The pass runs as MLIR's canonicalizer runs, so that `fa-ir opt` prints what toyc-ch7 -opt
// prints: constants placed where MLIR's folder puts them (constant_placement.cpp), the rules
// applied top-down, and what is dead erased.
#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {

bool canonicalize_rule(Rewriter& r, const Op& op) {
  return op_def(op.opcode).canonicalize(r, op);
}

const Body* canonicalize_body(std::span<const Op* const> ops, Builder& builder) {
  ConstantPlacement folder;
  const Body* placed = folder.place(ops, builder);
  const Body* last = placed;
  Rewriter r(builder);
  const Body* rewritten =
      r.rewrite(placed != nullptr ? placed->ops : ops, [](Rewriter& r, const Op& op) {
        if (!canonicalize_rule(r, op)) r.keep(op);
      });
  if (rewritten != nullptr) last = rewritten;
  if (builder.failed()) return nullptr;
  const std::span<const Op* const> now = last != nullptr ? last->ops : ops;
  const auto live = live_ops(now);
  if (live.size() != now.size()) last = builder.body(live);
  // What the rules made, placed; if they changed nothing, every constant is placed already.
  if (rewritten != nullptr || live.size() != now.size()) {
    if (const Body* again = folder.place(last != nullptr ? last->ops : ops, builder)) last = again;
  }
  return builder.failed() ? nullptr : last;
}

namespace {

class Canonicalize : public FunctionPass {
 public:
  std::string_view name() const override { return "canonicalize"; }
  const Body* rewrite(const Function& function, PassContext& pass) override {
    return canonicalize_body(pass.body(function)->ops, pass.builder());
  }
};

}  // namespace

std::unique_ptr<Pass> canonicalize() {
  return std::make_unique<Canonicalize>();
}

}  // namespace fastarena::ir::passes
