// SPDX-License-Identifier: MIT
// What every operation's class starts from (OpBase), and the small helpers the classes share.
// The classes are in tensor_ops.h, struct_ops.h and function_ops.h; op_table.cpp makes the table
// (op_def.h) of them. Everything here is private to ir/.
#pragma once

#include <llvm/ADT/SmallVector.h>

#include <string>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/op_asm.h"
#include "fastarena/ir/op_def.h"
#include "fastarena/ir/printer.h"
#include "fastarena/ir/rewriter.h"

namespace fastarena::ir::ops {

using Result = OpDef::Result;

// The defaults: one tensor operand, one result whose type the operation declares; nothing to
// verify, evaluate or simplify. A class states only what differs; print and parse it must.
struct OpBase {
  static constexpr std::string_view dialect = "toy";
  static constexpr std::string_view result_name = "";
  static constexpr std::span<const Op* const> (*region)(const Op&) = nullptr;
  static constexpr void* (*copy_properties)(Builder&, const Op&) = nullptr;
  static constexpr void (*set_region)(void*, std::span<const Op* const>) = nullptr;
  static constexpr int arity = 1;
  static constexpr Result result = Result::one;
  static constexpr bool effect = false;
  static constexpr bool terminator = false;
  static constexpr bool tensor_operands = true;
  static constexpr bool constant_like = false;

  static Inferred infer(const Op& op, std::span<const Type>, Context&) { return {op.type}; }
  static bool verify(const Op&, Verification&) { return true; }
  static bool evaluate(const Op&, std::span<const Value>, Value&, Evaluator&) { return false; }
  static bool canonicalize(Rewriter&, const Op&) { return false; }
};

// The value read at `at` has type `type`, as the text says; else a located error.
inline bool typed(OpAsmParser& p, const char* at, const Op* value, Type type) {
  return value->type == type ||
         p.error_at(at, "this value is " + to_string(value->type) + ", not " + to_string(type));
}

// `%a : T`: the operand and its type (print, return, cast, and inside parentheses).
inline void print_typed_operand(OpAsmPrinter& p, const Op& op) {
  p.value(op.operands[0]);
  p.os() << " : ";
  p.type(op.operands[0]->type);
}
inline bool parse_typed_operand(OpAsmParser& p, ParsedOp& op) {
  const char* const at = p.position();
  const Op* value = nullptr;
  Type type;
  if (!p.operand(value) || !p.expect(':') || !p.type(type) || !typed(p, at, value, type)) {
    return false;
  }
  op.operands.push_back(value);
  return true;
}

// `(%a : T)`: in parentheses (transpose, reshape).
inline void print_parenthesized(OpAsmPrinter& p, const Op& op) {
  p.os() << '(';
  print_typed_operand(p, op);
  p.os() << ')';
}
inline bool parse_parenthesized(OpAsmParser& p, ParsedOp& op) {
  return p.expect('(') && parse_typed_operand(p, op) && p.expect(')');
}

// `(%a, %b) : (T1, T2) -> R`: operands and a function type (generic_call, make_struct).
inline void print_call_like(OpAsmPrinter& p, const Op& op) {
  p.os() << '(';
  p.values(op.operands);
  p.os() << ") : ";
  p.functional_type(op.operands, op.type);
}
inline bool parse_call_like(OpAsmParser& p, ParsedOp& op) {
  const char* const at = p.position();
  llvm::SmallVector<Type, 4> inputs;
  if (!p.expect('(') || !p.operand_list(op.operands, ')') || !p.expect(')') || !p.expect(':') ||
      !p.functional_type(inputs, op.attrs.type)) {
    return false;
  }
  if (inputs.size() != op.operands.size()) {
    return p.error_at(at, std::to_string(op.operands.size()) + " operand(s), but the type lists " +
                              std::to_string(inputs.size()));
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (op.operands[i]->type != inputs[i]) {
      return p.error_at(at, "operand " + std::to_string(i + 1) + " is " +
                                to_string(op.operands[i]->type) + ", the type says " +
                                to_string(inputs[i]));
    }
  }
  return true;
}

}  // namespace fastarena::ir::ops
