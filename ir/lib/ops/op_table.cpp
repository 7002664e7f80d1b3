// SPDX-License-Identifier: MIT
// The op table: one OpDef per line of ops.def, made from the operation's class; and what is
// generic over it (the shape rule on an operation, evaluation, constants).
#include <llvm/ADT/SmallVector.h>

#include <iterator>
#include <limits>
#include <memory>

#include "function_ops.h"
#include "loop_ops.h"
#include "struct_ops.h"
#include "tensor_ops.h"

namespace fastarena::ir {
namespace {

template <class T>
constexpr OpDef define() {
  return {T::dialect, T::mnemonic,        T::result_name,     T::arity,         T::result,
          T::effect,  T::terminator,      T::tensor_operands, T::constant_like, &T::infer,
          &T::verify, &T::evaluate,       &T::canonicalize,   &T::print,        &T::parse,
          T::region,  T::copy_properties, T::set_region};
}

}  // namespace

namespace detail {
constexpr OpDef kOpTable[] = {
#define FA_IR_OP(opcode, Class) define<ops::Class>(),
#include "fastarena/ir/ops.def"
};
}  // namespace detail

namespace {
constexpr std::span<const OpDef> kOps = detail::kOpTable;
}  // namespace

std::string_view mnemonic(Opcode opcode) {
  return op_def(opcode).mnemonic;
}

std::string_view dialect(Opcode opcode) {
  return op_def(opcode).dialect;
}

std::optional<Opcode> opcode_named(std::string_view name) {
  const std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  for (std::size_t i = 0; i < kOps.size(); ++i) {
    if (kOps[i].dialect == name.substr(0, dot) && kOps[i].mnemonic == name.substr(dot + 1)) {
      return static_cast<Opcode>(i);
    }
  }
  return std::nullopt;
}

std::string ShapeConflict::message(std::string_view what) const {
  switch (kind) {
    case Kind::operands_differ:
      return (what.empty() ? "operands" : "operands of " + std::string(what)) +
             " have different shapes: " + to_string(first) + " and " + to_string(second);
    case Kind::element_counts_differ:
      return "cannot reshape " + to_string(first) + " to " + to_string(second) +
             ": element counts differ";
  }
  return {};
}

Inferred infer(const Op& op, Context& context) {
  llvm::SmallVector<Type, 4> types;
  for (const Op* operand : op.operands) types.push_back(operand->type);
  return op_def(op.opcode).infer(op, types, context);
}

Inferred infer(Opcode opcode, std::span<const Op* const> operands, const Attributes& attrs,
               Context& context) {
  return infer(Op(opcode, operands, {}, attrs), context);
}

bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
  const OpDef& def = op_def(op.opcode);
  llvm::SmallVector<Type, 4> types;
  for (const Value& arg : args) {
    if (def.tensor_operands && !arg.type.is_tensor()) {
      return e.fail(
          op.loc, "'" + std::string(def.mnemonic) + "' takes tensors, not " + to_string(arg.type));
    }
    types.push_back(arg.type);
  }
  const Inferred inferred = def.infer(op, types, e.context());
  if (inferred.conflict) {
    return e.fail(op.loc, inferred.conflict->message("'" + std::string(def.mnemonic) + "'"));
  }
  out = Value{inferred.type, {}, {}};
  return def.evaluate(op, args, out, e);
}

bool fold(Rewriter& r, const Op& op) {
  return fold(r, op, op.loc);
}

bool fold(Rewriter& r, const Op& op, Location loc) {
  const OpDef& def = op_def(op.opcode);
  if (def.effect || def.constant_like || !op.has_result() || op.operands.empty()) return false;
  // The results go straight into the builder's transaction: a new constant uses its elements
  // where they are. Evaluation that fails (a shape conflict, out of budget) folds nothing.
  Evaluator evaluator(r.builder().context(), r.builder().transaction());
  llvm::SmallVector<Value, 4> args;
  for (const Op* operand : op.operands) {
    const Op& value = *r.value(operand);
    const OpDef& constant = op_def(value.opcode);
    if (!constant.constant_like) return false;
    // A constant's value is its attributes, and its type what its shape rule says (a constant
    // folded from a struct's field may be typed tensor<*xf64>; its value never is).
    Value& arg = args.emplace_back(Value{infer(value, evaluator.context()).type, {}, {}});
    if (!constant.evaluate(value, {}, arg, evaluator)) return false;
  }
  Value result;
  if (!evaluate(op, args, result, evaluator)) return false;
  if (!result.type.is_ranked() && !result.type.is_struct()) return false;
  r.replace(op, r.emit(materialize_constant(r.builder(), result, op.type, loc)));
  return true;
}

const Op* materialize_constant(Builder& builder, const Value& value, Type type, Location loc) {
  if (!value.type.is_struct()) {
    // The elements are used where they are. Typed `type` if that says less (tensor<*xf64>: a
    // struct's field), as MLIR's dialect materializes it; shape inference gives it the value's.
    const bool unranked = type.is_tensor() && !type.is_ranked();
    return builder.build(Opcode::constant, {}, loc,
                         {.type = unranked ? type : value.type,
                          .data = value.data,
                          .data_frozen = true,
                          .layout = unranked ? value.type : Type()});
  }
  llvm::SmallVector<double, 16> data;
  ops::StructLeaves::flatten(value, data);
  const Type layout = ops::StructLeaves::of(value, builder.context());
  return builder.build(Opcode::struct_constant, {}, loc,
                       {.type = type, .data = data, .layout = layout});
}

bool Evaluator::doubles(const Op& op, std::size_t n, std::span<double>& out) {
  if (n == 0) {
    out = {};
    return true;
  }
  // A shape's element count can be near 2^63: n * 8 must not wrap to a small request.
  if (n > std::numeric_limits<std::size_t>::max() / sizeof(double)) return out_of_memory(op);
  auto* p = static_cast<double*>(txn_.try_alloc_raw(n * sizeof(double), alignof(double)));
  if (p == nullptr) return out_of_memory(op);
  out = {p, n};
  return true;
}

bool Evaluator::values(const Op& op, std::size_t n, std::span<Value>& out) {
  if (n > std::numeric_limits<std::size_t>::max() / sizeof(Value)) return out_of_memory(op);
  auto* p = static_cast<Value*>(
      txn_.try_alloc_raw(std::max<std::size_t>(n, 1) * sizeof(Value), alignof(Value)));
  if (p == nullptr) return out_of_memory(op);
  std::uninitialized_default_construct_n(p, n);
  out = {p, n};
  return true;
}

bool Evaluator::call(const Op&, std::span<const Value>, Value&) {
  return false;
}
bool Evaluator::print(const Op&, const Value&) {
  return false;
}
bool Evaluator::fail(Location, std::string) {
  return false;
}
bool Evaluator::out_of_memory(const Op& op) {
  return fail(op.loc, "out of memory");
}

}  // namespace fastarena::ir
