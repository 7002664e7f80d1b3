// SPDX-License-Identifier: MIT
// Native code runs as the interpreter runs: over the optimiser's 300 random programs
// (tests/opt/random_program.h) and the examples, each lowered to loops (constants as data),
// translated to LLVM IR, optimised at O3 and run in the JIT prints byte for byte what the
// interpreter prints running the program as read. Also: a module not lowered is refused with a
// located reason, the JIT's output goes to the stream it is given, and code it cannot link is
// an error, not a crash.
#include <gtest/gtest.h>
#include <llvm/AsmParser/Parser.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/raw_ostream.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "../opt/random_program.h"
#include "../opt/toy_program.h"
#include "fastarena/codegen/jit.h"
#include "fastarena/codegen/translate.h"
#include "fastarena/ir/interpreter.h"
#include "fastarena/ir/pass.h"
#include "fastarena/toy/lower.h"
#include "fastarena/toy/parser.h"
#include "native_run.h"

#ifndef FASTARENA_EXAMPLES_DIR
#error "FASTARENA_EXAMPLES_DIR: the examples' folder"
#endif

namespace fastarena {
namespace {

using testing::lower;

std::string interpret(const ir::Module& module) {
  std::string out;
  llvm::raw_string_ostream os(out);
  if (const auto error = ir::run(module, os)) os << "\nerror: " << error->message;
  return os.str();
}

// What `module` prints natively, or why it could not run.
std::string run_native(ir::Module& module) {
  std::string error;
  return testing::run_native(module, error).value_or("not run natively: " + error);
}

TEST(Jit, RandomProgramsPrintWhatTheInterpreterPrints) {
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    const std::string text = testing::random_program(seed);
    SCOPED_TRACE("seed " + std::to_string(seed) + ":\n" + text);
    const auto interpreted = lower(text);
    const auto native = lower(text);
    ASSERT_NE(interpreted, nullptr);
    EXPECT_EQ(run_native(native->module), interpret(interpreted->module));
  }
}

TEST(Jit, ExamplesPrintWhatTheInterpreterPrints) {
  for (const char* name : {"multiply_transpose.toy", "struct.toy", "transpose_product.toy"}) {
    std::ifstream file(std::string(FASTARENA_EXAMPLES_DIR) + "/" + name);
    std::stringstream text;
    text << file.rdbuf();
    SCOPED_TRACE(name);
    const auto interpreted = lower(text.str());
    const auto native = lower(text.str());
    ASSERT_NE(interpreted, nullptr);
    const std::string expected = interpret(interpreted->module);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(run_native(native->module), expected);
  }
}

TEST(Jit, AModuleNotLoweredIsRefusedWhereItStands) {
  const auto p = lower("def main() {\n  print([1, 2]);\n}\n");
  ASSERT_NE(p, nullptr);
  llvm::LLVMContext context;
  const codegen::Translation t = codegen::translate(p->module, context);
  EXPECT_EQ(t.module, nullptr);
  ASSERT_TRUE(t.error.has_value());
  EXPECT_EQ(t.error->loc.line, 1u);
  EXPECT_EQ(t.error->message, "cannot translate @main to LLVM IR: lower it to loops first");
}

// Code the JIT cannot link (here a call of a function no one defines) is an error that names
// what is missing, with no program made and nothing written to stderr.
TEST(Jit, CodeThatCannotBeLinkedIsAnErrorNamingWhatIsMissing) {
  auto context = std::make_unique<llvm::LLVMContext>();
  llvm::SMDiagnostic diagnostic;
  std::unique_ptr<llvm::Module> module = llvm::parseAssemblyString(
      "declare void @fastarena_defines_no_such_function()\n"
      "define void @main() {\n"
      "  call void @fastarena_defines_no_such_function()\n"
      "  ret void\n"
      "}\n",
      diagnostic, *context);
  ASSERT_NE(module, nullptr);
  std::string error;
  ::testing::internal::CaptureStderr();
  const auto program = codegen::JitProgram::compile(std::move(module), std::move(context), error);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(program, nullptr);
  EXPECT_NE(error.find("fastarena_defines_no_such_function"), std::string::npos) << error;
}

}  // namespace
}  // namespace fastarena
