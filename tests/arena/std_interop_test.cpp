// SPDX-License-Identifier: MIT
// fastarena/std.h: std containers on arena memory, through Allocator<T> and MemoryResource.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "fastarena/std.h"

namespace fastarena {
namespace {

using ArenaString = std::basic_string<char, std::char_traits<char>, Allocator<char>>;

TEST(StdInterop, VectorStringAndMapLiveInTheArena) {
  Arena arena;
  std::vector<int, Allocator<int>> v(arena);
  for (int i = 0; i < 1000; ++i) v.push_back(i);
  EXPECT_EQ(v[999], 999);

  ArenaString s("a string long enough to leave the small-string buffer", arena);
  s += " and grow";
  EXPECT_EQ(s, "a string long enough to leave the small-string buffer and grow");

  std::map<int, int, std::less<>, Allocator<std::pair<const int, int>>> m(arena);
  for (int i = 0; i < 100; ++i) m[i] = i * i;
  EXPECT_EQ(m.at(12), 144);
  EXPECT_GT(arena.stats().bytes_allocated, 1000 * sizeof(int));
}

TEST(StdInterop, DeallocatingTheMostRecentBlockGivesItBack) {
  Arena arena;
  arena.alloc<double>(1.0);  // (no alignment padding before the doubles below)
  const std::size_t before = arena.stats().bytes_allocated;
  Allocator<double> alloc(arena);
  double* p = alloc.allocate(100);
  EXPECT_EQ(arena.stats().bytes_allocated, before + 800);
  alloc.deallocate(p, 100);
  EXPECT_EQ(arena.stats().bytes_allocated, before);  // given back
  double* q = alloc.allocate(10);
  arena.alloc<int>(2);
  alloc.deallocate(q, 10);  // not the most recent: a no-op
  EXPECT_EQ(arena.stats().bytes_allocated, before + 80 + sizeof(int));
}

TEST(StdInterop, DeallocateNeverReachesBelowASavepoint) {
  Arena arena;
  Transaction txn = arena.transaction();
  Allocator<int> outer(txn);
  int* p = outer.allocate(4);
  {
    Transaction sp = txn.savepoint();
    const std::size_t at_savepoint = arena.stats().bytes_allocated;
    outer.deallocate(p, 4);  // the most recent allocation, but below the savepoint: kept
    EXPECT_EQ(arena.stats().bytes_allocated, at_savepoint);
  }
}

TEST(StdInterop, AllocatorOnATransactionIsBudgeted) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.set_limit(1024);
  std::vector<int, Allocator<int>> v(txn);
  EXPECT_THROW(
      {
        for (int i = 0; i < 1000; ++i) v.push_back(i);
      },
      std::bad_alloc);
  EXPECT_LE(txn.bytes_used(), 1024u);
}

TEST(StdInterop, AllocatorsCompareByArena) {
  Arena a;
  Arena b;
  EXPECT_TRUE(Allocator<int>(a) == Allocator<long>(a));
  EXPECT_FALSE(Allocator<int>(a) == Allocator<int>(b));
  std::vector<int, Allocator<int>> v(a);
  std::vector<int, Allocator<int>> w(std::move(v));
  EXPECT_TRUE(w.get_allocator() == Allocator<int>(a));
}

#if FASTARENA_HAS_PMR  // libc++ 14 has no <memory_resource>
TEST(StdInterop, PmrContainersOnAMemoryResource) {
  Arena arena;
  MemoryResource resource(arena);
  std::pmr::vector<std::pmr::string> names(&resource);
  for (int i = 0; i < 50; ++i) names.emplace_back("name number " + std::to_string(i) + " (long)");
  EXPECT_EQ(names[49], "name number 49 (long)");
  EXPECT_EQ(names[0].get_allocator().resource(), &resource);
  EXPECT_GT(arena.stats().bytes_allocated, 50u * 20);
  EXPECT_TRUE(resource.is_equal(resource));
  MemoryResource other(arena);
  EXPECT_FALSE(resource.is_equal(other));

  void* p = resource.allocate(256, 64);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(p) % 64, 0u);
  const std::size_t with = arena.stats().bytes_allocated;
  resource.deallocate(p, 256, 64);  // most recent: given back
  EXPECT_EQ(arena.stats().bytes_allocated, with - 256);
}

TEST(StdInterop, RollbackReclaimsEverythingAContainerTook) {
  Arena arena;
  {
    Transaction txn = arena.transaction();
    MemoryResource resource(txn);
    std::pmr::vector<int> v(&resource);
    for (int i = 0; i < 10000; ++i) v.push_back(i);
    EXPECT_GT(arena.stats().bytes_allocated, 40000u);
    // v is destroyed before the rollback (declared inside the scope)
  }
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
}

#endif

}  // namespace
}  // namespace fastarena
