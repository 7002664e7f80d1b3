// The operations: one class per line of ops.def, each holding everything its opcode means
// (op_def.h says what each member is for). A class states only what differs from OpBase.
#include <llvm/ADT/SmallVector.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/op_def.h"
#include "fastarena/ir/printer.h"
#include "fastarena/ir/rewriter.h"

namespace fastarena::ir {
namespace {

using Result = OpDef::Result;

// The defaults: one tensor operand, one result whose type the operation declares, nothing to
// verify, evaluate or simplify.
struct OpBase {
  static constexpr int arity = 1;
  static constexpr Result result = Result::one;
  static constexpr bool effect = false;
  static constexpr bool terminator = false;
  static constexpr bool tensor_operands = true;

  static Inferred infer(const Op& op, std::span<const Type>, Context&) { return {op.type}; }
  static bool verify(const Op&, Verification&) { return true; }
  static bool evaluate(const Op&, std::span<const Value>, Value&, Evaluator&) { return false; }
  static bool canonicalize(Rewriter&, const Op&) { return false; }
};

// --- param ---------------------------------------------------------------------------------

struct ParamOp : OpBase {
  static constexpr std::string_view mnemonic = "param";
  static constexpr int arity = 0;
  // A parameter lives in Function::params; the verifier checks those.
  static bool verify(const Op& op, Verification& v) { return v.error(op, "'param' inside a body"); }
  static bool evaluate(const Op& op, std::span<const Value>, Value&, Evaluator& e) {
    return e.fail(op.loc, "'param' inside a body");
  }
};

// --- constant ------------------------------------------------------------------------------

struct ConstantOp : OpBase {
  static constexpr std::string_view mnemonic = "constant";
  static constexpr int arity = 0;
  static bool verify(const Op& op, Verification& v) {
    if (!op.type.is_ranked()) return v.error(op, "a constant needs a ranked tensor type");
    if (static_cast<std::int64_t>(op.data.size()) != op.type.element_count()) {
      return v.error(op, "constant has " + std::to_string(op.data.size()) + " elements, its type " +
                             to_string(op.type) + " holds " +
                             std::to_string(op.type.element_count()));
    }
    return true;
  }
  static bool evaluate(const Op& op, std::span<const Value>, Value& out, Evaluator&) {
    out.data = op.data;
    return true;
  }
};

// --- add, sub, mul -------------------------------------------------------------------------

// Element-wise arithmetic on two tensors of one shape. Where only one operand's shape is known,
// the result has it (shape inference relies on that; the builder keeps such a result unranked,
// see Builder::build); where both are known and differ, that is the conflict.
template <class Apply>
struct ElementwiseOp : OpBase {
  static constexpr int arity = 2;
  static Inferred infer(const Op&, std::span<const Type> operands, Context& context) {
    const Type lhs = operands[0];
    const Type rhs = operands[1];
    if (lhs.is_ranked() && rhs.is_ranked() && lhs != rhs) {
      return {Type(), ShapeConflict{ShapeConflict::Kind::operands_differ, lhs, rhs}};
    }
    return {lhs.is_ranked() ? lhs : rhs.is_ranked() ? rhs : context.unranked_tensor()};
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    std::span<double> data;
    if (!e.doubles(op, args[0].data.size(), data)) return false;
    for (std::size_t i = 0; i < data.size(); ++i)
      data[i] = Apply()(args[0].data[i], args[1].data[i]);
    out.data = data;
    return true;
  }
};

struct AddOp : ElementwiseOp<std::plus<double>> {
  static constexpr std::string_view mnemonic = "add";
};
struct SubOp : ElementwiseOp<std::minus<double>> {
  static constexpr std::string_view mnemonic = "sub";
};
struct MulOp : ElementwiseOp<std::multiplies<double>> {
  static constexpr std::string_view mnemonic = "mul";
};

// --- transpose -----------------------------------------------------------------------------

struct TransposeOp : OpBase {
  static constexpr std::string_view mnemonic = "transpose";
  // The dimensions reversed (a 2-D tensor's two swap).
  static Inferred infer(const Op&, std::span<const Type> operands, Context& context) {
    const Type value = operands[0];
    if (!value.is_ranked()) return {context.unranked_tensor()};
    const llvm::SmallVector<std::int64_t, 4> shape(value.shape().rbegin(), value.shape().rend());
    return {context.tensor(shape)};
  }
  // out[i_n-1, ..., i_0] = in[i_0, ..., i_n-1].
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    const std::span<const std::int64_t> shape = args[0].type.shape();
    const std::span<const double> in = args[0].data;
    std::span<double> data;
    if (!e.doubles(op, in.size(), data)) return false;
    const std::size_t rank = shape.size();
    // Row-major strides of the output, whose dimension rank-1-d is the input's dimension d.
    llvm::SmallVector<std::int64_t, 4> out_stride(rank, 1);
    for (std::size_t d = 1; d < rank; ++d) out_stride[d] = out_stride[d - 1] * shape[d - 1];
    llvm::SmallVector<std::int64_t, 4> index(rank, 0);  // position in `in`, last dimension fastest
    for (std::size_t i = 0; i < in.size(); ++i) {
      std::int64_t target = 0;
      for (std::size_t d = 0; d < rank; ++d) target += index[d] * out_stride[d];
      data[static_cast<std::size_t>(target)] = in[i];
      for (std::size_t d = rank; d-- > 0;) {
        if (++index[d] < shape[d]) break;
        index[d] = 0;
      }
    }
    out.data = data;
    return true;
  }
  // transpose(transpose(x)) -> x
  static bool canonicalize(Rewriter& r, const Op& op) {
    const Op* inner = r.value(op.operands[0]);
    if (inner->opcode != Opcode::transpose) return false;
    r.replace(op, inner->operands[0]);
    return true;
  }
};

// --- reshape -------------------------------------------------------------------------------

struct ReshapeOp : OpBase {
  static constexpr std::string_view mnemonic = "reshape";
  static Inferred infer(const Op& op, std::span<const Type> operands, Context&) {
    const Type from = operands[0];
    if (from.is_ranked() && op.type.is_ranked() &&
        from.element_count() != op.type.element_count()) {
      return {op.type, ShapeConflict{ShapeConflict::Kind::element_counts_differ, from, op.type}};
    }
    return {op.type};
  }
  static bool verify(const Op& op, Verification& v) {
    return op.type.is_ranked() || v.error(op, "'reshape' needs a ranked result type");
  }
  static bool evaluate(const Op&, std::span<const Value> args, Value& out, Evaluator&) {
    out.data = args[0].data;  // values never change: the elements can be shared
    return true;
  }
  //   reshape(x) to x's type   ->  x
  //   reshape(reshape(x))      ->  reshape(x)
  //   reshape(constant)        ->  the constant's elements, shared, in the new shape
  static bool canonicalize(Rewriter& r, const Op& op) {
    const Op* from = r.value(op.operands[0]);
    if (from->type == op.type) {
      r.replace(op, from);
    } else if (from->opcode == Opcode::reshape) {
      r.replace(op, r.emit(r.builder().build(Opcode::reshape, {&from->operands[0], 1}, op.loc,
                                             {.type = op.type})));
    } else if (from->opcode == Opcode::constant) {
      Op reshaped = *from;
      reshaped.type = op.type;
      reshaped.loc = op.loc;
      r.replace(op, r.emit(r.builder().share(reshaped)));
    } else {
      return false;
    }
    return true;
  }
};

// --- call ----------------------------------------------------------------------------------

struct CallOp : OpBase {
  static constexpr std::string_view mnemonic = "call";
  static constexpr int arity = OpDef::kVariadic;  // the callee's parameters
  static constexpr Result result = Result::callee;
  static constexpr bool effect = true;  // the callee may print
  static constexpr bool tensor_operands = false;
  static bool verify(const Op& op, Verification& v) {
    const Function* f = v.module.function(op.callee);
    const auto callee = [&] { return "@" + std::string(op.callee); };  // for messages only
    if (f == nullptr) return v.error(op, "call to unknown function " + callee());
    if (op.operands.size() != f->params.size()) {
      return v.error(op, callee() + " takes " + std::to_string(f->params.size()) +
                             " argument(s), " + std::to_string(op.operands.size()) + " given");
    }
    for (std::size_t i = 0; i < op.operands.size(); ++i) {
      if (!compatible(op.operands[i]->type, f->params[i]->type)) {
        return v.error(op, "argument " + std::to_string(i + 1) + " of " + callee() + " is " +
                               to_string(op.operands[i]->type) + ", the parameter is " +
                               to_string(f->params[i]->type));
      }
    }
    if (!f->result && op.has_result()) return v.error(op, callee() + " returns nothing");
    if (f->result && !op.has_result()) {
      return v.error(op, "the result of " + callee() + " is not named");
    }
    if (f->result && !compatible(f->result, op.type)) {
      return v.error(op, "call's type " + to_string(op.type) + " is not what " + callee() +
                             " returns (" + to_string(f->result) + ")");
    }
    return true;
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    return e.call(op, args, out);
  }
};

// --- make_struct, field --------------------------------------------------------------------

struct MakeStructOp : OpBase {
  static constexpr std::string_view mnemonic = "make_struct";
  static constexpr int arity = OpDef::kVariadic;  // the struct's fields
  static constexpr bool tensor_operands = false;
  static bool verify(const Op& op, Verification& v) {
    if (!op.type.is_struct()) return v.error(op, "'make_struct' needs a struct type");
    const std::span<const Type> fields = op.type.field_types();
    if (op.operands.size() != fields.size()) {
      return v.error(op, "'make_struct' takes " + std::to_string(fields.size()) +
                             " operand(s), has " + std::to_string(op.operands.size()));
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!compatible(op.operands[i]->type, fields[i])) {
        return v.error(op, "field '" + std::string(op.type.field_names()[i]) + "' of " +
                               to_string(op.type) + " cannot hold " +
                               to_string(op.operands[i]->type));
      }
    }
    return true;
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    std::span<Value> fields;
    if (!e.values(op, args.size(), fields)) return false;
    std::copy(args.begin(), args.end(), fields.begin());
    out.fields = fields;
    return true;
  }
};

struct FieldOp : OpBase {
  static constexpr std::string_view mnemonic = "field";
  static constexpr bool tensor_operands = false;
  static Inferred infer(const Op& op, std::span<const Type> operands, Context&) {
    const Type value = operands[0];
    if (!value.is_struct() || op.index >= value.field_types().size()) return {op.type};
    return {value.field_types()[op.index]};
  }
  static bool verify(const Op& op, Verification& v) {
    const Type value = op.operands[0]->type;
    if (!value.is_struct()) return v.error(op, "'field' of a value that is not a struct");
    if (op.index >= value.field_types().size()) {
      return v.error(op, "field index " + std::to_string(op.index) + " is out of range for " +
                             to_string(value));
    }
    return true;
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    if (op.index >= args[0].fields.size()) {
      return e.fail(op.loc, "'field' of a value that is not a struct of that many fields");
    }
    out = args[0].fields[op.index];
    return true;
  }
  // field i of make_struct(x0, x1, ...) -> xi
  static bool canonicalize(Rewriter& r, const Op& op) {
    const Op* value = r.value(op.operands[0]);
    if (value->opcode != Opcode::make_struct) return false;
    r.replace(op, value->operands[op.index]);
    return true;
  }
};

// --- print, return -------------------------------------------------------------------------

struct PrintOp : OpBase {
  static constexpr std::string_view mnemonic = "print";
  static constexpr Result result = Result::none;
  static constexpr bool effect = true;
  static bool evaluate(const Op& op, std::span<const Value> args, Value&, Evaluator& e) {
    return e.print(op, args[0]);
  }
};

struct ReturnOp : OpBase {
  static constexpr std::string_view mnemonic = "return";
  static constexpr int arity = OpDef::kVariadic;  // a value, or none
  static constexpr Result result = Result::none;
  static constexpr bool effect = true;
  static constexpr bool terminator = true;
  static constexpr bool tensor_operands = false;
  static bool verify(const Op& op, Verification& v) {
    const Function& f = v.function;
    const auto name = [&] { return "@" + std::string(f.name); };  // for messages only
    if (!f.result) {
      return op.operands.empty() ||
             v.error(op, name() + " returns a value but its type says nothing");
    }
    if (op.operands.size() != 1) {
      return v.error(op, "'return' takes 1 operand(s), has " + std::to_string(op.operands.size()));
    }
    if (!compatible(op.operands[0]->type, f.result)) {
      return v.error(op, "returns " + to_string(op.operands[0]->type) + ", " + name() +
                             " returns " + to_string(f.result));
    }
    return true;
  }
};

// --- the table -----------------------------------------------------------------------------

template <class T>
constexpr OpDef define() {
  return {T::mnemonic,        T::arity,  T::result,  T::effect,    T::terminator,
          T::tensor_operands, &T::infer, &T::verify, &T::evaluate, &T::canonicalize};
}

constexpr OpDef kOps[] = {
#define FA_IR_OP(opcode, Class) define<Class>(),
#include "fastarena/ir/ops.def"
};

}  // namespace

const OpDef& op_def(Opcode opcode) {
  return kOps[static_cast<std::size_t>(opcode)];
}

std::string_view mnemonic(Opcode opcode) {
  return op_def(opcode).mnemonic;
}

std::optional<Opcode> opcode_named(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kOps); ++i) {
    if (kOps[i].mnemonic == name) return static_cast<Opcode>(i);
  }
  return std::nullopt;
}

std::string ShapeConflict::message(std::string_view what) const {
  switch (kind) {
    case Kind::operands_differ:
      return "operands of " + std::string(what) + " have different shapes: " + to_string(first) +
             " and " + to_string(second);
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
  Op op(opcode);
  op.operands = operands;
  op.type = attrs.type;
  op.index = attrs.index;
  op.callee = attrs.callee;
  op.data = attrs.data;
  return infer(op, context);
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

std::optional<Value> constant_value(const Op& op) {
  if (op.opcode != Opcode::constant) return std::nullopt;
  return Value{op.type, op.data, {}};
}

const Op* materialize_constant(Builder& builder, const Value& value, Location loc) {
  Op op(Opcode::constant);
  op.type = value.type;
  op.data = value.data;
  op.loc = loc;
  return builder.share(op);
}

bool Evaluator::doubles(const Op& op, std::size_t n, std::span<double>& out) {
  if (n == 0) {
    out = {};
    return true;
  }
  auto* p = static_cast<double*>(txn_.try_alloc_raw(n * sizeof(double), alignof(double)));
  if (p == nullptr) return out_of_memory(op);
  out = {p, n};
  return true;
}

bool Evaluator::values(const Op& op, std::size_t n, std::span<Value>& out) {
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
