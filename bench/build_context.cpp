// SPDX-License-Identifier: MIT
// Records in the benchmark's JSON context which compiler built it, so that compare.py can say
// which compiler's table it prints.
#include <benchmark/benchmark.h>

namespace {

#if defined(__clang__)
constexpr const char* kCompiler = "clang++ " __clang_version__;
#elif defined(__GNUC__)
constexpr const char* kCompiler = "g++ " __VERSION__;
#else
constexpr const char* kCompiler = "unknown";
#endif

[[maybe_unused]] const bool kRecorded = [] {
  benchmark::AddCustomContext("compiler", kCompiler);
  return true;
}();

}  // namespace
