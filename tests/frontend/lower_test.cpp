// SPDX-License-Identifier: MIT
// Lowering Toy to the IR: what each construct becomes, and each semantic error's message at its
// location. Every lowered module must pass the verifier.
#include "fastarena/toy/lower.h"

#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>

#include "fastarena/ir/printer.h"
#include "fastarena/ir/verifier.h"
#include "fastarena/toy/parser.h"

namespace fastarena::toy {
namespace {

struct Lowered {
  Arena arena;
  Names names;
  llvm::SourceMgr sources;
  Module ast;
  ir::Context context{names};  // one name table for the compilation
  ir::Module module{context};
  std::string diagnostics;
  std::size_t errors = 0;

  // The IR of function `name`, as printed.
  std::string function(std::string_view name) const {
    std::string text;
    llvm::raw_string_ostream os(text);
    ir::PrintOptions options;
    options.debug_info = true;
    ir::print(module, *module.function(context.names().find(name)), os, options);
    return os.str();
  }
};

std::unique_ptr<Lowered> lower_text(std::string_view text) {
  auto l = std::make_unique<Lowered>();
  llvm::raw_string_ostream diagnostics(l->diagnostics);
  const unsigned buffer = l->sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), "t.toy"),
      llvm::SMLoc());
  ParseOptions parse_options;
  DiagnosticEngine engine;
  SourceMgrDiagnosticHandler printer(l->sources, engine, diagnostics);
  parse_options.diagnostics = &engine;
  ParseStats stats;
  l->ast = parse_module(l->arena, l->names, l->sources, buffer, "t.toy", parse_options, &stats);
  EXPECT_EQ(stats.errors, 0u) << diagnostics.str();
  LowerOptions options;
  options.diagnostics = &engine;
  l->errors = lower(l->ast, l->module, options);
  diagnostics.flush();
  return l;
}

TEST(Lower, EachConstructBecomesItsOperations) {
  const auto l = lower_text(
      "struct Pair { var x; var y; }\n"
      "def use(Pair p) { return p.x * transpose(p.y); }\n"
      "def main() {\n"
      "  var a<2, 2> = [1, 2, 3, 4];\n"
      "  Pair p = {a, [[5, 6], [7, 8]]};\n"
      "  print(use(p) + 1 - a);\n"
      "}\n");
  ASSERT_EQ(l->errors, 0u) << l->diagnostics;
  EXPECT_TRUE(ir::verify(l->module).empty());
  EXPECT_EQ(l->function("use"),
            "toy.func private @use(%arg0: !toy.struct<tensor<*xf64>, tensor<*xf64>> "
            "loc(\"t.toy\":2:1)) -> tensor<*xf64> {\n"
            "  %0 = toy.struct_access %arg0[0] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> "
            "tensor<*xf64> loc(\"t.toy\":2:28)\n"
            "  %1 = toy.struct_access %arg0[1] : !toy.struct<tensor<*xf64>, tensor<*xf64>> -> "
            "tensor<*xf64> loc(\"t.toy\":2:44)\n"
            "  %2 = toy.transpose(%1 : tensor<*xf64>) to tensor<*xf64> loc(\"t.toy\":2:32)\n"
            "  %3 = toy.mul %0, %2 : tensor<*xf64> loc(\"t.toy\":2:32)\n"
            "  toy.return %3 : tensor<*xf64> loc(\"t.toy\":2:19)\n"
            "} loc(\"t.toy\":2:1)\n");
  // A struct literal of values that are not all constants is a toy.make_struct; of constants,
  // a toy.struct_constant (CallsMayNameFunctionsDefinedLater has one).
  EXPECT_EQ(l->function("main"),
            "toy.func @main() {\n"
            "  %0 = toy.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> "
            ": tensor<4xf64> loc(\"t.toy\":4:17)\n"
            "  %1 = toy.reshape(%0 : tensor<4xf64>) to tensor<2x2xf64> loc(\"t.toy\":4:3)\n"
            "  %2 = toy.constant dense<[[5.000000e+00, 6.000000e+00], [7.000000e+00, "
            "8.000000e+00]]> : tensor<2x2xf64> loc(\"t.toy\":5:16)\n"
            "  %3 = toy.make_struct(%1, %2) : (tensor<2x2xf64>, tensor<2x2xf64>) -> "
            "!toy.struct<tensor<*xf64>, tensor<*xf64>> loc(\"t.toy\":5:12)\n"
            "  %4 = toy.generic_call @use(%3) : (!toy.struct<tensor<*xf64>, tensor<*xf64>>) -> "
            "tensor<*xf64> loc(\"t.toy\":6:9)\n"
            "  %5 = toy.constant dense<1.000000e+00> : tensor<f64> loc(\"t.toy\":6:18)\n"
            "  %6 = toy.add %4, %5 : (tensor<*xf64>, tensor<f64>) -> tensor<*xf64> "
            "loc(\"t.toy\":6:18)\n"
            "  %7 = toy.sub %6, %1 : (tensor<*xf64>, tensor<2x2xf64>) -> tensor<*xf64> "
            "loc(\"t.toy\":6:22)\n"
            "  toy.print %7 : tensor<*xf64> loc(\"t.toy\":6:3)\n"
            "  toy.return loc(\"t.toy\":3:1)\n"
            "} loc(\"t.toy\":3:1)\n");
}

TEST(Lower, CallsMayNameFunctionsDefinedLater) {
  const auto l = lower_text(
      "def main() { print(twice([1, 2])); }\n"
      "def twice(x) { return x + x; }\n");
  ASSERT_EQ(l->errors, 0u) << l->diagnostics;
  EXPECT_TRUE(ir::verify(l->module).empty());
  EXPECT_EQ(l->module.functions()[0]->name, "main");  // source order kept
  // One name table: the IR's names are the AST's, the same entries.
  const auto* ast_main = llvm::cast<Function>(l->ast.records[0]);
  EXPECT_EQ(l->module.functions()[0]->name, ast_main->proto.name);
  EXPECT_EQ(l->module.functions()[0]->name.view().data(), ast_main->proto.name.view().data());
}

TEST(Lower, AStructLiteralOfConstantsIsAStructConstantAndAScalarReshapedIsBroadcast) {
  const auto l = lower_text(
      "struct Pair { var x; var y; }\n"
      "def main() { Pair p = {[1, 2], 3}; var s<2, 2> = 5.5; print(s); }\n");
  ASSERT_EQ(l->errors, 0u) << l->diagnostics;
  EXPECT_TRUE(ir::verify(l->module).empty());
  const std::string main = l->function("main");
  EXPECT_NE(main.find("  %0 = toy.struct_constant [dense<[1.000000e+00, 2.000000e+00]> : "
                      "tensor<2xf64>, dense<3.000000e+00> : tensor<f64>] : "
                      "!toy.struct<tensor<*xf64>, tensor<*xf64>>"),
            std::string::npos)
      << main;
  EXPECT_NE(main.find("  %2 = toy.reshape(%1 : tensor<f64>) to tensor<2x2xf64>"), std::string::npos)
      << main;
}

TEST(Lower, AFunctionReturningNothingMayBeCalledAsAStatement) {
  const auto l = lower_text("def f() { print([1]); }\ndef main() { f(); f(); }\n");
  ASSERT_EQ(l->errors, 0u) << l->diagnostics;
  EXPECT_TRUE(ir::verify(l->module).empty());
  EXPECT_NE(l->function("main").find("  toy.generic_call @f() : () -> () loc("), std::string::npos);
}

struct SemanticError {
  const char* text;
  const char* error;  // the first line of the diagnostic
};

class LowerErrors : public ::testing::TestWithParam<SemanticError> {};

TEST_P(LowerErrors, AreLocatedAndTheFunctionIsRolledBack) {
  const auto l = lower_text(GetParam().text);
  EXPECT_EQ(l->errors, 1u) << l->diagnostics;
  EXPECT_EQ(l->diagnostics.substr(0, l->diagnostics.find('\n')), GetParam().error);
}

const SemanticError kErrors[] = {
    {"def main() { print(b); }", "t.toy:1:20: error: unknown variable 'b'"},
    {"def main() { print(f([1])); }", "t.toy:1:20: error: unknown function 'f'"},
    {"def f(a, b) { return a; }\ndef main() { print(f([1])); }",
     "t.toy:2:20: error: 'f' takes 2 arguments, 1 given"},
    {"def main() { print(transpose([1], [2])); }",
     "t.toy:1:20: error: transpose takes 1 argument, 2 given"},
    {"def main() { var a<2, 2> = [1, 2, 3]; }",
     "t.toy:1:14: error: cannot reshape tensor<3xf64> to tensor<2x2xf64>: element counts differ"},
    {"def main() { print([1, 2] * [1, 2, 3]); }",
     "t.toy:1:29: error: operands of '*' have different shapes: tensor<2xf64> and tensor<3xf64>"},
    {"def main() { var a = [1]; var a = [2]; }",
     "t.toy:1:27: error: 'a' is already declared in this function"},
    {"def main() { return; print([1]); }",
     "t.toy:1:14: error: 'return' must be the last statement of a function"},
    {"def main() { P p = {[1]}; }", "t.toy:1:14: error: unknown struct type 'P'"},
    {"struct P { var a; }\ndef main() { P p = {[1], [2]}; }",
     "t.toy:2:20: error: struct P has 1 field, the literal gives 2 values"},
    {"struct P { var a; }\ndef main() { P p = {[1]}; print(p.b); }",
     "t.toy:2:35: error: struct P has no field 'b'"},
    {"def main() { var a = [1]; print(a.b); }",
     "t.toy:1:33: error: '.' needs a struct on its left, not tensor<1xf64>"},
    {"def main() { print({[1], [2]}); }",
     "t.toy:1:20: error: a struct literal needs a declared struct type: Type name = {...}"},
    {"struct P { var a; }\ndef main() { P p = {[1]}; print(p); }",
     "t.toy:2:27: error: print takes a tensor, not a struct"},
    {"struct P { var a; }\ndef f(P p) { return p.a; }\ndef main() { print(f([1])); }",
     "t.toy:3:22: error: argument 1 of 'f' must be struct P, not tensor<1xf64>"},
    {"def f() { return; }\ndef main() { print(f()); }", "t.toy:2:20: error: 'f' returns no value"},
    {"def f() { return; }\ndef f() { return; }", "t.toy:2:1: error: function 'f' is defined twice"},
    {"struct P { var a; }\nstruct P { var b; }", "t.toy:2:1: error: struct 'P' is defined twice"},
    {"def f(Q q) { return; }", "t.toy:1:7: error: unknown struct type 'Q'"},
    // Found by lower_run_fuzzer: a recursive call used as a value, to a function returning
    // nothing, once built a call the verifier rejected.
    {"def add(a, b) { print(add([0, 2], [1, 3, 3])); }",
     "t.toy:1:23: error: 'add' returns no value"},
    {"struct P { var a; }\ndef f(P p) { var q = f(p); return p; }",
     "t.toy:2:22: error: recursive call to 'f', which returns struct P: only functions returning a "
     "tensor or nothing may recurse"},
};
INSTANTIATE_TEST_SUITE_P(Messages, LowerErrors, ::testing::ValuesIn(kErrors));

}  // namespace
}  // namespace fastarena::toy
