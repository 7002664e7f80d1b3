// SPDX-License-Identifier: MIT
// libFuzzer: IR text through the parser, the verifier, the interpreter and the passes, with small
// step and memory caps. Nothing may crash. A module that reads, verifies and runs to its end must
// print exactly the same after the default pipeline and after each pass on its own, and what the
// passes leave must verify (differential testing of the passes on IR no frontend would write).
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "capped_run.h"
#include "fastarena/ir/parser.h"
#include "fastarena/ir/pass.h"
#include "fastarena/ir/verifier.h"

namespace {

namespace ir = fastarena::ir;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
}

// The module of `text`, verified; false if it does not read or verify.
bool read(ir::Module& module, llvm::SourceMgr& sources, llvm::StringRef text) {
  const unsigned buffer = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.mlir"), llvm::SMLoc());
  fastarena::DiagnosticEngine quiet;  // no handler: counted, not printed
  return ir::parse_ir(module, sources, buffer, quiet) && ir::verify(module).empty();
}

// Reads `text` afresh, runs `pipeline` on it and checks what it leaves against `expected`.
void check(llvm::StringRef text, std::span<const std::string_view> pipeline,
           const std::string& expected, const std::string& label) {
  ir::Context context;
  ir::Module module(context);
  llvm::SourceMgr sources;
  if (!read(module, sources, text)) fail("the input no longer reads");
  ir::PassManager manager;
  manager.set_budget(16 << 20);
  for (const std::string_view name : pipeline) manager.add(ir::create_pass(name));
  manager.run(module);
  if (!ir::verify(module).empty()) fail(label + " left IR the verifier rejects");
  std::string after;
  if (!fastarena::fuzz::capped_run(module, after))
    fail(label + ": the program fails where the original ran");
  if (after != expected) fail(label + ": the program prints something else");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const llvm::StringRef text(reinterpret_cast<const char*>(data), size);
  std::string plain;
  {
    ir::Context context;
    ir::Module module(context);
    llvm::SourceMgr sources;
    if (!read(module, sources, text) || !fastarena::fuzz::capped_run(module, plain)) return 0;
  }
  check(text, ir::default_pipeline(), plain, "the default pipeline");
  for (const std::string_view name : ir::pass_names()) {
    check(text, {&name, 1}, plain, "pass '" + std::string(name) + "'");
  }
  return 0;
}
