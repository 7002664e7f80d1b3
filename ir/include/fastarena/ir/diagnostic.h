/// \file
/// Diagnostic: an error or a remark about the IR, located at an operation's source.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/ir/context.h"

namespace fastarena::ir {

/// How serious a diagnostic is.
enum class Severity : unsigned char {
  error,   ///< the IR is wrong, or a pass failed (and was rolled back)
  remark,  ///< what a pass could not do, for the reader; nothing was wrong
};

/// A diagnostic: where and what.
struct Diagnostic {
  Location loc;                         ///< The operation's source location (may be unknown).
  std::string message;                  ///< What it says, one line.
  Severity severity = Severity::error;  ///< An error unless it says otherwise.
};

/// "file:line:col: error: message" ("remark:" for a remark; without the location when it is
/// unknown), in color when `os` is a terminal.
void print(const Context& context, const Diagnostic& diagnostic, llvm::raw_ostream& os);

}  // namespace fastarena::ir
