// SPDX-License-Identifier: MIT
// ArenaVec and finish(): grow a vector in the arena, then freeze it into a span that lives as
// long as the arena. While the vector's buffer is the arena's newest allocation it grows in
// place, and finish() gives back the spare capacity, so the frozen span costs its size alone.
#include <cstdio>
#include <span>
#include <utility>

#include "fastarena/arena.h"
#include "fastarena/arena_vec.h"

int main() {
  fastarena::Arena arena;
  fastarena::ArenaVec<int> squares(arena);
  for (int i = 1; i <= 100; ++i) squares.push_back(i * i);
  std::printf("pushed %zu, capacity %zu\n", squares.size(), squares.capacity());
  const std::span<int> frozen = std::move(squares).finish();  // the vector is spent
  std::printf("frozen %zu squares, last %d; the arena holds %zu bytes (100 ints: %zu)\n",
              frozen.size(), frozen.back(), arena.stats().bytes_allocated, 100 * sizeof(int));
  return 0;
}
