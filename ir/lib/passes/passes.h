// SPDX-License-Identifier: MIT
// The passes, one file each; pass.h's create_pass() makes them by name. The rewrite rules of
// canonicalize are shared with the inliner, which simplifies the code it inlines.
#pragma once

#include <llvm/ADT/SmallPtrSet.h>

#include <memory>

#include "fastarena/call_graph.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/rewriter.h"

namespace fastarena::ir::passes {

std::unique_ptr<Pass> canonicalize();
std::unique_ptr<Pass> cse();
std::unique_ptr<Pass> fold();
std::unique_ptr<Pass> dce();
std::unique_ptr<Pass> inline_calls(const InlineOptions& options);
std::unique_ptr<Pass> shape_inference();
std::unique_ptr<Pass> lower_to_affine(const LowerOptions& options);
std::unique_ptr<Pass> place_buffers();
std::unique_ptr<Pass> loop_fusion();

// A rule looks at `op`, whose operands the rewriter has already mapped (Rewriter::value). If it
// applies, it replaces op's value (emitting what it needs) and returns true; otherwise it does
// nothing and returns false, and the caller keeps op or tries another rule.
bool canonicalize_rule(Rewriter& r, const Op& op);
bool fold_rule(Rewriter& r, const Op& op);

// A pass that applies one rule to every operation of every function, keeping what the rule
// leaves alone (canonicalize, fold).
class RulePass : public FunctionPass {
 public:
  using Rule = bool (*)(Rewriter&, const Op&);
  RulePass(std::string_view name, Rule rule) : name_(name), rule_(rule) {}

  std::string_view name() const override { return name_; }
  const Body* rewrite(const Function& function, PassContext& pass) override {
    Rewriter rewriter(pass.builder());
    return rewriter.rewrite(pass.body(function)->ops, [this](Rewriter& r, const Op& op) {
      if (!rule_(r, op)) r.keep(op);
    });
  }

 private:
  std::string_view name_;
  Rule rule_;
};

// The operations of `ops` something needs, in order: those with an effect (print, return,
// call), `also_used` (a value the caller will use; may be null), and what they use. dce keeps
// them; the inliner keeps and counts them.
llvm::SmallVector<const Op*, 16> live_ops(std::span<const Op* const> ops,
                                          const Op* also_used = nullptr);

// The module's call graph, through the bodies as the pass has left them so far.
inline CallGraph<Function> call_graph(const PassContext& pass) {
  return CallGraph<Function>(pass.module().functions(), [&](const Function& f, auto&& add) {
    const Body* body = pass.body(f);
    if (body == nullptr) return;
    for (const Name callee : body->callees) add(pass.module().function(callee));
  });
}

// MLIR's OperationFolder's placement of constants, one folder's worth (constant_placement.cpp):
// what toyc-ch7's canonicalizer does to constants each time it walks a body.
class ConstantPlacement {
 public:
  // `ops` with their constants placed: the new body, or null if nothing moved or merged (or the
  // builder failed). The folder remembers the constants it placed for the next walk.
  const Body* place(std::span<const Op* const> ops, Builder& builder);

 private:
  llvm::SmallPtrSet<const Op*, 16> owned_;
};

// `ops` canonicalized as MLIR's canonicalizer does it: constants placed (a fresh folder), each
// operation rewritten by its opcode's rule in order, what is dead erased, and what the rules
// made placed again (the same folder). The new body, or null if nothing changed or the builder
// failed.
const Body* canonicalize_body(std::span<const Op* const> ops, Builder& builder);

// Canonicalizes (and, if `fold`, folds), else keeps `op`: what the inliner does to the code it
// inlines under a cost model.
inline void simplify(Rewriter& r, const Op& op, bool fold) {
  if (!canonicalize_rule(r, op) && !(fold && fold_rule(r, op))) r.keep(op);
}

}  // namespace fastarena::ir::passes
