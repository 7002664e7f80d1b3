#include "fastarena/ir/diagnostic.h"

#include <llvm/Support/WithColor.h>

namespace fastarena::ir {

void print(const Context& context, const Diagnostic& diagnostic, llvm::raw_ostream& os) {
  if (diagnostic.loc.known()) {
    llvm::WithColor(os, llvm::HighlightColor::Address)
        << context.file_name(diagnostic.loc.file) << ':' << diagnostic.loc.line << ':'
        << diagnostic.loc.col << ": ";
  }
  (diagnostic.severity == Severity::error ? llvm::WithColor::error(os, "")
                                          : llvm::WithColor::remark(os, ""))
      << diagnostic.message << '\n';
}

}  // namespace fastarena::ir
