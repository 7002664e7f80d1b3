// SPDX-License-Identifier: MIT
// The textual IR: every opcode built with the Builder prints, reads back and prints the same;
// malformed text gives a located error and leaves the module as it was.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>

#include <llvm/ADT/APFloat.h>
#include <llvm/ADT/SmallString.h>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/dot.h"
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
  const Name fields[] = {c.name("first"), c.name("second")};
  const Type pair_fields[] = {c.unranked_tensor(), c.unranked_tensor()};
  const Type pair = c.struct_type(c.name("Pair"), fields, pair_fields);
  const std::uint32_t file = c.file("odd \"name\".toy");

  Transaction txn = module.arena().transaction();
  Builder b(c, txn);
  const Type g_params[] = {c.unranked_tensor(), pair};
  const Location g_param_locs[] = {{file, 1, 7}, {file, 1, 10}};
  Function* g = b.function(c.name("g"), {file, 1, 1}, g_params, g_param_locs);
  const Op* x = g->params[0];
  const Op* p = g->params[1];
  const Op* a = b.build(Opcode::struct_access, {&p, 1}, {file, 2, 3}, {.index = 0});
  const Op* t = b.build(Opcode::transpose, {&x, 1}, {file, 2, 4});
  const Op* sum = b.build(Opcode::add, std::vector<const Op*>{a, t}, {file, 2, 5});
  const Op* diff = b.build(Opcode::sub, std::vector<const Op*>{sum, x}, {file, 2, 6});
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
  const Op* scalar = b.build(Opcode::constant, {}, {}, {.type = c.tensor({}), .data = {&one, 1}});
  const Op* m = b.build(Opcode::mul, std::vector<const Op*>{k, k}, {file, 7, 2});
  const Op* s =
      b.build(Opcode::make_struct, std::vector<const Op*>{k, r}, {file, 8, 3}, {.type = pair});
  const Op* call = b.build(Opcode::generic_call, std::vector<const Op*>{m, s}, {file, 9, 4},
                           {.type = g->result, .callee = g->name});
  const Op* cast = b.build(Opcode::cast, {&k, 1}, {file, 10, 1}, {.type = c.unranked_tensor()});
  const Type leaves[] = {c.tensor(flat), c.tensor({})};
  const double elements[] = {1, 2, 3, 4, 5, 6, 7};
  const Op* sc = b.build(Opcode::struct_constant, {}, {file, 11, 1},
                         {.type = pair, .data = elements, .layout = c.struct_type(leaves)});
  Function* main = b.function(c.name("main"), {file, 4, 1}, {});
  const Op* main_ops[] = {k,
                          r,
                          scalar,
                          m,
                          s,
                          call,
                          cast,
                          sc,
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
  const std::string text = built.text(/*debug_info=*/true);
  // The shapes of the text, spot-checked (the whole of it is compared below).
  const char* const expected[] = {
      "  toy.func private @g(%arg0: tensor<*xf64> loc(\"odd \\22name\\22.toy\":1:7), %arg1: "
      "!toy.struct<tensor<*xf64>, tensor<*xf64>> loc(\"odd \\22name\\22.toy\":1:10)) -> "
      "tensor<*xf64> {\n",
      "    %0 = toy.struct_access %arg1[0] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> "
      "tensor<*xf64> loc(",
      "    %1 = toy.transpose(%arg0 : tensor<*xf64>) to tensor<*xf64> loc(",
      "    toy.return %3 : tensor<*xf64> loc(",
      "  } loc(\"odd \\22name\\22.toy\":1:1)\n",
      "  toy.func @main() {\n",
      "    %0 = toy.constant dense<[[1.000000e+00, -2.500000e+00, 3.000000e+300], "
      "[1.000000e-01, -0.000000e+00, 6.000000e+00]]> : tensor<2x3xf64> loc(",
      "    %1 = toy.reshape(%0 : tensor<2x3xf64>) to tensor<6xf64> loc(",
      "    %2 = toy.constant dense<1.000000e+00> : tensor<f64> loc(unknown)\n",
      "    %3 = toy.mul %0, %0 : tensor<2x3xf64> loc(",
      "    %4 = toy.make_struct(%0, %1) : (tensor<2x3xf64>, tensor<6xf64>) -> "
      "!toy.struct<tensor<*xf64>, tensor<*xf64>> loc(",
      "    %5 = toy.generic_call @g(%3, %4) : (tensor<2x3xf64>, !toy.struct<tensor<*xf64>, "
      "tensor<*xf64>>) -> tensor<*xf64> loc(",
      "    %6 = toy.cast %0 : tensor<2x3xf64> to tensor<*xf64> loc(",
      "    %7 = toy.struct_constant [dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, "
      "4.000000e+00, 5.000000e+00, 6.000000e+00]> : tensor<6xf64>, dense<7.000000e+00> : "
      "tensor<f64>] : !toy.struct<tensor<*xf64>, tensor<*xf64>> loc(",
      "    toy.print %5 : tensor<*xf64> loc(",
      "    toy.return loc(unknown)\n",
  };
  for (const char* line : expected) EXPECT_NE(text.find(line), std::string::npos) << line << text;

  Ir read;
  ASSERT_TRUE(read.read(text)) << read.diagnostics;
  EXPECT_TRUE(verify(read.module).empty());
  EXPECT_EQ(read.text(/*debug_info=*/true), text);
  // Not only the same text: the same doubles, bit for bit.
  const Op* k = read.module.function(read.context.name("main"))->body->ops[0];
  EXPECT_TRUE(std::signbit(k->data[4]));
  EXPECT_EQ(k->data[2], 3e300);
  // And without locations, each operation is located where it is in the text it was read from.
  Ir plain;
  ASSERT_TRUE(plain.read(built.text())) << plain.diagnostics;
  EXPECT_EQ(plain.text(), built.text());
  const Op* mul = plain.module.function(plain.context.name("main"))->body->ops[3];
  EXPECT_EQ(plain.context.file_name(mul->loc.file), "t.mlir");
  EXPECT_EQ(mul->loc.line, 13u);  // "module {", @g's 7 lines, "toy.func @main() {", 3 more
  EXPECT_EQ(mul->loc.col, 5u);
}

// A loop-level module with every loop-level opcode (what the lowering to loops makes), as text.
constexpr const char* kEveryLoopOpcode = R"(module {
  func.func private @f(%arg0: memref<2xf64>) -> memref<2xf64> {
    return %arg0 : memref<2xf64>
  }
  func.func @main() {
    %cst = arith.constant 1.500000e+00 : f64
    %cst_0 = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>
    %0 = bufferization.to_memref %cst_0 : memref<2xf64>
    %alloc = memref.alloc() : memref<2x2xf64>
    affine.for %arg0 = 0 to 2 {
      affine.for %arg1 = 0 to 2 {
        %2 = affine.load %0[%arg1] : memref<2xf64>
        %3 = arith.addf %2, %cst : f64
        %4 = arith.subf %3, %2 : f64
        %5 = arith.mulf %4, %4 : f64
        affine.store %5, %alloc[%arg0, (%arg0 * 2 + %arg1) mod 2] : memref<2x2xf64>
      }
    }
    %1 = call @f(%0) : (memref<2xf64>) -> memref<2xf64>
    toy.print %alloc : memref<2x2xf64>
    memref.dealloc %alloc : memref<2x2xf64>
    return
  }
}
)";

// The opcodes `ops` holds, regions included.
void opcodes_in(std::span<const Op* const> ops, std::set<Opcode>& seen) {
  for (const Op* op : ops) {
    seen.insert(op->opcode);
    if (op_def(op->opcode).region != nullptr) opcodes_in(op_def(op->opcode).region(*op), seen);
  }
}

// Walks the op table (ops.def), not a list: an operation added to it that the round-trip
// modules above do not hold fails here until they do (and so the printer, the parser, the
// verifier and the DOT writer are tested on it).
TEST(IrText, TheRoundTripModulesHoldEveryOpcodeOfTheTable) {
  Ir toy_level;
  build_every_opcode(toy_level.module);
  Ir loop_level;
  ASSERT_TRUE(loop_level.read(kEveryLoopOpcode)) << loop_level.diagnostics;
  EXPECT_TRUE(verify(loop_level.module).empty());
  EXPECT_EQ(loop_level.text(), kEveryLoopOpcode);
  Ir again;
  ASSERT_TRUE(again.read(loop_level.text(/*debug_info=*/true))) << again.diagnostics;
  EXPECT_EQ(again.text(/*debug_info=*/true), loop_level.text(/*debug_info=*/true));
  std::set<Opcode> seen = {Opcode::param};  // in every function's parameters
  for (const Ir* ir : {&toy_level, &loop_level}) {
    for (const Function* f : ir->module.functions()) opcodes_in(f->body->ops, seen);
    // The DOT writer draws a node for each parameter and operation, labelled with its text (a
    // loop's with its region's), so every opcode's name is in the drawing.
    std::string dot;
    llvm::raw_string_ostream os(dot);
    write_dot(ir->module, os);
    std::size_t nodes = 0;
    for (const Function* f : ir->module.functions())
      nodes += f->params.size() + f->body->ops.size();
    std::size_t labels = 0;
    for (std::size_t at = 0; (at = dot.find(" [label=", at)) != std::string::npos; ++at) ++labels;
    EXPECT_EQ(labels, nodes);
    std::set<Opcode> drawn;
    for (const Function* f : ir->module.functions()) opcodes_in(f->body->ops, drawn);
    for (const Opcode opcode : drawn) {
      EXPECT_NE(dot.find(std::string(mnemonic(opcode))), std::string::npos)
          << mnemonic(opcode) << " is not drawn";
    }
  }
  constexpr Opcode kTable[] = {
#define FA_IR_OP(opcode, Class) Opcode::opcode,
#include "fastarena/ir/ops.def"
  };
  for (const Opcode opcode : kTable) {
    EXPECT_TRUE(seen.count(opcode) != 0)
        << dialect(opcode) << '.' << mnemonic(opcode)
        << " is in the op table but in neither round-trip module: add it to one";
  }
}

TEST(IrText, DoublesPrintAsMlirDoes) {
  const auto text = [](double d) {
    std::string out;
    llvm::raw_string_ostream os(out);
    print_mlir_double(d, os);
    return os.str();
  };
  EXPECT_EQ(text(1), "1.000000e+00");
  EXPECT_EQ(text(0.1), "1.000000e-01");             // reads back to 0.1: six digits are enough
  EXPECT_EQ(text(1.0 / 3), "0.33333333333333331");  // they are not: 17 digits
  EXPECT_EQ(text(549.9), "5.499000e+02");  // inexact (549.89999999999998...), but reads back
  // APFloat truncates before it rounds: six digits of 919.36599999999998... are 919.365.
  EXPECT_EQ(text(919.366), "919.36599999999999");
  EXPECT_EQ(text(1e-7), "9.9999999999999995E-8");    // more than 3 zeros after the point: 'E'
  EXPECT_EQ(text(123456789), "0x419D6F3454000000");  // no '.' in it: the bits
  EXPECT_EQ(text(HUGE_VAL), "0x7FF0000000000000");
  EXPECT_EQ(text(-HUGE_VAL), "0xFFF0000000000000");
  // Each of them reads back to the same bits.
  for (const double d : {1.0, 0.1, 1.0 / 3, 123456789.0, HUGE_VAL, -HUGE_VAL, -0.0, 5e-324}) {
    Ir ir;
    ASSERT_TRUE(ir.read("toy.func @main() {\n  %0 = toy.constant dense<" + text(d) +
                        "> : tensor<f64>\n  toy.return\n}\n"))
        << ir.diagnostics;
    const double back = ir.module.functions()[0]->body->ops[0]->data[0];
    EXPECT_EQ(std::memcmp(&back, &d, sizeof d), 0) << text(d);
  }
}

struct BadText {
  const char* text;
  const char* error;  // the first line of the diagnostic
};

class MalformedIr : public ::testing::TestWithParam<BadText> {};

TEST_P(MalformedIr, IsALocatedErrorAndLeavesTheModuleAsItWas) {
  Ir ir;
  ASSERT_TRUE(ir.read("toy.func private @keep() {\n  toy.return\n}\n"));
  const ArenaStats before = ir.module.arena().stats();
  EXPECT_FALSE(ir.read(GetParam().text));
  EXPECT_EQ(ir.diagnostics.substr(0, ir.diagnostics.find('\n')), GetParam().error);
  EXPECT_EQ(ir.module.functions().size(), 1u);
  EXPECT_EQ(ir.module.arena().stats(), before);
}

// The malformed forms one by one; tests/lit/ir/invalid.mlir has them (and the verifier's
// errors) as fa-ir prints them.
const BadText kBadTexts[] = {
    {"fun @f() {}", "t.mlir:1:1: error: expected 'toy.func' or 'func.func', not 'fun'"},
    {"toy.func f() {}", "t.mlir:1:10: error: expected '@'"},
    {"toy.func @f( {}", "t.mlir:1:14: error: expected a value (%name)"},
    {"toy.func @f(%a tensor<*xf64>) {}", "t.mlir:1:16: error: expected ':'"},
    {"toy.func @f(%a: tensor<2xf32>) {}",
     "t.mlir:1:26: error: expected a dimension or 'f64' (the only element type)"},
    {"toy.func @f(%a: !Nope) {}", "t.mlir:1:17: error: expected a type (only !toy.struct)"},
    {"toy.func @f() loc(\"a\":0:1) {}", "t.mlir:1:15: error: expected '{'"},
    {"toy.func @f() {\n} loc(\"a\":0:1)",
     "t.mlir:2:7: error: a location's line and column count from 1"},
    {"toy.func @f() {\n} loc(#loc1)",
     "t.mlir:2:7: error: expected a location: \"file\":line:col, unknown, callsite(... at ...) or "
     "fused[...]"},
    {"toy.func @f() {\n  %0 = toy.frobnicate\n}",
     "t.mlir:2:8: error: unknown operation 'toy.frobnicate'"},
    {"toy.func @f() {\n  %0 = add\n}", "t.mlir:2:8: error: unknown operation 'add'"},
    {"toy.func @f(%a: tensor<*xf64>) {\n  toy.add %a, %a : tensor<*xf64>\n}",
     "t.mlir:2:3: error: 'toy.add' has a result: name it, %0 = toy.add ..."},
    {"toy.func @f(%a: tensor<*xf64>) {\n  %0 = toy.print %a : tensor<*xf64>\n}",
     "t.mlir:2:3: error: 'toy.print' has no result"},
    {"toy.func @f() {\n  toy.print %3 : tensor<*xf64>\n}",
     "t.mlir:2:13: error: use of undefined value '%3'"},
    {"toy.func @f(%a: tensor<2xf64>) {\n  toy.print %a : tensor<3xf64>\n}",
     "t.mlir:2:13: error: this value is tensor<2xf64>, not tensor<3xf64>"},
    {"toy.func @f() {\n  %0 = toy.constant dense<[1.0, x]> : tensor<2xf64>\n}",
     "t.mlir:2:33: error: expected a number"},
    {"toy.func @f() {\n  %0 = toy.constant dense<[[1.0], [2.0, 3.0]]> : tensor<2x1xf64>\n}",
     "t.mlir:2:27: error: dense elements of different shapes in one list"},
    {"toy.func @f() {\n  %0 = toy.constant dense<[1.0, 2.0]> : tensor<3xf64>\n}",
     "t.mlir:2:21: error: dense elements of shape tensor<2xf64> do not fit tensor<3xf64>"},
    {"toy.func @f() {\n  %0 = toy.constant dense<1.0> : tensor<99999x99999xf64>\n}",
     "t.mlir:2:21: error: a splat of 9999800001 elements is more than this reader stores "
     "(16777216)"},
    {"toy.func @f(%a: tensor<*xf64>) {\n  %a = toy.transpose(%a : tensor<*xf64>) to "
     "tensor<*xf64>\n}",
     "t.mlir:2:3: error: redefinition of value '%a'"},
    {"toy.func @f(%a: tensor<*xf64>) {\n  %0 = toy.struct_access %a[0] : "
     "!toy.struct<tensor<*xf64>> -> tensor<*xf64>\n}",
     "t.mlir:2:26: error: this value is tensor<*xf64>, not !toy.struct<tensor<*xf64>>"},
    {"toy.func @f() {\n  %0 = \"toy.print\"() : () -> tensor<2x3xf64>\n}",
     "t.mlir:2:8: error: generic operation form is not supported: write the operation as toyc "
     "prints it (e.g. toy.print %0 : tensor<2x3xf64>)"},
    {"toy.func private @keep() {\n  toy.return\n}",
     "t.mlir:1:18: error: function @keep already exists in the module"},
    {"toy.func @f() {\n} loc(\"unterminated)", "t.mlir:2:7: error: unterminated string"},
    {"toy.func @f() {\n  toy.return\n}\ntoy.func @f() {\n  toy.return\n}",
     "t.mlir:4:10: error: function @f is defined twice"},
    {"module {\n  toy.func @f() {\n    toy.return\n  }\n", "t.mlir:5:1: error: expected '}'"},
    {"toy.func @f() {\n  toy.return\n", "t.mlir:3:1: error: expected '}'"},
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
  const std::string original = built.text(/*debug_info=*/true);
  std::mt19937 random(1234);
  const std::string alphabet = "%@!:,.()[]{}<>-=x0123456789 \n\"fmainretucnsodlpkv*ey+";
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
      EXPECT_NE(ir.diagnostics.find("t.mlir:"), std::string::npos) << text;
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

namespace fastarena::ir {
namespace {

// What print_mlir_double prints is what MLIR's printFloatValue prints through APFloat (six digits
// when they read back, else APFloat's 17-digit form, else the bits), on every kind of double:
// random bits, short decimals and dyadic fractions, whole numbers, powers of ten and their
// neighbours, subnormals and the largest values.
TEST(IrText, DoublesPrintAsApFloatDoesOnEveryKindOfValue) {
  const auto mlir = [](double d) {  // printFloatValue, written as MLIR writes it
    const llvm::APFloat f(d);
    llvm::SmallString<32> text;
    if (!f.isInfinity() && !f.isNaN()) {
      f.toString(text, 6, 0, false);
      if (llvm::APFloat(llvm::APFloat::IEEEdouble(), text).bitwiseIsEqual(f))
        return std::string(text);
      text.clear();
      f.toString(text);
      if (llvm::StringRef(text).contains('.')) return std::string(text);
    }
    return std::string();  // hex: compared below by reading it back
  };
  const auto ours = [](double d) {
    std::string out;
    llvm::raw_string_ostream os(out);
    print_mlir_double(d, os);
    return os.str();
  };
  std::mt19937_64 random(7);
  std::vector<double> values = {0.0,       -0.0,    1,     -1,          0.5,     1.5,      2.5,
                                0.125,     1e-7,    0.1,   1e7,         9999999, 10000000, 12345678,
                                123456789, 1e22,    3e300, 5e-324,      0.3,     4096,     -2.75,
                                1.0 / 3,   65536.5, 1e-5,  0.0009765625};
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t bits = random();
    double d = 0;
    std::memcpy(&d, &bits, sizeof d);
    values.push_back(d);
    values.push_back(static_cast<double>(static_cast<int>(random() % 2000001) - 1000000) /
                     static_cast<double>(1u << (random() % 12)));  // short dyadic decimals
    values.push_back(static_cast<double>(random() % 1000000) /
                     std::pow(10.0, static_cast<double>(random() % 40) - 20));  // short decimals
    const double ten = std::pow(10.0, static_cast<double>(random() % 600) - 300);
    values.push_back(ten);  // powers of 10, and the doubles either side of one
    values.push_back(std::nextafter(ten, 0.0));
    values.push_back(std::nextafter(ten, HUGE_VAL));
    values.push_back(static_cast<double>(static_cast<std::int64_t>(random())) /
                     static_cast<double>(std::uint64_t{1} << (random() % 63)));  // 63-bit ratios
    values.push_back(std::ldexp(static_cast<double>(random() % 1000000),
                                static_cast<int>(random() % 2200) - 1100));  // every exponent
  }
  for (const double d : {919.366, 549.9, 1e23, 5e-324, 2.2250738585072014e-308,
                         1.7976931348623157e308, 9007199254740993.0, 0.1 + 0.2}) {
    values.push_back(d);
  }
  for (const double d : values) {
    if (std::isnan(d)) continue;
    const std::string expected = mlir(d);
    if (!expected.empty()) {
      EXPECT_EQ(ours(d), expected) << d;
    } else {
      EXPECT_EQ(ours(d).substr(0, 2), "0x") << d;
    }
  }
}

}  // namespace
}  // namespace fastarena::ir
