// SPDX-License-Identifier: MIT
// Transactions: introspection, budgets across savepoints, nesting, the closure API's outcome
// types, and exceptions.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>

#include "fastarena/arena.h"
#include "fastarena/arena_options.h"

// A user-defined outcome type, plugged in through the trait.
struct Verdict {
  bool accepted;
};
template <>
struct fastarena::TransactionOutcome<Verdict> {
  static bool succeeded(const Verdict& v) { return v.accepted; }
};

namespace fastarena {
namespace {

TEST(Transaction, Introspection) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  Transaction txn = arena.transaction();
  EXPECT_EQ(txn.depth(), 1u);
  EXPECT_EQ(txn.arena_depth(), 1u);
  EXPECT_EQ(txn.checkpoint().bytes(), 8u);
  EXPECT_EQ(&txn.arena(), &arena);
  EXPECT_FALSE(txn.is_committed());
  EXPECT_EQ(txn.budget_remaining(), std::nullopt);
  txn.alloc<std::uint32_t>(7);
  EXPECT_EQ(txn.bytes_used(), 4u);
  {
    Transaction sp = txn.savepoint();
    EXPECT_EQ(sp.depth(), 2u);
    EXPECT_EQ(sp.arena_depth(), 2u);
    EXPECT_EQ(txn.arena_depth(), 2u);
  }
  EXPECT_EQ(txn.arena_depth(), 1u);
  txn.commit();
  EXPECT_TRUE(txn.is_committed());
  EXPECT_EQ(arena.transaction_depth(), 0u);
}

TEST(Transaction, BudgetAtTheExactLimitAndOneByteOver) {
  Arena arena;
  {
    Transaction txn = arena.transaction();
    txn.set_limit(4096);
    txn.alloc_raw(4096, 1);  // exactly the budget
    EXPECT_EQ(txn.budget_remaining(), std::optional<std::size_t>(0));
    EXPECT_EQ(txn.try_alloc_raw(0, 1) != nullptr, true);  // nothing more is still fine
    EXPECT_EQ(txn.try_alloc_raw(1, 1), nullptr);
  }
  {
    Transaction txn = arena.transaction();
    txn.set_limit(4096);
    EXPECT_THROW(txn.alloc_raw(4097, 1), AllocError);  // one byte over
    EXPECT_EQ(txn.bytes_used(), 0u);
  }
}

TEST(Transaction, BudgetMessageNamesTheFigures) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.set_limit(100);
  txn.alloc_raw(60, 1);
  try {
    txn.alloc_raw(50, 1);
    FAIL() << "expected AllocError";
  } catch (const AllocError& e) {
    EXPECT_STREQ(e.what(),
                 "fastarena: transaction budget exceeded: 50 bytes requested, 40 bytes of the "
                 "budget remain");
  }
}

TEST(Transaction, SavepointBytesCountTowardEveryEnclosingBudget) {
  Arena arena;
  Transaction outer = arena.transaction();
  outer.set_limit(1000);
  outer.alloc_raw(400, 1);
  {
    Transaction sp = outer.savepoint();  // no budget of its own: the outer one applies
    EXPECT_EQ(sp.budget_remaining(), std::optional<std::size_t>(600));
    sp.alloc_raw(500, 1);
    EXPECT_EQ(sp.try_alloc_raw(101, 1), nullptr);
    sp.commit();
  }
  EXPECT_EQ(outer.bytes_used(), 900u);
  EXPECT_EQ(outer.budget_remaining(), std::optional<std::size_t>(100));
}

TEST(Transaction, SavepointMayOnlyTightenTheBudget) {
  Arena arena;
  Transaction outer = arena.transaction();
  outer.set_limit(1000);
  {
    Transaction sp = outer.savepoint();
    sp.set_limit(100);  // tighter: wins
    EXPECT_EQ(sp.budget_remaining(), std::optional<std::size_t>(100));
    EXPECT_EQ(sp.try_alloc_raw(101, 1), nullptr);
    sp.set_limit(5000);  // looser than the outer budget: the outer one still applies
    EXPECT_EQ(sp.budget_remaining(), std::optional<std::size_t>(1000));
    EXPECT_EQ(sp.try_alloc_raw(1001, 1), nullptr);
  }
}

TEST(Transaction, LimitBelowWhatIsUsedLeavesNothing) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.alloc_raw(100, 1);
  txn.set_limit(50);
  EXPECT_EQ(txn.budget_remaining(), std::optional<std::size_t>(0));
  EXPECT_EQ(txn.try_alloc_raw(1, 1), nullptr);
}

TEST(Transaction, FiveNestedSavepointsWithMixedCommitAndRollback) {
  Arena arena;
  Transaction t1 = arena.transaction();
  t1.alloc_raw(1, 1);
  {
    Transaction t2 = t1.savepoint();
    t2.alloc_raw(2, 1);
    {
      Transaction t3 = t2.savepoint();
      t3.alloc_raw(4, 1);
      {
        Transaction t4 = t3.savepoint();
        t4.alloc_raw(8, 1);
        {
          Transaction t5 = t4.savepoint();
          t5.alloc_raw(16, 1);
          EXPECT_EQ(t5.depth(), 5u);
          EXPECT_EQ(arena.transaction_depth(), 5u);
          t5.commit();  // 16 joins t4
        }
        EXPECT_EQ(t4.bytes_used(), 24u);
        t4.rollback();  // 8 and 16 go
      }
      EXPECT_EQ(t3.bytes_used(), 4u);
      t3.commit();  // 4 joins t2
    }
    EXPECT_EQ(t2.bytes_used(), 6u);
    // t2 dropped: 2 and 4 go
  }
  EXPECT_EQ(t1.bytes_used(), 1u);
  t1.commit();
  EXPECT_EQ(arena.stats().bytes_allocated, 1u);
  EXPECT_EQ(arena.transaction_depth(), 0u);
}

// Opens a savepoint of `txn` and allocates one word in it, down to depth `last`; on the way out
// rolls back the odd depths and commits the even ones.
void nest(Arena& arena, Transaction& txn, std::size_t last) {
  EXPECT_EQ(arena.transaction_depth(), txn.depth());
  if (txn.depth() == last) {
    EXPECT_EQ(arena.stats().bytes_allocated, (last - 1) * sizeof(std::uint64_t));
    return;
  }
  Transaction sp = txn.savepoint();
  EXPECT_EQ(sp.depth(), txn.depth() + 1);
  sp.alloc<std::uint64_t>(sp.depth());
  nest(arena, sp, last);
  if (sp.depth() % 2 == 1) {
    sp.rollback();
  } else {
    sp.commit();
  }
}

// The core keeps a few frame slots inline and makes deeper ones on the heap: every depth
// behaves alike, and slots are reused by later transactions at the same depth.
TEST(Transaction, SavepointsDeeperThanTheInlineSlots) {
  Arena arena;
  for (int round = 0; round < 3; ++round) {
    Transaction txn = arena.transaction();
    nest(arena, txn, 12);
    EXPECT_EQ(arena.transaction_depth(), 1u);
    // Depth 3 rolled back everything from depth 3 up; depth 2 committed its own word.
    EXPECT_EQ(txn.bytes_used(), sizeof(std::uint64_t));
    txn.rollback();
    EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  }
}

// A rollback within the block it started in is the inline path; from a later block, or past an
// oversized allocation, the slow path finds the block the start lies in: here the start was
// taken before any block existed (only an oversized allocation), then in mid-block.
TEST(Transaction, RollsBackAcrossBlocksAndOversizedAllocations) {
  Arena arena(ArenaOptions{.first_block = 64, .growth = 1});
  arena.alloc_raw(1000, 8);  // bigger than a block: a block of its own, none entered
  {
    Transaction txn = arena.transaction();
    for (int i = 0; i < 40; ++i) txn.alloc<std::uint64_t>(i);  // five blocks
    txn.alloc_raw(500, 8);
    EXPECT_GT(arena.block_count(), 5u);
  }
  EXPECT_EQ(arena.stats().bytes_allocated, 1000u);
  std::uint64_t* first = arena.alloc<std::uint64_t>(7);
  EXPECT_EQ(arena.stats().bytes_allocated, 1008u);
  {
    Transaction txn = arena.transaction();  // in mid-block
    for (int i = 0; i < 20; ++i) txn.alloc<std::uint64_t>(i);
    txn.alloc_raw(300, 8);
    txn.rollback();
  }
  EXPECT_EQ(arena.stats().bytes_allocated, 1008u);
  EXPECT_EQ(*first, 7u);
  // The arena goes on from exactly there: the next word is the one after `first`.
  EXPECT_EQ(arena.alloc<std::uint64_t>(8), first + 1);
}

// A savepoint's close leaves its parent's inline bound to be re-derived at the parent's next
// allocation: the parent allocates again, within its budget, as before.
TEST(Transaction, ParentAllocatesWithinItsBudgetAfterASavepointCloses) {
  Arena arena;
  Transaction outer = arena.transaction();
  outer.set_limit(64);
  {
    Transaction sp = outer.savepoint();
    sp.alloc_raw(32, 8);
    sp.commit();
  }
  EXPECT_EQ(outer.budget_remaining(), 32u);
  EXPECT_NE(outer.try_alloc_raw(32, 8), nullptr);
  EXPECT_EQ(outer.try_alloc_raw(1, 1), nullptr);  // the budget still holds
  EXPECT_EQ(outer.bytes_used(), 64u);
}

// A budget belongs to its transaction: the next one opened at the same depth has none.
TEST(Transaction, ABudgetDoesNotOutliveItsTransaction) {
  Arena arena;
  {
    Transaction first = arena.transaction();
    first.set_limit(8);
    Transaction sp = first.savepoint();  // inherits the budget
    EXPECT_EQ(sp.budget_remaining(), 8u);
  }
  Transaction second = arena.transaction();
  EXPECT_EQ(second.budget_remaining(), std::nullopt);
  Transaction sp = second.savepoint();
  EXPECT_EQ(sp.budget_remaining(), std::nullopt);
  EXPECT_NE(sp.try_alloc_raw(4096, 8), nullptr);
}

TEST(Transaction, ArenaAccessInsideATransactionIsRolledBackWithIt) {
  Arena arena;
  {
    Transaction txn = arena.transaction();
    txn.arena().alloc<std::uint64_t>(5);  // Rust: txn.arena_mut()
    EXPECT_EQ(txn.bytes_used(), 8u);
  }
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
}

TEST(Transaction, OutcomeTypesDecide) {
  Arena arena;
  EXPECT_TRUE(arena.with_transaction([](Transaction& t) { return t.alloc<int>(1) != nullptr; }));
  EXPECT_EQ(arena.stats().bytes_allocated, 4u);

  int* kept = arena.with_transaction([](Transaction& t) { return t.alloc<int>(2); });
  EXPECT_EQ(*kept, 2);
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);

  int* none = arena.with_transaction([](Transaction& t) -> int* {
    t.alloc<int>(3);
    return nullptr;
  });
  EXPECT_EQ(none, nullptr);
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);

  const Verdict rejected = arena.with_transaction([](Transaction& t) {
    t.alloc<int>(4);
    return Verdict{false};
  });
  EXPECT_FALSE(rejected.accepted);
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);
  const Verdict accepted = arena.with_transaction([](Transaction& t) {
    t.alloc<int>(4);
    return Verdict{true};
  });
  EXPECT_TRUE(accepted.accepted);
  EXPECT_EQ(arena.stats().bytes_allocated, 12u);
}

TEST(Transaction, ExceptionRollsBackAndPropagates) {
  Arena arena;
  arena.alloc<int>(1);
  EXPECT_THROW(arena.with_transaction([](Transaction& t) -> bool {
    t.alloc_raw(1000, 8);
    Transaction sp = t.savepoint();
    sp.alloc_raw(1000, 8);
    throw std::runtime_error("parse error");
  }),
               std::runtime_error);
  EXPECT_EQ(arena.stats().bytes_allocated, 4u);
  EXPECT_EQ(arena.transaction_depth(), 0u);
}

TEST(Transaction, InfallibleCommitsEvenWhenTheCallableThrows) {
  Arena arena;
  EXPECT_THROW(arena.with_transaction_infallible([](Transaction& t) {
    t.alloc<std::uint64_t>(1);
    throw std::runtime_error("late failure");
  }),
               std::runtime_error);
  EXPECT_EQ(arena.stats().bytes_allocated, 8u);
  EXPECT_EQ(arena.transaction_depth(), 0u);
  arena.with_transaction_infallible([](Transaction& t) { t.alloc<std::uint64_t>(2); });  // void
  EXPECT_EQ(arena.stats().bytes_allocated, 16u);
}

TEST(Transaction, RollbackRunsDestructorsInADropArena) {
  int alive = 0;
  struct Counted {
    int* alive;
    explicit Counted(int* a) : alive(a) { ++*alive; }
    ~Counted() { --*alive; }
  };
  DropArena arena;
  {
    DropTransaction txn = arena.transaction();
    txn.alloc<Counted>(&alive);
    {
      DropTransaction sp = txn.savepoint();
      sp.alloc<Counted>(&alive);
      sp.alloc<Counted>(&alive);
      EXPECT_EQ(alive, 3);
    }
    EXPECT_EQ(alive, 1);  // the savepoint's two are gone
    txn.commit();
  }
  EXPECT_EQ(alive, 1);
  arena.reset();
  EXPECT_EQ(alive, 0);
  {
    DropArena scoped;
    scoped.alloc<Counted>(&alive);
    EXPECT_EQ(alive, 1);
  }
  EXPECT_EQ(alive, 0);  // destruction runs them too
}

TEST(Transaction, DropArenaSliceDestroysEveryElementLastFirst) {
  std::vector<int> order;
  struct Tagged {
    std::vector<int>* order;
    int tag;
    Tagged(std::vector<int>* o, int t) : order(o), tag(t) {}
    Tagged(const Tagged&) = default;
    ~Tagged() { order->push_back(tag); }
  };
  DropArena arena;
  {
    std::vector<Tagged> src{{&order, 1}, {&order, 2}, {&order, 3}};
    arena.alloc_slice(src);
    order.clear();
  }  // the source vector's own elements go here
  order.clear();
  arena.reset();
  EXPECT_EQ(order, (std::vector<int>{3, 2, 1}));
}

}  // namespace
}  // namespace fastarena
