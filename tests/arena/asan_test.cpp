// Under AddressSanitizer, memory the arena gave back is poisoned: a use after rewind, reset or
// rollback is reported. (Without ASan there is nothing to observe; the tests are skipped.)
#include <gtest/gtest.h>

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
