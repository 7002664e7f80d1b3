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

namespace fastarena::codegen {

/// Compiles `module` (translate()'s, with a `void main()`) for this machine and runs its main,
/// its printf and putchar writing to `out`; false, with `error` set, if the JIT cannot start or
/// cannot compile it.
bool run_jit(std::unique_ptr<llvm::Module> module, std::unique_ptr<llvm::LLVMContext> context,
             llvm::raw_ostream& out, std::string& error);

}  // namespace fastarena::codegen
