// SPDX-License-Identifier: MIT
// What an arena costs to hold and to make: its size, and the heap allocations it makes, counted
// by replacing the global operator new for this test binary alone.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <span>

#include <gtest/gtest.h>

#include "fastarena/arena.h"

namespace {
std::atomic<std::size_t> heap_allocations{0};
std::atomic<std::size_t> aligned_heap_allocations{0};  // the forms with an std::align_val_t

void* counted_allocation(std::size_t bytes, std::size_t align) {
  ++heap_allocations;
  bytes = (bytes + align - 1) / align * align;  // aligned_alloc wants a multiple
  if (void* p = std::aligned_alloc(align, bytes == 0 ? align : bytes)) return p;
#if defined(__cpp_exceptions)
  throw std::bad_alloc();
#else
  std::abort();
#endif
}
}  // namespace

void* operator new(std::size_t bytes) {
  return counted_allocation(bytes, alignof(std::max_align_t));
}
void* operator new(std::size_t bytes, std::align_val_t align) {
  ++aligned_heap_allocations;
  return counted_allocation(bytes, std::max(static_cast<std::size_t>(align), sizeof(void*)));
}
// The nothrow forms too: a sanitizer's runtime defines its own, which would not be counted.
void* operator new(std::size_t bytes, const std::nothrow_t&) noexcept {
  ++heap_allocations;
  return std::malloc(bytes == 0 ? 1 : bytes);
}
void* operator new(std::size_t bytes, std::align_val_t align, const std::nothrow_t&) noexcept {
  ++heap_allocations;
  ++aligned_heap_allocations;
  const std::size_t a = std::max(static_cast<std::size_t>(align), sizeof(void*));
  return std::aligned_alloc(a, bytes == 0 ? a : (bytes + a - 1) / a * a);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace fastarena {
namespace {

// Heap allocations made while `work` runs.
template <class F>
std::size_t allocations_in(F&& work) {
  const std::size_t before = heap_allocations.load();
  work();
  return heap_allocations.load() - before;
}

// A checkpoint, a rewind, a transaction with a savepoint rolled back, a reset: the bookkeeping
// every arena does, none of which may need the heap once the arena has its first block.
template <class A>
void bookkeeping(A& arena) {
  const Checkpoint start = arena.checkpoint();
  arena.template alloc<std::uint64_t>(1);
  arena.rewind(start);
  {
    typename A::Transaction txn = arena.transaction();
    txn.template alloc<std::uint64_t>(2);
    typename A::Transaction inner = txn.savepoint();
    inner.template alloc<std::uint64_t>(3);
  }  // both rolled back
  arena.template alloc<std::uint64_t>(4);
  arena.reset();
}

TEST(ArenaLayout, AnArenaIsFourWordsInOneCacheLine) {
  EXPECT_EQ(sizeof(Arena), 4 * sizeof(void*));
  EXPECT_EQ(sizeof(DropArena), 4 * sizeof(void*));
  // Aligned to its size: wherever it is (a local, a member, an array element), it never
  // straddles two cache lines.
  EXPECT_EQ(alignof(Arena), sizeof(Arena));
  Arena arenas[3];
  for (const Arena& arena : arenas) {
    const auto at = reinterpret_cast<std::uintptr_t>(&arena);
    EXPECT_EQ(at / 64, (at + sizeof(Arena) - 1) / 64);
  }
}

// What makes constructing one a few stores (bench: construct): no address, no flag to set.
TEST(ArenaLayout, AnEmptyArenaIsAllZeros) {
  alignas(Arena) std::byte storage[sizeof(Arena)];
  std::fill(std::begin(storage), std::end(storage), std::byte{0xa5});
  Arena* arena = ::new (storage) Arena;
  EXPECT_TRUE(std::all_of(std::begin(storage), std::end(storage),
                          [](std::byte b) { return b == std::byte{0}; }));
  arena->~Arena();
}

TEST(ArenaLayout, ADefaultArenaAllocatesNothingUntilUsed) {
  EXPECT_EQ(allocations_in([] {
              Arena arena;
              // A zero-size request is not a use: it gets a valid pointer, and no block.
              EXPECT_NE(arena.alloc_raw(0, 8), nullptr);
              const Checkpoint start = arena.checkpoint();
              arena.rewind(start);
              arena.reset();
              EXPECT_EQ(arena.checkpoint().bytes(), 0u);
            }),
            0u);
}

TEST(ArenaLayout, ADefaultArenaUsedOnceMakesOneAllocation) {
  // The first block and, past its end, the ColdState and the ledger with the block's record:
  // one system allocation, as a featureless bump allocator makes.
  EXPECT_EQ(allocations_in([] {
              Arena arena;
              arena.alloc<std::uint64_t>(1);
            }),
            1u);
}

// An aligned allocation costs glibc several times a plain one (it splits the chunk and frees the
// part before the aligned address), and an arena per small job pays it on every first block.
TEST(ArenaLayout, ItsBlocksArePlainAllocationsStartingAtACacheLine) {
  const std::size_t aligned_before = aligned_heap_allocations.load();
  Arena arena;
  for (int i = 0; i < 100; ++i) arena.alloc_raw(1024, 8);  // a second block, then a third
  ASSERT_GE(arena.chunks().size(), 2u);
  for (std::span<const std::byte> block : arena.chunks()) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(block.data()) % 64, 0u);
  }
  EXPECT_EQ(aligned_heap_allocations.load() - aligned_before, 0u);
}

TEST(ArenaLayout, OnceItHasABlockItsBookkeepingNeedsNoHeap) {
  Arena arena;
  arena.alloc<std::uint64_t>(0);  // the first block, with everything the arena records
  EXPECT_EQ(allocations_in([&] { bookkeeping(arena); }), 0u);
  DropArena drops;
  drops.alloc<std::uint64_t>(0);
  EXPECT_EQ(allocations_in([&] { bookkeeping(drops); }), 0u);
}

TEST(ArenaLayout, AnInlineArenaAllocatesNothingAtAll) {
  EXPECT_EQ(allocations_in([] {
              InlineArena<1024> arena;
              bookkeeping(arena);
              bookkeeping(arena);
            }),
            0u);
}

TEST(ArenaLayout, ACallersBufferCostsOneSmallAllocationForItsBookkeeping) {
  alignas(16) std::byte buffer[1024];
  std::size_t used = 0;
  EXPECT_EQ(allocations_in([&] {
              Arena arena(std::span<std::byte>{buffer});
              used = allocations_in([&] { bookkeeping(arena); });
            }),
            1u);
  EXPECT_EQ(used, 0u);
}

}  // namespace
}  // namespace fastarena
