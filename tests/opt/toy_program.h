// SPDX-License-Identifier: MIT
// A Toy program lowered to IR, with everything it lives in: what the optimiser's and native
// code's differential tests start from.
#pragma once

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>

#include "fastarena/ir/module.h"
#include "fastarena/toy/lower.h"
#include "fastarena/toy/parser.h"

namespace fastarena::testing {

struct Program {
  Arena arena;
  toy::Names names;
  llvm::SourceMgr sources;
  ir::Context context{names};
  ir::Module module{context};
  std::string diagnostics;
};

// `text` lowered to IR; null if it does not lower (its diagnostics then say why).
inline std::unique_ptr<Program> lower(const std::string& text) {
  auto p = std::make_unique<Program>();
  llvm::raw_string_ostream diagnostics(p->diagnostics);
  const unsigned buffer = p->sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "random.toy"), llvm::SMLoc());
  toy::ParseOptions parse_options;
  DiagnosticEngine engine;
  SourceMgrDiagnosticHandler printer(p->sources, engine, diagnostics);
  parse_options.diagnostics = &engine;
  toy::ParseStats stats;
  const toy::Module ast = toy::parse_module(p->arena, p->names, p->sources, buffer, "random.toy",
                                            parse_options, &stats);
  toy::LowerOptions options;
  options.diagnostics = &engine;
  if (stats.errors != 0 || toy::lower(ast, p->module, options) != 0) return nullptr;
  return p;
}

}  // namespace fastarena::testing
