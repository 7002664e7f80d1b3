// SPDX-License-Identifier: MIT
// Module: replacing bodies the way passes do (a new body, published by swapping the pointer)
// leaves the old ones as garbage; compact() keeps only what is live, with the same text.
#include "fastarena/ir/module.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/verifier.h"
#include "ir_test_util.h"

namespace fastarena::ir {
namespace {

// As the printer writes it, with every location.
const char* const kProgram =
    "module {\n"
    "  toy.func private @twice(%arg0: tensor<*xf64> loc(\"t\":1:12)) -> tensor<*xf64> {\n"
    "    %0 = toy.add %arg0, %arg0 : tensor<*xf64> loc(\"t\":2:3)\n"
    "    toy.return %0 : tensor<*xf64> loc(\"t\":3:3)\n"
    "  } loc(\"t\":1:1)\n"
    "  toy.func @main() {\n"
    "    %0 = toy.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf64> "
    "loc(\"t\":6:3)\n"
    "    %1 = toy.generic_call @twice(%0) : (tensor<3xf64>) -> tensor<*xf64> loc(\"t\":7:3)\n"
    "    toy.print %1 : tensor<*xf64> loc(\"t\":8:3)\n"
    "    toy.return loc(\"t\":9:3)\n"
    "  } loc(\"t\":5:1)\n"
    "} loc(unknown)\n";

// What a pass does that changes nothing: a copy of each body, published by a pointer swap.
void rebuild_every_body(Module& module) {
  Transaction txn = module.arena().transaction();
  Builder builder(module.context(), txn);
  for (Function* f : module.functions()) {
    llvm::DenseMap<const Op*, const Op*> copies;
    for (const Op* p : f->params) copies[p] = p;
    llvm::SmallVector<const Op*, 8> ops;
    for (const Op* op : f->body->ops) {
      llvm::SmallVector<const Op*, 4> operands;
      for (const Op* operand : op->operands) operands.push_back(copies.lookup(operand));
      Attributes attrs = op->attributes();
      attrs.data_frozen = false;  // copied: more garbage
      ops.push_back(copies[op] = builder.build(op->opcode, operands, op->loc, attrs));
    }
    f->body = builder.body(ops);
  }
  ASSERT_FALSE(builder.failed());
  txn.commit();
}

std::string run_text(const Module& module) {
  std::string out;
  llvm::raw_string_ostream os(out);
  EXPECT_FALSE(run(module, os).has_value());
  return os.str();
}

TEST(Module, CompactKeepsWhatIsLiveAndDropsOldBodies) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(kProgram)) << ir.diagnostics;
  ASSERT_EQ(ir.text(/*debug_info=*/true), kProgram);
  ir.module.compact();
  const std::size_t live = ir.module.arena().stats().bytes_allocated;
  for (int pass = 0; pass < 100; ++pass) rebuild_every_body(ir.module);
  EXPECT_GT(ir.module.arena().stats().bytes_allocated, 50 * live);  // 100 generations of garbage
  EXPECT_EQ(ir.text(/*debug_info=*/true), kProgram);

  ir.module.compact();
  EXPECT_EQ(ir.module.arena().stats().bytes_allocated, live);
  EXPECT_EQ(ir.text(/*debug_info=*/true), kProgram);
  EXPECT_TRUE(verify(ir.module).empty());
  EXPECT_EQ(ir.module.function(ir.context.name("twice")), ir.module.functions()[0]);
  EXPECT_EQ(run_text(ir.module), "2.000000 4.000000 6.000000 ");
}

// What every pass asks of a body is found once, when it is built: the functions its calls call,
// in order (the call graph's edges), and what compaction copies of it (the live bytes).
TEST(Module, ABodyKnowsWhomItCallsAndItsSize) {
  testing::Ir ir;
  ASSERT_TRUE(ir.read(kProgram)) << ir.diagnostics;
  const Body* main = ir.module.function(ir.context.name("main"))->body;
  ASSERT_EQ(main->callees.size(), 1u);
  EXPECT_EQ(main->callees[0], ir.context.name("twice"));
  EXPECT_TRUE(ir.module.function(ir.context.name("twice"))->body->callees.empty());
  // After compaction the arena holds exactly what is live, and the bodies say how much that is.
  ir.module.compact();
  const std::size_t live = ir.module.arena().stats().bytes_allocated;
  EXPECT_EQ(live_bytes(ir.module), live);
  // A pass that rebuilds every body allocates what the new bodies say they hold.
  rebuild_every_body(ir.module);
  std::size_t bodies = 0;
  for (const Function* f : ir.module.functions()) bodies += f->body->bytes;
  EXPECT_EQ(ir.module.arena().stats().bytes_allocated, live + bodies);
  EXPECT_EQ(live_bytes(ir.module), live);
}

// Builder::build, the one way an operation is made: the operand list is always copied, the data
// unless the caller says it lives in the arena already; attributes() of an operation make its
// twin, its elements shared.
TEST(Builder, CopiesDataUnlessFrozenAndAnOperationsAttributesMakeItsTwin) {
  Context context;
  Module module(context);
  Transaction txn = module.arena().transaction();
  Builder b(context, txn);
  const std::uint32_t file = context.file("t");
  const Type type = context.tensor(std::vector<std::int64_t>{3});
  const double values[] = {1, 2, 3};
  const Op* k = b.build(Opcode::constant, {}, {file, 1, 1}, {.type = type, .data = values});
  ASSERT_NE(k, nullptr);
  EXPECT_NE(k->data.data(), values);
  EXPECT_TRUE(module.arena().contains(k->data.data()));

  const Op* twin = b.build(k->opcode, k->operands, {file, 2, 1}, k->attributes());
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->data.data(), k->data.data());
  EXPECT_EQ(twin->type, type);
  EXPECT_EQ(twin->loc.line, 2u);

  Attributes copied = k->attributes();
  copied.data_frozen = false;
  const Op* copy = b.build(k->opcode, {}, k->loc, copied);
  ASSERT_NE(copy, nullptr);
  EXPECT_NE(copy->data.data(), k->data.data());
  EXPECT_TRUE(std::equal(copy->data.begin(), copy->data.end(), values, values + 3));

  std::vector<const Op*> operands{k, twin};
  const Op* sum = b.build(Opcode::add, operands, {file, 3, 1});
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(sum->type, type);  // the shape rule's
  operands[0] = nullptr;       // the list was copied
  EXPECT_EQ(sum->operands[0], k);
  const Op* swapped =
      b.build(sum->opcode, std::vector<const Op*>{twin, k}, sum->loc, sum->attributes());
  ASSERT_NE(swapped, nullptr);
  EXPECT_EQ(swapped->operands[0], twin);
  EXPECT_EQ(swapped->type, type);
  EXPECT_FALSE(b.failed());
}

}  // namespace
}  // namespace fastarena::ir
