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

const Op* Builder::binary(Opcode opcode, const Op* lhs, const Op* rhs, Location loc) {
  if (failed_) return nullptr;
  const Op* operands[] = {lhs, rhs};
  Op op(opcode);
  op.operands = operands;
  op.type = infer_type(context_, opcode, operands);
  op.loc = loc;
  return create(op);
}

const Op* Builder::transpose(const Op* value, Location loc) {
  if (failed_) return nullptr;
  const Op* operands[] = {value};
  Op op(Opcode::transpose);
  op.operands = operands;
  op.type = infer_type(context_, Opcode::transpose, operands);
  op.loc = loc;
  return create(op);
}

const Op* Builder::reshape(const Op* value, std::span<const std::int64_t> shape, Location loc) {
  if (failed_) return nullptr;
  const Op* operands[] = {value};
  Op op(Opcode::reshape);
  op.operands = operands;
  op.type = context_.tensor(shape);
  op.loc = loc;
  return create(op);
}

const Op* Builder::call(const Function& callee, std::span<const Op* const> args, Location loc) {
  if (failed_) return nullptr;
  Op op(Opcode::call);
  op.operands = args;
  op.callee = callee.name;
  op.type = callee.result;
  op.loc = loc;
  return create(op);
}

const Op* Builder::make_struct(Type type, std::span<const Op* const> fields, Location loc) {
  if (failed_) return nullptr;
  Op op(Opcode::make_struct);
  op.operands = fields;
  op.type = type;
  op.loc = loc;
  return create(op);
}

const Op* Builder::field(const Op* value, std::uint32_t index, Location loc) {
  if (failed_) return nullptr;
  const Op* operands[] = {value};
  Op op(Opcode::field);
  op.operands = operands;
  op.index = index;
  op.type = value->type.field_types()[index];
  op.loc = loc;
  return create(op);
}

const Op* Builder::print(const Op* value, Location loc) {
  if (failed_) return nullptr;
  const Op* operands[] = {value};
  Op op(Opcode::print);
  op.operands = operands;
  op.loc = loc;
  return create(op);
}

const Op* Builder::ret(const Op* value, Location loc) {
  if (failed_) return nullptr;
  const Op* operands[] = {value};
  Op op(Opcode::ret);
  op.operands = std::span<const Op* const>(operands, value != nullptr ? 1 : 0);
  op.loc = loc;
  return create(op);
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
