// libFuzzer: Toy source through parse, lower, verify and run, with small step and memory caps.
// A module that lowered without errors must verify (lowering never builds invalid IR), and
// running it must end in output or a located runtime error, never a crash.
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/verifier.h"
#include "fastarena/toy/lower.h"
#include "fastarena/toy/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  llvm::SourceMgr sources;
  const unsigned buffer = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          llvm::StringRef(reinterpret_cast<const char*>(data), size), "fuzz.toy"),
      llvm::SMLoc());
  fastarena::Arena arena;
  fastarena::toy::Names names;
  llvm::raw_null_ostream quiet;
  fastarena::toy::ParseOptions options;
  options.diagnostics = &quiet;
  options.definition_budget = 1 << 20;
  fastarena::toy::ParseStats stats;
  const fastarena::toy::Module ast =
      fastarena::toy::parse_module(arena, names, sources, buffer, "fuzz.toy", options, &stats);
  if (stats.errors != 0) return 0;
  fastarena::ir::Context context;
  fastarena::ir::Module module(context);
  fastarena::toy::LowerOptions lower_options;
  lower_options.diagnostics = &quiet;
  lower_options.function_budget = 1 << 20;
  if (fastarena::toy::lower(ast, module, lower_options) != 0) return 0;
  if (!fastarena::ir::verify(module).empty()) {
    std::fprintf(stderr, "lowering built IR the verifier rejects\n");
    std::abort();
  }
  fastarena::ir::RunOptions run_options;
  run_options.max_steps = 10000;
  run_options.memory_budget = 1 << 20;
  run_options.max_call_depth = 100;
  (void)fastarena::ir::run(module, quiet, run_options);
  return 0;
}
