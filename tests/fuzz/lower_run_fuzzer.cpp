// SPDX-License-Identifier: MIT
// libFuzzer: Toy source through parse, lower, verify and run, with small step and memory caps.
// A module that lowered without errors must verify (lowering never builds invalid IR), and
// running it must end in output or a located runtime error, never a crash. A program that runs
// to its end must print exactly the same after the default optimisation pipeline, whose result
// must verify too (differential testing of the passes).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "capped_run.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/verifier.h"
#include "lowered_input.h"

namespace {

namespace ir = fastarena::ir;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "%s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fastarena::fuzz::ToyInput input(data, size);
  if (input.stats.errors != 0) return 0;
  ir::Context context;
  ir::Module module(context);
  if (!fastarena::fuzz::lower_capped(input, module)) return 0;
  if (!ir::verify(module).empty()) fail("lowering built IR the verifier rejects");
  std::string plain;
  if (!fastarena::fuzz::capped_run(module, plain)) return 0;

  ir::Context optimised_context;  // the same program, lowered afresh
  ir::Module optimised(optimised_context);
  fastarena::fuzz::lower_capped(input, optimised);
  ir::PassManager manager;
  manager.set_budget(16 << 20);
  for (const std::string_view name : ir::default_pipeline()) manager.add(ir::create_pass(name));
  manager.run(optimised);
  if (!ir::verify(optimised).empty()) fail("the passes left IR the verifier rejects");
  std::string after;
  if (!fastarena::fuzz::capped_run(optimised, after))
    fail("the optimised program fails where the original ran");
  if (after != plain) fail("the optimised program prints something else");
  return 0;
}
