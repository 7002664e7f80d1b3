// SPDX-License-Identifier: MIT
// Compiled to assembly at -O2 by the arena_codegen test: in a loop of allocations, on an arena
// and on a transaction, the bound is loaded into a register and compared there, never compared
// from memory (cmpq OFFSET(%reg), %reg), with g++ as with clang++.
#include <cstdint>

#include "fastarena/arena.h"
#include "fastarena/transaction.h"

void fill(fastarena::Arena& arena, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t* p = arena.alloc<std::uint64_t>(i);
    asm volatile("" : : "r"(p) : "memory");  // the allocation escapes, as a user's would
  }
}

void fill_in(fastarena::Transaction& txn, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) {
    std::uint64_t* p = txn.alloc<std::uint64_t>(i);
    asm volatile("" : : "r"(p) : "memory");
  }
}
