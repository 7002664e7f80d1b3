// SPDX-License-Identifier: MIT
// The operations on structs: struct_constant, make_struct, struct_access. A struct type lists
// its fields' types (!toy.struct<tensor<*xf64>, tensor<*xf64>>); a field is found by position.
#pragma once

#include <algorithm>
#include <cstdint>

#include "op_base.h"

namespace fastarena::ir::ops {

// The tensors of a struct constant, depth first: `layout` gives each one's type, `data` their
// elements one after another. Shared by the evaluation, the printer and the checks below.
struct StructLeaves {
  // Calls `leaf(type, elements)` for each tensor in order; false if `data` runs short.
  template <class Leaf>
  static bool walk(Type layout, std::span<const double> data, std::size_t& offset, Leaf&& leaf) {
    for (const Type field : layout.field_types()) {
      if (field.is_struct()) {
        if (!walk(field, data, offset, leaf)) return false;
        continue;
      }
      const auto count = static_cast<std::size_t>(field.element_count());
      if (data.size() - offset < count) return false;
      leaf(field, data.subspan(offset, count));
      offset += count;
    }
    return true;
  }
  // Whether `layout` is `type` with each tensor's shape given (the nesting the same).
  static bool fits(Type layout, Type type) {
    if (!layout.is_struct() || !type.is_struct()) {
      return layout.is_ranked() && compatible(layout, type);
    }
    const std::span<const Type> l = layout.field_types();
    const std::span<const Type> t = type.field_types();
    return std::equal(l.begin(), l.end(), t.begin(), t.end(), fits);
  }
  // The layout of a value: its tensors' types, in its nesting.
  static Type of(const Value& value, Context& context) {
    if (!value.type.is_struct()) return value.type;
    llvm::SmallVector<Type, 4> fields;
    for (const Value& field : value.fields) fields.push_back(of(field, context));
    return context.struct_type(fields);
  }
  // How many elements a value laid out as `layout` holds; saturated, as a type's count is, so that
  // a sum of huge fields cannot wrap to a small one.
  static std::size_t count(Type layout) {
    if (!layout.is_struct()) return static_cast<std::size_t>(layout.element_count());
    std::size_t n = 0;
    for (const Type field : layout.field_types()) {
      if (__builtin_add_overflow(n, count(field), &n)) return SIZE_MAX;
    }
    return n;
  }
  // Appends a value's tensors' elements, depth first.
  static void flatten(const Value& value, llvm::SmallVectorImpl<double>& out) {
    if (!value.type.is_struct()) {
      out.append(value.data.begin(), value.data.end());
      return;
    }
    for (const Value& field : value.fields) flatten(field, out);
  }
};

// toy.struct_constant [dense<...> : tensor<2xf64>, [dense<...> : tensor<f64>]]
//     : !toy.struct<tensor<*xf64>, !toy.struct<tensor<*xf64>>>
struct StructConstantOp : OpBase {
  static constexpr std::string_view mnemonic = "struct_constant";
  static constexpr int arity = 0;
  static constexpr bool constant_like = true;

  static bool verify(const Op& op, Verification& v) {
    if (!op.type.is_struct()) return v.error(op, "needs a struct type");
    if (!op.layout() || !StructLeaves::fits(op.layout(), op.type)) {
      return v.error(op, "elements do not fit " + to_string(op.type));
    }
    std::size_t offset = 0;
    if (!StructLeaves::walk(op.layout(), op.data, offset, [](Type, std::span<const double>) {}) ||
        offset != op.data.size()) {
      return v.error(op, "has " + std::to_string(op.data.size()) +
                             " elements, its tensors hold another number");
    }
    return true;
  }
  static bool evaluate(const Op& op, std::span<const Value>, Value& out, Evaluator& e) {
    std::size_t offset = 0;
    return build(op, op.type, op.layout(), offset, out, e);
  }
  // The value of type `type` laid out as `layout`, from op.data at `offset`.
  static bool build(const Op& op, Type type, Type layout, std::size_t& offset, Value& out,
                    Evaluator& e) {
    if (!layout.is_struct()) {
      const auto count = static_cast<std::size_t>(layout.element_count());
      out = Value{layout, op.data.subspan(offset, count), {}};
      offset += count;
      return true;
    }
    std::span<Value> fields;
    if (!e.values(op, layout.field_types().size(), fields)) return false;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!build(op, type.field_types()[i], layout.field_types()[i], offset, fields[i], e)) {
        return false;
      }
    }
    out = Value{type, {}, fields};
    return true;
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    std::size_t offset = 0;
    print_elements(p, op.layout(), op.data, offset);
    p.os() << " : ";
    p.type(op.type);
  }
  static void print_elements(OpAsmPrinter& p, Type layout, std::span<const double> data,
                             std::size_t& offset) {
    p.os() << '[';
    bool first = true;
    for (const Type field : layout.field_types()) {
      p.os() << (first ? "" : ", ");
      first = false;
      if (field.is_struct()) {
        print_elements(p, field, data, offset);
        continue;
      }
      const auto count = static_cast<std::size_t>(field.element_count());
      p.dense(field, data.subspan(offset, count));
      p.os() << " : ";
      p.type(field);
      offset += count;
    }
    p.os() << ']';
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const char* const at = p.position();
    if (!parse_elements(p, op, op.attrs.layout, 0) || !p.expect(':') || !p.type(op.attrs.type)) {
      return false;
    }
    if (!op.attrs.type.is_struct() || !StructLeaves::fits(op.attrs.layout, op.attrs.type)) {
      return p.error_at(at, "these elements do not fit " + to_string(op.attrs.type));
    }
    return true;
  }
  static bool parse_elements(OpAsmParser& p, ParsedOp& op, Type& layout, unsigned depth) {
    if (depth >= 64) return p.error("struct constants nested too deeply");
    if (!p.expect('[')) return false;
    llvm::SmallVector<Type, 4> fields;
    while (!p.accept(']')) {
      if (!fields.empty() && !p.expect(',')) return false;
      Type field;
      if (p.peek('[')) {
        if (!parse_elements(p, op, field, depth + 1)) return false;
      } else {
        llvm::SmallVector<double, 16> data;
        if (!p.dense(data, field)) return false;
        op.data.append(data.begin(), data.end());
      }
      fields.push_back(field);
    }
    layout = p.context().struct_type(fields);
    return true;
  }
};

// %2 = toy.make_struct(%0, %1) : (tensor<*xf64>, tensor<*xf64>) -> !toy.struct<...>
//
// A struct of values that are not all constants (toyc accepts only constant struct literals;
// Toy here takes any expression): fold makes a struct_constant of it once they are.
struct MakeStructOp : OpBase {
  static constexpr std::string_view mnemonic = "make_struct";
  static constexpr int arity = OpDef::kVariadic;  // the struct's fields
  static constexpr bool tensor_operands = false;

  static bool verify(const Op& op, Verification& v) {
    if (!op.type.is_struct()) return v.error(op, "needs a struct type");
    const std::span<const Type> fields = op.type.field_types();
    if (op.operands.size() != fields.size()) {
      return v.error(op, "takes " + std::to_string(fields.size()) + " operand(s), has " +
                             std::to_string(op.operands.size()));
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!compatible(op.operands[i]->type, fields[i])) {
        return v.error(op, "field " + std::to_string(i) + " of " + to_string(op.type) +
                               " cannot hold " + to_string(op.operands[i]->type));
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
  static void print(OpAsmPrinter& p, const Op& op) { print_call_like(p, op); }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const char* const at = p.position();
    if (!parse_call_like(p, op)) return false;
    return op.attrs.type.is_struct() || p.error_at(at, "'make_struct' makes a struct type");
  }
};

// toy.struct_access %0[1] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> tensor<*xf64>
struct StructAccessOp : OpBase {
  static constexpr std::string_view mnemonic = "struct_access";
  static constexpr bool tensor_operands = false;

  static Inferred infer(const Op& op, std::span<const Type> operands, Context&) {
    const Type value = operands[0];
    if (!value.is_struct() || op.index >= value.field_types().size()) return {op.type};
    return {value.field_types()[op.index]};
  }
  static bool verify(const Op& op, Verification& v) {
    const Type value = op.operands[0]->type;
    if (!value.is_struct()) return v.error(op, "reads a field of a value that is not a struct");
    if (op.index >= value.field_types().size()) {
      return v.error(op, "field index " + std::to_string(op.index) + " is out of range for " +
                             to_string(value));
    }
    return true;
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value& out, Evaluator& e) {
    if (op.index >= args[0].fields.size()) {
      return e.fail(op.loc, "'struct_access' of a value that is not a struct of that many fields");
    }
    out = args[0].fields[op.index];
    return true;
  }
  //   field i of make_struct(x0, x1, ...)  ->  xi
  //   field i of struct_constant           ->  its constant, the elements shared (toyc's
  //                                            StructAccessOp::fold)
  static bool canonicalize(Rewriter& r, const Op& op) {
    const Op* value = r.value(op.operands[0]);
    if (value->opcode == Opcode::make_struct) {
      r.replace(op, value->operands[op.index]);
      return true;
    }
    if (value->opcode != Opcode::struct_constant) return false;
    const std::span<const Type> fields = value->layout().field_types();
    std::size_t offset = 0;
    for (std::size_t i = 0; i < op.index; ++i) offset += StructLeaves::count(fields[i]);
    const Type layout = fields[op.index];
    const std::span<const double> data = value->data.subspan(offset, StructLeaves::count(layout));
    if (!layout.is_struct()) {  // a tensor: a constant, its elements where they are
      r.replace(op, r.emit(materialize_constant(r.builder(), {layout, data, {}}, op.type, op.loc)));
      return true;
    }
    // A struct: its part of the elements, shared.
    r.replace(op, r.emit(r.builder().build(
                      Opcode::struct_constant, {}, op.loc,
                      {.type = op.type, .data = data, .data_frozen = true, .layout = layout})));
    return true;
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    p.value(op.operands[0]);
    p.os() << '[' << op.index << "] : ";
    p.type(op.operands[0]->type);
    p.os() << " -> ";
    p.type(op.type);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    const char* const at = p.position();
    const Op* value = nullptr;
    Type type;
    if (!p.operand(value) || !p.expect('[') || !p.integer(op.attrs.index) || !p.expect(']') ||
        !p.expect(':') || !p.type(type) || !typed(p, at, value, type) || !p.expect('-') ||
        !p.expect('>') || !p.type(op.attrs.type)) {
      return false;
    }
    op.operands.push_back(value);
    return true;
  }
};

}  // namespace fastarena::ir::ops
