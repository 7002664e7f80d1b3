// Prints a Toy module in the layout of the MLIR tutorial's `toyc -emit=ast`
// (shared/spec/toy-language.md), quirks included.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include "fastarena/toy/ast.h"

namespace fastarena::toy {

void dump(const Module& module, llvm::raw_ostream& os);

}  // namespace fastarena::toy
