// SPDX-License-Identifier: MIT
// A program using fastarena the way a user's project does; CI builds it three ways (an installed
// package found with find_package, the source tree added with add_subdirectory, and plain g++
// with pkg-config) and checks what it prints.
#include <fastarena/arena.h>
#include <fastarena/arena_vec.h>
#include <fastarena/version.h>

#include <cstdio>
#include <numeric>
#include <span>
#include <utility>

int main() {
  fastarena::Arena arena;
  const int* answer = arena.alloc<int>(42);
  {
    fastarena::Transaction txn = arena.transaction();
    txn.set_limit(1024);
    {
      fastarena::Transaction speculative = txn.savepoint();
      speculative.alloc_str("tried and dropped");
    }  // not committed: rolled back
    txn.alloc<int>(7);
    txn.commit();
  }
  fastarena::ArenaVec<int> numbers(arena);
  for (int i = 1; i <= 10; ++i) numbers.push_back(i);
  const std::span<int> frozen = std::move(numbers).finish();
  const fastarena::ArenaStats stats = arena.stats();
  std::printf("fastarena %s: answer %d, %zu frozen numbers summing to %d, %zu bytes in %zu block\n",
              FASTARENA_VERSION_STRING, *answer, frozen.size(),
              std::accumulate(frozen.begin(), frozen.end(), 0), stats.bytes_allocated,
              stats.block_count);
  return 0;
}
