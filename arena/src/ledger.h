// SPDX-License-Identifier: MIT
// The block ledger: every block an arena holds, as only its slow paths and its invariant checks
// read it (arena_core.cpp, invariants.cpp). Private to the library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "fastarena/detail/cold_state.h"

namespace fastarena::detail {

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
// two blocks' records then cost no allocation of their own, so a ledger made in the first
// block's trailer needs no heap. (A vector's capacity only grows, so the room is asked for
// once, by the first reserve.)
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

// The block lists, made when the arena leaves its first block (in that block's trailer, past
// its end, unless it is the caller's buffer) and never moved: `blocks` may point into
// `first_records`.
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

  // Whether `offset` in block `index`, a block up to the current one, can be at `position`:
  // the used bytes of the blocks before it, the offset, and the oversized allocations made
  // before that point. An oversized allocation's position counts the plain bytes before it and
  // the oversized ones before those; one whose plain bytes were fewer came before the point,
  // more came after, and as many (made at the point itself) may have come before or after.
  bool is_at(std::size_t index, std::size_t offset, std::size_t position) const noexcept {
    std::size_t at = offset;
    for (std::size_t i = 0; i < index; ++i) at += blocks[i].used;
    for (const BigBlock& big : big_live) {
      if (big.position >= at) {
        if (at == position) return true;
        if (big.position > at) break;
      }
      at += big.block.used;
    }
    return at == position;
  }

  struct Place {
    std::size_t block = 0;
    std::size_t offset = 0;
  };
  // The block up to `current` (whose fill so far is `current_used`) holding `address` among its
  // used bytes at `position`, and the offset there: where a transaction that opened at that
  // address and position began. Two blocks can hold the address where the system placed one
  // right after the other in memory, in either order (the end of one is the start of the
  // other); the position tells them apart, and is the same in both where the later begins as
  // the earlier ends. None: the transaction opened before the arena had a block.
  std::optional<Place> find(std::uintptr_t address, std::size_t position, std::size_t current,
                            std::size_t current_used) const noexcept {
    for (std::size_t i = 0; i < blocks.size() && i <= current; ++i) {
      const auto data = reinterpret_cast<std::uintptr_t>(blocks[i].data);
      const std::size_t used = i < current ? blocks[i].used : current_used;
      if (address >= data && address - data <= used && is_at(i, address - data, position)) {
        return Place{i, address - data};
      }
    }
    return std::nullopt;
  }
};

}  // namespace fastarena::detail
