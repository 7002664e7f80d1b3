// SPDX-License-Identifier: MIT
#include "fastarena/codegen/native.h"

#include <llvm/IR/LegacyPassManager.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/Host.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>

#include <memory>
#include <mutex>

namespace fastarena::codegen {
namespace {

// The host's target machine, or null with `error` set.
std::unique_ptr<llvm::TargetMachine> host_machine(std::string& error) {
  if (!initialize_native_target(error)) return nullptr;
  const std::string triple = llvm::sys::getProcessTriple();
  const llvm::Target* target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (target == nullptr) return nullptr;
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(
      target->createTargetMachine(triple, llvm::sys::getHostCPUName(), "", options,
                                  llvm::Reloc::PIC_, llvm::None, llvm::CodeGenOpt::Aggressive));
  if (!machine) error = "cannot make a target machine for " + triple;
  return machine;
}

}  // namespace

bool initialize_native_target(std::string& error) {
  static const bool ready = [] {
    return !llvm::InitializeNativeTarget() && !llvm::InitializeNativeTargetAsmPrinter() &&
           !llvm::InitializeNativeTargetAsmParser();
  }();
  if (!ready) error = "LLVM has no native target for this machine";
  return ready;
}

bool set_host_target(llvm::Module& module, std::string& error) {
  const std::unique_ptr<llvm::TargetMachine> machine = host_machine(error);
  if (!machine) return false;
  module.setTargetTriple(machine->getTargetTriple().str());
  module.setDataLayout(machine->createDataLayout());
  return true;
}

void optimize(llvm::Module& module) {
  std::string ignored;  // without a target, the passes assume a generic one
  const std::unique_ptr<llvm::TargetMachine> machine = host_machine(ignored);
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(machine.get());
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager passes =
      builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  passes.run(module, modules);
}

bool write_native(llvm::Module& module, FileKind kind, llvm::raw_pwrite_stream& os,
                  std::string& error) {
  const std::unique_ptr<llvm::TargetMachine> machine = host_machine(error);
  if (!machine) return false;
  llvm::legacy::PassManager passes;
  const auto type = kind == FileKind::object ? llvm::CGFT_ObjectFile : llvm::CGFT_AssemblyFile;
  if (machine->addPassesToEmitFile(passes, os, nullptr, type)) {
    error = "this target cannot write that kind of file";
    return false;
  }
  passes.run(module);
  return true;
}

}  // namespace fastarena::codegen
