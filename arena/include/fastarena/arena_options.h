// SPDX-License-Identifier: MIT
/// \file
/// ArenaOptions: how an arena grows and where its blocks come from (protobuf's ArenaOptions,
/// LLVM's SlabSize and allocator parameter, pmr's upstream resource). The defaults are what
/// `Arena()` does.
#pragma once

#include <cstddef>

#include "fastarena/block_source.h"

namespace fastarena {

/// How an arena grows and where its memory comes from.
struct ArenaOptions {
  /// Capacity of the first block (at least 64 bytes).
  std::size_t first_block = std::size_t{64} << 10;
  /// Each new block holds this many times the previous new block (1: all the same size).
  std::size_t growth = 2;
  /// Growth stops at this capacity; a request bigger than the current block gets a block of
  /// its own whatever its size, as always.
  std::size_t max_block = std::size_t{64} << 20;
  /// Where every block is obtained and given back (a std::pmr::memory_resource, or any object
  /// with its allocate and deallocate: block_source.h); none: the global operator new. A
  /// resource that throws (std::bad_alloc) or returns null fails the allocation like any other
  /// failure: the arena is left as it was. It must outlive the arena.
  BlockSource source = nullptr;
  /// Under AddressSanitizer (the asan preset), bytes left poisoned after every allocation, so
  /// that writing past one into the next is reported (LLVM's setRedZoneSize). They count in
  /// the position and in budgets. Ignored without ASan, where it would cost the fast path.
  std::size_t red_zone = 0;
};

}  // namespace fastarena
