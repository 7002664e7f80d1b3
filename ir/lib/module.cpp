// SPDX-License-Identifier: MIT
#include "fastarena/ir/module.h"

#include <llvm/Support/ErrorHandling.h>

#include "fastarena/ir/builder.h"

namespace fastarena::ir {

bool Module::add(Function& function) {
  if (!by_name_.try_emplace(function.name, &function).second) return false;
  functions_.push_back(&function);
  return true;
}

void Module::set_functions(std::span<Function* const> functions) {
  functions_.assign(functions.begin(), functions.end());
  by_name_.clear();
  for (Function* f : functions_) by_name_[f->name] = f;
}

void Module::compact() {
  auto fresh = std::make_unique<Arena>();
  Transaction txn = fresh->transaction();
  Builder builder(*context_, txn);
  llvm::DenseMap<const Op*, const Op*> copies;  // old value -> new, per function
  llvm::SmallVector<const Op*, 8> operands;
  llvm::SmallVector<const Op*, 32> ops;
  llvm::SmallVector<Function*, 8> functions;
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    prefetch_body_ahead(functions_, i);
    const Function* f = functions_[i];
    copies.clear();
    ops.clear();
    for (const Op* p : f->params) copies[p] = builder.create(*p);
    for (const Op* p : f->params) ops.push_back(copies[p]);
    Function* copy = builder.function(f->name, f->loc, ops);
    if (copy == nullptr) break;
    copy->result = f->result;
    if (f->body != nullptr) {
      ops.clear();
      for (const Op* op : f->body->ops) {
        operands.clear();
        for (const Op* operand : op->operands) operands.push_back(copies.lookup(operand));
        ops.push_back(copies[op] = builder.create(*op, operands));
      }
      copy->body = builder.body(ops);
    }
    functions.push_back(copy);
  }
  // The fresh arena has no budget: only exhausted memory fails, as it would for new.
  if (builder.failed()) llvm::report_fatal_error("out of memory while compacting a module");
  txn.commit();
  arena_ = std::move(fresh);  // the old arena, with every old body, is freed here
  adopted_.clear();           // and the arenas parallel passes built in
  set_functions(functions);
}

}  // namespace fastarena::ir
