// SPDX-License-Identifier: MIT
/// \file
/// Diagnostic: an error or a remark about the IR, located at an operation's source, as the
/// verifier, the passes and the interpreter return them; report() hands one to the diagnostics
/// engine (fastarena/diagnostics.h), which every layer reports through.
#pragma once

#include <string>

#include "fastarena/diagnostics.h"
#include "fastarena/ir/context.h"

namespace fastarena::ir {

using fastarena::Severity;

/// A diagnostic: where and what.
struct Diagnostic {
  Location loc;                         ///< The operation's source location (may be unknown).
  std::string message;                  ///< What it says, one line.
  Severity severity = Severity::error;  ///< An error unless it says otherwise.
};

/// Where `loc` is, as the diagnostics engine names it (the file by its name in `context`).
FileLineCol where(const Context& context, Location loc);

/// Reports `diagnostic` to `engine`.
void report(DiagnosticEngine& engine, const Context& context, const Diagnostic& diagnostic);

}  // namespace fastarena::ir
