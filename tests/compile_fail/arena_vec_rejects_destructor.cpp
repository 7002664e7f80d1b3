// SPDX-License-Identifier: MIT
// Must not compile: a finished ArenaVec<std::string> on a plain Arena would leak.
#include <string>

#include "fastarena/arena_vec.h"

int main() {
  fastarena::Arena arena;
  fastarena::ArenaVec<std::string> names(arena);
}
