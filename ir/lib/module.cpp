// SPDX-License-Identifier: MIT
#include "fastarena/ir/module.h"

#include <llvm/Support/ErrorHandling.h>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/op_def.h"

namespace fastarena::ir {

bool is_loop_level(const Function& function) {
  return function.body != nullptr && !function.body->ops.empty() &&
         function.body->ops.back()->opcode == Opcode::func_return;
}

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

namespace {

// Copies `ops` through `builder`, operands mapped by `copies` (which gains each copy), regions
// and properties with them; nesting is as deep as a loop nest, a tensor's rank.
void copy_ops(Builder& builder, std::span<const Op* const> ops,
              llvm::DenseMap<const Op*, const Op*>& copies, llvm::SmallVectorImpl<const Op*>& out) {
  llvm::SmallVector<const Op*, 8> operands;
  for (const Op* op : ops) {
    operands.clear();
    for (const Op* operand : op->operands) operands.push_back(copies.lookup(operand));
    const OpDef& def = op_def(op->opcode);
    Attributes attrs = op->attributes();
    attrs.data_frozen = false;  // the data moves too
    void* properties = def.copy_properties != nullptr ? def.copy_properties(builder, *op) : nullptr;
    attrs.properties = properties;
    const Op* copy = builder.build(op->opcode, operands, op->loc, attrs);
    copies[op] = copy;
    out.push_back(copy);
    // A region is copied after its operation, which it uses (a loop is its induction variable),
    // and set before anything else sees the copy.
    if (def.region == nullptr || properties == nullptr) continue;
    llvm::SmallVector<const Op*, 16> body;
    copy_ops(builder, def.region(*op), copies, body);
    def.set_region(properties, builder.freeze(body));
  }
}

}  // namespace

void Module::compact() {
  auto fresh = std::make_unique<Arena>();
  Transaction txn = fresh->transaction();
  Builder builder(*context_, txn);
  llvm::DenseMap<const Op*, const Op*> copies;  // old value -> new, per function
  llvm::SmallVector<const Op*, 32> ops;
  llvm::SmallVector<Type, 4> types;  // a function's parameters'
  llvm::SmallVector<Location, 4> locs;
  llvm::SmallVector<Function*, 8> functions;
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    prefetch_body_ahead(functions_, i);
    const Function* f = functions_[i];
    copies.clear();
    ops.clear();
    types.clear();
    locs.clear();
    for (const Op* p : f->params) {
      types.push_back(p->type);
      locs.push_back(p->loc);
    }
    Function* copy = builder.function(f->name, f->loc, types, locs);
    if (copy == nullptr) break;
    for (std::size_t p = 0; p < f->params.size(); ++p) copies[f->params[p]] = copy->params[p];
    copy->result = f->result;
    if (f->body != nullptr) {
      ops.clear();
      copy_ops(builder, f->body->ops, copies, ops);
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
