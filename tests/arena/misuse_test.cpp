// SPDX-License-Identifier: MIT
// Misuse that Rust's borrow checker rejects at compile time is detected at run time here, with a
// message saying what went wrong.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "fastarena/arena.h"
#include "fastarena/std.h"

namespace fastarena {
namespace {

// Runs f, expecting a MisuseError whose message contains `needle`.
template <class F>
void expect_misuse(F&& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected MisuseError containing: " << needle;
  } catch (const MisuseError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(Misuse, AllocatingThroughAnOuterTransactionWhileASavepointIsOpen) {
  Arena arena;
  Transaction outer = arena.transaction();
  Transaction inner = outer.savepoint();
  const Checkpoint before = arena.checkpoint();
  expect_misuse(
      [&] { outer.alloc<int>(1); },
      "allocating through the transaction at depth 1 while a savepoint at depth 2 is open");
  expect_misuse([&] { outer.try_alloc<int>(1); }, "savepoint at depth 2 is open");
  expect_misuse([&] { outer.alloc_str("x"); }, "savepoint at depth 2 is open");
  EXPECT_EQ(arena.checkpoint(), before);  // nothing was allocated
  inner.alloc<int>(2);                    // the innermost one is fine
}

TEST(Misuse, CommittingOrNestingThroughAnOuterTransactionWhileASavepointIsOpen) {
  Arena arena;
  Transaction outer = arena.transaction();
  Transaction inner = outer.savepoint();
  expect_misuse([&] { outer.commit(); },
                "cannot commit: a savepoint of this transaction is still open");
  expect_misuse([&] { outer.rollback(); }, "cannot roll back");
  expect_misuse([&] { (void)outer.savepoint(); }, "cannot open a savepoint");
  inner.commit();
  outer.commit();  // fine once the savepoint is closed
}

// Rust's set_limit borrows the transaction mutably, which its open savepoint already does. A
// limit set on it here would bind the next savepoints but not the open one, which would go on
// allocating past the budget the caller just set.
TEST(Misuse, SettingALimitOnAnOuterTransactionWhileASavepointIsOpen) {
  Arena arena;
  Transaction outer = arena.transaction();
  Transaction inner = outer.savepoint();
  expect_misuse([&] { outer.set_limit(8); },
                "cannot set a limit: a savepoint of this transaction is still open");
  EXPECT_EQ(inner.budget_remaining(), std::nullopt);  // nothing changed
  EXPECT_EQ(outer.budget_remaining(), std::nullopt);
  inner.commit();
  outer.set_limit(8);  // fine once the savepoint is closed
  EXPECT_EQ(outer.budget_remaining(), 8u);
  outer.commit();
  outer.set_limit(8);  // and no effect once it is closed, as before
}

TEST(Misuse, UsingAFinishedTransaction) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.commit();
  expect_misuse([&] { txn.commit(); }, "already committed or rolled back");
  expect_misuse([&] { txn.alloc<int>(1); }, "already committed or rolled back");
  Transaction next = arena.transaction();  // same depth as the finished one
  expect_misuse([&] { txn.alloc<int>(1); }, "already committed or rolled back");
}

TEST(Misuse, AdaptersOfAFinishedTransactionDoNotReachTheNextOneAtItsDepth) {
  Arena arena;
  std::optional<Allocator<int>> alloc;
#if FASTARENA_HAS_PMR
  std::optional<MemoryResource> resource;
#endif
  {
    Transaction first = arena.transaction();
    alloc.emplace(first);
#if FASTARENA_HAS_PMR
    resource.emplace(first);
#endif
    alloc->deallocate(alloc->allocate(1), 1);  // fine while it is open
    first.commit();
  }
  Transaction second = arena.transaction();  // the slot the first one used
  const Checkpoint before = arena.checkpoint();
  expect_misuse([&] { (void)alloc->allocate(1); }, "already committed or rolled back");
#if FASTARENA_HAS_PMR
  expect_misuse([&] { (void)resource->allocate(8, 8); }, "already committed or rolled back");
#endif
  EXPECT_EQ(arena.checkpoint(), before);
  Allocator<int> own(second);
  EXPECT_NE(own.allocate(1), nullptr);  // the second one's own adapters work
}

TEST(Misuse, CommittingInsideWithTransaction) {
  Arena arena;
  expect_misuse(
      [&] {
        arena.with_transaction([](Transaction& t) {
          t.commit();  // Rust's closure cannot: commit() consumes the transaction
          return true;
        });
      },
      "already committed or rolled back");
  EXPECT_EQ(arena.transaction_depth(), 0u);
}

TEST(Misuse, RewindToACheckpointAheadOfTheCurrentPosition) {
  Arena arena;
  const Checkpoint start = arena.checkpoint();
  arena.alloc<std::uint64_t>(1);
  const Checkpoint ahead = arena.checkpoint();
  arena.rewind(start);
  expect_misuse([&] { arena.rewind(ahead); }, "ahead of the current position");
}

TEST(Misuse, RewindToACheckpointInvalidatedByAnEarlierRewind) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  const Checkpoint low = arena.checkpoint();
  arena.alloc<std::uint64_t>(2);
  const Checkpoint high = arena.checkpoint();
  arena.rewind(low);
  for (int i = 0; i < 4; ++i) arena.alloc<std::uint64_t>(3);  // past `high` again
  expect_misuse([&] { arena.rewind(high); }, "stale checkpoint");
  arena.rewind(low);  // still valid: nothing went below it
}

TEST(Misuse, RewindToACheckpointTakenBeforeAReset) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  const Checkpoint cp = arena.checkpoint();
  arena.reset();
  for (int i = 0; i < 4; ++i) arena.alloc<std::uint64_t>(2);
  expect_misuse([&] { arena.rewind(cp); }, "stale checkpoint");
}

TEST(Misuse, RewindToATransactionsStartAfterAReset) {
  // A request's life: reset, some set-up, a transaction committed, reset again. The start the
  // transaction handed out lies past what the second reset gave back.
  Arena arena;
  arena.alloc<std::uint64_t>(1);  // the first block
  arena.reset();
  arena.alloc<std::uint64_t>(1);
  Transaction txn = arena.transaction();
  const Checkpoint start = txn.checkpoint();
  txn.alloc<std::uint64_t>(2);
  txn.commit();
  arena.reset();
  for (int i = 0; i < 4; ++i) arena.alloc<std::uint64_t>(3);
  expect_misuse([&] { arena.rewind(start); }, "stale checkpoint");
}

TEST(Misuse, RewindToACheckpointTakenInARolledBackSavepoint) {
  // A backtracking pass: each try in a savepoint, rolled back. A checkpoint of the arena
  // taken inside one lies past where its rollback went, however the arena got there.
  Arena arena;
  Transaction pass = arena.transaction();
  pass.alloc<std::uint64_t>(1);
  for (int i = 0; i < 3; ++i) {
    Transaction attempt = pass.savepoint();
    attempt.alloc<std::uint64_t>(2);
  }
  std::optional<Checkpoint> inside;
  {
    Transaction attempt = pass.savepoint();
    attempt.alloc<std::uint64_t>(2);
    inside = attempt.arena().checkpoint();
  }
  for (int i = 0; i < 4; ++i) pass.alloc<std::uint64_t>(3);  // past `inside` again
  expect_misuse([&] { arena.rewind(*inside); }, "stale checkpoint");
}

// Rust's checkpoint() borrows the transaction, which an open savepoint already borrows mutably
// and which commit and rollback consume. A start handed out after the transaction closed could
// not be told stale: nothing counted it as taken before the rewinds that followed.
TEST(Misuse, TheCheckpointOfAnOuterOrFinishedTransaction) {
  Arena arena;
  arena.alloc<std::uint64_t>(1);
  Transaction outer = arena.transaction();
  {
    Transaction inner = outer.savepoint();
    expect_misuse([&] { (void)outer.checkpoint(); },
                  "cannot take its checkpoint: a savepoint of this transaction is still open");
    inner.commit();
  }
  EXPECT_EQ(outer.checkpoint().bytes(), 8u);  // fine once the savepoint is closed
  outer.commit();
  expect_misuse([&] { (void)outer.checkpoint(); }, "already committed or rolled back");
}

TEST(Misuse, ValidCheckpointsAreNeverRejected) {
  // Nested checkpoints rewound innermost first, repeatedly, as a backtracking parser does.
  Arena arena(128);
  for (int round = 0; round < 100; ++round) {
    const Checkpoint a = arena.checkpoint();
    arena.alloc_raw(40, 8);
    const Checkpoint b = arena.checkpoint();
    arena.alloc_raw(40, 8);
    const Checkpoint c = arena.checkpoint();
    arena.alloc_raw(40, 8);
    arena.rewind(c);
    arena.rewind(c);  // twice to the same point is fine
    arena.alloc_raw(40, 8);
    arena.rewind(b);
    arena.alloc_raw(8, 8);
    arena.rewind(a);
    if (round % 10 == 0) arena.reset();
  }
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
}

TEST(Misuse, RewindIntoAnOpenTransaction) {
  Arena arena;
  const Checkpoint before = arena.checkpoint();
  arena.alloc<int>(1);
  Transaction txn = arena.transaction();
  txn.alloc<int>(2);
  const Checkpoint inside = arena.checkpoint();
  txn.alloc<int>(3);
  expect_misuse([&] { arena.rewind(before); }, "open transaction");
  arena.rewind(inside);  // within the transaction: fine
  expect_misuse([&] { arena.reset(); }, "reset() while 1 transaction(s) are open");
}

TEST(Misuse, BadAlignments) {
  Arena arena;
  expect_misuse([&] { arena.alloc_raw(8, 0); }, "alignment 0 is not a power of two");
  expect_misuse([&] { arena.alloc_raw(8, 3); }, "alignment 3 is not a power of two");
  expect_misuse([&] { arena.try_alloc_raw(8, 24); }, "alignment 24 is not a power of two");
  expect_misuse([&] { arena.alloc_zeroed(8, 6); }, "not a power of two");
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
}

// A sized range that claims more elements than memory could hold.
struct HugeRange {
  const int* begin() const { return nullptr; }
  const int* end() const { return nullptr; }
  std::size_t size() const { return SIZE_MAX / 2; }
};

TEST(Misuse, SizeComputationOverflow) {
  Arena arena;
  expect_misuse([&] { arena.alloc_slice(HugeRange{}); }, "the size computation overflows");
  EXPECT_EQ(arena.try_alloc_slice(HugeRange{}), std::nullopt);
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
}

TEST(MisuseDeathTest, DestroyingATransactionWhileItsSavepointIsOpenAborts) {
  // Scoped transactions cannot do this; heap-allocated ones can, and a destructor cannot throw.
  EXPECT_DEATH(
      {
        Arena arena;
        auto* outer = new Transaction(arena.transaction());
        Transaction inner = outer->savepoint();
        delete outer;
      },
      "destroyed while one of its savepoints is still open");
}

}  // namespace
}  // namespace fastarena
