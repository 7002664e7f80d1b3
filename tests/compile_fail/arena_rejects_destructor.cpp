// SPDX-License-Identifier: MIT
// Must not compile: a plain Arena never runs destructors, so it refuses std::string.
#include <string>

#include "fastarena/arena.h"

int main() {
  fastarena::Arena arena;
  arena.alloc(std::string("leaked"));
}
