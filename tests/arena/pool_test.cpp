// SPDX-License-Identifier: MIT
// ArenaPool: leases are exclusive, returned arenas are reset and lent again with their blocks,
// the caps hold, the statistics add up — and, under ThreadSanitizer (the tsan preset), threads
// leasing and returning concurrently race on nothing.
#include "fastarena/arena_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace fastarena {
namespace {

TEST(ArenaPool, AReturnedArenaIsResetAndLentAgainWithItsBlocks) {
  ArenaPool pool(ArenaOptions{.first_block = 4096});
  const Arena* first = nullptr;
  {
    ArenaPool::Lease lease = pool.lease();
    first = &lease.arena();
    for (int i = 0; i < 1000; ++i) lease->alloc<std::uint64_t>(i);  // a few blocks
    EXPECT_GT(lease->block_count(), 1u);
  }
  PoolStats s = pool.stats();
  EXPECT_EQ(s.leases, 1u);
  EXPECT_EQ(s.arenas_created, 1u);
  EXPECT_EQ(s.idle, 1u);
  EXPECT_EQ(s.bytes_allocated, 8000u);
  EXPECT_GT(s.bytes_reserved, 8000u);
  {
    ArenaPool::Lease again = pool.lease();
    EXPECT_EQ(&again.arena(), first);               // the same arena
    EXPECT_EQ(again->stats().bytes_allocated, 0u);  // reset
    EXPECT_GT(again->block_count(), 1u);            // its blocks kept
    ArenaPool::Lease other = pool.lease();          // the pool is empty: a new one
    EXPECT_NE(&other.arena(), first);
    ArenaPool::Lease moved = std::move(other);  // a lease moves; one return
  }
  s = pool.stats();
  EXPECT_EQ(s.leases, 3u);
  EXPECT_EQ(s.arenas_created, 2u);
  EXPECT_EQ(s.idle, 2u);
}

TEST(ArenaPool, CapsOnBytesAndArenasKept) {
  ArenaPool pool(ArenaOptions{.first_block = 1024}, /*keep_bytes=*/4096, /*keep_arenas=*/1);
  {
    ArenaPool::Lease big = pool.lease();
    big->alloc_raw(100000, 8);  // holds more than the cap: freed on return
  }
  EXPECT_EQ(pool.stats().arenas_dropped, 1u);
  EXPECT_EQ(pool.stats().idle, 0u);
  {
    ArenaPool::Lease a = pool.lease();
    ArenaPool::Lease b = pool.lease();
    a->alloc<int>(1);
    b->alloc<int>(2);
  }  // two returns, one kept
  EXPECT_EQ(pool.stats().idle, 1u);
  EXPECT_EQ(pool.stats().arenas_dropped, 2u);
}

TEST(ArenaPool, ThreadsLeaseConcurrentlyAndEachArenaHasOneUserAtATime) {
  ArenaPool pool;
  constexpr int kThreads = 4;
  constexpr int kJobs = 500;
  std::atomic<int> in_use_conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int job = 0; job < kJobs; ++job) {
        ArenaPool::Lease lease = pool.lease();
        // Fill the arena with this thread's mark, then check nobody else wrote into it.
        const std::vector<int> mine(64, t);
        const std::span<int> marks = lease->alloc_slice_copy(mine);
        Transaction txn = lease->transaction();
        txn.alloc<int>(job);
        for (int i = 0; i < 64; ++i) {
          if (marks[i] != t) ++in_use_conflicts;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(in_use_conflicts.load(), 0);
  const PoolStats s = pool.stats();
  EXPECT_EQ(s.leases, static_cast<std::size_t>(kThreads * kJobs));
  EXPECT_LE(s.arenas_created, static_cast<std::size_t>(kThreads));  // reused, not remade
  // Each job's 64 marks (its transaction rolled back before the lease ended).
  EXPECT_EQ(s.bytes_allocated, static_cast<std::size_t>(kThreads * kJobs) * 64 * sizeof(int));
}

}  // namespace
}  // namespace fastarena
