// SPDX-License-Identifier: MIT
/// \file
/// Lowering: a parsed Toy module to the IR (fastarena/ir). Tensor literals and numbers become
/// constants, `var x<2, 3> = e` a reshape, `a.b` a field, `{a, b}` in a struct declaration a
/// make_struct, calls and the builtins transpose and print their operations. Functions are
/// generic: parameters are tensor<*xf64> (or their struct type), and a function returning a
/// tensor returns tensor<*xf64> until shape inference says more.
///
/// Semantic errors — an unknown variable, function or struct, a wrong argument count, a shape
/// that cannot hold a literal, operands of different known shapes — are reported through the
/// module's SourceMgr (file:line:col, the line and a caret). Each function is lowered inside its
/// own transaction on the IR module's arena, rolled back on an error, and lowering goes on with
/// the next one, so one run reports the errors of every function.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <cstddef>

#include "fastarena/diagnostics.h"
#include "fastarena/ir/module.h"
#include "fastarena/toy/ast.h"

namespace fastarena::toy {

/// Limits and where errors go.
struct LowerOptions {
  std::size_t function_budget = std::size_t{256} << 20;  ///< bytes of IR one function may take
  /// Where errors go; null: to llvm::errs() (file:line:col, the line and a caret).
  DiagnosticEngine* diagnostics = nullptr;
};

/// Adds `ast`'s structs and functions to `out`; the number of errors (0: `out` is complete).
std::size_t lower(const Module& ast, ir::Module& out, const LowerOptions& options = {});

}  // namespace fastarena::toy
