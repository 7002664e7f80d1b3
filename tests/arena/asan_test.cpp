// SPDX-License-Identifier: MIT
// Under AddressSanitizer, memory the arena gave back is poisoned: a use after rewind, reset or
// rollback is reported. (Without ASan there is nothing to observe; the tests are skipped.)
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>

#include "fastarena/arena.h"

namespace fastarena {
namespace {

#if defined(FASTARENA_ASAN)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif

// Reads through a volatile pointer so the access cannot be optimised away.
int read(const int* p) {
  return *static_cast<const volatile int*>(p);
}

TEST(AsanDeathTest, UseAfterRewindIsReported) {
  if (!kAsan) GTEST_SKIP() << "needs the asan preset";
  Arena arena;
  const Checkpoint cp = arena.checkpoint();
  int* p = arena.alloc<int>(1);
  EXPECT_EQ(read(p), 1);  // live: fine
  arena.rewind(cp);
  EXPECT_DEATH(read(p), "use-after-poison");
}

TEST(AsanDeathTest, UseAfterResetIsReported) {
  if (!kAsan) GTEST_SKIP() << "needs the asan preset";
  Arena arena(64);
  int* first_block = arena.alloc<int>(1);
  arena.alloc_raw(100, 8);  // an oversized block
  int* second_block = static_cast<int*>(arena.alloc_raw(40, 4));
  arena.reset();
  EXPECT_DEATH(read(first_block), "use-after-poison");
  EXPECT_DEATH(read(second_block), "use-after-poison");
}

TEST(AsanDeathTest, UseAfterRollbackIsReported) {
  if (!kAsan) GTEST_SKIP() << "needs the asan preset";
  Arena arena;
  int* p = nullptr;
  {
    Transaction txn = arena.transaction();
    p = txn.alloc<int>(1);
  }
  EXPECT_DEATH(read(p), "use-after-poison");
}

TEST(AsanDeathTest, UnusedBlockTailIsPoisoned) {
  if (!kAsan) GTEST_SKIP() << "needs the asan preset";
  Arena arena;
  int* p = arena.alloc<int>(1);
  EXPECT_DEATH(read(p + 64), "use-after-poison");
}

}  // namespace
}  // namespace fastarena

namespace fastarena {
namespace {

// Write through a volatile pointer so the access cannot be optimised away.
void write(std::byte* p) {
  *static_cast<volatile std::byte*>(p) = std::byte{1};
}

TEST(AsanDeathTest, ARedZoneCatchesAnOverflowIntoTheNextAllocation) {
  if (!kAsan) GTEST_SKIP() << "needs the asan preset";
  Arena plain;
  auto* a = static_cast<std::byte*>(plain.alloc_raw(16, 8));
  auto* b = static_cast<std::byte*>(plain.alloc_raw(16, 8));
  EXPECT_EQ(a + 16, b);  // without red zones, the next allocation starts where one ends:
  write(a + 16);         // an overflow by one byte lands in it, unseen

  Arena zoned(ArenaOptions{.red_zone = 16});
  auto* c = static_cast<std::byte*>(zoned.alloc_raw(16, 8));
  auto* d = static_cast<std::byte*>(zoned.alloc_raw(16, 8));
  EXPECT_EQ(c + 32, d);  // sixteen poisoned bytes between them
  write(c + 15);         // the last byte of c: fine
  write(d);
  EXPECT_DEATH(write(c + 16), "use-after-poison");
  // Through a transaction, and past a block boundary, too.
  Transaction txn = zoned.transaction();
  auto* e = static_cast<std::byte*>(txn.alloc_raw(100000, 8));  // its own block
  auto* f = static_cast<std::byte*>(txn.alloc_raw(8, 8));
  write(e + 99999);
  write(f + 7);
  EXPECT_DEATH(write(f + 8), "use-after-poison");
}

}  // namespace
}  // namespace fastarena
