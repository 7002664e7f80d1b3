// SPDX-License-Identifier: MIT
// Compiled to assembly at -O2 by the arena_codegen test: alloc_slice from a counting range of
// run-time length (bench/iota.h, the range the alloc_slice bench rows fill) must fill with
// packed adds (paddd), with g++ as with clang++.
#include <cstdint>
#include <span>

#include "fastarena/arena.h"
#include "iota.h"

std::span<std::uint32_t> fill_from_counting_range(fastarena::Arena& arena, std::uint32_t n) {
  return arena.alloc_slice(fastarena::bench::Iota{n});
}
