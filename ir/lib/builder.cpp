#include "fastarena/ir/builder.h"

#include <algorithm>

#include "llvm/ADT/SmallVector.h"

namespace fastarena::ir {

Type infer_type(Context& context, Opcode opcode, std::span<const Op* const> operands) {
  switch (opcode) {
    case Opcode::add:
    case Opcode::sub:
    case Opcode::mul: {
      const Type lhs = operands[0]->type;
      return lhs.is_ranked() && lhs == operands[1]->type ? lhs : context.unranked_tensor();
    }
    case Opcode::transpose: {
      const Type value = operands[0]->type;
      if (!value.is_ranked()) return context.unranked_tensor();
      llvm::SmallVector<std::int64_t, 4> shape(value.shape().rbegin(), value.shape().rend());
      return context.tensor(shape);
    }
    case Opcode::print:
    case Opcode::ret:
      return Type();
    default:
      return context.unranked_tensor();
  }
}

const Op* Builder::create(const Op& op) {
  Op copy = op;
  copy.operands = this->copy(op.operands);
  copy.data = this->copy(op.data);
  return make(copy);
}

const Op* Builder::param(std::uint32_t index, Type type, Location loc) {
  Op op(Opcode::param);
  op.index = index;
  op.type = type;
  op.loc = loc;
  return make(op);
}

const Op* Builder::constant(std::span<const std::int64_t> shape, std::span<const double> data,
                            Location loc) {
  Op op(Opcode::constant);
  op.type = context_.tensor(shape);
  op.data = data;
  op.loc = loc;
  return create(op);
}

const Op* Builder::make_op(Opcode opcode, std::span<const Op* const> operands, Type type,
                           Location loc, std::uint32_t index, Name callee) {
  Op op(opcode);
  op.operands = operands;
  op.type = type;
  op.loc = loc;
  op.index = index;
  op.callee = callee;
  return create(op);
}

// Each checks failed_ first: after a failure its operands may be null.

const Op* Builder::binary(Opcode opcode, const Op* lhs, const Op* rhs, Location loc) {
  if (failed_) return nullptr;
  const Op* operands[] = {lhs, rhs};
  return make_op(opcode, operands, infer_type(context_, opcode, operands), loc);
}

const Op* Builder::transpose(const Op* value, Location loc) {
  if (failed_) return nullptr;
  const std::span<const Op* const> operands(&value, 1);
  return make_op(Opcode::transpose, operands, infer_type(context_, Opcode::transpose, operands),
                 loc);
}

const Op* Builder::reshape(const Op* value, std::span<const std::int64_t> shape, Location loc) {
  if (failed_) return nullptr;
  return make_op(Opcode::reshape, {&value, 1}, context_.tensor(shape), loc);
}

const Op* Builder::call(const Function& callee, std::span<const Op* const> args, Location loc) {
  if (failed_) return nullptr;
  return make_op(Opcode::call, args, callee.result, loc, 0, callee.name);
}

const Op* Builder::make_struct(Type type, std::span<const Op* const> fields, Location loc) {
  if (failed_) return nullptr;
  return make_op(Opcode::make_struct, fields, type, loc);
}

const Op* Builder::field(const Op* value, std::uint32_t index, Location loc) {
  if (failed_) return nullptr;
  return make_op(Opcode::field, {&value, 1}, value->type.field_types()[index], loc, index);
}

const Op* Builder::print(const Op* value, Location loc) {
  if (failed_) return nullptr;
  return make_op(Opcode::print, {&value, 1}, Type(), loc);
}

const Op* Builder::ret(const Op* value, Location loc) {
  if (failed_) return nullptr;
  return make_op(Opcode::ret, {&value, value != nullptr ? 1u : 0u}, Type(), loc);
}

std::span<const Op* const> Builder::freeze(std::span<const Op* const> ops) {
  return copy(ops);
}

const Body* Builder::body(std::span<const Op* const> ops) {
  const std::span<const Op* const> frozen = copy(ops);
  return failed_ ? nullptr : make(Body{frozen});
}

Function* Builder::function(Name name, Location loc, std::span<const Op* const> params) {
  Function f;
  f.name = name;
  f.loc = loc;
  f.params = copy(params);
  return make(f);
}

}  // namespace fastarena::ir
