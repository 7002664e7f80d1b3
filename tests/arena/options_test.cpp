// SPDX-License-Identifier: MIT
// ArenaOptions (first block, growth, largest block, block source), and what the arena tells of
// the memory it handed out (contains, identify, chunks). A block source that fails on demand
// drives every out-of-memory path: each leaves the arena as it was, and usable.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#if __has_include(<memory_resource>)
#include <memory_resource>
#endif
#include <new>
#include <numeric>
#include <string>

#include "fastarena/arena.h"
#include "fastarena/arena_vec.h"

namespace fastarena {
namespace {

// A block source that counts what it hands out, checks that each block comes back with the
// size and alignment it went out with, and fails (std::bad_alloc) when told to. Not a pmr
// resource: any type with allocate and deallocate is a block source (block_source.h).
class TestSource {
 public:
  std::size_t failures_after = SIZE_MAX;  // requests to grant before failing; SIZE_MAX: never
  std::size_t granted = 0;
  std::size_t refused = 0;
  std::map<void*, std::pair<std::size_t, std::size_t>> outstanding;  // block: size, alignment

  void* allocate(std::size_t bytes, std::size_t align) {
    if (granted >= failures_after) {
      ++refused;
      throw std::bad_alloc();
    }
    ++granted;
    void* p = ::operator new (bytes, std::align_val_t{align});
    outstanding[p] = {bytes, align};
    return p;
  }
  void deallocate(void* p, std::size_t bytes, std::size_t align) {
    const auto it = outstanding.find(p);
    ASSERT_NE(it, outstanding.end()) << "a block the source did not give";
    EXPECT_EQ(it->second, std::make_pair(bytes, align));
    outstanding.erase(it);
    ::operator delete (p, std::align_val_t{align});
  }
};

#if __has_include(<memory_resource>)  // libc++ 14 has none
// A std::pmr::memory_resource is a block source as it is, by its own type or through the base
// class pointer pmr code holds: the arena calls its allocate and deallocate.
TEST(ArenaOptions, APmrResourceIsABlockSource) {
  struct Counting : std::pmr::memory_resource {
    int allocated = 0;
    int deallocated = 0;
    void* do_allocate(std::size_t bytes, std::size_t align) override {
      ++allocated;
      return ::operator new (bytes, std::align_val_t{align});
    }
    void do_deallocate(void* p, std::size_t, std::size_t align) override {
      ++deallocated;
      ::operator delete (p, std::align_val_t{align});
    }
    bool do_is_equal(const memory_resource& other) const noexcept override {
      return this == &other;
    }
  };
  Counting resource;
  {
    Arena arena(ArenaOptions{.first_block = 256, .source = &resource});
    arena.alloc_raw(100, 8);
    arena.alloc_raw(1000, 8);  // a block of its own
    EXPECT_EQ(resource.allocated, 2);
    std::pmr::memory_resource* base = &resource;
    Arena through_base(ArenaOptions{.source = base});
    EXPECT_EQ(*through_base.alloc<int>(7), 7);
    EXPECT_EQ(resource.allocated, 3);
  }
  EXPECT_EQ(resource.deallocated, 3);
}
#endif

TEST(ArenaOptions, FirstBlockGrowthAndLargestBlock) {
  TestSource source;
  {
    Arena arena(
        ArenaOptions{.first_block = 1024, .growth = 3, .max_block = 5000, .source = &source});
    EXPECT_EQ(source.granted, 0u);  // lazily, as always
    std::size_t reserved = 0;
    std::vector<std::size_t> capacities;
    for (int i = 0; i < 2000; ++i) {
      arena.alloc<std::uint64_t>(1);
      if (arena.stats().bytes_reserved != reserved) {
        capacities.push_back(arena.stats().bytes_reserved - reserved);
        reserved = arena.stats().bytes_reserved;
      }
    }
    EXPECT_EQ(capacities, (std::vector<std::size_t>{1024, 3072, 5000, 5000, 5000}));
    // Bigger than the largest block: a block of its own, of its size.
    arena.alloc_raw(20000, 8);
    EXPECT_EQ(arena.stats().bytes_reserved, reserved + 20000);
    EXPECT_EQ(source.outstanding.size(), 6u);
  }
  EXPECT_TRUE(source.outstanding.empty());  // every block back to the source, sizes matching
}

TEST(ArenaOptions, GrowthOneKeepsEveryBlockTheFirstSize) {
  Arena arena(ArenaOptions{.first_block = 256, .growth = 1});
  for (int i = 0; i < 100; ++i) arena.alloc<std::uint64_t>(1);
  EXPECT_EQ(arena.stats().bytes_reserved, 256u * arena.block_count());
}

// Every allocation path through an arena whose source refuses its n-th block: the failing call
// reports it (null, nullopt, or the exception of the throwing call) and leaves the arena's
// statistics as they were; once the source grants again, the same call succeeds.
TEST(ArenaOptions, EveryOutOfMemoryPathLeavesTheArenaUnchangedAndUsable) {
  for (std::size_t fail_at = 0; fail_at < 6; ++fail_at) {
    SCOPED_TRACE("the source fails its request " + std::to_string(fail_at));
    TestSource source;
    source.failures_after = fail_at;
    {
      Arena arena(ArenaOptions{.first_block = 128, .source = &source});
      std::size_t failures = 0;
      // Each step may need a new block: small allocations, a slice, an oversized one, through
      // a transaction, an ArenaVec growing, the throwing call.
      const auto attempt = [&](auto&& step) {
        const ArenaStats before = arena.stats();
        if (step()) return;
        ++failures;
        EXPECT_EQ(arena.stats(), before);
        source.failures_after = SIZE_MAX;  // the source recovers: the step now succeeds
        EXPECT_TRUE(step());
        source.failures_after = source.granted;  // and fails the next request
      };
      for (int round = 0; round < 4; ++round) {
        attempt([&] { return arena.try_alloc<std::uint64_t>(7) != nullptr; });
        attempt([&] { return arena.try_alloc_raw(100, 16) != nullptr; });
        attempt([&] { return arena.try_alloc_raw(5000, 64) != nullptr; });  // oversized
        attempt([&] {
          Transaction txn = arena.transaction();
          if (txn.try_alloc_raw(90, 8) == nullptr) return false;
          txn.commit();
          return true;
        });
        attempt([&] {  // a vector growing in a transaction: a failed push rolls it all back
          Transaction txn = arena.transaction();
          ArenaVec<std::uint32_t> v(txn);
          for (std::uint32_t i = 0; i < 40; ++i) {
            const std::size_t at = txn.bytes_used();
            if (!v.try_push_back(i)) {
              EXPECT_EQ(txn.bytes_used(), at);  // the failing push itself took nothing
              return false;
            }
          }
          txn.commit();
          return true;
        });
#if defined(__cpp_exceptions)
        attempt([&] {
          try {
            arena.alloc_raw(120, 8);
            return true;
          } catch (const AllocError&) {
            return false;
          }
        });
#endif
      }
      EXPECT_GE(failures, 1u);
      EXPECT_EQ(source.refused, failures);
      arena.reset();
      EXPECT_NE(arena.alloc<std::uint64_t>(1), nullptr);
    }
    EXPECT_TRUE(source.outstanding.empty());
  }
}

TEST(ArenaIntrospection, ContainsIdentifyAndChunks) {
  Arena arena(std::size_t{256});
  const int on_stack = 0;
  EXPECT_FALSE(arena.contains(&on_stack));
  EXPECT_EQ(arena.chunks().size(), 0u);  // nothing handed out yet

  std::vector<std::uint64_t*> small;
  for (int i = 0; i < 100; ++i) small.push_back(arena.alloc<std::uint64_t>(i));  // several blocks
  auto* big = static_cast<std::byte*>(arena.alloc_raw(4000, 8));                 // its own block
  std::memset(big, 7, 4000);
  const Checkpoint cp = arena.checkpoint();
  std::uint64_t* later = arena.alloc<std::uint64_t>(99);

  for (std::uint64_t* p : small) EXPECT_TRUE(arena.contains(p));
  EXPECT_TRUE(arena.contains(big));
  EXPECT_TRUE(arena.contains(big + 3999));
  EXPECT_FALSE(arena.contains(big + 4000));
  EXPECT_FALSE(arena.contains(&on_stack));
  // identify: distinct offsets, increasing in allocation order within the blocks.
  std::optional<std::size_t> previous;
  for (std::uint64_t* p : small) {
    const std::optional<std::size_t> id = arena.identify(p);
    ASSERT_TRUE(id.has_value());
    if (previous) {
      EXPECT_GT(*id, *previous);
    }
    previous = id;
  }
  // The chunks hold exactly the bytes handed out (padding included), and the data written.
  std::size_t total = 0;
  std::size_t sevens = 0;
  for (std::span<const std::byte> used : arena.chunks()) {
    total += used.size();
    for (const std::byte b : used) sevens += b == std::byte{7} ? 1 : 0;
  }
  EXPECT_EQ(total, arena.stats().bytes_allocated);
  EXPECT_GE(sevens, 4000u);
  EXPECT_GE(arena.chunks().size(), 3u);

  // Given back: no longer the arena's.
  arena.rewind(cp);
  EXPECT_FALSE(arena.contains(later));
  EXPECT_TRUE(arena.contains(big));
  arena.reset();
  EXPECT_FALSE(arena.contains(small[0]));
  EXPECT_FALSE(arena.contains(big));
  EXPECT_EQ(arena.chunks().size(), 1u);  // the first block, empty
  EXPECT_EQ((*arena.chunks().begin()).size(), 0u);

  // A smaller oversized allocation reuses the 4000-byte block: only its own bytes are handed out.
  auto* reused = static_cast<std::byte*>(arena.alloc_raw(3000, 8));
  EXPECT_EQ(reused, big);
  EXPECT_TRUE(arena.contains(reused + 2999));
  EXPECT_FALSE(arena.contains(reused + 3000));
  total = 0;
  for (std::span<const std::byte> used : arena.chunks()) total += used.size();
  EXPECT_EQ(total, arena.stats().bytes_allocated);
}

}  // namespace
}  // namespace fastarena

namespace fastarena {
namespace {

TEST(ArenaBuffer, WorkThatFitsTheCallersBufferAllocatesNothing) {
  TestSource source;
  source.failures_after = 0;  // any block request would fail: none may come
  alignas(16) std::byte buffer[512];
  {
    Arena arena(std::span<std::byte>(buffer), ArenaOptions{.source = &source});
    EXPECT_EQ(arena.stats().bytes_reserved, 512u);
    EXPECT_EQ(arena.block_count(), 1u);
    for (int round = 0; round < 3; ++round) {
      std::uint64_t* first = arena.alloc<std::uint64_t>(1);
      EXPECT_EQ(static_cast<void*>(first), static_cast<void*>(buffer));  // reused after reset
      for (int i = 0; i < 40; ++i) arena.alloc<std::uint64_t>(i);
      const Checkpoint cp = arena.checkpoint();
      arena.alloc<std::uint32_t>(5);
      arena.rewind(cp);
      {
        Transaction txn = arena.transaction();
        EXPECT_NE(txn.try_alloc_raw(64, 8), nullptr);
      }  // rolled back
      EXPECT_EQ(arena.chunks().size(), 1u);
      EXPECT_EQ((*arena.chunks().begin()).data(), buffer);
      EXPECT_EQ((*arena.chunks().begin()).size(), arena.stats().bytes_allocated);
      EXPECT_TRUE(arena.contains(first));
      arena.reset();
    }
    // A request the buffer cannot hold needs a block, and this source refuses it: nothing lost.
    const ArenaStats before = arena.stats();
    EXPECT_EQ(arena.try_alloc_raw(600, 8), nullptr);
    EXPECT_EQ(arena.stats(), before);
  }
  EXPECT_EQ(source.granted, 0u);
  EXPECT_EQ(source.refused, 1u);
}

TEST(ArenaBuffer, PastTheBufferItGrowsAndComesBackToIt) {
  TestSource source;
  alignas(16) std::byte buffer[256];
  {
    Arena arena(std::span<std::byte>(buffer), ArenaOptions{.first_block = 1024, .source = &source});
    const Checkpoint start = arena.checkpoint();
    std::vector<std::uint64_t*> values;
    for (std::uint64_t i = 0; i < 100; ++i) values.push_back(arena.alloc<std::uint64_t>(i));
    EXPECT_EQ(source.granted, 1u);  // the buffer, then one 1 KiB block
    EXPECT_EQ(arena.stats().bytes_reserved, 256u + 1024u);
    for (std::uint64_t i = 0; i < 100; ++i) EXPECT_EQ(*values[i], i);  // nothing overwritten
    EXPECT_TRUE(arena.contains(values.front()));
    EXPECT_TRUE(arena.contains(values.back()));
    EXPECT_EQ(arena.chunks().size(), 2u);
    arena.rewind(start);
    EXPECT_EQ(static_cast<void*>(arena.alloc<std::uint64_t>(1)), static_cast<void*>(buffer));
    arena.reset();
    EXPECT_EQ(static_cast<void*>(arena.alloc<std::uint64_t>(1)), static_cast<void*>(buffer));
  }
  EXPECT_TRUE(source.outstanding.empty());  // the block back to the source; the buffer is ours
}

TEST(ArenaBuffer, DestructorsOfObjectsInTheBufferRun) {
  int destroyed = 0;
  struct Counted {
    int* count;
    ~Counted() { ++*count; }
  };
  alignas(16) std::byte buffer[256];
  {
    DropArena arena{std::span<std::byte>(buffer)};
    arena.alloc<Counted>(Counted{&destroyed});
    arena.alloc<Counted>(Counted{&destroyed});
  }
  EXPECT_EQ(destroyed, 2 + 2);  // the two temporaries, then the two in the arena
}

TEST(InlineArena, HoldsItsFirstBytesInsideItself) {
  InlineArena<1024> arena;
  const auto* self = reinterpret_cast<const std::byte*>(&arena);
  auto* p = reinterpret_cast<const std::byte*>(arena.alloc<std::uint64_t>(3));
  EXPECT_GE(p, self);
  EXPECT_LT(p, self + sizeof(arena));
  EXPECT_EQ(arena.stats().bytes_reserved, 1024u);
  for (int i = 0; i < 500; ++i) arena.alloc<std::uint64_t>(i);  // past it: heap blocks
  EXPECT_GT(arena.block_count(), 1u);
  EXPECT_TRUE(arena.contains(p));
  InlineArena<256, true> drops;  // a DropArena too
  EXPECT_NE(drops.alloc<std::string>("runs its destructor"), nullptr);
}

}  // namespace
}  // namespace fastarena

#if defined(__cpp_exceptions)
#include "fastarena/std.h"

namespace fastarena {
namespace {

// The std adapters when the block source fails: the container's growth throws AllocError (a
// std::bad_alloc) and the container, and the arena, stay as they were.
TEST(ArenaOptions, TheStdAdaptersReportABlockSourceFailureAndLoseNothing) {
  TestSource source;
  {
    Arena arena(ArenaOptions{.first_block = 256, .source = &source});
    std::vector<std::uint64_t, Allocator<std::uint64_t>> v{Allocator<std::uint64_t>(arena)};
    for (std::uint64_t i = 0; i < 8; ++i) v.push_back(i);
    source.failures_after = source.granted;  // no more blocks
    const ArenaStats before = arena.stats();
    bool threw = false;
    try {
      for (std::uint64_t i = 8; i < 1000; ++i) v.push_back(i);
    } catch (const std::bad_alloc&) {
      threw = true;
    }
    EXPECT_TRUE(threw);
    ASSERT_GE(v.size(), 8u);
    for (std::uint64_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], i);  // nothing lost
    EXPECT_GE(arena.stats().bytes_allocated, before.bytes_allocated);
    EXPECT_EQ(arena.stats().bytes_reserved, before.bytes_reserved);  // no block came
#if FASTARENA_HAS_PMR
    MemoryResource resource(arena);
    EXPECT_THROW((void)resource.allocate(100000, 8), std::bad_alloc);
    source.failures_after = SIZE_MAX;  // the source recovers, and so does the arena
    EXPECT_NE(resource.allocate(100000, 8), nullptr);
#endif
  }
  EXPECT_TRUE(source.outstanding.empty());
}

}  // namespace
}  // namespace fastarena
#endif
