// SPDX-License-Identifier: MIT
#include "fastarena/ir/builder.h"

#include <llvm/ADT/SmallVector.h>

#include <algorithm>
#include <cassert>

namespace fastarena::ir {

void Builder::infer_type(Op& op) {
  if (op_def(op.opcode).result != OpDef::Result::one) return;
  const bool unknown = std::any_of(op.operands.begin(), op.operands.end(), [](const Op* operand) {
    return operand->type.is_tensor() && !operand->type.is_ranked();
  });
  const Inferred inferred = unknown ? Inferred{} : infer(op, context_);
  op.type = inferred.type && !inferred.conflict ? inferred.type : context_.unranked_tensor();
}

void Builder::locate_unpublished(const Op* op, Location loc) noexcept {
  if (op != nullptr) const_cast<Op*>(op)->loc = loc;  // built here, and not yet seen
}

std::span<const Op* const> Builder::freeze(std::span<const Op* const> ops) {
  return copy(ops);
}

const Body* Builder::body(std::span<const Op* const> ops) {
  llvm::SmallVector<Name, 8> callees;
  std::size_t bytes = sizeof(Body) + ops.size_bytes();
  for (const Op* op : ops) {
    if (!op->callee().empty()) callees.push_back(op->callee());
    bytes += sizeof(Op) + op->operands.size_bytes() + op->data.size_bytes();
  }
  bytes += callees.size() * sizeof(Name);
  const std::span<const Op* const> frozen_ops = copy(ops);
  const std::span<const Name> frozen_callees = copy(std::span<const Name>(callees));
  Body* body = make<Body>();
  if (body != nullptr) *body = {frozen_ops, frozen_callees, bytes};
  return body;
}

Function* Builder::function(Name name, Location loc, std::span<const Type> param_types,
                            std::span<const Location> param_locs) {
  assert(param_locs.size() == param_types.size());
  llvm::SmallVector<const Op*, 4> params;
  for (std::size_t i = 0; i < param_types.size(); ++i) {
    params.push_back(build(Opcode::param, {}, param_locs[i],
                           {.type = param_types[i], .index = static_cast<std::uint32_t>(i)}));
  }
  const std::span<const Op* const> frozen_params = copy(std::span<const Op* const>(params));
  Function* f = make<Function>();
  if (f != nullptr) {
    f->name = name;
    f->loc = loc;
    f->params = frozen_params;
  }
  return f;
}

}  // namespace fastarena::ir
