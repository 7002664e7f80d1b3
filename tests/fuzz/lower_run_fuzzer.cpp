// libFuzzer: Toy source through parse, lower, verify and run, with small step and memory caps.
// A module that lowered without errors must verify (lowering never builds invalid IR), and
// running it must end in output or a located runtime error, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/verifier.h"
#include "fastarena/toy/lower.h"
#include "toy_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fastarena::fuzz::ToyInput input(data, size);
  if (input.stats.errors != 0) return 0;
  fastarena::ir::Context context;
  fastarena::ir::Module module(context);
  fastarena::toy::LowerOptions lower_options;
  lower_options.diagnostics = &input.quiet;
  lower_options.function_budget = 1 << 20;
  if (fastarena::toy::lower(input.module, module, lower_options) != 0) return 0;
  if (!fastarena::ir::verify(module).empty()) {
    std::fprintf(stderr, "lowering built IR the verifier rejects\n");
    std::abort();
  }
  fastarena::ir::RunOptions run_options;
  run_options.max_steps = 10000;
  run_options.memory_budget = 1 << 20;
  run_options.max_call_depth = 100;
  (void)fastarena::ir::run(module, input.quiet, run_options);
  return 0;
}
