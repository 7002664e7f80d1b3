// SPDX-License-Identifier: MIT
// The block ledger: every block an arena holds, as only its slow paths and its invariant checks
// read it (arena_core.cpp, invariants.cpp). Private to the library.
#pragma once

#include <cstddef>
#include <vector>

namespace fastarena::detail {

struct Block {
  std::byte* data;
  std::size_t capacity;
  std::size_t align;     // what it was reserved with, to give it back correctly
  std::size_t used;      // bytes in use when the arena moved past it (valid below current_);
                         // for an oversized block in use, its allocation's size
  std::size_t reserved;  // bytes asked of the source (the first block's trailer included);
                         // 0: the caller's buffer, never given back
};

struct BigBlock {
  Block block;
  std::size_t position;  // arena position just before the allocation
};

// The block lists, made with the first block (usually inside its allocation).
struct Ledger {
  std::vector<Block> blocks;
  std::vector<BigBlock> big_live;   // oversized allocations in use, by position
  std::vector<Block> big_spare;     // oversized blocks given back, kept for reuse
  std::size_t next_capacity = 0;    // capacity of the next new block: grows geometrically
  std::size_t bytes_reserved = 0;   // the capacities of every block in the three lists
  std::size_t high_water = 0;       // highest block index entered since the last reset (ASan)
  const std::byte* home = nullptr;  // the block it lives past the end of; null: on the heap
};

}  // namespace fastarena::detail
