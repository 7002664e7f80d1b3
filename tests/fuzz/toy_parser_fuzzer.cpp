// SPDX-License-Identifier: MIT
// libFuzzer: any bytes through the Toy lexer, parser and AST dump. Nothing may crash, hang or
// read past the buffer; a definition that parsed must dump.
#include <cstddef>
#include <cstdint>

#include "fastarena/toy/ast_dump.h"
#include "toy_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fastarena::fuzz::ToyInput input(data, size);
  llvm::raw_null_ostream out;
  fastarena::toy::dump(input.module, out);
  return 0;
}
