// SPDX-License-Identifier: MIT
/// \file
/// The textual IR: MLIR's syntax for the Toy dialect, exactly as `toyc-ch7 -emit=mlir` prints
/// it, so that what fa-ir prints reads like the tutorial and moves to MLIR tools and back.
/// parser.h reads it back to a module that prints identically.
///
/// \code
///   module {
///     toy.func private @scale(%arg0: tensor<*xf64>) -> tensor<*xf64> {
///       %0 = toy.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf64>
///       %1 = toy.mul %arg0, %0 : (tensor<*xf64>, tensor<2xf64>) -> tensor<*xf64>
///       toy.return %1 : tensor<*xf64>
///     }
///     toy.func @main() { ... }
///   }
/// \endcode
///
/// Values are numbered as MLIR numbers them: a function's parameters %arg0, %arg1, ..., its
/// results %0, %1, ... in order. Every function but `main` is private. Locations are printed
/// only when asked (PrintOptions::debug_info, MLIR's --mlir-print-debuginfo), as
/// loc("file":line:col) after the operation, the parameter, and the function's closing brace.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/ir/module.h"
#include "fastarena/ir/op_asm.h"

namespace fastarena::ir {

/// How to print.
struct PrintOptions {
  bool debug_info = false;  ///< print every location (MLIR's --mlir-print-debuginfo)
};

/// The module: `module {`, its functions, `}`.
void print(const Module& module, llvm::raw_ostream& os, const PrintOptions& options = {});
/// One function of `module`, as the module prints it (without the module's indentation).
void print(const Module& module, const Function& function, llvm::raw_ostream& os,
           const PrintOptions& options = {});
/// One operation's text without its location: `%1 = toy.mul %0, %0 : tensor<2xf64>`. Its
/// result gets the next number of `printer`.
void print_op(OpAsmPrinter& printer, const Op& op);
/// tensor<2x3xf64>, tensor<f64>, tensor<*xf64>, !toy.struct<tensor<*xf64>, tensor<*xf64>>.
void print(Type type, llvm::raw_ostream& os);
/// A type as print() writes it.
std::string to_string(Type type);
/// loc("file":line:col), or loc(unknown) for an operation with no source.
void print_location(const Context& context, Location loc, llvm::raw_ostream& os);

}  // namespace fastarena::ir
