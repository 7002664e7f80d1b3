// SPDX-License-Identifier: MIT
// Compiled to assembly at -O2 by the arena_codegen test: alloc_str of a run-time length is
// inlined whole, its copy of a short string included (16-byte moves, movups), with g++ as with
// clang++; no call to alloc_str or copy_str remains.
#include <string_view>

#include "fastarena/arena.h"

std::string_view intern(fastarena::Arena& arena, std::string_view name) {
  return arena.alloc_str(name);
}
