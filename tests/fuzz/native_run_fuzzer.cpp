// SPDX-License-Identifier: MIT
// libFuzzer: native code is as safe as the interpreter. Toy source that the interpreter runs to
// its end (within small caps) is made into native code as `fa-ir run` makes it and run in the
// JIT: it must print exactly what the interpreter printed, and never crash. What does not lower
// (a recursion, a shape known only when it runs) is the interpreter's, as in fa-ir.
// An input that is not Toy (most mutations of one) seeds the optimiser's generator of valid
// programs instead (tests/opt/random_program.h), so that every run reaches native code.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "../codegen/native_run.h"
#include "../opt/random_program.h"
#include "capped_run.h"
#include "lowered_input.h"

namespace {

namespace ir = fastarena::ir;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::abort();
}

// The program of the input's bytes: FNV-1a, a seed the same on every machine.
std::string generated_program(const std::uint8_t* data, std::size_t size) {
  std::uint64_t seed = 0xcbf29ce484222325u;
  for (std::size_t i = 0; i < size; ++i) seed = (seed ^ data[i]) * 0x100000001b3u;
  return fastarena::testing::random_program(seed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::unique_ptr<fastarena::fuzz::ToyInput> parsed =
      std::make_unique<fastarena::fuzz::ToyInput>(data, size);
  if (parsed->stats.errors != 0) {
    const std::string text = generated_program(data, size);
    parsed = std::make_unique<fastarena::fuzz::ToyInput>(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    if (parsed->stats.errors != 0) fail("a generated program does not parse:\n" + text);
  }
  fastarena::fuzz::ToyInput& input = *parsed;
  ir::Context context;
  ir::Module module(context);
  if (!fastarena::fuzz::lower_capped(input, module)) return 0;
  std::string interpreted;
  if (!fastarena::fuzz::capped_run(module, interpreted)) return 0;

  ir::Context native_context;  // the same program, lowered afresh
  ir::Module native(native_context);
  fastarena::fuzz::lower_capped(input, native);
  std::string error;
  const std::optional<std::string> printed = fastarena::testing::run_native(native, error);
  if (!printed) {
    // Only lowering may refuse a program; what lowered must translate and compile.
    if (error.rfind("lower-to-affine: ", 0) == 0) return 0;
    fail("a program that lowered is not run natively: " + error);
  }
  if (*printed != interpreted) {
    fail("native code prints something else:\n" + *printed + "\nthe interpreter:\n" + interpreted);
  }
  return 0;
}
