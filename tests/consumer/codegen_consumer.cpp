// SPDX-License-Identifier: MIT
// The native-code component of the package: fastarena::codegen, found with COMPONENTS codegen.
// A loop-level module read from text, translated to LLVM IR, its main printed.
#include <fastarena/codegen/translate.h>
#include <fastarena/diagnostics.h>
#include <fastarena/ir/parser.h>
#include <llvm/Support/MemoryBuffer.h>

int main() {
  llvm::SourceMgr sources;
  const unsigned buffer = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer("module {\n  func.func @main() {\n    return\n  }\n}\n",
                                       "consumer.mlir"),
      llvm::SMLoc());
  fastarena::DiagnosticEngine diagnostics;
  fastarena::ir::Context context;
  fastarena::ir::Module module(context);
  if (!fastarena::ir::parse_ir(module, sources, buffer, diagnostics)) return 1;
  llvm::LLVMContext llvm_context;
  const fastarena::codegen::Translation t = fastarena::codegen::translate(module, llvm_context);
  if (!t.module) return 1;
  t.module->getFunction("main")->print(llvm::outs());
  return 0;
}
