// SPDX-License-Identifier: MIT
// How fastarena reports errors: an exception, or with -fno-exceptions a message and abort().
#include "fastarena/errors.h"

#include <cstdio>
#include <cstdlib>

namespace fastarena::detail {

#if defined(__cpp_exceptions)
void fail_alloc(const std::string& message) {
  throw AllocError(message);
}
void fail_misuse(const std::string& message) {
  throw MisuseError(message);
}
#else
namespace {
[[noreturn]] void report_and_abort(const std::string& message) {
  std::fprintf(stderr, "%s\n", message.c_str());
  std::abort();
}
}  // namespace
void fail_alloc(const std::string& message) {
  report_and_abort(message);
}
void fail_misuse(const std::string& message) {
  report_and_abort(message);
}
#endif

}  // namespace fastarena::detail

namespace fastarena::detail {

void abort_with(const char* message) noexcept {
  std::fprintf(stderr, "%s\n", message);
  std::abort();
}

}  // namespace fastarena::detail
