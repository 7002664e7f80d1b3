// SPDX-License-Identifier: MIT
// Edge cases of the arena core: alignment, zero sizes, block boundaries, oversized allocations,
// rewind and reset reuse, failed try_* calls, display texts.
#include <gtest/gtest.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <new>
#include <ranges>
#include <span>
#include <type_traits>
#include <vector>

#include "fastarena/arena.h"

namespace fastarena {
namespace {

std::uintptr_t addr(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

TEST(Edge, OnlyPowersOfTwoAreAlignments) {
  // Every value around each power of two, 0 and the largest: the one-test form agrees with the
  // definition (exactly one bit set).
  std::vector<std::size_t> values{0, 1, 2, 3, SIZE_MAX, SIZE_MAX - 1};
  for (unsigned bit = 1; bit < 64; ++bit) {
    const std::size_t p = std::size_t{1} << bit;
    values.insert(values.end(), {p - 1, p, p + 1, p | 1, p | (p >> 1)});
  }
  for (const std::size_t x : values) {
    EXPECT_EQ(detail::is_power_of_two(x), std::popcount(x) == 1) << x;
  }
}

TEST(Edge, EveryAlignmentFrom1To4096) {
  Arena arena(256);
  for (std::size_t align = 1; align <= 4096; align *= 2) {
    arena.alloc<std::uint8_t>(1);  // knock the position off any alignment
    void* p = arena.alloc_raw(24, align);
    EXPECT_EQ(addr(p) % align, 0u) << "align " << align;
    void* q = arena.try_alloc_raw(3, align);
    ASSERT_NE(q, nullptr);
    EXPECT_EQ(addr(q) % align, 0u) << "align " << align;
  }
}

// Elements of 16 and 32 bytes, for the group sizes alloc_slice picks by element size.
struct Wide16 {
  std::uint64_t a, b;
  bool operator==(const Wide16&) const = default;
};
struct Wide32 {
  std::uint64_t a, b, c, d;
  bool operator==(const Wide32&) const = default;
};

// What a counting range below yields at index i, as T.
template <class T>
T counted(std::uint32_t i) {
  const std::uint32_t v = i * 3 + 1;
  if constexpr (std::is_same_v<T, Wide16>) {
    return {v, ~std::uint64_t{v}};
  } else if constexpr (std::is_same_v<T, Wide32>) {
    return {v, ~std::uint64_t{v}, std::uint64_t{v} << 7, 42};
  } else {
    return static_cast<T>(v);
  }
}

// A sized range that is not contiguous, so alloc_slice constructs element by element (in
// groups of 8, then the rest): every length around the group size keeps every element in order.
struct Counting {
  std::uint32_t first;
  std::uint32_t n;
  struct It {
    std::uint32_t i;
    using value_type = std::uint32_t;
    using difference_type = std::ptrdiff_t;
    std::uint32_t operator*() const { return counted<std::uint32_t>(i); }
    It& operator++() {
      ++i;
      return *this;
    }
    It operator++(int) { return It{i++}; }
    bool operator==(const It&) const = default;
  };
  It begin() const { return {first}; }
  It end() const { return {first + n}; }
  std::size_t size() const { return n; }
};

// For every length up to past two of the biggest groups (64 elements), then 8s, then the rest:
// each element in order, nothing written past the slice, the slice where the next allocation
// starts.
template <class Range>
void expect_slices_of_every_length() {
  using T = std::ranges::range_value_t<Range>;
  Arena arena;
  for (std::uint32_t n = 0; n <= 2 * 64 + 8 + 7; ++n) {
    const std::uint32_t guard_before = *arena.alloc<std::uint32_t>(0xdeadbeef);
    std::span<T> slice = arena.alloc_slice(Range{5, n});
    std::uint32_t* guard_after = arena.alloc<std::uint32_t>(0xfeedface);
    ASSERT_EQ(slice.size(), n);
    for (std::uint32_t i = 0; i < n; ++i) {
      ASSERT_TRUE(slice[i] == counted<T>(5 + i)) << "n " << n << ", element " << i;
    }
    EXPECT_EQ(guard_before, 0xdeadbeefu);
    EXPECT_EQ(*guard_after, 0xfeedfaceu) << "n " << n;
    if (n != 0) {  // right after the slice, aligned for the guard
      const std::uintptr_t end = addr(slice.data() + n);
      EXPECT_EQ(addr(guard_after), (end + 3) & ~std::uintptr_t{3}) << "n " << n;
    }
  }
}

TEST(Edge, SliceFromARangeHoldsEveryElementInOrderForEveryLength) {
  expect_slices_of_every_length<Counting>();
}

// Counting as a random-access range (as std::views::iota is), of elements of type T:
// alloc_slice reads it by index, in groups whose size depends on the element's.
template <class T>
struct RandomCounting {
  std::uint32_t first;
  std::uint32_t n;
  struct It {
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    std::uint32_t i = 0;
    T operator*() const { return counted<T>(i); }
    T operator[](difference_type k) const { return *(*this + k); }
    It& operator++() { return *this += 1; }
    It operator++(int) { return It{i++}; }
    It& operator--() { return *this -= 1; }
    It operator--(int) { return It{i--}; }
    It& operator+=(difference_type k) {
      i += static_cast<std::uint32_t>(k);
      return *this;
    }
    It& operator-=(difference_type k) { return *this += -k; }
    [[maybe_unused]] friend It operator+(It it, difference_type k) { return it += k; }
    [[maybe_unused]] friend It operator+(difference_type k, It it) { return it += k; }
    [[maybe_unused]] friend It operator-(It it, difference_type k) { return it -= k; }
    [[maybe_unused]] friend difference_type operator-(It a, It b) {
      return static_cast<difference_type>(a.i) - static_cast<difference_type>(b.i);
    }
    [[maybe_unused]] friend bool operator==(It, It) = default;
    [[maybe_unused]] friend auto operator<=>(It, It) = default;
  };
  It begin() const { return It{first}; }
  It end() const { return It{first + n}; }
  std::size_t size() const { return n; }
};
static_assert(std::random_access_iterator<RandomCounting<std::uint32_t>::It>);

TEST(Edge, SliceFromARandomAccessRangeHoldsEveryElementInOrderForEveryLength) {
  expect_slices_of_every_length<RandomCounting<std::uint32_t>>();
}

TEST(Edge, SliceFromARandomAccessRangeOfEveryElementSizeHoldsEveryElementInOrder) {
  expect_slices_of_every_length<RandomCounting<std::uint8_t>>();
  expect_slices_of_every_length<RandomCounting<std::uint16_t>>();
  expect_slices_of_every_length<RandomCounting<std::uint64_t>>();
  expect_slices_of_every_length<RandomCounting<Wide16>>();
  expect_slices_of_every_length<RandomCounting<Wide32>>();
}

TEST(Edge, TypedAllocationsAreAlignedForTheirType) {
  struct alignas(128) Wide {
    char c;
  };
  Arena arena;
  arena.alloc<char>('x');
  EXPECT_EQ(addr(arena.alloc<Wide>()) % 128, 0u);
  arena.alloc<char>('y');
  EXPECT_EQ(addr(arena.alloc<double>(1.5)) % alignof(double), 0u);
}

TEST(Edge, ZeroSizeRequests) {
  Arena arena;
  void* before_any_block = arena.alloc_raw(0, 8);  // no block reserved yet
  EXPECT_NE(before_any_block, nullptr);
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  arena.alloc<std::uint8_t>(1);
  void* a = arena.alloc_raw(0, 16);
  EXPECT_NE(a, nullptr);
  EXPECT_EQ(addr(a) % 16, 0u);
  std::span<int> empty = arena.alloc_slice(std::vector<int>{});
  EXPECT_TRUE(empty.empty());
  EXPECT_NE(empty.data(), nullptr);
  // An empty view may have no data at all (memcpy must not see its null pointer).
  std::string_view none = arena.alloc_str(std::string_view{});
  EXPECT_EQ(none, "");
  EXPECT_EQ(none.data()[0], '\0');
  std::optional<std::string_view> tried = arena.try_alloc_str(std::string_view{});
  ASSERT_TRUE(tried.has_value());
  EXPECT_EQ(tried->data()[0], '\0');
  std::string_view s = arena.alloc_str("");
  EXPECT_EQ(s, "");
  EXPECT_EQ(s.data()[0], '\0');
  // An empty span may have no data at all; its copy is still a valid empty allocation.
  const std::size_t before = arena.stats().bytes_allocated;
  std::span<const std::uint32_t> copy = arena.alloc_slice_copy(std::span<const std::uint32_t>{});
  EXPECT_TRUE(copy.empty());
  EXPECT_NE(copy.data(), nullptr);
  EXPECT_EQ(addr(copy.data()) % alignof(std::uint32_t), 0u);
  EXPECT_EQ(arena.stats().bytes_allocated - before, addr(copy.data()) - addr(s.data()) - 1);
}

TEST(Edge, AllocationExactlyFillingABlock) {
  Arena arena(256);
  auto* first = static_cast<std::byte*>(arena.alloc_raw(200, 1));
  auto* rest = static_cast<std::byte*>(arena.alloc_raw(56, 1));
  EXPECT_EQ(rest, first + 200);  // same block, to the last byte
  EXPECT_EQ(arena.block_count(), 1u);
  EXPECT_EQ(arena.stats().bytes_allocated, 256u);
  EXPECT_EQ(arena.stats().bytes_idle(), 0u);
  arena.alloc<std::uint8_t>(1);  // the next byte needs the next block
  EXPECT_EQ(arena.block_count(), 2u);
}

TEST(Edge, BlocksGrowGeometrically) {
  Arena arena(1024);
  // 1000-byte requests fill blocks of 1 KiB (1 request), 2 KiB (2), 4 KiB (4), then need 8 KiB.
  for (int i = 0; i < 8; ++i) arena.alloc_raw(1000, 1);
  EXPECT_EQ(arena.block_count(), 4u);
  EXPECT_EQ(arena.stats().bytes_reserved, 1024u + 2048u + 4096u + 8192u);
}

TEST(Edge, OversizedAllocationGetsItsOwnBlockWithoutWastingTheCurrentOne) {
  Arena arena(1024);
  auto* a = static_cast<std::byte*>(arena.alloc_raw(100, 1));
  auto* big = static_cast<std::byte*>(arena.alloc_raw(4096, 8));
  auto* b = static_cast<std::byte*>(arena.alloc_raw(100, 1));
  EXPECT_EQ(b, a + 100);  // the current block goes on being used after the big one
  EXPECT_EQ(arena.block_count(), 2u);
  EXPECT_EQ(arena.stats().bytes_allocated, 4296u);
  for (int i = 0; i < 4096; ++i) big[i] = std::byte{1};  // all of it is usable
  // Rewinding past it keeps its block for the next oversized request.
  const ArenaStats grown = arena.stats();
  arena.reset();
  void* again = arena.alloc_raw(4000, 8);
  EXPECT_EQ(again, big);
  EXPECT_EQ(arena.stats().bytes_reserved, grown.bytes_reserved);
}

TEST(Edge, CheckpointBetweenOversizedAllocations) {
  Arena arena(1024);
  arena.alloc_raw(10, 1);
  arena.alloc_raw(5000, 8);
  const Checkpoint cp = arena.checkpoint();
  EXPECT_EQ(cp.bytes(), 5010u);
  arena.alloc_raw(6000, 8);
  arena.alloc_raw(10, 1);
  EXPECT_EQ(arena.stats().bytes_allocated, 11020u);
  arena.rewind(cp);  // the second big allocation goes, the first stays
  EXPECT_EQ(arena.stats().bytes_allocated, 5010u);
  EXPECT_EQ(arena.checkpoint(), cp);
}

TEST(Edge, RewindAcrossSeveralBlocksThenReuse) {
  Arena arena(256);
  arena.alloc_raw(100, 1);
  const Checkpoint cp = arena.checkpoint();
  std::vector<void*> first_round;
  for (int i = 0; i < 20; ++i) first_round.push_back(arena.alloc_raw(200, 8));
  const ArenaStats grown = arena.stats();
  EXPECT_GT(grown.block_count, 3u);
  arena.rewind(cp);
  EXPECT_EQ(arena.stats().bytes_allocated, 100u);
  EXPECT_EQ(arena.stats().block_count, grown.block_count);  // blocks kept
  std::vector<void*> second_round;
  for (int i = 0; i < 20; ++i) second_round.push_back(arena.alloc_raw(200, 8));
  EXPECT_EQ(second_round, first_round);  // the same memory, block by block
  EXPECT_EQ(arena.stats(), grown);       // and no new reservation
}

// Where one block ends the next begins: a block's last used byte and the next block's offset 0
// are one position. The arena can be at the next block's offset 0 (a zero-size allocation
// that had no room to align in the block before), and a rewind to the same position, taken at
// the end of the block before, must leave whatever refers to that offset 0 valid.
class BlockBoundary : public ::testing::Test {
 protected:
  // Eight bytes kept at the start of a 40-byte buffer (the members below), then a zero-size
  // allocation aligned to 64 bytes, which has no room in the buffer: the arena is at the next
  // block's offset 0.
  void SetUp() override {
    std::memset(kept_, 0x5a, 8);
    arena_.alloc_raw(0, 64);
    ASSERT_EQ(arena_.stats().block_count, 2u);
    ASSERT_EQ(arena_.stats().bytes_allocated, 8u);
  }
  // The eight bytes are still there, and what is allocated next does not overlap them.
  void expect_kept_intact() {
    auto* next = static_cast<std::byte*>(arena_.alloc_raw(32, 1));
    std::memset(next, 0, 32);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(kept_[i], std::byte{0x5a}) << "byte " << i;
  }

  alignas(64) std::byte buffer_[40];
  Arena arena_{std::span<std::byte>(buffer_), ArenaOptions{.first_block = 256}};
  std::byte* kept_ = static_cast<std::byte*>(arena_.alloc_raw(8, 1));
  const Checkpoint end_of_buffer_ = arena_.checkpoint();
};

TEST_F(BlockBoundary, ARollbackAfterARewindToTheEndOfTheBlockBefore) {
  {
    Transaction txn = arena_.transaction();  // starts at the next block's offset 0
    arena_.rewind(end_of_buffer_);           // the same position: within the transaction
    txn.alloc_raw(4096, 8);                  // oversized: the bytes before the block change
    txn.rollback();
  }
  EXPECT_EQ(arena_.stats().bytes_allocated, 8u);
  expect_kept_intact();
}

TEST_F(BlockBoundary, ACheckpointAtTheNextBlocksStartAfterARewindToTheEndOfTheBlockBefore) {
  const Checkpoint next_block = arena_.checkpoint();
  arena_.rewind(end_of_buffer_);
  arena_.alloc_raw(16, 1);
  arena_.rewind(next_block);  // not stale: nothing went below its position
  EXPECT_EQ(arena_.stats().bytes_allocated, 8u);
  expect_kept_intact();
}

// A block source that places each block right below the one before it in one buffer: the end
// of each block is the start of the one before, as a system allocator may place them.
class DownwardSource {
 public:
  void* allocate(std::size_t bytes, std::size_t align) {
    top_ = (top_ - bytes) & ~(align - 1);
    if (top_ < reinterpret_cast<std::uintptr_t>(buffer_)) throw std::bad_alloc();
    return reinterpret_cast<void*>(top_);
  }
  void deallocate(void*, std::size_t, std::size_t) {}

 private:
  alignas(64) std::byte buffer_[8192];
  std::uintptr_t top_ = reinterpret_cast<std::uintptr_t>(buffer_ + sizeof buffer_);
};

TEST(Edge, ARollbackToTheEndOfABlockThatEndsWhereAnEarlierOneBegins) {
  DownwardSource source;
  Arena arena(ArenaOptions{.first_block = 128, .source = &source});
  auto* kept = static_cast<std::byte*>(arena.alloc_raw(100, 1));  // block 0
  std::memset(kept, 0x5a, 100);
  auto* second = static_cast<std::byte*>(arena.alloc_raw(60, 1));  // block 1 (256 bytes)
  arena.alloc_raw(196, 1);                                         // block 1 full
  ASSERT_EQ(arena.stats().block_count, 2u);
  ASSERT_EQ(second + 256, kept) << "block 1 ends where block 0 begins";
  {
    Transaction txn = arena.transaction();  // at block 1's end, which is block 0's start
    txn.alloc_raw(1, 1);                    // block 2
    txn.rollback();
  }
  EXPECT_EQ(arena.stats().bytes_allocated, 356u);  // 100 + 256
  auto* next = static_cast<std::byte*>(arena.alloc_raw(64, 1));
  std::memset(next, 0, 64);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(kept[i], std::byte{0x5a}) << "byte " << i;
}

TEST(Edge, ACheckpointAtTheStartOfABlockAfterEmptyOnesIsPositionZeroAfterAReset) {
  // The buffer has no room to align a zero-size allocation to 64 bytes: it goes at the next
  // block's offset 0, position 0, where a checkpoint is still valid after a reset.
  alignas(64) std::byte buffer[48];
  Arena arena(std::span<std::byte>(buffer + 8, 40), ArenaOptions{.first_block = 256});
  arena.alloc_raw(0, 64);
  ASSERT_EQ(arena.stats().block_count, 2u);
  const Checkpoint start = arena.checkpoint();
  arena.reset();
  arena.alloc_raw(16, 1);
  arena.rewind(start);
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  EXPECT_EQ(arena.alloc_raw(1, 1), buffer + 8);  // back at the buffer's start
}

TEST(Edge, ResetAfterGrowthReusesAllBlocks) {
  Arena arena(128);
  auto workload = [&] {
    std::vector<void*> ptrs;
    for (int i = 0; i < 500; ++i)
      ptrs.push_back(arena.alloc_raw(static_cast<std::size_t>(i % 97) + 1, 8));
    return ptrs;
  };
  const std::vector<void*> first = workload();
  const ArenaStats grown = arena.stats();
  EXPECT_GT(grown.block_count, 5u);
  arena.reset();
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  EXPECT_EQ(arena.stats().bytes_reserved, grown.bytes_reserved);
  const std::vector<void*> second = workload();
  EXPECT_EQ(second, first);
  EXPECT_EQ(arena.stats(), grown);  // no new reservation
}

// reset() has a short path for an arena reset again and again (ptr_ moved back, nothing else);
// each of these arrives there with something else to do first.
TEST(Edge, EveryResetAfterWorkOutsideTheFirstBlockDoesAllOfIt) {
  Arena arena(256);
  arena.reset();
  arena.reset();  // now on the short path
  // An oversized allocation: released by the next reset.
  void* big = arena.alloc_raw(1000, 8);
  EXPECT_TRUE(arena.contains(big));
  arena.reset();
  EXPECT_FALSE(arena.contains(big));
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
  // A move to a second block: the next reset comes back to the first.
  void* first = arena.alloc_raw(200, 8);
  arena.alloc_raw(200, 8);
  EXPECT_EQ(arena.checkpoint().block(), 1u);
  arena.reset();
  EXPECT_EQ(arena.checkpoint().block(), 0u);
  EXPECT_EQ(arena.alloc_raw(200, 8), first);
  // A checkpoint: the reset makes it stale.
  arena.reset();
  arena.alloc<int>(1);
  const Checkpoint cp = arena.checkpoint();
  arena.reset();
  arena.alloc_raw(16, 8);
  EXPECT_THROW(arena.rewind(cp), MisuseError);
}

TEST(Edge, AResetWithATransactionOpenIsReportedAfterARollbackToZero) {
  Arena arena;
  arena.reset();
  arena.reset();
  Transaction txn = arena.transaction();  // at position 0
  {
    Transaction savepoint = txn.savepoint();
    savepoint.alloc<int>(1);
  }  // back to 0
  const Checkpoint zero = arena.checkpoint();
  txn.alloc<int>(2);
  arena.rewind(zero);  // back to 0 again, inside the transaction
  EXPECT_THROW(arena.reset(), MisuseError);
  txn.commit();
  arena.reset();
  EXPECT_EQ(arena.stats().bytes_allocated, 0u);
}

TEST(Edge, DropArenaResetRunsDestructorsAfterAnyNumberOfResets) {
  int destroyed = 0;
  struct Counted {
    int* count;
    ~Counted() { ++*count; }
  };
  DropArena arena;
  arena.reset();
  arena.reset();
  arena.alloc<Counted>(Counted{&destroyed});
  const int temporaries = destroyed;  // the argument's own destructor
  arena.reset();
  EXPECT_EQ(destroyed, temporaries + 1);
}

TEST(Edge, TryCallsLeaveTheArenaUnchangedOnFailure) {
  Arena arena(256);
  arena.alloc_raw(10, 1);
  Transaction txn = arena.transaction();
  txn.set_limit(100);
  txn.alloc_raw(60, 1);
  const ArenaStats stats = arena.stats();
  const Checkpoint cp = arena.checkpoint();
  EXPECT_EQ(txn.try_alloc_raw(41, 1), nullptr);
  EXPECT_EQ(txn.try_alloc_zeroed(41, 1), nullptr);
  EXPECT_EQ(txn.try_alloc_cache_aligned(64), nullptr);
  EXPECT_EQ(txn.try_alloc_str(std::string(40, 'x')), std::nullopt);
  EXPECT_EQ(txn.try_alloc_slice(std::vector<std::uint64_t>(6, 0)), std::nullopt);
  EXPECT_EQ(txn.try_alloc_slice_copy(std::vector<std::uint32_t>(11, 0)), std::nullopt);
  struct Big {
    char bytes[41];
  };
  EXPECT_EQ(txn.try_alloc<Big>(), nullptr);
  EXPECT_EQ(arena.try_alloc_raw(detail::kMaxRequest + 1, 8), nullptr);  // beyond any arena
  // A copy whose byte count does not overflow but is beyond any arena, and one just within
  // the bound (which the budget refuses before any block is asked for).
  // (Its data through a volatile, so that the compiler does not see the copy it never makes.)
  static const std::uint32_t one = 1;
  const std::uint32_t* volatile opaque = &one;
  struct Claims {
    const std::uint32_t* data;
    std::size_t n;
    const std::uint32_t* begin() const { return data; }
    const std::uint32_t* end() const { return data + 1; }
    std::size_t size() const { return n; }
  };
  EXPECT_EQ(txn.try_alloc_slice_copy(Claims{opaque, detail::kMaxRequest / 4 + 1}), std::nullopt);
  EXPECT_EQ(txn.try_alloc_slice_copy(Claims{opaque, detail::kMaxRequest / 4}), std::nullopt);
  EXPECT_EQ(arena.stats(), stats);
  EXPECT_EQ(arena.checkpoint(), cp);
  EXPECT_NE(txn.try_alloc_raw(40, 1), nullptr);  // exactly what is left still works
}

TEST(Edge, ThrowingConstructorLeavesTheArenaUnchanged) {
  struct Throws {
    explicit Throws(int) { throw std::runtime_error("no"); }
  };
  Arena arena;
  arena.alloc<int>(1);
  const Checkpoint cp = arena.checkpoint();
  EXPECT_THROW(arena.alloc<Throws>(1), std::runtime_error);
  EXPECT_EQ(arena.checkpoint().bytes(), cp.bytes());
}

TEST(Edge, BytesOfFreshArena) {
  Arena arena;  // the first block is reserved lazily
  EXPECT_EQ(arena.stats(), (ArenaStats{0, 0, 0}));
  EXPECT_EQ(arena.stats().utilization(), 0.0);
  EXPECT_EQ(to_string(arena.checkpoint()), "Checkpoint(block=0, offset=0, bytes=0)");
}

TEST(Edge, DisplayTexts) {
  Arena arena(64);
  arena.alloc_raw(64, 1);
  arena.alloc_raw(24, 1);
  EXPECT_EQ(to_string(arena.checkpoint()), "Checkpoint(block=1, offset=24, bytes=88)");
  EXPECT_EQ(to_string(TxnStatus::committed), "committed");
  EXPECT_EQ(to_string(TxnStatus::rolled_back), "rolled back");
  EXPECT_EQ(to_string(TxnDiff{0, 0}), "0 bytes in 0 block(s)");
  EXPECT_EQ(to_string(TxnDiff{100, 3}), "100 bytes in 3 block(s)");
}

TEST(Edge, DiffCountsEveryBlockWritten) {
  Arena arena(64);
  arena.alloc_raw(60, 1);
  Transaction txn = arena.transaction();
  txn.alloc_raw(4, 1);    // the rest of block 0
  txn.alloc_raw(100, 1);  // bigger than a 64-byte block: a block of its own
  txn.alloc_raw(50, 1);   // a new 128-byte block
  EXPECT_EQ(txn.diff(), (TxnDiff{154, 3}));
  txn.rollback();
  Transaction at_end_of_block = arena.transaction();
  arena.alloc_raw(4, 1);  // fills block 0
  Transaction txn2 = at_end_of_block.savepoint();
  txn2.alloc_raw(8, 1);  // only block 1 is touched
  EXPECT_EQ(txn2.diff(), (TxnDiff{8, 1}));
}

}  // namespace
}  // namespace fastarena
