// SPDX-License-Identifier: MIT
// What the fuzz targets that lower Toy share: a parsed input lowered into a module with small
// caps, as often as a target needs a fresh copy of the program.
#pragma once

#include "fastarena/ir/module.h"
#include "fastarena/toy/lower.h"
#include "toy_input.h"

namespace fastarena::fuzz {

// Lowers `input`'s program into `module`; false if it does not lower (errors are counted, not
// printed).
inline bool lower_capped(ToyInput& input, ir::Module& module) {
  toy::LowerOptions options;
  options.diagnostics = &input.quiet;
  options.function_budget = 1 << 20;
  return toy::lower(input.module, module, options) == 0;
}

}  // namespace fastarena::fuzz
