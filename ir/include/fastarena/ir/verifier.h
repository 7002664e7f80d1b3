// SPDX-License-Identifier: MIT
/// \file
/// The verifier: what every pass may assume of a module, checked. The checks an operation's
/// opcode adds (and its shape rule) are in its definition (op_def.h).
///
/// - each operation has the operand count and operand types its opcode takes, and a result type
///   compatible with what its operands imply (shapes agree where both are known);
/// - SSA dominance: an operand is a parameter of the function or an operation before it in the
///   same body (the body is straight-line code, so "before" is all dominance means);
/// - a call names a function of the module, with as many arguments as it has parameters, each of
///   a compatible type;
/// - a body ends with its one `return`, whose value matches the function's result type.
#pragma once

#include <llvm/ADT/SmallVector.h>

#include <optional>
#include <string>

#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// The problems found, in order; empty when the module is valid.
llvm::SmallVector<Diagnostic, 0> verify(const Module& module);
/// The problems of one function of `module`.
llvm::SmallVector<Diagnostic, 0> verify(const Module& module, const Function& function);

}  // namespace fastarena::ir
