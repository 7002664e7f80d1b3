// SPDX-License-Identifier: MIT
// Compiled to assembly at -O2 by the arena_codegen test: constructing an arena is storing its
// words as zero, two aligned 16-byte stores (movaps) and no 8-byte one, with g++ as with clang++;
// destroying it, when it never allocated, is one compare and a branch not taken.
#include "fastarena/arena.h"

void with_arena(void (*use)(fastarena::Arena&) noexcept) {
  fastarena::Arena arena;
  use(arena);
}
