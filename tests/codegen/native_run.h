// SPDX-License-Identifier: MIT
// What the tests of native code share: a program made into native code as `fa-ir run` makes it
// (ir::add_native_lowering, LLVM IR, O3, the JIT) and run.
#pragma once

#include <llvm/IR/LLVMContext.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <optional>
#include <string>

#include "fastarena/codegen/jit.h"
#include "fastarena/codegen/native.h"
#include "fastarena/codegen/translate.h"
#include "fastarena/ir/pass.h"

namespace fastarena::testing {

// What `module` prints run natively; nullopt, with `error` set, where it does not lower (a pass
// rolled back), translate or compile.
inline std::optional<std::string> run_native(ir::Module& module, std::string& error) {
  ir::PassManager manager;
  ir::add_native_lowering(manager);
  for (const ir::PassReport& report : manager.run(module)) {
    if (!report.committed) {
      error = report.name + ": " + report.remark;
      return std::nullopt;
    }
  }
  auto context = std::make_unique<llvm::LLVMContext>();
  codegen::Translation t = codegen::translate(module, *context);
  if (!t.module) {
    error = "translation failed: " + t.error->message;
    return std::nullopt;
  }
  if (!codegen::set_host_target(*t.module, error)) return std::nullopt;
  codegen::optimize(*t.module);
  std::string out;
  llvm::raw_string_ostream os(out);
  if (!codegen::run_jit(std::move(t.module), std::move(context), os, error)) return std::nullopt;
  return os.str();
}

}  // namespace fastarena::testing
