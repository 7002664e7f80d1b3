// SPDX-License-Identifier: MIT
// How fastarena reports errors: an exception, or with -fno-exceptions a message and abort().
#include "fastarena/errors.h"

#include "fastarena/detail/assert.h"

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

void assertion_failed(const char* condition, const char* what, const char* file,
                      int line) noexcept {
  std::fprintf(stderr, "fastarena: invariant broken at %s:%d: %s (%s)\n", file, line, what,
               condition);
  std::abort();
}

}  // namespace fastarena::detail
