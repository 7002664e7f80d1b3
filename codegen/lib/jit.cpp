// SPDX-License-Identifier: MIT
#include "fastarena/codegen/jit.h"

#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "fastarena/codegen/native.h"

namespace fastarena::codegen {
namespace {

// Where the running program's printf and putchar write: the stream the interpreter would.
// Set for the run by JitProgram::run, on the running thread.
thread_local llvm::raw_ostream* jit_out = nullptr;

int jit_printf(const char* format, ...) {
  char text[512];  // "%f " of any double fits (at most 309 digits before the point)
  va_list args;
  va_start(args, format);
  const int n = std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  if (n > 0)
    jit_out->write(text, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof text - 1));
  return n;
}

int jit_putchar(int c) {
  *jit_out << static_cast<char>(c);
  return c;
}

}  // namespace

JitProgram::JitProgram(std::unique_ptr<llvm::orc::LLJIT> jit, void (*main)())
    : jit_(std::move(jit)), main_(main) {}

JitProgram::~JitProgram() = default;

std::unique_ptr<JitProgram> JitProgram::compile(std::unique_ptr<llvm::Module> module,
                                                std::unique_ptr<llvm::LLVMContext> context,
                                                std::string& error) {
  if (!initialize_native_target(error)) return nullptr;
  auto fail = [&](llvm::Error e) {
    error = llvm::toString(std::move(e));
    return nullptr;
  };
  llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> jit = llvm::orc::LLJITBuilder().create();
  if (!jit) return fail(jit.takeError());
  // What goes wrong while the code is linked (memory the system will not make executable, a
  // symbol not found) reaches the session's reporter, and the lookup only says that `main`
  // failed: the reporter's words are the error (rather than a line on stderr).
  auto session_errors = std::make_shared<std::string>();
  (*jit)->getExecutionSession().setErrorReporter([session_errors](llvm::Error e) {
    if (!session_errors->empty()) *session_errors += "; ";
    *session_errors += llvm::toString(std::move(e));
  });
  llvm::orc::JITDylib& main = (*jit)->getMainJITDylib();
  // printf and putchar are ours; what else the code calls (malloc, free, and the memcpy or
  // memset the optimiser may make of a loop) is the C library's, as linked into this process.
  llvm::orc::MangleAndInterner mangle((*jit)->getExecutionSession(), (*jit)->getDataLayout());
  llvm::orc::SymbolMap ours;
  ours[mangle("printf")] = llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(&jit_printf),
                                                    llvm::JITSymbolFlags::Exported);
  ours[mangle("putchar")] = llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(&jit_putchar),
                                                     llvm::JITSymbolFlags::Exported);
  if (llvm::Error e = main.define(llvm::orc::absoluteSymbols(std::move(ours)))) {
    return fail(std::move(e));
  }
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process) return fail(process.takeError());
  main.addGenerator(std::move(*process));
  module->setDataLayout((*jit)->getDataLayout());
  if (llvm::Error e =
          (*jit)->addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
    return fail(std::move(e));
  }
  llvm::Expected<llvm::JITEvaluatedSymbol> entry = (*jit)->lookup("main");
  if (!entry) {
    const std::string lookup_error = llvm::toString(entry.takeError());
    error = session_errors->empty() ? lookup_error : *session_errors;
    return nullptr;
  }
  auto* run = reinterpret_cast<void (*)()>(static_cast<std::uintptr_t>(entry->getAddress()));
  return std::unique_ptr<JitProgram>(new JitProgram(std::move(*jit), run));
}

void JitProgram::run(llvm::raw_ostream& out) const {
  llvm::raw_ostream* const outer = jit_out;
  jit_out = &out;
  main_();
  jit_out = outer;
}

bool run_jit(std::unique_ptr<llvm::Module> module, std::unique_ptr<llvm::LLVMContext> context,
             llvm::raw_ostream& out, std::string& error) {
  const std::unique_ptr<JitProgram> program =
      JitProgram::compile(std::move(module), std::move(context), error);
  if (!program) return false;
  program->run(out);
  return true;
}

}  // namespace fastarena::codegen
