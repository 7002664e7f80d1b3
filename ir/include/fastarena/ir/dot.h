// SPDX-License-Identifier: MIT
/// \file
/// A Graphviz picture of each function's data flow: an operation per node, an edge from each
/// operand to its user. `dot -Tsvg` draws it.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// Writes `module` as one Graphviz digraph, a cluster per function.
void write_dot(const Module& module, llvm::raw_ostream& os);

}  // namespace fastarena::ir
