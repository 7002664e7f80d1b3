// The textual IR: every opcode built with the Builder prints, reads back and prints the same;
// malformed text gives a located error and leaves the module as it was.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/verifier.h"
#include "ir_test_util.h"

namespace fastarena::ir {
namespace {

using testing::Ir;

static_assert(sizeof(Op) == 72, "docs/ir.md draws the layout: keep it true");

// A module with every opcode, built through the Builder.
void build_every_opcode(Module& module) {
  Context& c = module.context();
  const Name first = c.name("first");
  const Name second = c.name("second");
  const Name fields[] = {first, second};
  const Type pair_fields[] = {c.unranked_tensor(), c.unranked_tensor()};
  const Type pair = c.struct_type(c.name("Pair"), fields, pair_fields);
  module.add_struct(pair);
  const std::uint32_t file = c.file("odd \"name\".toy");

  Transaction txn = module.arena().transaction();
  Builder b(c, txn);
  const Op* x = b.param(0, c.unranked_tensor(), {file, 1, 7});
  const Op* p = b.param(1, pair, {file, 1, 10});
  const Op* a = b.build(Opcode::field, {&p, 1}, {file, 2, 3}, {.index = 0});
  const Op* t = b.build(Opcode::transpose, {&x, 1}, {file, 2, 4});
  const Op* sum = b.build(Opcode::add, std::vector<const Op*>{a, t}, {file, 2, 5});
  const Op* diff = b.build(Opcode::sub, std::vector<const Op*>{sum, x}, {file, 2, 6});
  Function* g = b.function(c.name("g"), {file, 1, 1}, std::vector<const Op*>{x, p});
  g->result = c.unranked_tensor();
  const Op* g_ops[] = {a, t, sum, diff, b.build(Opcode::ret, {&diff, 1}, {file, 3, 3})};
  g->body = b.body(g_ops);

  const std::int64_t shape[] = {2, 3};
  const double data[] = {1, -2.5, 3e300, 0.1, -0.0, 6};
  const Op* k =
      b.build(Opcode::constant, {}, {file, 5, 11}, {.type = c.tensor(shape), .data = data});
  const std::int64_t flat[] = {6};
  const Op* r = b.build(Opcode::reshape, {&k, 1}, {file, 6, 1}, {.type = c.tensor(flat)});
  const double one = 1;
  const Op* scalar = b.build(Opcode::constant, {}, {},
                             {.type = c.tensor({}), .data = {&one, 1}});  // rank 0, no location
  const Op* m = b.build(Opcode::mul, std::vector<const Op*>{k, k}, {file, 7, 2});
  const Op* s =
      b.build(Opcode::make_struct, std::vector<const Op*>{k, r}, {file, 8, 3}, {.type = pair});
  const Op* call = b.build(Opcode::call, std::vector<const Op*>{m, s}, {file, 9, 4},
                           {.type = g->result, .callee = g->name});
  Function* main = b.function(c.name("main"), {file, 4, 1}, {});
  const Op* main_ops[] = {k,
                          r,
                          scalar,
                          m,
                          s,
                          call,
                          b.build(Opcode::print, {&call, 1}, {file, 10, 3}),
                          b.build(Opcode::print, {&scalar, 1}, {file, 11, 3}),
                          b.build(Opcode::ret, {}, {})};
  main->body = b.body(main_ops);
  ASSERT_FALSE(b.failed());
  txn.commit();
  module.add(*g);
  module.add(*main);
}

TEST(IrText, EveryOpcodeRoundTrips) {
  Ir built;
  build_every_opcode(built.module);
  ASSERT_TRUE(verify(built.module).empty());
  const std::string text = built.text();
  // The shapes of the text, spot-checked (the whole of it is compared below).
  EXPECT_NE(text.find("struct Pair { first: tensor<*xf64>, second: tensor<*xf64> }"),
            std::string::npos);
  EXPECT_NE(text.find("func @g(%0: tensor<*xf64>, %1: !Pair) -> tensor<*xf64> "
                      "loc(\"odd \\\"name\\\".toy\":1:1) {"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  %2 = field %1.first : tensor<*xf64>"), std::string::npos) << text;
  EXPECT_NE(text.find("  %0 = constant [1, -2.5, 3e+300, 0.1, -0, 6] : tensor<2x3xf64>"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  %2 = constant [1] : tensor<f64> loc(unknown)"), std::string::npos);
  EXPECT_NE(text.find("  %5 = call @g(%3, %4) : tensor<*xf64>"), std::string::npos) << text;
  EXPECT_NE(text.find("  print %5 loc("), std::string::npos);
  EXPECT_NE(text.find("  return loc(unknown)"), std::string::npos);

  Ir read;
  ASSERT_TRUE(read.read(text)) << read.diagnostics;
  EXPECT_TRUE(verify(read.module).empty());
  EXPECT_EQ(read.text(), text);
  // Not only the same text: the same doubles, bit for bit.
  const Op* k = read.module.function(read.context.name("main"))->body->ops[0];
  EXPECT_TRUE(std::signbit(k->data[4]));
  EXPECT_EQ(k->data[2], 3e300);
}

struct BadText {
  const char* text;
  const char* error;  // the first line of the diagnostic
};

class MalformedIr : public ::testing::TestWithParam<BadText> {};

TEST_P(MalformedIr, IsALocatedErrorAndLeavesTheModuleAsItWas) {
  Ir ir;
  ASSERT_TRUE(ir.read("func @keep() loc(unknown) {\n  return loc(unknown)\n}\n"));
  const ArenaStats before = ir.module.arena().stats();
  EXPECT_FALSE(ir.read(GetParam().text));
  EXPECT_EQ(ir.diagnostics.substr(0, ir.diagnostics.find('\n')), GetParam().error);
  EXPECT_EQ(ir.module.functions().size(), 1u);
  EXPECT_EQ(ir.module.arena().stats(), before);
}

const BadText kBadTexts[] = {
    {"fun @f() loc(unknown) {}", "t.fir:1:1: error: expected 'func' or 'struct'"},
    {"func f() loc(unknown) {}", "t.fir:1:6: error: expected '@'"},
    {"func @f( loc(unknown) {}", "t.fir:1:10: error: expected a value (%N)"},
    {"func @f(%0 tensor<*xf64>) loc(unknown) {}", "t.fir:1:12: error: expected ':'"},
    {"func @f(%0: tensor<2xf32>) loc(unknown) {}",
     "t.fir:1:22: error: expected a dimension or 'f64'"},
    {"func @f(%0: !Nope) loc(unknown) {}", "t.fir:1:13: error: unknown struct type !Nope"},
    {"func @f() {}", "t.fir:1:11: error: expected 'loc('"},
    {"func @f() loc(\"a\":0:1) {}",
     "t.fir:1:19: error: line and column must be between 1 and 4294967295"},
    {"func @f() loc(unknown) {\n  %0 = frobnicate loc(unknown)\n}",
     "t.fir:2:8: error: unknown operation 'frobnicate'"},
    {"func @f() loc(unknown) {\n  add %0, %1 : tensor<*xf64> loc(unknown)\n}",
     "t.fir:2:3: error: 'add' needs a result: %N = add ..."},
    {"func @f() loc(unknown) {\n  %0 = print %0 loc(unknown)\n}",
     "t.fir:2:3: error: 'print' has no result"},
    {"func @f() loc(unknown) {\n  print %3 loc(unknown)\n}",
     "t.fir:2:9: error: %3 is not defined before here"},
    {"func @f() loc(unknown) {\n  %0 = constant [1, x] : tensor<2xf64> loc(unknown)\n}",
     "t.fir:2:21: error: expected a number"},
    {"func @f(%0: tensor<*xf64>) loc(unknown) {\n  %0 = transpose %0 : tensor<*xf64> "
     "loc(unknown)\n}",
     "t.fir:2:3: error: %0 is defined twice"},
    {"func @f(%0: tensor<*xf64>) loc(unknown) {\n  %1 = field %0.a : tensor<*xf64> "
     "loc(unknown)\n}",
     "t.fir:2:17: error: 'field' of a value that is not a struct"},
    {"func @keep() loc(unknown) {\n  return loc(unknown)\n}",
     "t.fir:1:7: error: function @keep already exists in the module"},
    {"func @f() loc(\"unterminated) {}", "t.fir:1:15: error: unterminated string"},
    {"func @f() loc(unknown) {\n  return loc(unknown)\n}\nfunc @f() loc(unknown) {\n  return "
     "loc(unknown)\n}",
     "t.fir:4:7: error: function @f is defined twice"},
    {"struct P { a: tensor<*xf64> }\nstruct P { b: tensor<*xf64> }",
     "t.fir:2:8: error: struct 'P' is already defined with other fields"},
};
INSTANTIATE_TEST_SUITE_P(Messages, MalformedIr, ::testing::ValuesIn(kBadTexts));

}  // namespace
}  // namespace fastarena::ir

namespace fastarena::ir {
namespace {

// Damaged IR text: whatever reads and verifies also runs, and nothing crashes or reads past
// the text (under the asan preset). Mutations of a valid module: a byte replaced, deleted or
// duplicated, a few times over.
TEST(IrText, DamagedTextNeverCrashesTheParserVerifierOrInterpreter) {
  Ir built;
  build_every_opcode(built.module);
  const std::string original = built.text();
  std::mt19937 random(1234);
  const std::string alphabet = "%@!:,.()[]{}<>-=x0123456789 \n\"fmainretucnsodlpkv*";
  int parsed = 0;
  for (int i = 0; i < 1500; ++i) {
    std::string text = original;
    for (int edits = 1 + static_cast<int>(random() % 3); edits > 0; --edits) {
      const std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          text.erase(at, 1);
          break;
        default:
          text.insert(at, 1, text[at]);
          break;
      }
    }
    Ir ir;
    if (!ir.read(text)) {
      EXPECT_NE(ir.diagnostics.find("t.fir:"), std::string::npos) << text;
      continue;
    }
    ++parsed;
    if (!verify(ir.module).empty()) continue;
    std::string out;
    llvm::raw_string_ostream os(out);
    RunOptions small;
    small.max_steps = 10000;
    small.memory_budget = 1 << 20;
    (void)run(ir.module, os, small);
  }
  EXPECT_GT(parsed, 0);  // some mutations (inside numbers, names) still read
}

}  // namespace
}  // namespace fastarena::ir
