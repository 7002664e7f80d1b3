// Passes and the pass manager: each rewrite rule on IR text, and the manager's promise — a pass
// that exceeds its budget or whose result the verifier rejects leaves the IR byte for byte as it
// was and the arena's byte count where it was before the pass.
#include "fastarena/ir/pass.h"

#include <gtest/gtest.h>

#include <string>

#include "fastarena/ir/rewriter.h"
#include "ir_test_util.h"

namespace fastarena::ir {
namespace {

constexpr const char* kHead = "func @main() loc(unknown) {\n";
constexpr const char* kTail = "  return loc(unknown)\n}\n";

std::string body(const std::string& ops) {
  return kHead + ops + kTail;
}

// The module after `pass` runs on `ops` (the body of main).
std::string after(const char* pass, const std::string& ops) {
  testing::Ir ir;
  EXPECT_TRUE(ir.read(body(ops))) << ir.diagnostics;
  PassManager manager;
  manager.add(create_pass(pass));
  const auto reports = manager.run(ir.module);
  EXPECT_TRUE(reports[0].committed) << reports[0].remark;
  return ir.text();
}

TEST(Canonicalize, DoubleTransposeIsTheValue) {
  EXPECT_EQ(after("canonicalize",
                  "  %0 = constant [1, 2] : tensor<1x2xf64> loc(unknown)\n"
                  "  %1 = transpose %0 : tensor<2x1xf64> loc(unknown)\n"
                  "  %2 = transpose %1 : tensor<1x2xf64> loc(unknown)\n"
                  "  print %2 loc(unknown)\n"),
            body("  %0 = constant [1, 2] : tensor<1x2xf64> loc(unknown)\n"
                 "  %1 = transpose %0 : tensor<2x1xf64> loc(unknown)\n"  // dead now: dce's job
                 "  print %0 loc(unknown)\n"));
}

TEST(Canonicalize, ReshapesOfReshapesAndConstantsAndToTheSameShape) {
  EXPECT_EQ(after("canonicalize",
                  "  %0 = constant [1, 2, 3, 4] : tensor<4xf64> loc(unknown)\n"
                  "  %1 = reshape %0 : tensor<2x2xf64> loc(\"t\":2:1)\n"
                  "  print %1 loc(unknown)\n"),
            body("  %0 = constant [1, 2, 3, 4] : tensor<4xf64> loc(unknown)\n"
                 "  %1 = constant [1, 2, 3, 4] : tensor<2x2xf64> loc(\"t\":2:1)\n"
                 "  print %1 loc(unknown)\n"));
  const std::string generic =
      "func @f(%0: tensor<*xf64>) loc(unknown) {\n"
      "  %1 = reshape %0 : tensor<4xf64> loc(unknown)\n"
      "  %2 = reshape %1 : tensor<2x2xf64> loc(unknown)\n"
      "  %3 = reshape %2 : tensor<2x2xf64> loc(unknown)\n"
      "  print %3 loc(unknown)\n"
      "  return loc(unknown)\n}\n";
  testing::Ir ir;
  ASSERT_TRUE(ir.read(generic)) << ir.diagnostics;
  PassManager manager;
  manager.add(create_pass("canonicalize"));
  ASSERT_TRUE(manager.run(ir.module)[0].committed);
  EXPECT_EQ(ir.text(),
            "func @f(%0: tensor<*xf64>) loc(unknown) {\n"
            "  %1 = reshape %0 : tensor<4xf64> loc(unknown)\n"
            "  %2 = reshape %0 : tensor<2x2xf64> loc(unknown)\n"
            "  print %2 loc(unknown)\n"
            "  return loc(unknown)\n}\n");
}

TEST(Canonicalize, AReshapedConstantSharesItsElements) {
  testing::Ir ir;
  ASSERT_TRUE(
      ir.read(body("  %0 = constant [1, 2, 3, 4] : tensor<4xf64> loc(unknown)\n"
                   "  %1 = reshape %0 : tensor<2x2xf64> loc(unknown)\n"
                   "  print %1 loc(unknown)\n")));
  const Function& main = *ir.module.functions()[0];
  const Op* original = main.body->ops[0];
  PassManager manager;
  manager.add(create_pass("canonicalize"));
  ASSERT_TRUE(manager.run(ir.module)[0].committed);
  const Op* reshaped = main.body->ops[1];
  EXPECT_EQ(reshaped->opcode, Opcode::constant);
  EXPECT_EQ(reshaped->data.data(), original->data.data());  // no copy of the elements
}

TEST(Fold, ArithmeticAndTransposeOfConstants) {
  EXPECT_EQ(after("fold",
                  "  %0 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> loc(unknown)\n"
                  "  %1 = constant [6, 5, 4, 3, 2, 1] : tensor<2x3xf64> loc(unknown)\n"
                  "  %2 = sub %0, %1 : tensor<2x3xf64> loc(unknown)\n"
                  "  %3 = mul %2, %0 : tensor<2x3xf64> loc(unknown)\n"
                  "  %4 = transpose %3 : tensor<3x2xf64> loc(unknown)\n"
                  "  print %4 loc(unknown)\n"),
            // 1-6 = -5, 2-5 = -3, -1, 1, 3, 5; times 1..6: -5, -6, -3, 4, 15, 30; transposed:
            // rows (-5, 4), (-6, 15), (-3, 30).
            body("  %0 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> loc(unknown)\n"
                 "  %1 = constant [6, 5, 4, 3, 2, 1] : tensor<2x3xf64> loc(unknown)\n"
                 "  %2 = constant [-5, -3, -1, 1, 3, 5] : tensor<2x3xf64> loc(unknown)\n"
                 "  %3 = constant [-5, -6, -3, 4, 15, 30] : tensor<2x3xf64> loc(unknown)\n"
                 "  %4 = constant [-5, 4, -6, 15, -3, 30] : tensor<3x2xf64> loc(unknown)\n"
                 "  print %4 loc(unknown)\n"));
}

TEST(Dce, UnusedValuesGoCallsAndPrintsStay) {
  const std::string callee = "func @g() loc(unknown) {\n  return loc(unknown)\n}\n\n";
  testing::Ir ir;
  ASSERT_TRUE(ir.read(callee + body("  %0 = constant [1] : tensor<1xf64> loc(unknown)\n"
                                    "  %1 = add %0, %0 : tensor<1xf64> loc(unknown)\n"
                                    "  call @g() loc(unknown)\n"
                                    "  %2 = transpose %0 : tensor<1xf64> loc(unknown)\n"
                                    "  print %2 loc(unknown)\n")))
      << ir.diagnostics;
  PassManager manager;
  manager.add(create_pass("dce"));
  const auto reports = manager.run(ir.module);
  EXPECT_EQ(reports[0].ops_before - reports[0].ops_after, 1u);
  EXPECT_EQ(ir.text(), callee + body("  %0 = constant [1] : tensor<1xf64> loc(unknown)\n"
                                     "  call @g() loc(unknown)\n"
                                     "  %1 = transpose %0 : tensor<1xf64> loc(unknown)\n"
                                     "  print %1 loc(unknown)\n"));
}

const char* const kFoldable =
    "  %0 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> loc(unknown)\n"
    "  %1 = add %0, %0 : tensor<2x3xf64> loc(unknown)\n"
    "  %2 = mul %1, %1 : tensor<2x3xf64> loc(unknown)\n"
    "  print %2 loc(unknown)\n";

TEST(PassManager, APassOverItsBudgetIsRolledBackToTheByte) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(body(kFoldable)));
  const std::string before = ir.text();
  const ArenaStats bytes_before = ir.module.arena().stats();
  PassManager manager;
  manager.set_budget(64);  // one folded constant needs more
  manager.add(create_pass("fold"));
  const auto reports = manager.run(ir.module);
  EXPECT_FALSE(reports[0].committed);
  EXPECT_EQ(reports[0].remark, "needs more than its budget of 64 bytes");
  EXPECT_GT(reports[0].bytes, 0u);
  EXPECT_EQ(ir.text(), before);
  EXPECT_EQ(ir.module.arena().stats(), bytes_before);
}

// A pass that builds a body the verifier must reject: it leaves the return out.
class DropsTheReturn : public Pass {
 public:
  std::string_view name() const override { return "drops-the-return"; }
  const Body* run(const Module&, const Function& f, Builder& builder) override {
    Rewriter r(builder);
    for (const Op* op : f.body->ops) {
      if (op->opcode == Opcode::ret) {
        r.drop(*op);
      } else {
        r.keep(*op);
      }
    }
    return r.finish();
  }
};

TEST(PassManager, AResultTheVerifierRejectsIsRolledBack) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(body(kFoldable)));
  const std::string before = ir.text();
  const ArenaStats bytes_before = ir.module.arena().stats();
  PassManager manager;
  manager.add(std::make_unique<DropsTheReturn>());
  manager.add(create_pass("fold"));  // the next pass still runs, on the old body
  const auto reports = manager.run(ir.module);
  EXPECT_FALSE(reports[0].committed);
  EXPECT_EQ(reports[0].remark,
            "the verifier rejected its result: function @main does not end with 'return'");
  EXPECT_EQ(reports[0].ops_after, reports[0].ops_before);
  EXPECT_TRUE(reports[1].committed);
  EXPECT_NE(ir.text(), before);  // fold did its work
  testing::Ir again;
  ASSERT_TRUE(again.read(body(kFoldable)));
  PassManager rejected_only;
  rejected_only.add(std::make_unique<DropsTheReturn>());
  rejected_only.run(again.module);
  EXPECT_EQ(again.text(), before);
  EXPECT_EQ(again.module.arena().stats(), bytes_before);
}

TEST(PassManager, UnknownPassNames) {
  EXPECT_EQ(create_pass("inline-everything"), nullptr);
  for (const std::string_view name : pass_names()) EXPECT_NE(create_pass(name), nullptr) << name;
}

}  // namespace
}  // namespace fastarena::ir
