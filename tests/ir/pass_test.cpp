// SPDX-License-Identifier: MIT
// The pass manager's promises, and the inliner's speculation: a pass that exceeds its budget or
// whose result the verifier rejects leaves the IR byte for byte as it was and the arena's byte
// count where it was before the pass; a rolled-back speculation inside a committed pass keeps
// nothing. What each pass rewrites is tested on IR text in tests/lit/passes/.
#include "fastarena/ir/pass.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "fastarena/ir/rewriter.h"
#include "ir_test_util.h"

namespace fastarena::ir {
namespace {

// @main with `ops` and a return.
std::string body(const std::string& ops) {
  return "toy.func @main() {\n" + ops + "  toy.return\n}\n";
}

TEST(Canonicalize, AReshapedConstantSharesItsElements) {
  testing::Ir ir;
  ASSERT_TRUE(
      ir.read(body("  %0 = toy.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf64>\n"
                   "  %1 = toy.reshape(%0 : tensor<4xf64>) to tensor<2x2xf64>\n"
                   "  toy.print %1 : tensor<2x2xf64>\n")));
  const Function& main = *ir.module.functions()[0];
  const Op* original = main.body->ops[0];
  PassManager manager;
  manager.add(create_pass("canonicalize"));
  ASSERT_TRUE(manager.run(ir.module)[0].committed);
  // The new constant is made where the reshape was; the old one, unused, is gone.
  ASSERT_EQ(main.body->ops.size(), 3u);
  const Op* reshaped = main.body->ops[0];
  EXPECT_EQ(reshaped->opcode, Opcode::constant);
  EXPECT_EQ(reshaped->data.data(), original->data.data());  // no copy of the elements
}

const char* const kFoldable =
    "  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf64>\n"
    "  %1 = toy.add %0, %0 : tensor<2x3xf64>\n"
    "  %2 = toy.mul %1, %1 : tensor<2x3xf64>\n"
    "  toy.print %2 : tensor<2x3xf64>\n";

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

// A pass that removes a function something still calls.
class RemovesACallee : public Pass {
 public:
  std::string_view name() const override { return "removes-a-callee"; }
  void run(PassContext& pass) override {
    pass.remove(*pass.module().function(pass.context().names().find("callee")));
  }
};

TEST(PassManager, RemovingAFunctionStillCalledIsRolledBack) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read("toy.func private @callee() {\n  toy.return\n}\n" +
                      body("  toy.generic_call @callee() : () -> ()\n")));
  const std::string before = ir.text();
  PassManager manager;
  manager.add(std::make_unique<RemovesACallee>());
  const auto reports = manager.run(ir.module);
  EXPECT_FALSE(reports[0].committed);
  EXPECT_EQ(reports[0].remark,
            "the verifier rejected its result: call to unknown function @callee");
  EXPECT_EQ(ir.text(), before);
}

// --- inline -------------------------------------------------------------------------------

constexpr const char* kSmall =
    "toy.func private @small(%x: tensor<*xf64>) -> tensor<*xf64> {\n"
    "  %0 = toy.transpose(%x : tensor<*xf64>) to tensor<*xf64>\n"
    "  toy.return %0 : tensor<*xf64>\n}\n";
// Eleven operations on its parameter: it costs more than a call's 10.
constexpr const char* kBig =
    "toy.func private @big(%x: tensor<*xf64>) -> tensor<*xf64> {\n"
    "  %1 = toy.add %x, %x : tensor<*xf64>\n"
    "  %2 = toy.mul %1, %x : tensor<*xf64>\n"
    "  %3 = toy.sub %2, %1 : tensor<*xf64>\n"
    "  %4 = toy.mul %3, %3 : tensor<*xf64>\n"
    "  %5 = toy.add %4, %2 : tensor<*xf64>\n"
    "  %6 = toy.mul %5, %1 : tensor<*xf64>\n"
    "  %7 = toy.sub %6, %4 : tensor<*xf64>\n"
    "  %8 = toy.mul %7, %7 : tensor<*xf64>\n"
    "  %9 = toy.add %8, %5 : tensor<*xf64>\n"
    "  %10 = toy.mul %9, %6 : tensor<*xf64>\n"
    "  %11 = toy.sub %10, %9 : tensor<*xf64>\n"
    "  toy.return %11 : tensor<*xf64>\n}\n";

// A generic caller of small and, if `call_big`, big.
std::string caller(bool call_big) {
  return std::string(kSmall) + kBig +
         "toy.func private @caller(%x: tensor<*xf64>) {\n"
         "  %0 = toy.generic_call @small(%x) : (tensor<*xf64>) -> tensor<*xf64>\n" +
         (call_big ? "  %1 = toy.generic_call @big(%0) : (tensor<*xf64>) -> tensor<*xf64>\n"
                     "  toy.print %1 : tensor<*xf64>\n"
                   : "  toy.print %0 : tensor<*xf64>\n") +
         "  toy.return\n}\n";
}

TEST(Inline, ANestedRollbackInsideTheCommittedPassKeepsOnlyTheAcceptedInlining) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(caller(true))) << ir.diagnostics;
  const std::size_t before = ir.module.arena().stats().bytes_allocated;
  PassManager manager;
  manager.set_compaction(std::nullopt);
  InlineOptions cost_model;
  cost_model.call_cost = 10;
  manager.add(create_pass("inline", cost_model));
  const auto reports = manager.run(ir.module);
  ASSERT_TRUE(reports[0].committed) << reports[0].remark;
  EXPECT_EQ(reports[0].speculations_kept, 1u);         // small
  EXPECT_EQ(reports[0].speculations_rolled_back, 1u);  // big
  EXPECT_GT(reports[0].bytes_rolled_back, 11 * sizeof(Op));
  const Function& f = *ir.module.function(ir.context.names().find("caller"));
  ASSERT_EQ(f.body->ops.size(), 4u);
  EXPECT_EQ(f.body->ops[0]->opcode, Opcode::transpose);     // small's code
  EXPECT_EQ(f.body->ops[1]->opcode, Opcode::generic_call);  // big's call, as it was
  EXPECT_EQ(f.body->ops[1]->operands[0], f.body->ops[0]);
  // The arena kept exactly what the committed pass reports, and big's attempt took none of it:
  // the same pass keeps as many bytes when that attempt is cut short by a speculation budget
  // (small's inlining fits in it, big's does not).
  EXPECT_EQ(ir.module.arena().stats().bytes_allocated, before + reports[0].bytes);
  testing::Ir cut_short;
  ASSERT_TRUE(cut_short.read(caller(true)));
  InlineOptions options = cost_model;
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
      ir.read("toy.func private @f(%x: tensor<*xf64>) -> tensor<*xf64> {\n"
              "  %0 = toy.generic_call @g(%x) : (tensor<*xf64>) -> tensor<*xf64>\n"
              "  toy.return %0 : tensor<*xf64>\n}\n"
              "toy.func private @g(%x: tensor<*xf64>) -> tensor<*xf64> {\n"
              "  %0 = toy.generic_call @f(%x) : (tensor<*xf64>) -> tensor<*xf64>\n"
              "  toy.return %0 : tensor<*xf64>\n}\n"
              "toy.func private @self(%x: tensor<*xf64>) -> tensor<*xf64> {\n"
              "  %0 = toy.generic_call @self(%x) : (tensor<*xf64>) -> tensor<*xf64>\n"
              "  toy.return %0 : tensor<*xf64>\n}\n"))
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
    return std::string(fn.body->ops[0]->callee());
  };
  EXPECT_EQ(callee_of("f"), "f");
  EXPECT_EQ(callee_of("g"), "f");
  EXPECT_EQ(callee_of("self"), "self");
}

// --- compaction ---------------------------------------------------------

TEST(PassManager, CompactionBetweenPassesKeepsTheIrAndDropsTheGarbage) {
  const std::string program =
      caller(true) + body(
                         "  %0 = toy.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : "
                         "tensor<2x3xf64>\n"
                         "  toy.generic_call @caller(%0) : (tensor<2x3xf64>) -> ()\n");
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

// Enough functions for many runs per thread: the function passes on 1 and on 3 threads leave
// the same module and report the same diagnostics, in the same order, with the same counts.
TEST(PassManager, ManyFunctionsOnSeveralThreadsGiveWhatOneThreadGives) {
  std::string text = "module {\n";
  for (int i = 0; i < 700; ++i) {
    const std::string n = std::to_string(i);
    // Two equal transposes (cse makes them one), a transpose of a transpose (canonicalize
    // removes it) and, for every third function, a value whose shape stays unknown (a remark).
    text += "  toy.func private @f" + n + "(%arg0: tensor<*xf64>) -> tensor<*xf64> {\n";
    text += "    %0 = toy.transpose(%arg0 : tensor<*xf64>) to tensor<*xf64>\n";
    text += "    %1 = toy.transpose(%arg0 : tensor<*xf64>) to tensor<*xf64>\n";
    text += "    %2 = toy.transpose(%0 : tensor<*xf64>) to tensor<*xf64>\n";
    text += i % 3 == 0 ? "    %3 = toy.mul %1, %2 : tensor<*xf64>\n"
                       : "    %3 = toy.mul %1, %1 : tensor<*xf64>\n";
    text += "    toy.return %3 : tensor<*xf64>\n  }\n";
  }
  text += "  toy.func @main() {\n";
  text += "    %0 = toy.constant dense<[[1.000000e+00, 2.000000e+00]]> : tensor<1x2xf64>\n";
  text += "    %1 = toy.generic_call @f7(%0) : (tensor<1x2xf64>) -> tensor<*xf64>\n";
  text += "    toy.print %1 : tensor<*xf64>\n    toy.return\n  }\n}\n";
  const auto one = testing::read(text);
  const auto three = testing::read(text);
  ASSERT_EQ(one->diagnostics, "");
  const auto run = [](testing::Ir& ir, unsigned jobs) {
    PassManager manager;
    manager.set_jobs(jobs);
    for (const char* name : {"shape-inference", "canonicalize", "cse", "dce"}) {
      manager.add(create_pass(name));
    }
    return manager.run(ir.module);
  };
  const auto reports_one = run(*one, 1);
  const auto reports_three = run(*three, 3);
  EXPECT_EQ(one->text(), three->text());
  ASSERT_EQ(reports_one.size(), reports_three.size());
  std::size_t diagnostics = 0;
  for (std::size_t r = 0; r < reports_one.size(); ++r) {
    SCOPED_TRACE(reports_one[r].name);
    EXPECT_TRUE(reports_one[r].committed);
    EXPECT_TRUE(reports_three[r].committed);
    EXPECT_EQ(reports_one[r].functions_changed, reports_three[r].functions_changed);
    EXPECT_EQ(reports_one[r].ops_before, reports_three[r].ops_before);
    EXPECT_EQ(reports_one[r].ops_after, reports_three[r].ops_after);
    EXPECT_EQ(reports_one[r].bytes, reports_three[r].bytes);  // the workers' arenas counted
    ASSERT_EQ(reports_one[r].diagnostics.size(), reports_three[r].diagnostics.size());
    for (std::size_t d = 0; d < reports_one[r].diagnostics.size(); ++d) {
      EXPECT_EQ(reports_one[r].diagnostics[d].message, reports_three[r].diagnostics[d].message);
      EXPECT_EQ(reports_one[r].diagnostics[d].loc, reports_three[r].diagnostics[d].loc);
    }
    diagnostics += reports_one[r].diagnostics.size();
  }
  EXPECT_GT(diagnostics, 200u);  // the runs' diagnostics were merged, not one thread's
  // The counts are the module's: cse and canonicalize took two operations of each function.
  std::size_t ops = 0;
  for (const Function* f : three->module.functions()) ops += f->body->ops.size();
  EXPECT_EQ(reports_three.back().ops_after, ops);
  EXPECT_LT(ops, reports_three.front().ops_before);
}

// Remarks on every function, and runs out of its budget in @f500 after remarking on it.
class RemarksThenOverflows : public FunctionPass {
 public:
  std::string_view name() const override { return "remarks-then-overflows"; }
  const Body* rewrite(const Function& function, PassContext& pass) override {
    pass.remark(function.loc, "visited @" + std::string(function.name));
    if (function.name != "f500") return nullptr;
    const std::vector<double> data(1024, 1.0);
    const Type type = pass.context().tensor(std::vector<std::int64_t>{1024});
    while (pass.builder().build(Opcode::constant, {}, function.loc, {.type = type, .data = data})) {
    }
    return nullptr;
  }
};

// A function pass that runs out of its budget on several threads reports what one thread
// reports: every diagnostic up to and including those of the function it failed in.
TEST(PassManager, OutOfBudgetOnSeveralThreadsReportsWhatOneThreadReports) {
  std::string text;
  for (int i = 0; i < 700; ++i) {
    text += "toy.func private @f" + std::to_string(i) + "() {\n  toy.return\n}\n";
  }
  const auto run = [&](unsigned jobs) {
    const auto ir = testing::read(text);
    PassManager manager;
    manager.set_jobs(jobs);
    manager.set_budget(std::size_t{1} << 20);
    manager.add(std::make_unique<RemarksThenOverflows>());
    return manager.run(ir->module);
  };
  const auto one = run(1);
  const auto three = run(3);
  ASSERT_EQ(one.size(), 1u);
  ASSERT_EQ(three.size(), 1u);
  EXPECT_FALSE(one[0].committed);
  EXPECT_FALSE(three[0].committed);
  ASSERT_EQ(one[0].diagnostics.size(), 501u);
  EXPECT_EQ(one[0].diagnostics.back().message, "visited @f500");
  ASSERT_EQ(three[0].diagnostics.size(), one[0].diagnostics.size());
  for (std::size_t d = 0; d < one[0].diagnostics.size(); ++d) {
    EXPECT_EQ(three[0].diagnostics[d].message, one[0].diagnostics[d].message);
  }
}

TEST(PassManager, UnknownPassNames) {
  EXPECT_EQ(create_pass("inline-everything"), nullptr);
  for (const std::string_view name : pass_names()) EXPECT_NE(create_pass(name), nullptr) << name;
}

}  // namespace
}  // namespace fastarena::ir
