// SPDX-License-Identifier: MIT
// The frontend's stages once over a file, for valgrind --tool=callgrind (see docs/performance.md):
//
//   fastarena-toy-instructions read|lex|parse|parse_dump FILE
//
// `read` only loads the file; subtracting its count from another's leaves that stage's cost.
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <cstdio>
#include <string_view>

#include "fastarena/toy/ast_dump.h"
#include "fastarena/toy/lexer.h"
#include "fastarena/toy/parser.h"

int main(int argc, char** argv) {
  const std::string_view stage = argc == 3 ? argv[1] : "";
  if (stage != "read" && stage != "lex" && stage != "parse" && stage != "parse_dump") {
    std::fprintf(stderr, "usage: %s read|lex|parse|parse_dump FILE\n", argv[0]);
    return 2;
  }
  auto file =
      llvm::MemoryBuffer::getFile(argv[2], /*IsText=*/false, /*RequiresNullTerminator=*/true);
  if (!file) {
    std::fprintf(stderr, "cannot read %s\n", argv[2]);
    return 1;
  }
  llvm::SourceMgr sources;
  const unsigned buffer = sources.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  const llvm::StringRef text = sources.getMemoryBuffer(buffer)->getBuffer();
  if (stage == "lex") {
    fastarena::toy::Lexer lexer(std::string_view(text.data(), text.size()));
    std::size_t tokens = 0;
    while (lexer.next().kind != fastarena::toy::TokenKind::eof) ++tokens;
    return tokens == 0 ? 1 : 0;
  }
  if (stage == "read") return text.empty() ? 1 : 0;
  fastarena::Arena arena;
  fastarena::toy::Names names;
  fastarena::toy::ParseStats stats;
  const fastarena::toy::Module module =
      fastarena::toy::parse_module(arena, names, sources, buffer, argv[2], {}, &stats);
  if (stage == "parse_dump") {
    llvm::raw_null_ostream os;
    fastarena::toy::dump(module, os);
  }
  return stats.errors == 0 ? 0 : 1;
}
