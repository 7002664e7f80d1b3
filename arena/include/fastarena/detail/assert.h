// SPDX-License-Identifier: MIT
// FASTARENA_ASSERT(condition, what): an invariant of the arena, checked where
// FASTARENA_ASSERTIONS is 1 and compiled out where it is 0. By default it follows NDEBUG, as
// assert() does: on in the dev and asan presets (Debug), off in release builds, whose fast path
// then carries no check; the model-checked test turns it on in every build. A broken invariant
// is a bug of the arena, not a misuse (misuse throws MisuseError in every build): it prints the
// condition, `what` and where, and aborts.
#pragma once

#include "fastarena/detail/export.h"

#ifndef FASTARENA_ASSERTIONS
#ifdef NDEBUG
#define FASTARENA_ASSERTIONS 0
#else
#define FASTARENA_ASSERTIONS 1
#endif
#endif

namespace fastarena::detail {
[[noreturn]] FASTARENA_API void assertion_failed(const char* condition, const char* what,
                                                 const char* file, int line) noexcept;
}  // namespace fastarena::detail

// FASTARENA_ASSERT_LAYER(check): a layer's whole invariant, where `check` says what is broken
// (null: nothing), as ArenaCore's broken_*_invariant() do. Slow paths only: it walks the layer.
#if FASTARENA_ASSERTIONS
#define FASTARENA_ASSERT(condition, what)            \
  (__builtin_expect(static_cast<bool>(condition), 1) \
       ? static_cast<void>(0)                        \
       : ::fastarena::detail::assertion_failed(#condition, what, __FILE__, __LINE__))
#define FASTARENA_ASSERT_LAYER(check)                                                       \
  do {                                                                                      \
    if (const char* fastarena_broken_ = (check))                                            \
      ::fastarena::detail::assertion_failed(#check, fastarena_broken_, __FILE__, __LINE__); \
  } while (false)
#else
#define FASTARENA_ASSERT(condition, what) static_cast<void>(0)
#define FASTARENA_ASSERT_LAYER(check) static_cast<void>(0)
#endif
