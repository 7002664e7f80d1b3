// SPDX-License-Identifier: MIT
// dce: dead-code elimination.
//
// - Operations whose values nobody uses go. Those with an effect (OpDef::effect: print, return,
//   calls, which may print) stay; everything else is kept only if a kept operation uses it. One
//   backward walk finds them; the kept operations are the same nodes, so the new body costs one
//   array.
// - Functions no call reaches from @main go (after inlining, most callees). A module without a
//   @main is a library: all of its functions stay.
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/DepthFirstIterator.h>
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/SmallVector.h>

#include <algorithm>

#include "fastarena/ir/op_def.h"
#include "passes.h"

namespace fastarena::ir::passes {
namespace {

class Dce : public Pass {
 public:
  std::string_view name() const override { return "dce"; }

  void run(PassContext& pass) override {
    const std::span<Function* const> functions = pass.module().functions();
    for (std::size_t i = 0; i < functions.size(); ++i) {
      prefetch_body_ahead(functions, i);
      const Function* f = functions[i];
      if (f->body == nullptr) continue;
      const auto live = live_ops(f->body->ops);
      if (live.size() == f->body->ops.size()) continue;  // nothing dead
      const Body* body = pass.builder().body(live);      // the same nodes: one new array
      if (body == nullptr) return;                       // out of budget
      pass.set_body(*f, body);
    }
    remove_unreachable(pass);
  }

 private:
  // Marks what @main reaches through the new bodies' calls; removes the rest.
  static void remove_unreachable(PassContext& pass) {
    const Module& module = pass.module();
    const Function* main = module.function(module.context().names().find("main"));
    if (main == nullptr) return;
    CallGraph<Function> graph = call_graph(pass);
    llvm::DenseSet<const Function*> reached;
    for (const CallGraphNode<Function>* node : llvm::depth_first(graph.node(main))) {
      reached.insert(node->function);
    }
    for (const Function* f : module.functions()) {
      if (!reached.contains(f)) pass.remove(*f);
    }
  }
};

}  // namespace

llvm::SmallVector<const Op*, 16> live_ops(std::span<const Op* const> ops, const Op* also_used) {
  llvm::SmallPtrSet<const Op*, 32> used;  // most bodies are short: no allocation
  if (also_used != nullptr) used.insert(also_used);
  llvm::SmallVector<const Op*, 16> live;
  for (std::size_t i = ops.size(); i-- > 0;) {   // backwards: uses before definitions
    if (i >= 4) __builtin_prefetch(ops[i - 4]);  // nodes the walk would wait on, asked ahead
    const Op* op = ops[i];
    if (!op_def(op->opcode).effect && !used.contains(op)) continue;
    live.push_back(op);
    for (const Op* operand : op->operands) used.insert(operand);
  }
  std::reverse(live.begin(), live.end());
  return live;
}

std::unique_ptr<Pass> dce() {
  return std::make_unique<Dce>();
}

}  // namespace fastarena::ir::passes
