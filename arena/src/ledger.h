// SPDX-License-Identifier: MIT
// The block ledger: every block an arena holds, as only its slow paths and its invariant checks
// read it (arena_core.cpp, invariants.cpp). Private to the library.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace fastarena::detail {

struct Block {
  std::byte* data;
  std::size_t capacity;
  std::size_t align;     // what it was reserved with, to give it back correctly
  std::size_t used;      // bytes in use when the arena moved past it (valid below current);
                         // for an oversized block in use, its allocation's size
  std::size_t reserved;  // bytes asked of the source (the first block's trailer included);
                         // 0: the caller's buffer, never given back
  void* allocation;      // what operator new returned, when it made the block (data is it
                         // rounded up to the block's alignment, see reserve_block)
};

struct BigBlock {
  Block block;
  std::size_t position;  // arena position just before the allocation
};

// Room for the first two block records, inside the ledger.
struct FirstRecords {
  alignas(Block) std::byte bytes[2 * sizeof(Block)];
  bool taken = false;
};

// std::allocator, except that one request that fits in `records` is served from it: the first
// block's record then costs no allocation of its own, and an arena used once makes one system
// allocation, as a featureless bump allocator does. (A vector's capacity only grows, so the
// room is asked for once, by the first reserve.)
template <class T>
class RecordAllocator {
 public:
  using value_type = T;

  explicit RecordAllocator(FirstRecords& records) noexcept : records_(&records) {}
  template <class U>
  RecordAllocator(const RecordAllocator<U>& other) noexcept : records_(other.records_) {}

  T* allocate(std::size_t n) {
    constexpr std::size_t kRoom = sizeof(FirstRecords::bytes);
    if (n <= kRoom / sizeof(T) && !records_->taken) {
      records_->taken = true;
      return reinterpret_cast<T*>(records_->bytes);
    }
    return std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (reinterpret_cast<std::byte*>(p) == records_->bytes) {
      records_->taken = false;
    } else {
      std::allocator<T>().deallocate(p, n);
    }
  }
  friend bool operator==(const RecordAllocator& a, const RecordAllocator& b) noexcept {
    return a.records_ == b.records_;
  }

 private:
  template <class>
  friend class RecordAllocator;
  FirstRecords* records_;
};

// The block lists, made with the first block (usually inside its allocation, past its end) and
// never moved: `blocks` may point into `first_records`.
struct Ledger {
  // User-provided, so that `Ledger()` initialises the members alone: a defaulted constructor
  // would have it zero the whole object first, first_records' bytes included.
  Ledger() noexcept {}
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  FirstRecords first_records;
  std::vector<Block, RecordAllocator<Block>> blocks{RecordAllocator<Block>(first_records)};
  std::vector<BigBlock> big_live;   // oversized allocations in use, by position
  std::vector<Block> big_spare;     // oversized blocks given back, kept for reuse
  std::size_t next_capacity = 0;    // capacity of the next new block: grows geometrically
  std::size_t bytes_reserved = 0;   // the capacities of every block in the three lists
  std::size_t high_water = 0;       // highest block index entered since the last reset (ASan)
  const std::byte* home = nullptr;  // the block it lives past the end of; null: on the heap
};

}  // namespace fastarena::detail
