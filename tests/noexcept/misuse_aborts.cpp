// SPDX-License-Identifier: MIT
// Misuse is reported with its message in every build: this program rewinds to a checkpoint
// ahead of the arena's position. Built with -fno-exceptions the library prints the message and
// aborts; with exceptions the uncaught MisuseError terminates with the same message. Either way
// SIGABRT arrives, and the handler turns it into a clean exit for CTest to check the text.
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "fastarena/arena.h"

namespace {
extern "C" void on_abort(int) {
  _exit(0);
}
}  // namespace

int main() {
  std::signal(SIGABRT, on_abort);
  fastarena::Arena arena;
  const fastarena::Checkpoint start = arena.checkpoint();
  arena.alloc<int>(1);
  const fastarena::Checkpoint ahead = arena.checkpoint();
  arena.rewind(start);
  arena.rewind(ahead);  // misuse: reported, never silently accepted
  std::puts("misuse was not detected");
  return 1;
}
