// SPDX-License-Identifier: MIT
// The verifier on what IR text cannot express, and on a valid module of every opcode. Each rule
// broken in IR text, with its message, is in tests/lit/ir/invalid.mlir.
#include "fastarena/ir/verifier.h"

#include <gtest/gtest.h>

#include <string>

#include "fastarena/ir/builder.h"
#include "ir_test_util.h"

namespace fastarena::ir {
namespace {

// The verifier's messages for `module`, "line:col: message" each.
std::string problems(const Module& module) {
  std::string out;
  for (const Diagnostic& d : verify(module)) {
    out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message + "\n";
  }
  return out;
}

// The same for the module of `text`.
std::string problems(std::string_view text) {
  testing::Ir ir;
  if (!ir.read(text)) return "does not parse: " + ir.diagnostics;
  return problems(ir.module);
}

TEST(Verifier, AcceptsAValidModule) {
  EXPECT_EQ(
      problems("toy.func private @g(%x: tensor<*xf64>) -> tensor<*xf64> {\n"
               "  toy.return %x : tensor<*xf64>\n}\n"
               "toy.func @f(%a: tensor<2xf64>) {\n"
               "  %0 = toy.generic_call @g(%a) : (tensor<2xf64>) -> tensor<*xf64>\n"
               "  %1 = toy.make_struct(%0) : (tensor<*xf64>) -> !toy.struct<tensor<*xf64>>\n"
               "  %2 = toy.struct_access %1[0] : !toy.struct<tensor<*xf64>> -> tensor<*xf64>\n"
               "  %3 = toy.mul %a, %a : tensor<2xf64>\n"
               "  %4 = toy.reshape(%3 : tensor<2xf64>) to tensor<1x2xf64>\n"
               "  %5 = toy.transpose(%4 : tensor<1x2xf64>) to tensor<2x1xf64>\n"
               "  %6 = toy.cast %5 : tensor<2x1xf64> to tensor<*xf64>\n"
               "  %7 = toy.struct_constant [dense<1.0> : tensor<f64>] : "
               "!toy.struct<tensor<*xf64>>\n"
               "  toy.print %2 : tensor<*xf64>\n"
               "  toy.return\n}\n"),
      "");
}

// What only a module built in C++ can get wrong (the text's reader rejects it first): each of
// the verifier's rules broken in IR text is in tests/lit/ir/invalid.mlir.
TEST(Verifier, WhatTheTextCannotSay) {
  Context context;
  Module module(context);
  Transaction txn = module.arena().transaction();
  Builder b(context, txn);
  const double two[] = {1, 2};
  const Op* k = b.build(Opcode::constant, {}, {context.file("t"), 2, 5},
                        {.type = context.tensor(std::vector<std::int64_t>{3}), .data = two});
  Function* f = b.function(context.name("f"), {context.file("t"), 1, 1});
  // in the wrong place
  const Op* p = b.build(Opcode::param, {}, {}, {.type = context.unranked_tensor(), .index = 1});
  f->params = b.freeze({&p, 1});
  const Op* ops[] = {k, b.build(Opcode::ret, {}, {context.file("t"), 3, 1})};
  f->body = b.body(ops);
  ASSERT_FALSE(b.failed());
  txn.commit();
  module.add(*f);
  EXPECT_EQ(problems(module),
            "0:0: parameter 0 of @f is not a typed 'param' in its place\n"
            "2:5: 'toy.constant' op has 2 elements, its type tensor<3xf64> holds 3\n");
}

// An operand must be defined before its use, in the same function: a use of a later operation
// and a use of another function's value are both refused (the text's reader cannot build either:
// a name is looked up where it is used).
TEST(Verifier, RefusesAUseBeforeItsDefinition) {
  Context context;
  Module module(context);
  Transaction txn = module.arena().transaction();
  Builder b(context, txn);
  const std::uint32_t file = context.file("t");
  const Type scalar = context.tensor(std::vector<std::int64_t>{});
  const double one[] = {1};
  // @g: %0 = constant; return %0 (fine), and a value @f will borrow.
  const Op* g_value = b.build(Opcode::constant, {}, {file, 1, 5}, {.type = scalar, .data = one});
  const Op* g_ops[] = {g_value, b.build(Opcode::ret, {}, {file, 2, 1})};
  Function* g = b.function(context.name("g"), {file, 1, 1}, {});
  g->body = b.body(g_ops);
  // @f: print of a constant defined after it, then print of @g's constant.
  const Op* later = b.build(Opcode::constant, {}, {file, 5, 5}, {.type = scalar, .data = one});
  const Op* f_ops[] = {b.build(Opcode::print, {&later, 1}, {file, 4, 3}), later,
                       b.build(Opcode::print, {&g_value, 1}, {file, 6, 3}),
                       b.build(Opcode::ret, {}, {file, 7, 1})};
  Function* f = b.function(context.name("main"), {file, 3, 1}, {});
  f->body = b.body(f_ops);
  ASSERT_FALSE(b.failed());
  txn.commit();
  module.add(*g);
  module.add(*f);
  EXPECT_EQ(problems(module),
            "4:3: 'toy.print' op uses a value not defined before it in @main\n"
            "6:3: 'toy.print' op uses a value not defined before it in @main\n");
}

}  // namespace
}  // namespace fastarena::ir
