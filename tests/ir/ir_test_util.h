// SPDX-License-Identifier: MIT
// A context, a module and the text they were read from, kept alive together.
#pragma once

#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>
#include <string_view>

#include "fastarena/ir/module.h"
#include "fastarena/ir/parser.h"
#include "fastarena/ir/printer.h"

namespace fastarena::ir::testing {

struct Ir {
  Context context;
  Module module{context};
  llvm::SourceMgr sources;
  std::string diagnostics;

  // Reads `text` (named t.mlir) into the module; the parser's error, if any, in diagnostics.
  bool read(std::string_view text) {
    const unsigned buffer = sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), "t.mlir"),
        llvm::SMLoc());
    llvm::raw_string_ostream os(diagnostics);
    DiagnosticEngine engine;
    SourceMgrDiagnosticHandler printer(sources, engine, os);
    return parse_ir(module, sources, buffer, engine);
  }
  // The module as printed (with every location if `debug_info`).
  std::string text(bool debug_info = false) const {
    std::string out;
    llvm::raw_string_ostream os(out);
    PrintOptions options;
    options.debug_info = debug_info;
    print(module, os, options);
    return os.str();
  }
};

inline std::unique_ptr<Ir> read(std::string_view text) {
  auto ir = std::make_unique<Ir>();
  ir->read(text);
  return ir;
}

}  // namespace fastarena::ir::testing
