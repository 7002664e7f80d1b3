// SPDX-License-Identifier: MIT
// copy_bytes: memcpy for the copies alloc_str makes most (names of 8 to 64 bytes), inline.
//
// alloc_str is inlined into the caller, so a memcpy of a run-time length there is a call
// through the caller's PLT: an indirect jump on top of the call, for a copy of a few dozen bytes.
// A copy of 8 to 64 bytes is made here instead, by its first and last 8, 16 or 32 bytes, which
// overlap in the middle; the rest calls memcpy. alloc_str is always inline
// (tests/arena_codegen/alloc_str_inline.cpp), so these cases cost code at each call site.
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
  // A length the compiler knows, it copies best itself (in as few moves as the length takes);
  // so does memcpy one outside [8, 64] (unsigned: below 8 wraps).
  if (__builtin_constant_p(n) || n - 8 > 56) {
    std::memcpy(to, from, n);
  } else if (n > 32) {  // the first and the last 32 bytes, each as two 16-byte moves
    copy_ends<16>(to, from, 32);
    copy_ends<16>(to + n - 32, from + n - 32, 32);
  } else if (n >= 16) {
    copy_ends<16>(to, from, n);
  } else {
    copy_ends<8>(to, from, n);
  }
}

}  // namespace fastarena::detail
