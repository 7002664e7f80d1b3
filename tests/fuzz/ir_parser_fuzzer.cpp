// SPDX-License-Identifier: MIT
// libFuzzer: any bytes through the IR text parser. Nothing may crash; a module that reads and
// verifies must print, read back and print the same text (the round trip).
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fastarena/ir/parser.h"
#include "fastarena/ir/printer.h"
#include "fastarena/ir/verifier.h"

namespace {

bool read(fastarena::ir::Module& module, llvm::SourceMgr& sources, llvm::StringRef text) {
  const unsigned buffer = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.mlir"), llvm::SMLoc());
  fastarena::DiagnosticEngine quiet;  // no handler: counted, not printed
  return fastarena::ir::parse_ir(module, sources, buffer, quiet);
}

std::string print(const fastarena::ir::Module& module) {
  std::string text;
  llvm::raw_string_ostream os(text);
  fastarena::ir::print(module, os);
  return os.str();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fastarena::ir::Context context;
  fastarena::ir::Module module(context);
  llvm::SourceMgr sources;
  if (!read(module, sources, llvm::StringRef(reinterpret_cast<const char*>(data), size))) return 0;
  if (!fastarena::ir::verify(module).empty()) return 0;
  const std::string text = print(module);
  fastarena::ir::Context context2;
  fastarena::ir::Module again(context2);
  llvm::SourceMgr sources2;
  if (!read(again, sources2, text) || print(again) != text) {
    std::fprintf(stderr, "IR round trip failed for:\n%s\n", text.c_str());
    std::abort();
  }
  return 0;
}
