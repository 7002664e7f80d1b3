// SPDX-License-Identifier: MIT
// AddressSanitizer hooks. Under ASan, arena memory that is not currently allocated (block tails,
// everything a rewind, reset or rollback gave back) is poisoned so that a use after rewind is
// reported. Without ASan these compile to nothing.
#pragma once

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define FASTARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FASTARENA_ASAN 1
#endif
#endif

#if defined(FASTARENA_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace fastarena::detail {

inline void asan_poison(const void* p, std::size_t n) noexcept {
#if defined(FASTARENA_ASAN)
  __asan_poison_memory_region(p, n);
#else
  (void)p, (void)n;
#endif
}

inline void asan_unpoison(const void* p, std::size_t n) noexcept {
#if defined(FASTARENA_ASAN)
  __asan_unpoison_memory_region(p, n);
#else
  (void)p, (void)n;
#endif
}

}  // namespace fastarena::detail
