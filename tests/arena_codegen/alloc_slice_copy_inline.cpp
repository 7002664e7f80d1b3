// SPDX-License-Identifier: MIT
// Compiled to assembly at -O2 by the arena_codegen test: alloc_slice_copy is inlined, its bump
// and its call to memcpy in the caller, with g++ as with clang++; only the rare path (an empty or
// too big slice, copy_slice_rare) stays a call.
#include <cstdint>
#include <span>

#include "fastarena/arena.h"

std::span<std::uint32_t> copy(fastarena::Arena& arena, std::span<const std::uint32_t> src) {
  return arena.alloc_slice_copy(src);
}
