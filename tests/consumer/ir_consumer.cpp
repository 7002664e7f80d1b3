// SPDX-License-Identifier: MIT
// The LLVM-based component of the package: fastarena::ir, found with COMPONENTS ir.
#include <fastarena/ir/context.h>
#include <fastarena/ir/printer.h>

#include <cstdint>

int main() {
  fastarena::ir::Context context;
  const std::int64_t shape[] = {2, 3};
  fastarena::ir::print(context.tensor(shape), llvm::outs());
  llvm::outs() << '\n';
  return 0;
}
