// SPDX-License-Identifier: MIT
/// \file
/// The interpreter: runs a verified module from its `main`, on tensors of doubles and structs of
/// them. Runtime errors (shapes that do not agree, a reshape that changes the element count,
/// recursion that never ends, a program that outgrows its memory budget) are diagnostics at the
/// operation's location, never undefined behaviour.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// The limits of one run: each is a located error when reached.
struct RunOptions {
  std::size_t memory_budget = std::size_t{1} << 30;  ///< bytes of values the run may allocate
  std::uint64_t max_steps = 100'000'000;             ///< operations executed
  unsigned max_call_depth = 1000;  ///< calls nested (Toy has no conditionals: recursion never ends)
};

/// Runs the module's `main`, printing to `out`; the first runtime error, if any.
std::optional<Diagnostic> run(const Module& module, llvm::raw_ostream& out,
                              const RunOptions& options = {});

}  // namespace fastarena::ir
