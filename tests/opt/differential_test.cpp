// SPDX-License-Identifier: MIT
// Differential testing of the optimiser: a few hundred random programs (random_program.h) print
// exactly the same when run as lowered and when run after the default pipeline; both modules
// print as IR text that reads back to a module printing and running the same; the optimised
// module verifies, every pass commits, and a program whose calls were all inlined has a static
// shape for every value. The inliner's call cost varies with the seed; over the whole set,
// inlinings are both kept and rolled back, so the test exercises the cost model's two outcomes.
#include <gtest/gtest.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>
#include <vector>

#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/parser.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/printer.h"
#include "fastarena/ir/verifier.h"
#include "fastarena/toy/lower.h"
#include "fastarena/toy/parser.h"
#include "random_program.h"
#include "toy_program.h"

namespace fastarena {
namespace {

using testing::lower;
using testing::Program;

// What running `module` prints, then the runtime error if there is one.
std::string run(const ir::Module& module) {
  std::string out;
  llvm::raw_string_ostream os(out);
  if (const auto error = ir::run(module, os)) os << "\nerror: " << error->message;
  return os.str();
}

// `module` as IR text, every location printed.
std::string text_of(const ir::Module& module) {
  std::string out;
  llvm::raw_string_ostream os(out);
  ir::PrintOptions options;
  options.debug_info = true;
  ir::print(module, os, options);
  return os.str();
}

// Prints `module`, reads the text back into a fresh module and checks that it prints the same
// and runs the same.
void expect_round_trip(const ir::Module& module, const std::string& printed) {
  const std::string text = text_of(module);
  Program read;
  const unsigned buffer = read.sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "random.mlir"), llvm::SMLoc());
  llvm::raw_string_ostream diagnostics(read.diagnostics);
  DiagnosticEngine engine;
  SourceMgrDiagnosticHandler printer(read.sources, engine, diagnostics);
  ASSERT_TRUE(ir::parse_ir(read.module, read.sources, buffer, engine)) << diagnostics.str();
  EXPECT_TRUE(ir::verify(read.module).empty());
  EXPECT_EQ(text_of(read.module), text);
  EXPECT_EQ(run(read.module), printed);
}

TEST(Differential, OptimisedProgramsPrintWhatTheyPrintedBefore) {
  constexpr std::uint64_t kPrograms = 300;
  std::size_t kept = 0;
  std::size_t rolled_back = 0;
  std::size_t fully_inlined = 0;
  for (std::uint64_t seed = 0; seed < kPrograms; ++seed) {
    const std::string text = testing::random_program(seed);
    SCOPED_TRACE("seed " + std::to_string(seed) + ":\n" + text);
    const auto plain = lower(text);
    ASSERT_NE(plain, nullptr);
    const std::string expected = run(plain->module);
    ASSERT_EQ(expected.find("error:"), std::string::npos) << expected;
    expect_round_trip(plain->module, expected);

    const auto optimised = lower(text);
    // The default pipeline, its inliner's call cost varied from seed to seed (10 is the default).
    ir::InlineOptions inline_options;
    inline_options.call_cost = 2 + seed % 12;
    ir::PassManager manager;
    for (const std::string_view name : ir::default_pipeline()) {
      manager.add(ir::create_pass(name, inline_options));
    }
    std::vector<std::vector<std::string>> reports_diagnostics;
    for (const ir::PassReport& report : manager.run(optimised->module)) {
      EXPECT_TRUE(report.committed) << report.name << ": " << report.remark;
      reports_diagnostics.emplace_back();
      for (const ir::Diagnostic& d : report.diagnostics)
        reports_diagnostics.back().push_back(d.message);
      kept += report.speculations_kept;
      rolled_back += report.speculations_rolled_back;
    }
    EXPECT_TRUE(ir::verify(optimised->module).empty());
    EXPECT_EQ(run(optimised->module), expected);
    expect_round_trip(optimised->module, expected);

    // The function passes on three threads: the same module, the same diagnostics.
    const auto parallel = lower(text);
    ir::PassManager threads;
    threads.set_jobs(3);
    for (const std::string_view name : ir::default_pipeline()) {
      threads.add(ir::create_pass(name, inline_options));
    }
    const auto parallel_reports = threads.run(parallel->module);
    EXPECT_EQ(text_of(parallel->module), text_of(optimised->module));
    for (std::size_t r = 0; r < parallel_reports.size(); ++r) {
      EXPECT_TRUE(parallel_reports[r].committed);
      ASSERT_EQ(parallel_reports[r].diagnostics.size(), reports_diagnostics[r].size());
      for (std::size_t d = 0; d < reports_diagnostics[r].size(); ++d) {
        EXPECT_EQ(parallel_reports[r].diagnostics[d].message, reports_diagnostics[r][d]);
      }
    }

    if (optimised->module.functions().size() == 1) {  // main alone: every call was inlined
      ++fully_inlined;
      for (const ir::Op* op : optimised->module.functions()[0]->body->ops) {
        EXPECT_TRUE(!op->has_result() || op->type.is_ranked()) << ir::mnemonic(op->opcode);
      }
    }
  }
  EXPECT_GT(kept, kPrograms / 2);
  EXPECT_GT(rolled_back, kPrograms / 4);
  EXPECT_GT(fully_inlined, kPrograms / 4);
  std::printf("%zu inlinings kept, %zu rolled back, %zu of %llu programs fully inlined\n", kept,
              rolled_back, fully_inlined, static_cast<unsigned long long>(kPrograms));
}

}  // namespace
}  // namespace fastarena
