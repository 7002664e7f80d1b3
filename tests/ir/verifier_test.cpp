// The verifier: each rule, broken once, gives its message at the operation's location; the
// modules lowering and the parser produce from valid input pass.
#include "fastarena/ir/verifier.h"

#include <gtest/gtest.h>

#include <string>

#include "ir_test_util.h"

namespace fastarena::ir {
namespace {

// The verifier's messages for `text`, "line:col: message" each.
std::string problems(std::string_view text) {
  testing::Ir ir;
  if (!ir.read(text)) return "does not parse: " + ir.diagnostics;
  std::string out;
  for (const Diagnostic& d : verify(ir.module)) {
    out += std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message + "\n";
  }
  return out;
}

constexpr const char* kT = "tensor<*xf64>";

std::string func(std::string_view signature, std::string_view body) {
  return "func @f" + std::string(signature) + " loc(\"t\":1:1) {\n" + std::string(body) + "}\n";
}

TEST(Verifier, AcceptsAValidModule) {
  EXPECT_EQ(problems("struct P { a: tensor<*xf64> }\n"
                     "func @g(%0: tensor<*xf64>) -> tensor<*xf64> loc(\"t\":1:1) {\n"
                     "  return %0 loc(\"t\":2:1)\n}\n" +
                     func("(%0: tensor<2xf64>)",
                          "  %1 = call @g(%0) : tensor<*xf64> loc(\"t\":3:1)\n"
                          "  %2 = make_struct %1 : !P loc(\"t\":4:1)\n"
                          "  %3 = field %2.a : tensor<*xf64> loc(\"t\":5:1)\n"
                          "  %4 = mul %0, %0 : tensor<2xf64> loc(\"t\":6:1)\n"
                          "  %5 = reshape %4 : tensor<1x2xf64> loc(\"t\":7:1)\n"
                          "  %6 = transpose %5 : tensor<2x1xf64> loc(\"t\":8:1)\n"
                          "  print %3 loc(\"t\":9:1)\n"
                          "  return loc(\"t\":10:1)\n")),
            "");
}

TEST(Verifier, EachRuleHasItsMessage) {
  const std::string t = kT;
  EXPECT_EQ(problems(func("()", "")), "1:1: function @f does not end with 'return'\n");
  EXPECT_EQ(problems(func("()", "  return loc(\"t\":2:1)\n  return loc(\"t\":3:1)\n")),
            "2:1: 'return' before the end of the body\n");
  EXPECT_EQ(problems(func("()",
                          "  %0 = constant [1, 2] : tensor<3xf64> loc(\"t\":2:5)\n"
                          "  return loc(\"t\":3:1)\n")),
            "2:5: constant has 2 elements, its type tensor<3xf64> holds 3\n");
  EXPECT_EQ(
      problems(func("(%0: tensor<2xf64>, %1: tensor<3xf64>)",
                    "  %2 = add %0, %1 : " + t + " loc(\"t\":2:5)\n  return loc(\"t\":3:1)\n")),
      "2:5: operands of 'add' have different shapes: tensor<2xf64> and tensor<3xf64>\n");
  EXPECT_EQ(problems(func("(%0: tensor<2xf64>)",
                          "  %1 = add %0, %0 : tensor<3xf64> loc(\"t\":2:5)\n"
                          "  return loc(\"t\":3:1)\n")),
            "2:5: 'add' has type tensor<3xf64>, its operands give tensor<2xf64>\n");
  EXPECT_EQ(problems(func("(%0: tensor<2xf64>)",
                          "  %1 = add %0 : " + t + " loc(\"t\":2:5)\n  return loc(\"t\":3:1)\n")),
            "2:5: 'add' takes 2 operand(s), has 1\n");
  EXPECT_EQ(problems(func("(%0: tensor<2x3xf64>)",
                          "  %1 = reshape %0 : tensor<5xf64> loc(\"t\":2:5)\n"
                          "  return loc(\"t\":3:1)\n")),
            "2:5: cannot reshape tensor<2x3xf64> to tensor<5xf64>: element counts differ\n");
  EXPECT_EQ(problems(func("(%0: tensor<2xf64>)", "  %1 = call @nope(%0) : " + t +
                                                     " loc(\"t\":2:5)\n"
                                                     "  return loc(\"t\":3:1)\n")),
            "2:5: call to unknown function @nope\n");
  EXPECT_EQ(problems(func("(%0: tensor<2xf64>)", "  %1 = call @f(%0, %0) : " + t +
                                                     " loc(\"t\":2:5)\n"
                                                     "  return loc(\"t\":3:1)\n")),
            "2:5: @f takes 1 argument(s), 2 given\n");
  EXPECT_EQ(
      problems("struct P { a: tensor<*xf64> }\n" + func("(%0: tensor<2xf64>)",
                                                        "  %1 = transpose %0 : !P loc(\"t\":2:5)\n"
                                                        "  return loc(\"t\":3:1)\n")),
      "2:5: 'transpose' has type !P, its operands give tensor<2xf64>\n");
  EXPECT_EQ(problems("struct P { a: tensor<*xf64> }\n" +
                     func("(%0: !P)", "  print %0 loc(\"t\":2:5)\n  return loc(\"t\":3:1)\n")),
            "2:5: 'print' takes tensors, not !P\n");
  EXPECT_EQ(problems(func("(%0: tensor<2xf64>)", "  return %0 loc(\"t\":3:1)\n")),
            "3:1: @f returns a value but its type says nothing\n");
  EXPECT_EQ(problems("struct P { a: tensor<*xf64> }\n" +
                     func("(%0: !P) -> tensor<*xf64>", "  return %0 loc(\"t\":3:1)\n")),
            "3:1: returns !P, @f returns tensor<*xf64>\n");
}

}  // namespace
}  // namespace fastarena::ir
