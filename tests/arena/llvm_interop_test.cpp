// SPDX-License-Identifier: MIT
// fastarena/llvm.h: LLVM containers allocating from an arena, and llvm::Expected / llvm::Error
// deciding with_transaction.
#include <gtest/gtest.h>
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/StringMap.h>
#include <llvm/Support/Error.h>

#include <memory_resource>
#include <new>
#include <string>

#include "fastarena/llvm.h"

namespace fastarena {
namespace {

TEST(LlvmInterop, StringMapAllocatesItsEntriesInTheArena) {
  Arena arena;
  const std::size_t before = arena.stats().bytes_allocated;
  {
    llvm::StringMap<int, LlvmAllocator> names{LlvmAllocator(arena)};
    for (int i = 0; i < 100; ++i) names["identifier_" + std::to_string(i)] = i;
    EXPECT_EQ(names.lookup("identifier_42"), 42);
    EXPECT_EQ(names.size(), 100u);
  }
  // Each entry (header, value, key, NUL) came from the arena.
  EXPECT_GE(arena.stats().bytes_allocated - before, 100u * (sizeof("identifier_0") + sizeof(int)));
}

TEST(LlvmInterop, AllocatorBaseTypedCalls) {
  Arena arena;
  LlvmAllocator alloc(arena);
  std::uint64_t* words = alloc.Allocate<std::uint64_t>(16);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(words) % alignof(std::uint64_t), 0u);
  EXPECT_EQ(arena.stats().bytes_allocated, 128u);
  alloc.Deallocate(words, 16);  // the most recent allocation: given back
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  void* aligned = alloc.Allocate(100, llvm::Align(256));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(aligned) % 256, 0u);
}

TEST(LlvmInterop, ExpectedValueCommitsErrorRollsBackIntact) {
  Arena arena;
  llvm::Expected<int> ok = arena.with_transaction(
      [](Transaction& t) -> llvm::Expected<int> { return *t.alloc<int>(42); });
  ASSERT_TRUE(static_cast<bool>(ok));
  EXPECT_EQ(*ok, 42);
  EXPECT_EQ(arena.stats().bytes_allocated, sizeof(int));

  llvm::Expected<int> failed = arena.with_transaction([](Transaction& t) -> llvm::Expected<int> {
    t.alloc_raw(1000, 8);
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "expected ';' at 3:14");
  });
  ASSERT_FALSE(static_cast<bool>(failed));
  EXPECT_EQ(llvm::toString(failed.takeError()), "expected ';' at 3:14");  // intact
  EXPECT_EQ(arena.stats().bytes_allocated, sizeof(int));                  // rolled back
}

TEST(LlvmInterop, ErrorOutcome) {
  Arena arena;
  llvm::Error success = arena.with_transaction([](Transaction& t) -> llvm::Error {
    t.alloc<int>(1);
    return llvm::Error::success();
  });
  EXPECT_FALSE(static_cast<bool>(success));
  EXPECT_EQ(arena.stats().bytes_allocated, sizeof(int));
  llvm::Error error = arena.with_transaction([](Transaction& t) -> llvm::Error {
    t.alloc<int>(2);
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "bad shape");
  });
  EXPECT_EQ(llvm::toString(std::move(error)), "bad shape");
  EXPECT_EQ(arena.stats().bytes_allocated, sizeof(int));
}

TEST(LlvmInterop, OnATransactionTheBudgetApplies) {
  Arena arena;
  Transaction txn = arena.transaction();
  txn.set_limit(64);
  LlvmAllocator alloc(txn);
  alloc.Allocate(64, 8);
  EXPECT_THROW(alloc.Allocate(1, 1), AllocError);
}

// A block source that refuses: the LLVM adapter reports it as AllocError, the arena unchanged.
TEST(LlvmInterop, ABlockSourceFailureIsAnAllocErrorAndLosesNothing) {
  struct Refusing : std::pmr::memory_resource {
    void* do_allocate(std::size_t, std::size_t) override { throw std::bad_alloc(); }
    void do_deallocate(void*, std::size_t, std::size_t) override {}
    bool do_is_equal(const memory_resource& o) const noexcept override { return this == &o; }
  } refusing;
  Arena arena(ArenaOptions{.source = &refusing});
  LlvmAllocator alloc(arena);
  const ArenaStats before = arena.stats();
  EXPECT_THROW(alloc.Allocate(64, 8), AllocError);
  EXPECT_EQ(arena.stats(), before);
  llvm::StringMap<int, LlvmAllocator> names{LlvmAllocator(arena)};
  EXPECT_THROW(names.try_emplace("a", 1), AllocError);
  EXPECT_EQ(arena.stats(), before);
}

}  // namespace
}  // namespace fastarena
