// SPDX-License-Identifier: MIT
// Compiled to assembly at -O2 by the arena_codegen test: alloc_str of a run-time length is
// inlined whole, on an arena and on a transaction, its copy of a short string included (16-byte
// moves, movups), with g++ as with clang++; no call to alloc_str or copy_str remains (only to
// copy_str_rare, the empty string's path).
#include <string_view>

#include "fastarena/arena.h"
#include "fastarena/transaction.h"

std::string_view intern(fastarena::Arena& arena, std::string_view name) {
  return arena.alloc_str(name);
}
std::string_view intern_in(fastarena::Transaction& txn, std::string_view name) {
  return txn.alloc_str(name);
}
