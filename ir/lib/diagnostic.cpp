#include "fastarena/ir/diagnostic.h"

#include <llvm/Support/WithColor.h>

namespace fastarena::ir {

void print(const Context& context, const Diagnostic& diagnostic, llvm::raw_ostream& os) {
  if (diagnostic.loc.known()) {
    llvm::WithColor(os, llvm::HighlightColor::Address)
        << context.file_name(diagnostic.loc.file) << ':' << diagnostic.loc.line << ':'
        << diagnostic.loc.col << ": ";
  }
  llvm::WithColor::error(os, "") << diagnostic.message << '\n';
}

}  // namespace fastarena::ir
