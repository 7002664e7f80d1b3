// SPDX-License-Identifier: MIT
/// \file
/// LLVM IR for this machine: its target, the O3 pipeline, assembly and object files.
#pragma once

#include <llvm/IR/Module.h>
#include <llvm/Support/raw_ostream.h>

#include <string>

namespace fastarena::codegen {

/// Sets up LLVM's native target once (thread-safe); false, with `error` set, if it cannot.
bool initialize_native_target(std::string& error);

/// Gives `module` the host's triple and data layout; false, with `error` set, if there is no
/// target for it.
bool set_host_target(llvm::Module& module, std::string& error);

/// Runs LLVM's default O3 pipeline on `module` (as toyc -emit=llvm -opt does).
void optimize(llvm::Module& module);

/// What to write.
enum class FileKind { assembly, object };

/// Writes `module` (with the host's target, set_host_target()) as assembly or an object file to
/// `os`; false, with `error` set, if it cannot.
bool write_native(llvm::Module& module, FileKind kind, llvm::raw_pwrite_stream& os,
                  std::string& error);

}  // namespace fastarena::codegen
