// Diagnostic: an error about the IR, located at an operation's source.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/ir/context.h"

namespace fastarena::ir {

struct Diagnostic {
  Location loc;
  std::string message;
};

// "file:line:col: error: message" (without the location when it is unknown), in color when `os`
// is a terminal.
void print(const Context& context, const Diagnostic& diagnostic, llvm::raw_ostream& os);

}  // namespace fastarena::ir
