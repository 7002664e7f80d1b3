// SPDX-License-Identifier: MIT
// A library of the consumer's whose interface takes an arena: its own users link fastarena::arena
// too, so the consumer's install(EXPORT) must find the arena's targets in an export set.
#include <fastarena/arena.h>

int consumer_answer(fastarena::Arena& arena) {
  return *arena.alloc<int>(42);
}
