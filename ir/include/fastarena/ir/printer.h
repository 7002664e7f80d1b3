/// \file
/// The textual IR, MLIR-like; parser.h reads it back to an identical module.
///
/// \code
///   struct Pair { first: tensor<*xf64>, second: tensor<*xf64> }
///
///   func @scale(%0: tensor<*xf64>) -> tensor<*xf64> loc("t.toy":1:1) {
///     %1 = constant [1, 2, 3, 4, 5, 6] : tensor<2x3xf64> loc("t.toy":2:11)
///     %2 = mul %0, %1 : tensor<*xf64> loc("t.toy":2:7)
///     return %2 loc("t.toy":2:3)
///   }
/// \endcode
///
/// Values are numbered per function: the parameters first, then each result in order. A constant
/// lists its elements row-major, each in the shortest form that reads back to the same double.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <string>

#include "fastarena/ir/module.h"

namespace fastarena::ir {

/// The module: its structs, then its functions, a blank line between.
void print(const Module& module, llvm::raw_ostream& os);
/// One function of `module`.
void print(const Module& module, const Function& function, llvm::raw_ostream& os);

void print(Type type, llvm::raw_ostream& os);  ///< tensor<2x3xf64>, tensor<*xf64>, !Pair
/// A type as print() writes it.
std::string to_string(Type type);

}  // namespace fastarena::ir
