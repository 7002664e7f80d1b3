// The interpreter on IR text: arithmetic, transpose of every rank, print's layout, and each
// runtime error at its operation's location. Expected values are worked out by hand.
#include "fastarena/ir/interpreter.h"

#include <gtest/gtest.h>

#include <string>

#include "fastarena/ir/verifier.h"
#include "ir_test_util.h"

namespace fastarena::ir {
namespace {

struct Outcome {
  std::string printed;
  std::string error;  // "line:col: message", or empty
};

Outcome run_text(std::string_view text, const RunOptions& options = {}) {
  testing::Ir ir;
  if (!ir.read(text)) return {"", "does not parse: " + ir.diagnostics};
  if (!verify(ir.module).empty()) return {"", "does not verify"};
  Outcome out;
  llvm::raw_string_ostream os(out.printed);
  if (const std::optional<Diagnostic> error = run(ir.module, os, options)) {
    out.error = std::to_string(error->loc.line) + ":" + std::to_string(error->loc.col) + ": " +
                error->message;
  }
  os.flush();
  return out;
}

std::string main_with(std::string_view body) {
  return "func @main() loc(\"t\":1:1) {\n" + std::string(body) + "  return loc(\"t\":99:1)\n}\n";
}

TEST(Interpreter, ArithmeticAndPrintLayout) {
  const Outcome out = run_text(
      main_with("  %0 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> loc(\"t\":2:1)\n"
                "  %1 = constant [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] : tensor<2x3xf64> loc(\"t\":3:1)\n"
                "  %2 = sub %0, %1 : tensor<2x3xf64> loc(\"t\":4:1)\n"
                "  %3 = mul %2, %0 : tensor<2x3xf64> loc(\"t\":5:1)\n"
                "  print %3 loc(\"t\":6:1)\n"
                "  %4 = constant [7] : tensor<f64> loc(\"t\":7:1)\n"
                "  print %4 loc(\"t\":8:1)\n"
                "  %5 = reshape %0 : tensor<6xf64> loc(\"t\":9:1)\n"
                "  print %5 loc(\"t\":10:1)\n"));
  EXPECT_EQ(out.error, "");
  // (1-.5)*1 = .5, (2-.5)*2 = 3, 2.5*3 = 7.5 / 3.5*4 = 14, 4.5*5 = 22.5, 5.5*6 = 33
  EXPECT_EQ(out.printed,
            "0.500000 3.000000 7.500000 \n"
            "14.000000 22.500000 33.000000 \n"
            "7.000000 \n"
            "1.000000 2.000000 3.000000 4.000000 5.000000 6.000000 \n");
}

TEST(Interpreter, TransposeReversesTheDimensions) {
  const Outcome out = run_text(
      main_with("  %0 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> loc(\"t\":2:1)\n"
                "  %1 = transpose %0 : tensor<3x2xf64> loc(\"t\":3:1)\n"
                "  print %1 loc(\"t\":4:1)\n"
                "  %2 = constant [1, 2, 3, 4, 5, 6, 7, 8] : tensor<2x2x2xf64> loc(\"t\":5:1)\n"
                "  %3 = transpose %2 : tensor<2x2x2xf64> loc(\"t\":6:1)\n"
                "  %4 = reshape %3 : tensor<8xf64> loc(\"t\":7:1)\n"
                "  print %4 loc(\"t\":8:1)\n"));
  EXPECT_EQ(out.error, "");
  // in[i][j][k] = 1 + 4i + 2j + k; out[k][j][i] = in[i][j][k], read row-major over (k, j, i).
  EXPECT_EQ(out.printed,
            "1.000000 4.000000 \n2.000000 5.000000 \n3.000000 6.000000 \n"
            "1.000000 5.000000 3.000000 7.000000 2.000000 6.000000 4.000000 8.000000 \n");
}

const char* const kGeneric =
    "func @add(%0: tensor<*xf64>, %1: tensor<*xf64>) -> tensor<*xf64> loc(\"t\":20:1) {\n"
    "  %2 = add %0, %1 : tensor<*xf64> loc(\"t\":21:7)\n"
    "  return %2 loc(\"t\":22:1)\n}\n";

TEST(Interpreter, GenericFunctionsTakeAnyShape) {
  const Outcome out = run_text(std::string(kGeneric) +
                               main_with("  %0 = constant [1, 2] : tensor<2xf64> loc(\"t\":2:1)\n"
                                         "  %1 = call @add(%0, %0) : tensor<*xf64> loc(\"t\":3:1)\n"
                                         "  %2 = constant [10] : tensor<f64> loc(\"t\":4:1)\n"
                                         "  %3 = call @add(%2, %2) : tensor<*xf64> loc(\"t\":5:1)\n"
                                         "  print %1 loc(\"t\":6:1)\n  print %3 loc(\"t\":7:1)\n"));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.printed, "2.000000 4.000000 \n20.000000 \n");
}

TEST(Interpreter, RuntimeErrorsAreLocated) {
  EXPECT_EQ(run_text(std::string(kGeneric) +
                     main_with("  %0 = constant [1, 2] : tensor<2xf64> loc(\"t\":2:1)\n"
                               "  %1 = constant [1, 2, 3] : tensor<3xf64> loc(\"t\":3:1)\n"
                               "  %2 = call @add(%0, %1) : tensor<*xf64> loc(\"t\":4:1)\n"))
                .error,
            "21:7: operands of 'add' have different shapes: tensor<2xf64> and tensor<3xf64>");
  EXPECT_EQ(
      run_text(
          "func @r(%0: tensor<*xf64>) -> tensor<3xf64> loc(\"t\":20:1) {\n"
          "  %1 = reshape %0 : tensor<3xf64> loc(\"t\":21:3)\n  return %1 loc(\"t\":22:1)\n}\n" +
          main_with("  %0 = constant [1, 2] : tensor<2xf64> loc(\"t\":2:1)\n"
                    "  %1 = call @r(%0) : tensor<3xf64> loc(\"t\":3:1)\n"))
          .error,
      "21:3: cannot reshape tensor<2xf64> to tensor<3xf64>: element counts differ");
  EXPECT_EQ(run_text("func @main() loc(\"t\":1:1) {\n"
                     "  %0 = call @main() : tensor<*xf64> loc(\"t\":2:1)\n"
                     "  return loc(\"t\":3:1)\n}\n")
                .error.substr(0, 4),
            "does");  // main returns nothing: the verifier says so before any run
  RunOptions tiny;
  tiny.memory_budget = 64;
  EXPECT_EQ(run_text(main_with("  %0 = constant [1, 2, 3, 4, 5, 6, 7, 8, 9] : tensor<9xf64> "
                               "loc(\"t\":2:1)\n"
                               "  %1 = add %0, %0 : tensor<9xf64> loc(\"t\":3:1)\n"
                               "  %2 = add %1, %0 : tensor<9xf64> loc(\"t\":4:1)\n"),
                     tiny)
                .error,
            "3:1: the program needs more than its memory budget of 64 bytes");  // 9 doubles
  RunOptions few;
  few.max_steps = 3;
  EXPECT_EQ(run_text(main_with("  %0 = constant [1] : tensor<1xf64> loc(\"t\":2:1)\n"
                               "  %1 = add %0, %0 : tensor<1xf64> loc(\"t\":3:1)\n"
                               "  %2 = add %1, %0 : tensor<1xf64> loc(\"t\":4:1)\n"
                               "  %3 = add %2, %0 : tensor<1xf64> loc(\"t\":5:1)\n"),
                     few)
                .error,
            "5:1: the program ran more than 3 operations");
  EXPECT_EQ(run_text("func @f() loc(\"t\":1:1) {\n  return loc(\"t\":2:1)\n}\n").error,
            "0:0: no function @main to run");
}

TEST(Interpreter, EndlessRecursionStopsAtTheDepthLimit) {
  const Outcome out = run_text(
      "func @f(%0: tensor<*xf64>) -> tensor<*xf64> loc(\"t\":20:1) {\n"
      "  %1 = call @f(%0) : tensor<*xf64> loc(\"t\":21:1)\n  return %1 loc(\"t\":22:1)\n}\n" +
      main_with("  %0 = constant [1] : tensor<1xf64> loc(\"t\":2:1)\n"
                "  %1 = call @f(%0) : tensor<*xf64> loc(\"t\":3:1)\n"));
  EXPECT_EQ(out.error,
            "20:1: calls nested more than 1000 deep in @f (Toy has no conditionals: a "
            "recursion never ends)");
}

}  // namespace
}  // namespace fastarena::ir
