// SPDX-License-Identifier: MIT
// A request-scoped arena: a server handles each request with whatever allocations it likes and
// then calls reset(). The arena keeps its largest block (the high-water mark), so after the
// first few requests no request touches the system allocator at all.
#include <algorithm>
#include <cstdio>
#include <string_view>

#include "fastarena/arena.h"
#include "fastarena/arena_vec.h"

namespace {

// Splits a request line into words, all in the arena; returns how many.
std::size_t handle(fastarena::Arena& arena, std::string_view request) {
  fastarena::ArenaVec<std::string_view> words(arena);
  std::size_t start = 0;
  while (start < request.size()) {
    const std::size_t end = std::min(request.find(' ', start), request.size());
    if (end > start) words.push_back(arena.alloc_str(request.substr(start, end - start)));
    start = end + 1;
  }
  return words.size();
}

}  // namespace

int main() {
  fastarena::Arena arena;
  const std::string_view requests[] = {"GET /index.html HTTP/1.1", "POST /api/items HTTP/1.1",
                                       "GET /favicon.ico HTTP/1.1"};
  std::size_t blocks_after_first = 0;
  for (int round = 0; round < 1000; ++round) {
    for (const std::string_view request : requests) {
      const std::size_t words = handle(arena, request);
      if (round == 0)
        std::printf("%.*s: %zu words\n", static_cast<int>(request.size()), request.data(), words);
      arena.reset();  // everything the request allocated is gone; the memory stays
    }
    if (round == 0) blocks_after_first = arena.stats().block_count;
  }
  const fastarena::ArenaStats stats = arena.stats();
  std::printf("3000 requests: %zu bytes in use after reset, %zu block(s) reserved (%s)\n",
              stats.bytes_allocated, stats.block_count,
              stats.block_count == blocks_after_first ? "no growth after the first round" : "grew");
  return 0;
}
