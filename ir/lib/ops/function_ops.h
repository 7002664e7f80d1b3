// SPDX-License-Identifier: MIT
// The operations of functions: param, generic_call, print, return.
#pragma once

#include "op_base.h"

namespace fastarena::ir::ops {

// A function's parameter, %argN in the text: it lives in Function::params (the verifier checks
// those), never in a body.
struct ParamOp : OpBase {
  static constexpr std::string_view mnemonic = "param";
  static constexpr int arity = 0;

  static bool verify(const Op& op, Verification& v) { return v.error(op, "inside a body"); }
  static bool evaluate(const Op& op, std::span<const Value>, Value&, Evaluator& e) {
    return e.fail(op.loc, "'param' inside a body");
  }
  static void print(OpAsmPrinter& p, const Op& op) { p.os() << ' ' << op.index; }
  static bool parse(OpAsmParser& p, ParsedOp&) { return p.error("'param' inside a body"); }
};

// %2 = toy.generic_call @f(%0, %1) : (tensor<2xf64>, tensor<*xf64>) -> tensor<*xf64>
// (-> () for a function that returns nothing: then it has no result)
struct GenericCallOp : OpBase {
  static constexpr std::string_view mnemonic = "generic_call";
  static constexpr int arity = OpDef::kVariadic;  // the callee's parameters
  static constexpr Result result = Result::callee;
  static constexpr bool effect = true;  // the callee may print
  static constexpr bool tensor_operands = false;

  static bool verify(const Op& op, Verification& v) {
    const Function* f = v.module.function(op.callee());
    const auto callee = [&] { return "@" + std::string(op.callee()); };  // for messages only
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
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << " @" << op.callee();
    print_call_like(p, op);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    return p.symbol(op.attrs.callee) && parse_call_like(p, op);
  }
};

// toy.print %0 : tensor<2x3xf64>   (at the loop level: toy.print %alloc : memref<2x3xf64>)
struct PrintOp : OpBase {
  static constexpr std::string_view mnemonic = "print";
  static constexpr Result result = Result::none;
  static constexpr bool effect = true;
  static constexpr bool tensor_operands = false;  // a tensor, or a buffer

  static bool verify(const Op& op, Verification& v) {
    const Type t = op.operands[0]->type;
    return t.is_tensor() || t.is_memref() || v.error(op, "takes tensors, not " + to_string(t));
  }
  static bool evaluate(const Op& op, std::span<const Value> args, Value&, Evaluator& e) {
    if (!args[0].type.is_tensor()) {
      return e.fail(op.loc, "'print' takes tensors, not " + to_string(args[0].type));
    }
    return e.print(op, args[0]);
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    p.os() << ' ';
    print_typed_operand(p, op);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) { return parse_typed_operand(p, op); }
};

// toy.return %0 : tensor<*xf64>   (or toy.return)
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
      return v.error(op, "takes 1 operand(s), has " + std::to_string(op.operands.size()));
    }
    if (!compatible(op.operands[0]->type, f.result)) {
      return v.error(op, "returns " + to_string(op.operands[0]->type) + ", " + name() +
                             " returns " + to_string(f.result));
    }
    return true;
  }
  static void print(OpAsmPrinter& p, const Op& op) {
    if (op.operands.empty()) return;
    PrintOp::print(p, op);
  }
  static bool parse(OpAsmParser& p, ParsedOp& op) {
    return !p.peek('%') ? !p.failed() : PrintOp::parse(p, op);
  }
};

}  // namespace fastarena::ir::ops
