// SPDX-License-Identifier: MIT
// What the fuzz targets that run programs share: a run with small caps, so that no input makes a
// target slow or large.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/ir/interpreter.h"

namespace fastarena::fuzz {

// What running `module` prints; false if it stopped at a runtime error or a cap.
inline bool capped_run(const ir::Module& module, std::string& out) {
  llvm::raw_string_ostream os(out);
  ir::RunOptions options;
  options.max_steps = 10000;
  options.memory_budget = 1 << 20;
  options.max_call_depth = 100;
  return !ir::run(module, os, options).has_value();
}

}  // namespace fastarena::fuzz
