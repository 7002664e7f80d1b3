// SPDX-License-Identifier: MIT
/// \file
/// Errors raised by fastarena.
///
/// Rust's fastarena panics where this library throws: allocation failures (out of memory, budget
/// exceeded) throw AllocError, a std::bad_alloc; misuse that the Rust borrow checker would have
/// rejected at compile time throws MisuseError, a std::logic_error. Built with -fno-exceptions the
/// library prints the same message on stderr and aborts. try_* calls never report allocation
/// failure this way: they return null / std::nullopt and leave the arena unchanged.
#pragma once

#include "fastarena/detail/export.h"

#include <new>
#include <stdexcept>
#include <string>

namespace fastarena {

/// Out of memory, or a transaction's byte budget would be exceeded.
class FASTARENA_API AllocError : public std::bad_alloc {
 public:
  /// An error with the text what() returns.
  explicit AllocError(std::string message) : message_(std::move(message)) {}
  /// The message: what failed and why.
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string message_;
};

/// A call the arena cannot honour without breaking its invariants: allocating through an outer
/// transaction while a savepoint is open, rewinding to a stale checkpoint, a bad alignment, ...
class FASTARENA_API MisuseError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

namespace detail {
/// Throw (or print and abort without exceptions). Out of line so callers stay small.
[[noreturn]] FASTARENA_API void fail_alloc(const std::string& message);
[[noreturn]] FASTARENA_API void fail_misuse(const std::string& message);
/// Prints `message` and aborts, whatever the build: a misuse no exception may carry (one found
/// in a destructor).
[[noreturn]] FASTARENA_API void abort_with(const char* message) noexcept;
}  // namespace detail

}  // namespace fastarena
