// SPDX-License-Identifier: MIT
/// \file
/// The loop level as LLVM IR: each func.func an LLVM function, a buffer a `double*` to its
/// elements (row-major), affine.for a counted loop, an access a `getelementptr` at its linear
/// index, a constant's data a private global array, memref.alloc and memref.dealloc `malloc` and
/// `free`, and toy.print loops of `printf("%f ")` and `putchar('\n')` laid out exactly as the
/// interpreter prints (toyc's layout).
#pragma once

#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <memory>
#include <optional>
#include <string>

#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/module.h"

namespace fastarena::codegen {

/// How to translate.
struct TranslateOptions {
  /// `main` returns an `int`, 0, as a C program's must (an executable); else `void`, as toyc's.
  bool c_main = false;
};

/// What translate() makes: the LLVM module, or why it cannot.
struct Translation {
  std::unique_ptr<llvm::Module> module;      ///< null on failure
  std::optional<ir::Diagnostic> error = {};  ///< why, located
};

/// `module`, lowered to the loop level (every function a func.func), as LLVM IR in `context`.
Translation translate(const ir::Module& module, llvm::LLVMContext& context,
                      const TranslateOptions& options = {});

}  // namespace fastarena::codegen
