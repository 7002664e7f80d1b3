/// \file
/// Diagnostic: an error about the IR, located at an operation's source.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/ir/context.h"

namespace fastarena::ir {

/// An error: where and what.
struct Diagnostic {
  Location loc;         ///< The operation's source location (may be unknown).
  std::string message;  ///< What is wrong, one line.
};

/// "file:line:col: error: message" (without the location when it is unknown), in color when `os`
/// is a terminal.
void print(const Context& context, const Diagnostic& diagnostic, llvm::raw_ostream& os);

}  // namespace fastarena::ir
