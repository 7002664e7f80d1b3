// SPDX-License-Identifier: MIT
/// \file
/// Prints a Toy module in the layout of the MLIR tutorial's `toyc -emit=ast`
/// (docs/frontend.md), quirks included.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string_view>

#include "fastarena/toy/ast.h"
#include "fastarena/toy/location.h"

namespace fastarena::toy {

/// Prints definitions one at a time as they come (what `fa-ir parse` does, so that it holds one
/// definition at a time): the "Module:" line when constructed, then each record given. The
/// result reads exactly as dump() of the whole module.
class AstDumper {
 public:
  /// `file` is the name printed in locations, `text` the file's contents they index.
  AstDumper(std::string_view file, std::string_view text, llvm::raw_ostream& os);
  /// Prints one definition, at the module's indentation.
  void record(const Record& record);

 private:
  std::string_view file_;
  LineTable lines_;
  llvm::raw_ostream& os_;
};

/// "Module:" and every record.
void dump(const Module& module, llvm::raw_ostream& os);

}  // namespace fastarena::toy
