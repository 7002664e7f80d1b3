// SPDX-License-Identifier: MIT
#include "fastarena/ir/diagnostic.h"

namespace fastarena::ir {

FileLineCol where(const Context& context, Location loc) {
  loc = context.source(loc);
  if (!loc.known()) return {};
  return {context.file_name(loc.file), loc.line, loc.col};
}

void report(DiagnosticEngine& engine, const Context& context, const Diagnostic& diagnostic) {
  engine.emit(diagnostic.severity, where(context, diagnostic.loc), diagnostic.message);
}

}  // namespace fastarena::ir
