// SPDX-License-Identifier: MIT
// copy_bytes: memcpy for the copies alloc_str makes most (names of 8 to 32 bytes), inline.
//
// alloc_str is inlined into the caller, so a memcpy of a run-time length there is a call
// through the caller's PLT: an indirect jump on top of the call, for a copy of a few dozen bytes.
// A copy of 8 to 32 bytes is made here instead, by its first and last 8 or 16 bytes (two moves
// that overlap in the middle, one load and one store each); the rest calls memcpy. The cases
// stop at 8 to 32 so that clang's inliner still inlines alloc_str whole
// (tests/arena_codegen/alloc_str_inline.cpp).
#pragma once

#include <cstddef>
#include <cstring>

namespace fastarena::detail {

// Copies [src, src + n), kSize <= n <= 2 * kSize, as its first and last kSize bytes, both
// loaded before either is stored.
template <std::size_t kSize>
[[gnu::always_inline]] inline void copy_ends(std::byte* dst, const std::byte* src,
                                             std::size_t n) noexcept {
  // A vector, not an array of bytes: compilers keep it in a register, where clang spills an
  // array to the stack.
  using Bytes [[gnu::vector_size(kSize)]] = unsigned char;
  Bytes head;
  Bytes tail;
  std::memcpy(&head, src, kSize);
  std::memcpy(&tail, src + n - kSize, kSize);
  std::memcpy(dst, &head, kSize);
  std::memcpy(dst + n - kSize, &tail, kSize);
}

// memcpy(dst, src, n), for ranges that do not overlap.
[[gnu::always_inline]] inline void copy_bytes(void* dst, const void* src, std::size_t n) noexcept {
  auto* const to = static_cast<std::byte*>(dst);
  const auto* const from = static_cast<const std::byte*>(src);
  if (n - 8 > 24) {  // n outside [8, 32] (unsigned: below 8 wraps)
    std::memcpy(to, from, n);
  } else if (n >= 16) {
    copy_ends<16>(to, from, n);
  } else {
    copy_ends<8>(to, from, n);
  }
}

}  // namespace fastarena::detail
