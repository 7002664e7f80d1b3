#include "fastarena/ir/builder.h"

#include <llvm/ADT/SmallVector.h>

#include <algorithm>

namespace fastarena::ir {

const Op* Builder::create(const Op& op) {
  Op copy = op;
  copy.operands = this->copy(op.operands);
  copy.data = this->copy(op.data);
  return make(copy);
}

const Op* Builder::build(Opcode opcode, std::span<const Op* const> operands, Location loc,
                         const Attributes& attrs) {
  if (failed_) return nullptr;  // the operands may be null
  Op op(opcode, operands, loc, attrs);
  if (!op.type && op_def(opcode).result == OpDef::Result::one) {
    const bool unknown = std::any_of(operands.begin(), operands.end(), [](const Op* operand) {
      return operand->type.is_tensor() && !operand->type.is_ranked();
    });
    const Inferred inferred = unknown ? Inferred{} : infer(op, context_);
    op.type = inferred.type && !inferred.conflict ? inferred.type : context_.unranked_tensor();
  }
  return create(op);
}

const Op* Builder::param(std::uint32_t index, Type type, Location loc) {
  Op op(Opcode::param);
  op.index = index;
  op.type = type;
  op.loc = loc;
  return make(op);
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
  Body body{copy(ops), copy(std::span<const Name>(callees)), bytes};
  return failed_ ? nullptr : make(body);
}

Function* Builder::function(Name name, Location loc, std::span<const Op* const> params) {
  Function f;
  f.name = name;
  f.loc = loc;
  f.params = copy(params);
  return make(f);
}

}  // namespace fastarena::ir
