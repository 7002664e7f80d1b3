// SPDX-License-Identifier: MIT
// ArenaVec: the crate guide's examples (ArenaVec, arenavec!, truncate/resize, finish in
// transactions, TryReserveError, ArenaVecIntoIter), in-place growth, budgets, misuse.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <numeric>
#include <optional>
#include <ranges>
#include <string>
#include <vector>

#include "fastarena/arena_vec.h"

namespace fastarena {
namespace {

static_assert(std::ranges::random_access_range<ArenaVec<int>>);
static_assert(std::ranges::contiguous_range<ArenaVec<int>>);
static_assert(std::ranges::sized_range<ArenaVec<int>>);
static_assert(std::ranges::input_range<ArenaVecIntoIter<int>>);

// The same elements in the same order (std::ranges::equal, which libc++ 14 does not have).
template <class A, class B>
bool elements_equal(const A& a, const B& b) {
  return std::equal(std::begin(a), std::end(a), std::begin(b), std::end(b));
}

// Counts live objects and records destruction order.
struct Tracked {
  static inline int alive = 0;
  static inline std::vector<int> destroyed;
  int value;
  explicit Tracked(int v) : value(v) { ++alive; }
  Tracked(const Tracked& o) : value(o.value) { ++alive; }
  Tracked(Tracked&& o) noexcept : value(o.value) { ++alive; }
  ~Tracked() {
    --alive;
    destroyed.push_back(value);
  }
  static void clear() {
    alive = 0;
    destroyed.clear();
  }
};

TEST(ArenaVecGuide, FinishTransfersOwnershipToTheArena) {
  Arena arena;
  std::span<std::uint32_t> items = [&] {
    ArenaVec<std::uint32_t> v(arena);
    for (std::uint32_t i = 0; i < 1024; ++i) v.push_back(i);
    return std::move(v).finish();  // ArenaVec consumed, slice now arena-owned
  }();
  EXPECT_EQ(items.size(), 1024u);
  EXPECT_EQ(items[512], 512u);
}

TEST(ArenaVecGuide, MacroForms) {
  Arena arena;
  std::span<std::uint32_t> zeros = ArenaVec<std::uint32_t>(arena, 1024, 0u).finish();
  EXPECT_EQ(zeros.size(), 1024u);
  EXPECT_EQ(zeros[512], 0u);
  std::span<std::uint32_t> values = ArenaVec<std::uint32_t>(arena, {1, 2, 3}).finish();
  EXPECT_TRUE(elements_equal(values, std::vector<std::uint32_t>{1, 2, 3}));

  ArenaVec<std::uint32_t> empty(arena);  // arenavec![in &mut arena]
  EXPECT_TRUE(empty.empty());
  ArenaVec<std::uint32_t> list(arena, {1, 2, 3});
  EXPECT_TRUE(elements_equal(list.as_slice(), std::vector<std::uint32_t>{1, 2, 3}));
  ArenaVec<std::uint32_t> repeated(arena, 10, 0u);
  EXPECT_EQ(repeated.size(), 10u);
  EXPECT_TRUE(elements_equal(repeated.as_slice(), std::vector<std::uint32_t>(10, 0)));
}

TEST(ArenaVecGuide, MacroInsideATransaction) {
  Arena arena;
  Transaction txn = arena.transaction();
  {
    ArenaVec<std::uint32_t> v(txn.arena(), {10, 20, 30});
    EXPECT_TRUE(elements_equal(v.as_slice(), std::vector<std::uint32_t>{10, 20, 30}));
  }
  txn.commit();
}

TEST(ArenaVecGuide, TruncateAndResize) {
  Arena arena;
  ArenaVec<std::uint32_t> v(arena);
  v.append_range(std::vector<std::uint32_t>{1, 2, 3, 4, 5});  // Rust: extend_exact
  v.truncate(3);
  EXPECT_TRUE(elements_equal(v, std::vector<std::uint32_t>{1, 2, 3}));
  v.resize(6, 0);
  EXPECT_TRUE(elements_equal(v, std::vector<std::uint32_t>{1, 2, 3, 0, 0, 0}));
  v.resize(2, 0);
  EXPECT_TRUE(elements_equal(v, std::vector<std::uint32_t>{1, 2}));
  v.truncate(10);  // longer than the vector: no effect
  EXPECT_EQ(v.size(), 2u);
  v.resize(4);  // value-initialised
  EXPECT_TRUE(elements_equal(v, std::vector<std::uint32_t>{1, 2, 0, 0}));
}

TEST(ArenaVecGuide, FinishInsideATransactionSurvivesCommit) {
  Arena arena;
  std::span<std::uint32_t> via_arena;
  std::span<std::uint32_t> via_txn;
  {
    Transaction txn = arena.transaction();
    {
      ArenaVec<std::uint32_t> v(txn.arena());  // the guide's txn.arena_mut()
      v.append_range(std::vector<std::uint32_t>{1, 2, 3});
      via_arena = std::move(v).finish();
    }
    {
      ArenaVec<std::uint32_t> v(txn);  // directly on the transaction: budget-checked
      v.append_range(std::vector<std::uint32_t>{4, 5});
      via_txn = std::move(v).finish();
    }
    txn.commit();
  }
  EXPECT_TRUE(elements_equal(via_arena, std::vector<std::uint32_t>{1, 2, 3}));
  EXPECT_TRUE(elements_equal(via_txn, std::vector<std::uint32_t>{4, 5}));
  EXPECT_GE(arena.stats().bytes_allocated, 5 * sizeof(std::uint32_t));
}

TEST(ArenaVecGuide, PopAndExtendFromSlice) {
  Arena arena;
  ArenaVec<int> v(arena);
  EXPECT_EQ(v.pop(), std::nullopt);
  const int src[] = {7, 8, 9};
  v.extend_from_slice(src);
  v.extend_from_slice(std::span<const int>(src, 1));
  EXPECT_TRUE(elements_equal(v, std::vector<int>{7, 8, 9, 7}));
  EXPECT_EQ(v.pop(), std::optional<int>(7));
  EXPECT_EQ(v.pop(), std::optional<int>(9));
  v.pop_back();
  EXPECT_EQ(v.size(), 1u);
  EXPECT_EQ(v.back(), 7);
  v.clear();
  EXPECT_TRUE(v.empty());
  EXPECT_GE(v.capacity(), 4u);  // clear keeps capacity
}

TEST(ArenaVecGuide, TryReserveExactOverflow) {
  Arena arena = Arena::with_capacity(64);
  ArenaVec<std::uint32_t> v(arena);
  const std::optional<TryReserveError> error = v.try_reserve_exact(SIZE_MAX);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(*error, TryReserveError::capacity_overflow);
  EXPECT_EQ(to_string(*error), "capacity overflow");
  EXPECT_EQ(v.try_reserve(SIZE_MAX / 2), TryReserveError::capacity_overflow);
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  EXPECT_THROW(v.reserve_exact(SIZE_MAX), MisuseError);
}

TEST(ArenaVecGuide, TryReserveAllocErrorUnderABudget) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.set_limit(64);
  ArenaVec<std::uint64_t> v(txn);
  EXPECT_EQ(v.try_reserve_exact(8), std::nullopt);  // 64 bytes: exactly the budget
  EXPECT_EQ(v.try_reserve_exact(9), TryReserveError::alloc_error);
  EXPECT_EQ(to_string(TryReserveError::alloc_error), "memory allocation failed");
  for (std::uint64_t i = 0; i < 8; ++i) EXPECT_TRUE(v.try_push_back(i));
  EXPECT_FALSE(v.try_push_back(99));  // no room, budget spent: refused, not thrown
  EXPECT_EQ(v.size(), 8u);
  EXPECT_THROW(v.push_back(99), AllocError);
  EXPECT_EQ(txn.bytes_used(), 64u);
}

TEST(ArenaVecGuide, IntoIterDrainsInOrder) {
  Arena arena;
  ArenaVec<std::uint32_t> v(arena);
  v.append_range(std::vector<std::uint32_t>{10, 20, 30, 40, 50});
  std::vector<std::uint32_t> collected;
  for (std::uint32_t val : std::move(v).into_iter()) collected.push_back(val);
  EXPECT_EQ(collected, (std::vector<std::uint32_t>{10, 20, 30, 40, 50}));
  EXPECT_TRUE(v.empty());  // consumed

  ArenaVec<std::uint32_t> v2(arena, {1, 2, 3});
  ArenaVecIntoIter<std::uint32_t> iter = std::move(v2).into_iter();
  EXPECT_EQ(iter.size(), 3u);  // exact
  EXPECT_EQ(iter.next(), std::optional<std::uint32_t>(1));
  EXPECT_EQ(iter.size(), 2u);
}

TEST(ArenaVecGuide, IntoIterDropsTheRestLastFirst) {
  Tracked::clear();
  DropArena arena;
  {
    ArenaVec<Tracked> v(arena);
    for (int i = 1; i <= 5; ++i) v.emplace_back(i);
    ArenaVecIntoIter<Tracked> iter = std::move(v).into_iter();
    std::optional<Tracked> first = iter.next();
    EXPECT_EQ(first->value, 1);
    Tracked::destroyed.clear();
  }  // `first` goes, then the iterator drops 5, 4, 3, 2
  EXPECT_EQ(Tracked::destroyed, (std::vector<int>{1, 5, 4, 3, 2}));
  EXPECT_EQ(Tracked::alive, 0);
}

TEST(ArenaVecGuide, DropRunsDestructorsNowFinishDefersThemToTheArena) {
  Tracked::clear();
  DropArena arena;
  {
    ArenaVec<Tracked> v(arena);
    for (int i = 0; i < 3; ++i) v.emplace_back(i);
    EXPECT_EQ(Tracked::alive, 3);
  }  // dropped without finish: destructors run here; the arena keeps the memory
  EXPECT_EQ(Tracked::alive, 0);
  std::span<Tracked> kept;
  {
    ArenaVec<Tracked> v(arena);
    for (int i = 0; i < 3; ++i) v.emplace_back(i);
    kept = std::move(v).finish();
  }
  EXPECT_EQ(Tracked::alive, 3);  // finish: no destructor ran
  EXPECT_EQ(kept[2].value, 2);
  Tracked::destroyed.clear();
  arena.reset();  // the arena runs them, last first
  EXPECT_EQ(Tracked::alive, 0);
  EXPECT_EQ(Tracked::destroyed, (std::vector<int>{2, 1, 0}));
}

// A vector finished after a checkpoint puts its drop record exactly at the checkpoint's position
// (its full buffer needs no trimming). Rewinding there gives the record's memory back, so the
// record must run then (last first), and never again.
TEST(ArenaVec, ARecordAtExactlyTheRewindPositionRunsThere) {
  Tracked::clear();
  DropArena arena;
  ArenaVec<Tracked> v(arena);
  do {
    v.emplace_back(static_cast<int>(v.size()));
  } while (v.size() < v.capacity());
  const std::size_t n = v.size();
  const Checkpoint cp = arena.checkpoint();
  (void)std::move(v).finish();
  EXPECT_EQ(Tracked::alive, static_cast<int>(n));
  arena.rewind(cp);
  EXPECT_EQ(Tracked::alive, 0);
  ASSERT_EQ(Tracked::destroyed.size(), n);
  EXPECT_EQ(Tracked::destroyed.front(), static_cast<int>(n) - 1);
  arena.alloc_zeroed(4096, 64);  // over where the record was
  arena.reset();
  EXPECT_EQ(Tracked::destroyed.size(), n);  // nothing ran twice
}

TEST(ArenaVec, GrowsInPlaceWhileItIsTheMostRecentAllocation) {
  Arena arena;  // 64 KiB: room for 4096 u32 without a new block
  arena.alloc<std::uint64_t>(1);
  const ArenaStats before = arena.stats();
  ArenaVec<std::uint32_t> v(arena);
  v.push_back(0);
  const std::uint32_t* first_buffer = v.data();
  for (std::uint32_t i = 1; i < 4096; ++i) v.push_back(i);
  EXPECT_EQ(v.data(), first_buffer);  // never moved
  const ArenaStats after = arena.stats();
  EXPECT_EQ(after.bytes_allocated - before.bytes_allocated, v.capacity() * sizeof(std::uint32_t));
  EXPECT_EQ(v.capacity(), 4096u);
  EXPECT_EQ(after.block_count, before.block_count);
  for (std::uint32_t i = 0; i < 4096; ++i) ASSERT_EQ(v[i], i);
}

TEST(ArenaVec, MovesWhenSomethingWasAllocatedAfterIt) {
  Arena arena;
  ArenaVec<std::uint32_t> v(arena, {1, 2, 3});
  v.reserve(4);
  const std::uint32_t* old = v.data();
  arena.alloc<std::uint64_t>(7);  // now the vector is not the most recent allocation
  for (std::uint32_t i = 4; i <= 100; ++i) v.push_back(i);
  EXPECT_NE(v.data(), old);
  for (std::uint32_t i = 0; i < 100; ++i) ASSERT_EQ(v[i], i + 1);
}

TEST(ArenaVec, NonTrivialElementsSurviveRelocation) {
  DropArena arena;
  ArenaVec<std::string> v(arena);
  std::vector<std::string> expected;
  for (int i = 0; i < 200; ++i) {
    expected.push_back("element number " + std::to_string(i) + " with a long enough tail");
    v.push_back(expected.back());
    if (i % 7 == 0) arena.alloc<int>(i);  // force moves now and then
  }
  EXPECT_TRUE(elements_equal(v, expected));
}

TEST(ArenaVec, WorksWithAlgorithmsAndRangeFor) {
  Arena arena;
  ArenaVec<int> v(arena, {5, 3, 9, 1, 7});
  std::sort(v.begin(), v.end());
  EXPECT_TRUE(elements_equal(v, std::vector<int>{1, 3, 5, 7, 9}));
  EXPECT_EQ(std::accumulate(v.begin(), v.end(), 0), 25);
  int sum = 0;
  for (int x : v) sum += x;
  EXPECT_EQ(sum, 25);
  EXPECT_EQ(*std::max_element(v.begin(), v.end()), 9);
  EXPECT_EQ(v.rbegin()[0], 9);
  std::reverse(v.begin(), v.end());
  EXPECT_EQ(v.front(), 9);
}

TEST(ArenaVec, MoveConstructionAndAssignment) {
  Arena arena;
  ArenaVec<int> a(arena, {1, 2});
  ArenaVec<int> b(std::move(a));
  EXPECT_TRUE(a.empty());
  EXPECT_TRUE(elements_equal(b, std::vector<int>{1, 2}));
  ArenaVec<int> c(arena, {9});
  c = std::move(b);
  EXPECT_TRUE(elements_equal(c, std::vector<int>{1, 2}));
  c.push_back(3);
  EXPECT_EQ(c.size(), 3u);
}

TEST(ArenaVecMisuse, GrowingInsideATransactionOpenedLater) {
  Arena arena;
  ArenaVec<int> v(arena, {1, 2, 3, 4});
  {
    Transaction txn = arena.transaction();
    v.push_back(5);  // within its capacity (16): no allocation, fine
    try {
      for (int i = 0; i < 100; ++i) v.push_back(i);
      FAIL() << "growth inside a later transaction must be refused";
    } catch (const MisuseError& e) {
      EXPECT_NE(std::string(e.what()).find("created at transaction depth 0 cannot grow at depth 1"),
                std::string::npos)
          << e.what();
    }
  }
  for (int i = 0; i < 100; ++i) v.push_back(i);  // fine again once it is closed
}

TEST(ArenaVecMisuse, GrowingThroughATransactionWhileASavepointIsOpen) {
  Arena arena;
  Transaction txn = arena.transaction();
  ArenaVec<int> v(txn);
  Transaction sp = txn.savepoint();
  EXPECT_THROW(v.push_back(1), MisuseError);
}

TEST(ArenaVecMisuse, GrowingAfterItsTransactionWasCommitted) {
  Arena arena;
  Transaction txn = arena.transaction();
  ArenaVec<int> v(txn);
  txn.commit();
  try {
    v.push_back(1);
    FAIL();
  } catch (const MisuseError& e) {
    EXPECT_NE(std::string(e.what()).find("after the transaction it was created on was committed"),
              std::string::npos);
  }
}

// Transactions at the same depth share the core's frame slot: a vector of a committed one must
// not take the next one, opened in its slot, for its own.
TEST(ArenaVecMisuse, GrowingAfterItsTransactionWasCommittedAndAnotherOpenedAtItsDepth) {
  Arena arena;
  std::optional<ArenaVec<int>> v;
  {
    Transaction first = arena.transaction();
    v.emplace(first);
    first.commit();
  }
  Transaction second = arena.transaction();
  ASSERT_EQ(second.depth(), 1u);
  const Checkpoint before = arena.checkpoint();
  try {
    v->push_back(1);
    FAIL();
  } catch (const MisuseError& e) {
    EXPECT_NE(std::string(e.what()).find("after the transaction it was created on was committed"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(arena.checkpoint(), before);  // nothing was allocated in the second one's name
}

// An empty vector's first buffer comes from the fast path when the arena's block has room. The
// tests above meet an arena without a block, where every first buffer takes the general growth;
// these give the arena its block first.
TEST(ArenaVecMisuse, TheFirstBufferIsRefusedOutOfScopeWhenTheBlockHasRoom) {
  {
    Arena arena;
    arena.alloc<int>(0);
    ArenaVec<int> v(arena);
    Transaction later = arena.transaction();
    const Checkpoint before = arena.checkpoint();
    try {
      v.push_back(1);
      ADD_FAILURE() << "a first buffer inside a later transaction must be refused";
    } catch (const MisuseError& e) {
      EXPECT_NE(std::string(e.what()).find("created at transaction depth 0 cannot grow at depth 1"),
                std::string::npos)
          << e.what();
    }
    EXPECT_EQ(arena.checkpoint(), before);
  }
  {
    Arena arena;
    arena.alloc<int>(0);
    Transaction txn = arena.transaction();
    ArenaVec<int> v(txn);
    Transaction sp = txn.savepoint();
    const Checkpoint before = arena.checkpoint();
    EXPECT_THROW(v.push_back(1), MisuseError);
    EXPECT_EQ(arena.checkpoint(), before);
  }
  {
    Arena arena;
    arena.alloc<int>(0);
    std::optional<ArenaVec<int>> v;
    {
      Transaction first = arena.transaction();
      v.emplace(first);
      first.commit();
    }
    Transaction second = arena.transaction();
    const Checkpoint before = arena.checkpoint();
    EXPECT_THROW(v->push_back(1), MisuseError);
    EXPECT_EQ(arena.checkpoint(), before);
  }
}

TEST(ArenaVecFinish, GivesBackSpareCapacityWhenLast) {
  Arena arena;
  ArenaVec<std::uint64_t> v(arena);
  for (std::uint64_t i = 0; i < 9; ++i) v.push_back(i);  // capacity 16 after growing in place
  ASSERT_GT(v.capacity(), v.size());
  const std::span<std::uint64_t> frozen = std::move(v).finish();
  EXPECT_EQ(arena.stats().bytes_allocated, 9 * sizeof(std::uint64_t));
  // The next allocation starts right after the frozen elements.
  EXPECT_EQ(arena.alloc<std::uint64_t>(99), frozen.data() + 9);
  EXPECT_EQ(frozen[8], 8u);
}

TEST(ArenaVecFinish, KeepsCapacityWhenSomethingWasAllocatedAfterIt) {
  Arena arena;
  ArenaVec<std::uint64_t> v(arena);
  v.push_back(1);
  arena.alloc<std::uint64_t>(2);
  const std::size_t before = arena.stats().bytes_allocated;
  const std::span<std::uint64_t> frozen = std::move(v).finish();
  EXPECT_EQ(arena.stats().bytes_allocated, before);
  EXPECT_EQ(frozen.size(), 1u);
}

TEST(ArenaVecFinish, DoesNotTrimBelowASavepointOpenedAfterIt) {
  Arena arena;
  Transaction txn = arena.transaction();
  ArenaVec<std::uint64_t> v(txn);
  v.push_back(1);
  const std::size_t before = arena.stats().bytes_allocated;
  {
    Transaction inner = txn.savepoint();
    const std::span<std::uint64_t> frozen = std::move(v).finish();
    EXPECT_EQ(frozen[0], 1u);
    EXPECT_EQ(arena.stats().bytes_allocated, before);  // the savepoint's start stays put
  }
  EXPECT_EQ(arena.stats().bytes_allocated, before);
}

}  // namespace
}  // namespace fastarena
