// SPDX-License-Identifier: MIT
// The interpreter on IR text: arithmetic, transpose of every rank, broadcast, print's layout, and
// each runtime error at its operation's location (here, its place in the text: none has a
// loc()). Expected values are worked out by hand.
#include "fastarena/ir/interpreter.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

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

// @main with `body` and a return. Operations are located where they are in the text (line
// 1 is "toy.func @main() {"), so each error names its own line.
std::string main_with(std::string_view body) {
  return "toy.func @main() {\n" + std::string(body) + "  toy.return\n}\n";
}

TEST(Interpreter, ArithmeticAndPrintLayout) {
  const Outcome out = run_text(
      main_with("  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>\n"
                "  %1 = toy.constant dense<0.5> : tensor<2x3xf64>\n"
                "  %2 = toy.sub %0, %1 : tensor<2x3xf64>\n"
                "  %3 = toy.mul %2, %0 : tensor<2x3xf64>\n"
                "  toy.print %3 : tensor<2x3xf64>\n"
                "  %4 = toy.constant dense<7.0> : tensor<f64>\n"
                "  toy.print %4 : tensor<f64>\n"
                "  %5 = toy.reshape(%0 : tensor<2x3xf64>) to tensor<6xf64>\n"
                "  toy.print %5 : tensor<6xf64>\n"
                "  %6 = toy.reshape(%4 : tensor<f64>) to tensor<2x2xf64>\n"
                "  toy.print %6 : tensor<2x2xf64>\n"));
  EXPECT_EQ(out.error, "");
  // (1-.5)*1 = .5, (2-.5)*2 = 3, 2.5*3 = 7.5 / 3.5*4 = 14, 4.5*5 = 22.5, 5.5*6 = 33; the
  // scalar 7 reshaped to 2x2 is broadcast, as toyc does. toyc's layout: a newline ends each row
  // of a matrix; a scalar or a vector ends no line, so the next print continues it.
  EXPECT_EQ(out.printed,
            "0.500000 3.000000 7.500000 \n"
            "14.000000 22.500000 33.000000 \n"
            "7.000000 "
            "1.000000 2.000000 3.000000 4.000000 5.000000 6.000000 "
            "7.000000 7.000000 \n7.000000 7.000000 \n");
}

// print writes each element as printf's "%f" does (toyc's format), on values of every kind:
// infinities and NaNs of both signs, zeros, subnormals, the largest, halfway cases of the sixth
// decimal, and random bit patterns and decimals, against snprintf itself.
TEST(Interpreter, PrintsElementsAsPrintfDoes) {
  std::vector<double> values = {0.0,
                                -0.0,
                                std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN(),
                                -std::numeric_limits<double>::quiet_NaN(),
                                std::numeric_limits<double>::denorm_min(),
                                std::numeric_limits<double>::max(),
                                -std::numeric_limits<double>::max(),
                                0.0000005,
                                0.0000015,
                                -0.0000025,
                                2.5e-7,
                                1234.5678905,
                                549.9,
                                1e22,
                                123456789012345678.0};
  std::mt19937_64 random(5);
  for (int i = 0; i < 3000; ++i) values.push_back(std::bit_cast<double>(random()));
  for (int i = 0; i < 3000; ++i) {
    values.push_back(static_cast<double>(random() % 2000001) / 1000.0 - 1000.0);
  }
  std::string elements, expected;
  for (const double v : values) {
    char text[400];
    std::snprintf(text, sizeof text, "0x%016llX",
                  static_cast<unsigned long long>(std::bit_cast<std::uint64_t>(v)));
    elements += (elements.empty() ? "" : ", ") + std::string(text);
    std::snprintf(text, sizeof text, "%f ", v);
    expected += text;
  }
  const std::string type = "tensor<" + std::to_string(values.size()) + "xf64>";
  const Outcome out = run_text(main_with("  %0 = toy.constant dense<[" + elements + "]> : " + type +
                                         "\n  toy.print %0 : " + type + "\n"));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.printed, expected);  // a vector ends no line
}

TEST(Interpreter, TransposeReversesTheDimensions) {
  const Outcome out = run_text(
      main_with("  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>\n"
                "  %1 = toy.transpose(%0 : tensor<2x3xf64>) to tensor<3x2xf64>\n"
                "  toy.print %1 : tensor<3x2xf64>\n"
                "  %2 = toy.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]> "
                ": tensor<2x2x2xf64>\n"
                "  %3 = toy.transpose(%2 : tensor<2x2x2xf64>) to tensor<2x2x2xf64>\n"
                "  %4 = toy.reshape(%3 : tensor<2x2x2xf64>) to tensor<8xf64>\n"
                "  toy.print %4 : tensor<8xf64>\n"));
  EXPECT_EQ(out.error, "");
  // in[i][j][k] = 1 + 4i + 2j + k; out[k][j][i] = in[i][j][k], read row-major over (k, j, i).
  EXPECT_EQ(out.printed,
            "1.000000 4.000000 \n2.000000 5.000000 \n3.000000 6.000000 \n"
            "1.000000 5.000000 3.000000 7.000000 2.000000 6.000000 4.000000 8.000000 ");
}

// @add is on lines 1-4; main_with's lines follow.
const char* const kGeneric =
    "toy.func private @add(%a: tensor<*xf64>, %b: tensor<*xf64>) -> tensor<*xf64> {\n"
    "  %0 = toy.add %a, %b : tensor<*xf64>\n"
    "  toy.return %0 : tensor<*xf64>\n"
    "}\n";

TEST(Interpreter, GenericFunctionsTakeAnyShape) {
  const Outcome out =
      run_text(std::string(kGeneric) +
               main_with("  %0 = toy.constant dense<[1.0, 2.0]> : tensor<2xf64>\n"
                         "  %1 = toy.generic_call @add(%0, %0) : (tensor<2xf64>, tensor<2xf64>) -> "
                         "tensor<*xf64>\n"
                         "  %2 = toy.constant dense<10.0> : tensor<f64>\n"
                         "  %3 = toy.generic_call @add(%2, %2) : (tensor<f64>, tensor<f64>) -> "
                         "tensor<*xf64>\n"
                         "  toy.print %1 : tensor<*xf64>\n  toy.print %3 : tensor<*xf64>\n"));
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.printed, "2.000000 4.000000 20.000000 ");
}

TEST(Interpreter, RuntimeErrorsAreLocated) {
  EXPECT_EQ(run_text(std::string(kGeneric) +
                     main_with("  %0 = toy.constant dense<[1.0, 2.0]> : tensor<2xf64>\n"
                               "  %1 = toy.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf64>\n"
                               "  %2 = toy.generic_call @add(%0, %1) : (tensor<2xf64>, "
                               "tensor<3xf64>) -> tensor<*xf64>\n"))
                .error,
            "2:3: operands of 'add' have different shapes: tensor<2xf64> and tensor<3xf64>");
  EXPECT_EQ(run_text("toy.func private @r(%x: tensor<*xf64>) -> tensor<3xf64> {\n"
                     "  %0 = toy.reshape(%x : tensor<*xf64>) to tensor<3xf64>\n"
                     "  toy.return %0 : tensor<3xf64>\n}\n" +
                     main_with("  %0 = toy.constant dense<[1.0, 2.0]> : tensor<2xf64>\n"
                               "  %1 = toy.generic_call @r(%0) : (tensor<2xf64>) -> "
                               "tensor<3xf64>\n"))
                .error,
            "2:3: cannot reshape tensor<2xf64> to tensor<3xf64>: element counts differ");
  EXPECT_EQ(run_text("toy.func @main() {\n"
                     "  %0 = toy.generic_call @main() : () -> tensor<*xf64>\n"
                     "  toy.return\n}\n")
                .error.substr(0, 4),
            "does");  // main returns nothing: the verifier says so before any run
  RunOptions tiny;
  tiny.memory_budget = 64;
  EXPECT_EQ(run_text(main_with("  %0 = toy.constant dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, "
                               "8.0, 9.0]> : tensor<9xf64>\n"
                               "  %1 = toy.add %0, %0 : tensor<9xf64>\n"
                               "  %2 = toy.add %1, %0 : tensor<9xf64>\n"),
                     tiny)
                .error,
            "3:3: the program needs more than its memory budget of 64 bytes");  // 9 doubles
  RunOptions few;
  few.max_steps = 3;
  EXPECT_EQ(run_text(main_with("  %0 = toy.constant dense<1.0> : tensor<1xf64>\n"
                               "  %1 = toy.add %0, %0 : tensor<1xf64>\n"
                               "  %2 = toy.add %1, %0 : tensor<1xf64>\n"
                               "  %3 = toy.add %2, %0 : tensor<1xf64>\n"),
                     few)
                .error,
            "5:3: the program ran more than 3 operations");
  EXPECT_EQ(run_text("toy.func private @f() {\n  toy.return\n}\n").error,
            "0:0: no function @main to run");
}

TEST(Interpreter, EndlessRecursionStopsAtTheDepthLimit) {
  const Outcome out = run_text(
      "toy.func private @f(%x: tensor<*xf64>) -> tensor<*xf64> {\n"
      "  %0 = toy.generic_call @f(%x) : (tensor<*xf64>) -> tensor<*xf64>\n"
      "  toy.return %0 : tensor<*xf64>\n}\n" +
      main_with("  %0 = toy.constant dense<1.0> : tensor<1xf64>\n"
                "  %1 = toy.generic_call @f(%0) : (tensor<1xf64>) -> tensor<*xf64>\n"));
  EXPECT_EQ(out.error,
            "1:1: calls nested more than 1000 deep in @f (Toy has no conditionals: a "
            "recursion never ends)");
}

// Shapes whose element count, or its byte count, overflows: 2^62 x 4 elements (the product wraps
// to 0 unless the count saturates) and 2^61 + 1 (times 8 it wraps to 8 bytes). Each is refused
// by the memory budget where it is made, never computed with a wrapped size.
TEST(Interpreter, HugeShapesAreRefusedNotWrapped) {
  for (const char* shape : {"4611686018427387904x4", "2305843009213693953"}) {
    SCOPED_TRACE(shape);
    const std::string type = "tensor<" + std::string(shape) + "xf64>";
    const Outcome out =
        run_text(main_with("  %0 = toy.constant dense<2.0> : tensor<f64>\n"
                           "  %1 = toy.reshape(%0 : tensor<f64>) to " +
                           type +
                           "\n"
                           "  toy.print %1 : " +
                           type + "\n"));
    EXPECT_EQ(out.printed, "");
    EXPECT_EQ(out.error, "3:3: the program needs more than its memory budget of 1073741824 bytes");
  }
}

// The limit is exact: with max_call_depth 3, @main (depth 1) calling @f1 calling @f2 (depth 3)
// runs, and one call more is refused, located at the function that would go past it.
TEST(Interpreter, TheDepthLimitIsExact) {
  const std::string chain =
      "toy.func private @f3() {\n  toy.return\n}\n"
      "toy.func private @f2(%d: tensor<*xf64>) {\n"
      "  toy.print %d : tensor<*xf64>\n"
      "  toy.generic_call @f3() : () -> ()\n  toy.return\n}\n"
      "toy.func private @f1(%d: tensor<*xf64>) {\n"
      "  toy.generic_call @f2(%d) : (tensor<*xf64>) -> ()\n  toy.return\n}\n";
  RunOptions three;
  three.max_call_depth = 3;
  const std::string calls_f2 = main_with(
      "  %0 = toy.constant dense<1.0> : tensor<1xf64>\n"
      "  toy.generic_call @f1(%0) : (tensor<1xf64>) -> ()\n");
  const Outcome refused = run_text(chain + calls_f2, three);  // @f3 would be depth 4
  EXPECT_EQ(refused.printed, "1.000000 ");
  EXPECT_EQ(refused.error,
            "1:1: calls nested more than 3 deep in @f3 (Toy has no conditionals: a recursion "
            "never ends)");
  RunOptions four;
  four.max_call_depth = 4;
  const Outcome fits = run_text(chain + calls_f2, four);
  EXPECT_EQ(fits.printed, "1.000000 ");
  EXPECT_EQ(fits.error, "");
}

}  // namespace
}  // namespace fastarena::ir
