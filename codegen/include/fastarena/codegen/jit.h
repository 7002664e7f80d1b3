// SPDX-License-Identifier: MIT
/// \file
/// Runs LLVM IR's `main` in an ORC LLJIT, what it prints going to a stream as the
/// interpreter's does.
#pragma once

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

#include <memory>
#include <string>

namespace llvm::orc {
class LLJIT;
}

namespace fastarena::codegen {

/// A module compiled for this machine in a JIT, ready to run its `main` as often as asked.
class JitProgram {
 public:
  /// Compiles `module` (translate()'s, with a `void main()`); null, with `error` set, if the JIT
  /// cannot start or cannot compile it.
  static std::unique_ptr<JitProgram> compile(std::unique_ptr<llvm::Module> module,
                                             std::unique_ptr<llvm::LLVMContext> context,
                                             std::string& error);
  ~JitProgram();
  JitProgram(const JitProgram&) = delete;
  JitProgram& operator=(const JitProgram&) = delete;

  /// Runs main, its printf and putchar writing to `out` (one run at a time per thread).
  void run(llvm::raw_ostream& out) const;

 private:
  JitProgram(std::unique_ptr<llvm::orc::LLJIT> jit, void (*main)());
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  void (*main_)();
};

/// Compiles `module` and runs its main once (JitProgram::compile, JitProgram::run); false,
/// with `error` set, if it cannot.
bool run_jit(std::unique_ptr<llvm::Module> module, std::unique_ptr<llvm::LLVMContext> context,
             llvm::raw_ostream& out, std::string& error);

}  // namespace fastarena::codegen
