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

  // Reads `text` (named t.fir) into the module; the parser's error, if any, in diagnostics.
  bool read(std::string_view text) {
    const unsigned buffer = sources.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(text.data(), text.size()), "t.fir"),
        llvm::SMLoc());
    llvm::raw_string_ostream os(diagnostics);
    return parse_ir(module, sources, buffer, os);
  }
  std::string text() const {
    std::string out;
    llvm::raw_string_ostream os(out);
    print(module, os);
    return os.str();
  }
};

inline std::unique_ptr<Ir> read(std::string_view text) {
  auto ir = std::make_unique<Ir>();
  ir->read(text);
  return ir;
}

}  // namespace fastarena::ir::testing
