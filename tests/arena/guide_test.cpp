// SPDX-License-Identifier: MIT
// Every example of the Rust crate's guide (arena, transactions, checkpoints, budgets, stats,
// display texts), in C++, asserting the values the guide states.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "fastarena/arena.h"

#if !defined(__clang__) || __clang_major__ >= 16  // clang < 16 cannot compile libstdc++'s views
#include <ranges>
#define FASTARENA_HAVE_VIEWS 1
#endif

namespace fastarena {
namespace {

struct Point {
  double x;
  double y;
};

std::vector<std::uint32_t> iota_vector(std::uint32_t n) {
  std::vector<std::uint32_t> v(n);
  for (std::uint32_t i = 0; i < n; ++i) v[i] = i;
  return v;
}

TEST(Guide, BasicAllocation) {
  Arena arena;
  std::uint64_t* x = arena.alloc<std::uint64_t>(42);
#if FASTARENA_HAVE_VIEWS
  std::span<std::uint32_t> squares = arena.alloc_slice(std::views::iota(0u, 8u));
#else
  std::span<std::uint32_t> squares = arena.alloc_slice(iota_vector(8));
#endif
  std::string_view s = arena.alloc_str("hello");
  EXPECT_EQ(*x, 42u);
  ASSERT_EQ(squares.size(), 8u);
  for (std::uint32_t i = 0; i < 8; ++i) EXPECT_EQ(squares[i], i);
  EXPECT_EQ(s, "hello");
  EXPECT_EQ(s.data()[5], '\0');  // also a C string

  const ArenaStats before = arena.stats();
  arena.reset();  // pages stay: same reservation, nothing in use
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  EXPECT_EQ(arena.stats().bytes_reserved, before.bytes_reserved);
  EXPECT_EQ(arena.stats().block_count, before.block_count);
}

TEST(Guide, TransactionsAutoRollback) {
  Arena arena;
  // Success commits: the C++ Ok(100) is an engaged optional.
  std::optional<std::uint32_t> result =
      arena.with_transaction([](Transaction& txn) -> std::optional<std::uint32_t> {
        txn.alloc_str("fastarena");
        std::uint32_t* score = txn.alloc<std::uint32_t>(100);
        return *score;
      });
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 100u);
  const std::size_t committed = arena.stats().bytes_allocated;
  EXPECT_GE(committed, sizeof("fastarena") + sizeof(std::uint32_t));

  // Failure rolls back both u32s.
  std::optional<int> failed = arena.with_transaction([](Transaction& txn) -> std::optional<int> {
    txn.alloc<std::uint32_t>(1);
    txn.alloc<std::uint32_t>(2);
    return std::nullopt;  // "abort"
  });
  EXPECT_FALSE(failed.has_value());
  EXPECT_EQ(arena.stats().bytes_allocated, committed);

  const std::uint32_t val = arena.with_transaction_infallible(
      [](Transaction& txn) { return *txn.alloc<std::uint32_t>(7) * 6; });
  EXPECT_EQ(val, 42u);
  EXPECT_GT(arena.stats().bytes_allocated, committed);
  EXPECT_EQ(arena.transaction_depth(), 0u);
}

TEST(Guide, NestedSavepoints) {
  Arena arena;
  Transaction outer = arena.transaction();
  std::string_view top = outer.alloc_str("top-level");
  {
    Transaction inner = outer.savepoint();
    inner.alloc_str("speculative-opt");
    inner.alloc<std::uint32_t>(999);
    EXPECT_EQ(arena.transaction_depth(), 2u);
    // dropped without commit: inner work discarded, outer untouched
  }
  EXPECT_EQ(outer.bytes_used(), sizeof("top-level"));
  std::string_view confirmed = outer.alloc_str("confirmed");
  EXPECT_EQ(outer.commit(), TxnStatus::committed);
  EXPECT_EQ(top, "top-level");
  EXPECT_EQ(confirmed, "confirmed");
  EXPECT_EQ(arena.stats().bytes_allocated, sizeof("top-level") + sizeof("confirmed"));
}

TEST(Guide, TransactionBudget) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.set_limit(4096);
  std::vector<std::uint8_t> half(2048, 0);
  std::vector<std::uint8_t> full(4096, 0);
  EXPECT_EQ(txn.alloc_slice(half).size(), 2048u);       // ok: 2048 arena bytes
  EXPECT_THROW(txn.alloc_slice(full), AllocError);      // 2048 + 4096 > 4096
  EXPECT_THROW(txn.alloc_slice(full), std::bad_alloc);  // an allocation failure
  EXPECT_EQ(txn.budget_remaining(), std::optional<std::size_t>(2048));
  EXPECT_EQ(txn.commit(), TxnStatus::committed);
}

TEST(Guide, BudgetSeesOnlyArenaBytes) {
  // The guide's "BAD" case: a container stores only its header in the arena, so the budget sees
  // sizeof(std::vector), not the heap buffer. (It has a destructor: a DropArena holds it.)
  DropArena arena;
  DropTransaction txn = arena.transaction();
  txn.set_limit(4096);
  auto* v = txn.alloc(std::vector<std::uint8_t>(9999, 0));  // does not throw
  EXPECT_EQ(v->size(), 9999u);
  EXPECT_LT(txn.bytes_used(), 4096u);
  txn.commit();
}

TEST(Guide, DropTrackingRunsLifo) {
  std::vector<std::string> dropped;
  struct Noisy {
    std::vector<std::string>* log;
    std::string name;
    ~Noisy() { log->push_back(name); }
  };
  DropArena arena;
  const Checkpoint cp = arena.checkpoint();
  arena.alloc(Noisy{&dropped, "hello"});
  arena.alloc(Noisy{&dropped, "world"});
  dropped.clear();  // the moved-from temporaries above were destroyed too
  arena.rewind(cp);
  EXPECT_EQ(dropped, (std::vector<std::string>{"world", "hello"}));
}

TEST(Guide, Constructors) {
  Arena arena;
  arena.alloc<std::uint8_t>(1);
  EXPECT_EQ(arena.stats().bytes_reserved, 64u * 1024);  // 64 KiB initial block
  Arena big = Arena::with_capacity(1024 * 1024);
  big.alloc<std::uint8_t>(1);
  EXPECT_EQ(big.stats().bytes_reserved, 1024u * 1024);
  Arena also_big(1024 * 1024);
  also_big.alloc<std::uint8_t>(1);
  EXPECT_EQ(also_big.stats().bytes_reserved, 1024u * 1024);
}

TEST(Guide, AllocationMethods) {
  Arena arena;
  Point* p = arena.alloc(Point{1.0, 2.0});
  EXPECT_EQ(p->x, 1.0);
  EXPECT_EQ(p->y, 2.0);
  std::span<std::uint32_t> slice = arena.alloc_slice(iota_vector(100));
  EXPECT_EQ(slice.size(), 100u);
  EXPECT_EQ(slice[99], 99u);
  EXPECT_EQ(arena.alloc_str("hello"), "hello");
  void* raw = arena.alloc_raw(4096, 4096);  // page-aligned
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(raw) % 4096, 0u);
  void* buf = arena.alloc_cache_aligned(256);  // cache-line aligned
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(buf) % 64, 0u);
  auto* zero = static_cast<unsigned char*>(arena.alloc_zeroed(64, 16));
  for (int i = 0; i < 64; ++i) EXPECT_EQ(zero[i], 0);
  std::uint64_t* u = arena.alloc_uninit<std::uint64_t>();
  *u = 7;
  EXPECT_EQ(*u, 7u);
  const int src[] = {1, 2, 3};
  std::span<int> c = arena.alloc_slice_copy(std::span<const int>(src));
  EXPECT_EQ(c[0] + c[1] + c[2], 6);
  EXPECT_NE(c.data(), src);
}

TEST(Guide, FallibleAllocation) {
  Arena arena = Arena::with_capacity(64);
  std::uint64_t* val = arena.try_alloc<std::uint64_t>(42);
  ASSERT_NE(val, nullptr);
  EXPECT_EQ(*val, 42u);
  EXPECT_NE(arena.try_alloc_str("hi"), std::nullopt);
  EXPECT_NE(arena.try_alloc_raw(16, 8), nullptr);
  EXPECT_NE(arena.try_alloc_zeroed(16, 8), nullptr);
  EXPECT_NE(arena.try_alloc_cache_aligned(16), nullptr);
  EXPECT_NE(arena.try_alloc_slice(iota_vector(4)), std::nullopt);
  const int src[] = {4, 5};
  EXPECT_NE(arena.try_alloc_slice_copy(std::span<const int>(src)), std::nullopt);
}

TEST(Guide, CheckpointRewindReset) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  const Checkpoint cp = arena.checkpoint();
  arena.alloc<std::uint64_t>(2);
  arena.alloc<std::uint64_t>(3);
  arena.rewind(cp);  // 2 and 3 gone
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);
  arena.reset();
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
}

TEST(Guide, ClosureApi) {
  Arena arena;
  std::optional<std::uint32_t> ok =
      arena.with_transaction([](Transaction& txn) -> std::optional<std::uint32_t> {
        return *txn.alloc<std::uint32_t>(21) * 2;
      });
  EXPECT_EQ(ok, std::optional<std::uint32_t>(42));
  const std::size_t after_ok = arena.stats().bytes_allocated;
  EXPECT_EQ(after_ok, 4u);  // committed
  const bool failed = arena.with_transaction([](Transaction& txn) {
    txn.alloc<std::uint32_t>(1);
    return false;  // "fail"
  });
  EXPECT_FALSE(failed);
  EXPECT_EQ(arena.stats().bytes_allocated, after_ok);  // rolled back
}

TEST(Guide, ManualApiAndNestedSavepoints) {
  Arena arena;
  {
    Transaction txn = arena.transaction();
    txn.alloc<std::uint32_t>(1);
    txn.alloc<std::uint32_t>(2);
    txn.commit();
  }
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);
  {
    Transaction dropped = arena.transaction();
    dropped.alloc<std::uint32_t>(3);
  }  // drop rolls back
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);

  Transaction outer = arena.transaction();
  std::uint32_t* one = outer.alloc<std::uint32_t>(1);
  {
    Transaction inner = outer.savepoint();
    inner.alloc<std::uint32_t>(2);
  }                // only inner rolled back
  outer.commit();  // 1 survives
  EXPECT_EQ(*one, 1u);
  EXPECT_EQ(arena.stats().bytes_allocated, 12u);
}

TEST(Guide, BudgetEnforcement) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.set_limit(1024);
  EXPECT_EQ(txn.alloc_slice(std::vector<std::uint8_t>(512, 0)).size(), 512u);
  EXPECT_THROW(txn.alloc_slice(std::vector<std::uint8_t>(1024, 0)), AllocError);
  EXPECT_EQ(txn.try_alloc_slice(std::vector<std::uint8_t>(1024, 0)), std::nullopt);
  EXPECT_EQ(txn.bytes_used(), 512u);
  txn.commit();
}

TEST(Guide, StatsUtilization) {
  Arena arena(1000);
  arena.alloc_raw(250, 1);
  const ArenaStats stats = arena.stats();
  EXPECT_DOUBLE_EQ(stats.utilization(), 0.25);
  EXPECT_EQ(stats.bytes_idle(), 750u);
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << stats.utilization() * 100.0 << "% utilized";
  EXPECT_EQ(out.str(), "25.0% utilized");
}

TEST(Guide, CheckpointUsage) {
  Arena arena;
  std::uint64_t* x = arena.alloc<std::uint64_t>(10);
  const Checkpoint cp = arena.checkpoint();
  arena.alloc<std::uint64_t>(20);
  arena.alloc<std::uint64_t>(30);
  arena.rewind(cp);    // 20 and 30 gone
  EXPECT_EQ(*x, 10u);  // pre-checkpoint data still valid

  const Checkpoint cp2 = arena.checkpoint();
  const Checkpoint cp3 = cp2;  // trivially copyable
  static_assert(std::is_trivially_copyable_v<Checkpoint>);
  arena.alloc<std::uint64_t>(40);
  arena.rewind(cp3);  // 40 gone

  const Checkpoint now = arena.checkpoint();
  EXPECT_EQ(to_string(now), "Checkpoint(block=0, offset=8, bytes=8)");
  std::ostringstream out;
  out << now;
  EXPECT_EQ(out.str(), "Checkpoint(block=0, offset=8, bytes=8)");
}

TEST(Guide, SpeculativeWorkPattern) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  const Checkpoint cp = arena.checkpoint();
  const bool success = false;
  arena.alloc<std::uint64_t>(2);
  arena.alloc<std::uint64_t>(3);
  if (!success) arena.rewind(cp);  // undo speculative allocations, keep original
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);
}

TEST(Guide, TxnStatusDisplay) {
  Arena arena;
  {
    Transaction txn = arena.transaction();
    txn.alloc<std::uint32_t>(42);
    const TxnStatus status = txn.commit();
    EXPECT_EQ(status, TxnStatus::committed);
    EXPECT_EQ(to_string(status), "committed");
  }
  {
    Transaction txn = arena.transaction();
    txn.alloc<std::uint32_t>(1);
    const TxnStatus status = txn.rollback();
    EXPECT_EQ(status, TxnStatus::rolled_back);
    std::ostringstream out;
    out << status;
    EXPECT_EQ(out.str(), "rolled back");
  }
}

TEST(Guide, TxnDiff) {
  Arena arena;
  Transaction txn = arena.transaction();
  TxnDiff diff = txn.diff();
  EXPECT_EQ(diff.bytes_allocated, 0u);
  EXPECT_EQ(diff.blocks_touched, 0u);
  txn.alloc<std::uint64_t>(100);
  txn.alloc_slice(std::vector<std::uint8_t>(256, 0));
  diff = txn.diff();
  EXPECT_EQ(diff.bytes_allocated, 264u);
  EXPECT_EQ(diff.blocks_touched, 1u);
  EXPECT_EQ(to_string(diff), "264 bytes in 1 block(s)");
  txn.commit();
}

TEST(Guide, ResetOverRecreate) {
  Arena arena;
  for (int batch = 0; batch < 10; ++batch) {
    for (int i = 0; i < 1000; ++i) arena.alloc<std::uint64_t>(static_cast<std::uint64_t>(i));
    arena.reset();
  }
  EXPECT_EQ(arena.block_count(), 1u);  // 8000 bytes per batch fit the first block every time
}

TEST(Guide, ServerBudgetPerRequest) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.set_limit(64 * 1024);  // 64 KB per request
  EXPECT_EQ(txn.budget_remaining(), std::optional<std::size_t>(64 * 1024));
  txn.alloc_raw(1000, 8);
  EXPECT_EQ(txn.budget_remaining(), std::optional<std::size_t>(64 * 1024 - 1000));
  txn.commit();
}

}  // namespace
}  // namespace fastarena
