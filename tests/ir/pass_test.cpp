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
class DropsTheReturn : public FunctionPass {
 public:
  std::string_view name() const override { return "drops-the-return"; }
  const Body* rewrite(const Function& f, PassContext& pass) override {
    Rewriter r(pass.builder());
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

// --- inline -------------------------------------------------------------------------------

constexpr const char* kSmall =
    "func @small(%0: tensor<*xf64>) -> tensor<*xf64> loc(unknown) {\n"
    "  %1 = transpose %0 : tensor<*xf64> loc(unknown)\n"
    "  return %1 loc(unknown)\n}\n\n";
// Eleven operations on its parameter: nothing folds, so it costs more than a call's 10.
constexpr const char* kBig =
    "func @big(%0: tensor<*xf64>) -> tensor<*xf64> loc(unknown) {\n"
    "  %1 = add %0, %0 : tensor<*xf64> loc(unknown)\n"
    "  %2 = mul %1, %0 : tensor<*xf64> loc(unknown)\n"
    "  %3 = sub %2, %1 : tensor<*xf64> loc(unknown)\n"
    "  %4 = mul %3, %3 : tensor<*xf64> loc(unknown)\n"
    "  %5 = add %4, %2 : tensor<*xf64> loc(unknown)\n"
    "  %6 = mul %5, %1 : tensor<*xf64> loc(unknown)\n"
    "  %7 = sub %6, %4 : tensor<*xf64> loc(unknown)\n"
    "  %8 = mul %7, %7 : tensor<*xf64> loc(unknown)\n"
    "  %9 = add %8, %5 : tensor<*xf64> loc(unknown)\n"
    "  %10 = mul %9, %6 : tensor<*xf64> loc(unknown)\n"
    "  %11 = sub %10, %9 : tensor<*xf64> loc(unknown)\n"
    "  return %11 loc(unknown)\n}\n\n";

// A generic caller of small and, if `call_big`, big.
std::string caller(bool call_big) {
  return std::string(kSmall) + kBig +
         "func @caller(%0: tensor<*xf64>) loc(unknown) {\n"
         "  %1 = call @small(%0) : tensor<*xf64> loc(unknown)\n" +
         (call_big ? "  %2 = call @big(%1) : tensor<*xf64> loc(unknown)\n"
                     "  print %2 loc(unknown)\n"
                   : "  print %1 loc(unknown)\n") +
         "  return loc(unknown)\n}\n";
}

TEST(Inline, ConstantArgumentsFoldThroughTheCallee) {
  // The tutorial's classic: multiply_transpose inlined into main, where it meets constants.
  testing::Ir ir;
  ASSERT_TRUE(
      ir.read("func @multiply_transpose(%0: tensor<*xf64>, %1: tensor<*xf64>) -> tensor<*xf64> "
              "loc(unknown) {\n"
              "  %2 = transpose %0 : tensor<*xf64> loc(unknown)\n"
              "  %3 = transpose %1 : tensor<*xf64> loc(unknown)\n"
              "  %4 = mul %2, %3 : tensor<*xf64> loc(unknown)\n"
              "  return %4 loc(unknown)\n}\n\n" +
              body("  %0 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> loc(unknown)\n"
                   "  %1 = call @multiply_transpose(%0, %0) : tensor<*xf64> loc(unknown)\n"
                   "  print %1 loc(unknown)\n")))
      << ir.diagnostics;
  PassManager manager;
  for (const std::string_view name : default_pipeline()) manager.add(create_pass(name));
  const auto reports = manager.run(ir.module);
  EXPECT_EQ(reports[0].speculations_kept, 1u);
  // transpose: [[1, 4], [2, 5], [3, 6]], squared element-wise; the callee is gone.
  EXPECT_EQ(ir.text(), body("  %0 = constant [1, 16, 4, 25, 9, 36] : tensor<3x2xf64> loc(unknown)\n"
                            "  print %0 loc(unknown)\n"));
}

TEST(Inline, ANestedRollbackInsideTheCommittedPassKeepsOnlyTheAcceptedInlining) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(caller(true))) << ir.diagnostics;
  const std::size_t before = ir.module.arena().stats().bytes_allocated;
  PassManager manager;
  manager.set_compaction(std::nullopt);
  manager.add(create_pass("inline"));
  const auto reports = manager.run(ir.module);
  ASSERT_TRUE(reports[0].committed) << reports[0].remark;
  EXPECT_EQ(reports[0].speculations_kept, 1u);         // small
  EXPECT_EQ(reports[0].speculations_rolled_back, 1u);  // big
  EXPECT_GT(reports[0].bytes_rolled_back, 11 * sizeof(Op));
  const Function& f = *ir.module.function(ir.context.names().find("caller"));
  ASSERT_EQ(f.body->ops.size(), 4u);
  EXPECT_EQ(f.body->ops[0]->opcode, Opcode::transpose);  // small's code
  EXPECT_EQ(f.body->ops[1]->opcode, Opcode::call);       // big's call, as it was
  EXPECT_EQ(f.body->ops[1]->operands[0], f.body->ops[0]);
  // The arena kept exactly what the committed pass reports, and big's attempt took none of it:
  // the same pass keeps as many bytes when that attempt is cut short by a speculation budget
  // (small's inlining fits in it, big's does not).
  EXPECT_EQ(ir.module.arena().stats().bytes_allocated, before + reports[0].bytes);
  testing::Ir cut_short;
  ASSERT_TRUE(cut_short.read(caller(true)));
  InlineOptions options;
  options.speculation_budget = 2 * sizeof(Op);
  PassManager budgeted;
  budgeted.add(create_pass("inline", options));
  const auto short_reports = budgeted.run(cut_short.module);
  EXPECT_EQ(short_reports[0].speculations_kept, 1u);
  EXPECT_LT(short_reports[0].bytes_rolled_back, reports[0].bytes_rolled_back);
  EXPECT_EQ(short_reports[0].bytes, reports[0].bytes);
  EXPECT_EQ(cut_short.text(), ir.text());
}

TEST(Inline, ACheaperCallInlinesNothingAndAnOuterBudgetRollsTheWholePassBack) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(caller(true)));
  const std::string before = ir.text();
  InlineOptions options;
  options.call_cost = 1;  // even small's one operation costs as much as its call
  PassManager manager;
  manager.add(create_pass("inline", options));
  auto reports = manager.run(ir.module);
  EXPECT_EQ(reports[0].speculations_kept, 0u);
  EXPECT_EQ(reports[0].speculations_rolled_back, 2u);
  EXPECT_EQ(ir.text(), before);

  const ArenaStats bytes_before = ir.module.arena().stats();
  PassManager tight;
  tight.set_budget(sizeof(Op) + 64);  // small's inlined code fits, the caller's new body not
  tight.add(create_pass("inline"));
  reports = tight.run(ir.module);
  EXPECT_FALSE(reports[0].committed);
  EXPECT_EQ(ir.text(), before);
  EXPECT_EQ(ir.module.arena().stats(), bytes_before);
}

// A pass that allocates through its own transaction while one of its savepoints is open: what
// Rust's borrow checker forbids, the arena refuses at run time.
class UsesTheOuterBuilderWhileSpeculating : public Pass {
 public:
  std::string_view name() const override { return "misuse"; }
  void run(PassContext& pass) override {
    Transaction savepoint = pass.transaction().savepoint();
    const Op* const* no_ops = nullptr;
    pass.builder().body({no_ops, 0});
  }
};

TEST(Inline, AllocatingOutsideAnOpenSpeculationIsRefused) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(body("")));
  PassManager manager;
  manager.add(std::make_unique<UsesTheOuterBuilderWhileSpeculating>());
  EXPECT_THROW(manager.run(ir.module), MisuseError);
}

TEST(Inline, RecursionStaysACall) {
  testing::Ir ir;
  ASSERT_TRUE(
      ir.read("func @f(%0: tensor<*xf64>) -> tensor<*xf64> loc(unknown) {\n"
              "  %1 = call @g(%0) : tensor<*xf64> loc(unknown)\n"
              "  return %1 loc(unknown)\n}\n\n"
              "func @g(%0: tensor<*xf64>) -> tensor<*xf64> loc(unknown) {\n"
              "  %1 = call @f(%0) : tensor<*xf64> loc(unknown)\n"
              "  return %1 loc(unknown)\n}\n\n"
              "func @self(%0: tensor<*xf64>) -> tensor<*xf64> loc(unknown) {\n"
              "  %1 = call @self(%0) : tensor<*xf64> loc(unknown)\n"
              "  return %1 loc(unknown)\n}\n"))
      << ir.diagnostics;
  PassManager manager;
  manager.add(create_pass("inline"));
  const auto reports = manager.run(ir.module);
  ASSERT_TRUE(reports[0].committed) << reports[0].remark;
  // g (visited from f) keeps its call of f, which is on the stack; f inlines g once, and so
  // calls itself; self calls itself.
  EXPECT_EQ(reports[0].speculations_kept, 1u);
  const auto callee_of = [&](const char* name) {
    const Function& fn = *ir.module.function(ir.context.names().find(name));
    EXPECT_EQ(fn.body->ops.size(), 2u) << name;
    return std::string(fn.body->ops[0]->callee);
  };
  EXPECT_EQ(callee_of("f"), "f");
  EXPECT_EQ(callee_of("g"), "f");
  EXPECT_EQ(callee_of("self"), "self");
}

// --- shape-inference ----------------------------------------------------------------------

TEST(ShapeInference, ShapesFlowFromReshapesAndConstants) {
  testing::Ir ir;
  ASSERT_TRUE(
      ir.read("func @f(%0: tensor<*xf64>) loc(unknown) {\n"
              "  %1 = reshape %0 : tensor<2x3xf64> loc(unknown)\n"
              "  %2 = transpose %1 : tensor<*xf64> loc(unknown)\n"
              "  %3 = transpose %0 : tensor<*xf64> loc(unknown)\n"
              "  %4 = mul %3, %2 : tensor<*xf64> loc(unknown)\n"
              "  print %4 loc(\"t\":3:4)\n"
              "  return loc(unknown)\n}\n"))
      << ir.diagnostics;
  PassManager manager;
  manager.add(create_pass("shape-inference"));
  const auto reports = manager.run(ir.module);
  ASSERT_TRUE(reports[0].committed) << reports[0].remark;
  EXPECT_EQ(ir.text(),
            "func @f(%0: tensor<*xf64>) loc(unknown) {\n"
            "  %1 = reshape %0 : tensor<2x3xf64> loc(unknown)\n"
            "  %2 = transpose %1 : tensor<3x2xf64> loc(unknown)\n"
            "  %3 = transpose %0 : tensor<*xf64> loc(unknown)\n"
            "  %4 = mul %3, %2 : tensor<3x2xf64> loc(unknown)\n"
            "  print %4 loc(\"t\":3:4)\n"
            "  return loc(unknown)\n}\n");
  // The transpose of the parameter is the one value left without a shape: a remark at it.
  ASSERT_EQ(reports[0].diagnostics.size(), 1u);
  EXPECT_EQ(reports[0].diagnostics[0].severity, Severity::remark);
  EXPECT_EQ(reports[0].diagnostics[0].message,
            "shape inference: 1 value(s) of @f keep an unknown shape, the first this "
            "'transpose': they depend on its parameters or on calls that were not inlined");
}

TEST(ShapeInference, ShapesThatDisagreeAreALocatedErrorAndThePassIsRolledBack) {
  testing::Ir ir;
  ASSERT_TRUE(
      ir.read("func @f(%0: tensor<*xf64>) loc(unknown) {\n"
              "  %1 = reshape %0 : tensor<2x3xf64> loc(unknown)\n"
              "  %2 = transpose %1 : tensor<*xf64> loc(unknown)\n"
              "  %3 = add %2, %1 : tensor<*xf64> loc(\"t\":7:9)\n"
              "  print %3 loc(unknown)\n"
              "  return loc(unknown)\n}\n"))
      << ir.diagnostics;
  const std::string before = ir.text();
  const ArenaStats bytes_before = ir.module.arena().stats();
  PassManager manager;
  manager.add(create_pass("shape-inference"));
  const auto reports = manager.run(ir.module);
  EXPECT_FALSE(reports[0].committed);
  ASSERT_EQ(reports[0].diagnostics.size(), 1u);
  EXPECT_EQ(reports[0].diagnostics[0].loc, (Location{1, 7, 9}));
  EXPECT_EQ(reports[0].remark,
            "shape inference: operands of 'add' have different shapes: "
            "tensor<3x2xf64> and tensor<2x3xf64>");
  EXPECT_EQ(ir.text(), before);
  EXPECT_EQ(ir.module.arena().stats(), bytes_before);
}

// --- dce across functions, compaction ---------------------------------------------------------

TEST(Dce, FunctionsMainDoesNotReachGoALibraryKeepsThemAll) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(caller(true) + "\n" + body("")));
  PassManager manager;
  manager.add(create_pass("dce"));
  const auto reports = manager.run(ir.module);
  EXPECT_EQ(reports[0].functions_removed, 3u);
  EXPECT_EQ(ir.text(), body(""));
  testing::Ir library;
  ASSERT_TRUE(library.read(caller(true)));
  const std::string before = library.text();
  manager.run(library.module);
  EXPECT_EQ(library.text(), before);
}

TEST(PassManager, CompactionBetweenPassesKeepsTheIrAndDropsTheGarbage) {
  const std::string program = caller(true) + "\n" +
                              body(
                                  "  %0 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> "
                                  "loc(unknown)\n"
                                  "  call @caller(%0) loc(unknown)\n");
  testing::Ir kept;
  testing::Ir compacted;
  ASSERT_TRUE(kept.read(program));
  ASSERT_TRUE(compacted.read(program));
  PassManager never;
  never.set_compaction(std::nullopt);
  PassManager always;
  always.set_compaction(CompactionPolicy{0.0, 0});
  for (const std::string_view name : default_pipeline()) {
    never.add(create_pass(name));
    always.add(create_pass(name));
  }
  const auto plain = never.run(kept.module);
  const auto reports = always.run(compacted.module);
  EXPECT_EQ(compacted.text(), kept.text());
  ASSERT_NE(reports[0].compacted_from, 0u);
  EXPECT_LT(reports[0].arena_bytes, reports[0].compacted_from);
  EXPECT_EQ(plain[0].compacted_from, 0u);
  // Compacted after the last pass too, the arena holds exactly the live IR: what compacting
  // the other module once, at the end, leaves.
  const std::size_t garbage_and_live = kept.module.arena().stats().bytes_allocated;
  kept.module.compact();
  EXPECT_LT(kept.module.arena().stats().bytes_allocated, garbage_and_live);
  EXPECT_EQ(compacted.module.arena().stats().bytes_allocated,
            kept.module.arena().stats().bytes_allocated);
}

TEST(PassManager, UnknownPassNames) {
  EXPECT_EQ(create_pass("inline-everything"), nullptr);
  for (const std::string_view name : pass_names()) EXPECT_NE(create_pass(name), nullptr) << name;
}

}  // namespace
}  // namespace fastarena::ir
