// libFuzzer: any bytes through the Toy lexer, parser and AST dump. Nothing may crash, hang or
// read past the buffer; a definition that parsed must dump.
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstdint>

#include "fastarena/toy/ast_dump.h"
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
  const fastarena::toy::Module module =
      fastarena::toy::parse_module(arena, names, sources, buffer, "fuzz.toy", options);
  fastarena::toy::dump(module, quiet);
  return 0;
}
