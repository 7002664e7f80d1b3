// SPDX-License-Identifier: MIT
// The operations on tensors: constant, add, sub, mul, transpose, reshape, cast.
#pragma once

#include <functional>

#include "op_base.h"

namespace fastarena::ir::ops {

// toy.constant dense<[[1.000000e+00, 2.000000e+00]]> : tensor<1x2xf64>
//
// Its value has a ranked type, which the text shows. The result's is that type, or, for a
// constant folded from a struct's field (whose type a Toy struct leaves unknown), tensor<*xf64>
// until shape inference gives it the value's: as MLIR's toy.constant, whose text shows its
// value's type either way.
struct ConstantOp : OpBase {
  static constexpr std::string_view mnemonic = "constant";
  static constexpr int arity = 0;
  static constexpr bool constant_like = true;

  static Type value_type(const Op& op) { return op.layout() ? op.layout() : op.type; }
  static Inferred infer(const Op& op, std::span<const Type>, Context&) { return {value_type(op)}; }
  static bool verify(const Op& op, Verification& v) {
    const Type value = value_type(op);
    if (!value.is_ranked()) return v.error(op, "needs a ranked tensor type");
    if (!compatible(value, op.type)) {
      return v.error(
          op, "has a value of type " + to_string(value) + ", its result is " + to_string(op.type));
    }
    if (static_cast<std::int64_t>(op.data.size()) != value.element_count()) {
      return v.error(op, "has " + std::to_string(op.data.size()) + " elements, its type " +
                             to_string(value) + " holds " + std::to_string(value.element_count()));
    }
    return true;
  }
  static bool evaluate(const Op& op, std::span<const Value>, Value& out, Evaluator&) {
    out.data = op.data;
    return true;
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    p.dense(value_type(op), op.data);
    p.os() << " : ";
    p.type(value_type(op));
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) { return p.dense(op.data, op.attrs.type); }
};

// toy.add %0, %1 : tensor<2xf64>   (or, when the types differ: (T1, T2) -> R)
//
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
    for (std::size_t i = 0; i < data.size(); ++i) {
      data[i] = Apply()(args[0].data[i], args[1].data[i]);
    }
    out.data = data;
    return true;
  }
  // MLIR's binary-op format: one type when all three agree, else a function type.
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    p.values(op.operands);
    p.os() << " : ";
    if (op.operands[0]->type == op.type && op.operands[1]->type == op.type) {
      p.type(op.type);
    } else {
      p.functional_type(op.operands, op.type);
    }
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const char* const at = p.position();
    if (!p.operand_list(op.operands, ':') || !p.expect(':')) return false;
    if (op.operands.size() != 2) return p.error_at(at, "expected two operands");
    if (!p.peek('(')) {
      if (!p.type(op.attrs.type)) return false;
      return typed(p, at, op.operands[0], op.attrs.type) &&
             typed(p, at, op.operands[1], op.attrs.type);
    }
    llvm::SmallVector<Type, 2> inputs;
    if (!p.functional_type(inputs, op.attrs.type)) return false;
    if (inputs.size() != 2 || !op.attrs.type) {
      return p.error_at(at, "expected a type (T1, T2) -> R");
    }
    return typed(p, at, op.operands[0], inputs[0]) && typed(p, at, op.operands[1], inputs[1]);
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

// toy.transpose(%0 : tensor<2x3xf64>) to tensor<3x2xf64>
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
  static void print(OpAsmPrinter& p, const Op& op) {
    print_parenthesized(p, op);
    p.os() << " to ";
    p.type(op.type);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    return parse_parenthesized(p, op) && p.expect_keyword("to") && p.type(op.attrs.type);
  }
};

// toy.reshape(%0 : tensor<6xf64>) to tensor<2x3xf64>
//
// The same elements in another shape of as many; or a scalar (tensor<f64>) broadcast to every
// element of the shape, as toyc does for `var a<2, 2> = 5.5;`.
struct ReshapeOp : OpBase {
  static constexpr std::string_view mnemonic = "reshape";

  static bool broadcasts(Type from, Type to) {
    return from.is_ranked() && from.shape().empty() && to.is_ranked();
  }
  static Inferred infer(const Op& op, std::span<const Type> operands, Context&) {
    const Type from = operands[0];
    if (from.is_ranked() && op.type.is_ranked() && !broadcasts(from, op.type) &&
        from.element_count() != op.type.element_count()) {
      return {op.type, ShapeConflict{ShapeConflict::Kind::element_counts_differ, from, op.type}};
    }
    return {op.type};
  }
  static bool verify(const Op& op, Verification& v) {
    return op.type.is_ranked() || v.error(op, "needs a ranked result type");
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    const std::size_t count = static_cast<std::size_t>(op.type.element_count());
    if (args[0].data.size() == count) {
      out.data = args[0].data;  // values never change: the elements can be shared
      return true;
    }
    std::span<double> data;  // a scalar, broadcast
    if (!e.doubles(op, count, data)) return false;
    std::fill(data.begin(), data.end(), args[0].data[0]);
    out.data = data;
    return true;
  }
  //   reshape(constant)        ->  a constant: the same elements, shared, in the new shape, or
  //                                the scalar's broadcast (toyc's ReshapeConstant)
  //   reshape(x) to x's type   ->  x
  //   reshape(reshape(x))      ->  reshape(x)
  // In toyc's order: its pattern on a constant matches two operations, so it goes first, even
  // where the shape does not change (a new constant at the reshape, not the old one). What a
  // pattern of two operations makes is located at both, fused, as MLIR's DRR locates it.
  static bool canonicalize(Rewriter& r, const Op& op) {
    const Op* from = r.value(op.operands[0]);
    const auto both = [&] {
      const Location locs[] = {op.loc, from->loc};
      return r.builder().context().fused(locs);
    };
    if (from->opcode == Opcode::constant && fold(r, op, both())) return true;
    if (from->type == op.type) {
      r.replace(op, from);
      return true;
    }
    if (from->opcode == Opcode::reshape) {
      r.replace(op, r.emit(r.builder().build(Opcode::reshape, {&from->operands[0], 1}, both(),
                                             {.type = op.type})));
      return true;
    }
    return false;
  }
  static void print(OpAsmPrinter& p, const Op& op) { TransposeOp::print(p, op); }
  static bool parse(OpAsmParser& p, ParsedOp& op) { return TransposeOp::parse(p, op); }
};

// toy.cast %0 : tensor<2x3xf64> to tensor<*xf64>
//
// The same tensor with its shape forgotten or asserted: what lets a value of a known shape
// flow where an unknown one is expected and back. Shape inference gives it its operand's shape,
// and then canonicalize removes it.
struct CastOp : OpBase {
  static constexpr std::string_view mnemonic = "cast";

  static Inferred infer(const Op& op, std::span<const Type> operands, Context&) {
    return {operands[0].is_ranked() ? operands[0] : op.type};
  }
  static bool verify(const Op& op, Verification& v) {
    return compatible(op.operands[0]->type, op.type) ||
           v.error(op,
                   "cannot cast " + to_string(op.operands[0]->type) + " to " + to_string(op.type));
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    if (op.type.is_ranked() && op.type != args[0].type) {
      return e.fail(op.loc, "cannot cast " + to_string(args[0].type) + " to " + to_string(op.type));
    }
    out = args[0];  // its type is the value's shape, known at run time
    return true;
  }
  // cast(x) to x's type -> x
  static bool canonicalize(Rewriter& r, const Op& op) {
    const Op* from = r.value(op.operands[0]);
    if (from->type != op.type) return false;
    r.replace(op, from);
    return true;
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    print_typed_operand(p, op);
    p.os() << " to ";
    p.type(op.type);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    return parse_typed_operand(p, op) && p.expect_keyword("to") && p.type(op.attrs.type);
  }
};

}  // namespace fastarena::ir::ops
