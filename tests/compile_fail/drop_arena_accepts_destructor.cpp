// SPDX-License-Identifier: MIT
// Must compile: the control case for the two refusals beside it.
#include <string>

#include "fastarena/arena_vec.h"

int main() {
  fastarena::DropArena arena;
  arena.alloc(std::string("destroyed on reset"));
  fastarena::ArenaVec<std::string> names(arena);
}
