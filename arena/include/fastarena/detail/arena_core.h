// ArenaCore: the untyped, positional heart of every arena flavour.
//
// Memory is a list of blocks used in order. The arena's *position* is the number of bytes handed
// out so far (alignment padding included); it only grows between rewinds, so a Checkpoint is just a
// position plus where it lies (block, offset). Invariants:
//   - blocks_[0..current_] hold allocated memory; blocks after current_ are idle and reused, in
//     order, before any new block is reserved. begin_/ptr_/end_ describe blocks_[current_].
//   - position() == bytes_before_ + (ptr_ - begin_), where bytes_before_ counts the used bytes of
//     earlier blocks and of live oversized allocations (the tails left unused when the arena
//     moved to a new block are not counted).
//   - An allocation bigger than the current block gets a block of its own (big_live_, ordered by
//     position), so the current block is not abandoned for it.
//   - Drop records (drop tracking) form a list in the arena memory itself, newest first; each
//     record's position is where it was allocated, so rewinding to P runs exactly the destructors
//     of records at or after P, newest first.
//   - With no block yet (the first one is reserved lazily), begin_ == ptr_ == end_ point at a
//     static empty block, so zero-size allocations still return a valid non-null pointer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "fastarena/checkpoint.h"
#include "fastarena/detail/asan.h"

namespace fastarena::detail {

// "No budget": every position compares <= this, so the budget check folds away.
inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();
// Larger requests fail without touching the system allocator; this bound also keeps
// `pad + size` in the fast path free of overflow.
inline constexpr std::size_t kMaxRequest = std::numeric_limits<std::ptrdiff_t>::max() / 4;
inline constexpr std::size_t kMaxAlign = std::size_t{1} << 28;
// Blocks are aligned to a cache line, so alignments up to 64 never need padding at a block start.
inline constexpr std::size_t kBlockAlign = 64;

constexpr bool is_power_of_two(std::size_t x) noexcept {
  return x != 0 && (x & (x - 1)) == 0;
}

// n * size, or nullopt-like false when it overflows.
constexpr bool checked_mul(std::size_t n, std::size_t size, std::size_t& out) noexcept {
  return !__builtin_mul_overflow(n, size, &out);
}

// A destructor to run when the arena gives memory back (drop tracking only).
struct DropRecord {
  DropRecord* next;
  void (*destroy)(void* first, std::size_t count) noexcept;
  void* first;
  std::size_t count;
  std::size_t position;  // the arena position just before this record was allocated
};

// Transaction bookkeeping an allocation path needs: nesting depth and the budget as an absolute
// position (kNoLimit when neither the transaction nor any enclosing one has a budget).
struct TxnFrame {
  std::size_t depth;
  std::size_t limit;
};

class ArenaCore {
 public:
  static constexpr std::size_t kDefaultCapacity = 64 * 1024;
  static constexpr std::size_t kMinCapacity = 64;

  explicit ArenaCore(std::size_t initial_capacity) noexcept;
  ~ArenaCore();
  ArenaCore(const ArenaCore&) = delete;
  ArenaCore& operator=(const ArenaCore&) = delete;

  // Bytes handed out so far.
  std::size_t position() const noexcept {
    return bytes_before_ + static_cast<std::size_t>(ptr_ - begin_);
  }

  // The fast path: one pointer bump and one bounds check, plus a budget comparison that the
  // compiler removes when `limit` is kNoLimit. Returns null when the request cannot be met;
  // the arena is then unchanged.
  void* bump(std::size_t size, std::size_t align, std::size_t limit) noexcept {
    const std::size_t pad =
        static_cast<std::size_t>(-reinterpret_cast<std::uintptr_t>(ptr_)) & (align - 1);
    if (size <= kMaxRequest && pad + size <= static_cast<std::size_t>(end_ - ptr_) &&
        position() + pad + size <= limit) [[likely]] {
      std::byte* p = ptr_ + pad;
      ptr_ = p + size;
      asan_unpoison(p, size);
      return p;
    }
    return bump_slow(size, align, limit);
  }

  // Grows or shrinks the most recent allocation [p, p + old_size) in place to new_size bytes.
  // Fails (returns false, nothing changed) when p is not the most recent allocation of the current
  // block, the block has no room, or the budget says no.
  bool resize_last(void* p, std::size_t old_size, std::size_t new_size,
                   std::size_t limit) noexcept {
    auto* b = static_cast<std::byte*>(p);
    if (b + old_size != ptr_ || b < begin_) return false;
    if (new_size > static_cast<std::size_t>(end_ - b)) return false;
    if (new_size > old_size && position() + (new_size - old_size) > limit) return false;
    ptr_ = b + new_size;
    if (new_size > old_size)
      asan_unpoison(b + old_size, new_size - old_size);
    else
      asan_poison(ptr_, old_size - new_size);
    return true;
  }

  // Takes back [p, p + size) if it is the most recent allocation and lies inside the innermost
  // open transaction (taking back memory from below a savepoint's start would corrupt it).
  // Otherwise does nothing: a bump arena frees only by rewinding. For deallocate() of adapters.
  void give_back(void* p, std::size_t size) noexcept {
    if (static_cast<std::byte*>(p) + size == ptr_ && position() - size >= txn_floor_) {
      resize_last(p, size, 0, kNoLimit);
    }
  }

  // allocate() of adapters: through a transaction frame (or none), failure throws.
  void* allocate(const TxnFrame* frame, std::size_t size, std::size_t align) {
    void* p = bump_in(frame, size, align);
    if (p == nullptr) [[unlikely]]
      fail(size, align, frame ? frame->limit : kNoLimit);
    return p;
  }

  Checkpoint checkpoint() const noexcept {
    const auto offset = static_cast<std::size_t>(ptr_ - begin_);
    return Checkpoint(current_, offset, bytes_before_ + offset, epoch_);
  }

  // Validated rewind: the checkpoint must belong to the current history of this arena and must
  // not cut into an open transaction. Misuse throws MisuseError.
  void rewind(const Checkpoint& cp);
  // Rewind without validation, for transactions (their checkpoint is valid by construction).
  void rewind_unchecked(const Checkpoint& cp) noexcept;
  void reset();

  ArenaStats stats() const noexcept;
  std::size_t block_count() const noexcept;
  TxnDiff diff_since(const Checkpoint& cp) const noexcept;

  // Explains why bump() returned null, as an exception (or abort without exceptions).
  [[noreturn]] void fail(std::size_t size, std::size_t align, std::size_t limit) const;

  // Drop tracking: link a record allocated in this arena; it runs when memory is given back.
  void push_drop(DropRecord* record) noexcept {
    record->next = drops_;
    drops_ = record;
  }

  // Transaction stack: depth of the innermost open transaction and its start position.
  std::size_t txn_depth() const noexcept { return txn_depth_; }
  void open_txn(std::size_t& saved_floor) noexcept {
    saved_floor = txn_floor_;
    txn_floor_ = position();
    ++txn_depth_;
  }
  void close_txn(std::size_t saved_floor) noexcept {
    txn_floor_ = saved_floor;
    --txn_depth_;
  }

  // Allocation through a transaction frame (null frame: directly on the arena). Misuse of the
  // transaction stack throws even here; only allocation failure is reported as null.
  void* bump_in(const TxnFrame* frame, std::size_t size, std::size_t align) {
    if (frame == nullptr) return bump(size, align, kNoLimit);
    if (frame->depth != txn_depth_) [[unlikely]]
      fail_inactive(*frame);
    return bump(size, align, frame->limit);
  }
  [[noreturn]] void fail_inactive(const TxnFrame& frame) const;

 private:
  struct Block {
    std::byte* data;
    std::size_t capacity;
    std::size_t align;  // what it was reserved with, to give it back correctly
    std::size_t used;   // bytes in use when the arena moved past it (valid below current_)
  };
  struct BigBlock {
    Block block;
    std::size_t position;  // arena position just before the allocation
  };
  // A rewind or reset to `position` at rewind count `epoch`; see is_stale().
  struct RewindMark {
    std::uint64_t epoch;
    std::size_t position;
  };
  static constexpr std::size_t kMaxMarks = 32;

  void* bump_slow(std::size_t size, std::size_t align, std::size_t limit) noexcept;
  void* bump_big(std::size_t size, std::size_t align, std::size_t limit) noexcept;
  void enter_block(std::size_t index, std::size_t pad, std::size_t size) noexcept;
  bool is_stale(const Checkpoint& cp) const noexcept;
  void record_rewind(std::size_t position) noexcept;
  void run_drops_down_to(std::size_t position) noexcept;
  void release_big_down_to(std::size_t position) noexcept;
  static Block reserve_block(std::size_t capacity, std::size_t align) noexcept;
  static void release_block(const Block& block) noexcept;

  // Hot state first: the fast path touches only these three and bytes_before_.
  std::byte* ptr_;
  std::byte* end_;
  std::byte* begin_;
  std::size_t bytes_before_ = 0;
  std::size_t current_ = 0;
  std::size_t high_water_ = 0;  // highest block index entered since the last reset
  std::size_t initial_capacity_;
  std::size_t next_capacity_;  // capacity of the next new block: grows geometrically
  std::size_t bytes_reserved_ = 0;
  std::vector<Block> blocks_;
  std::vector<BigBlock> big_live_;  // oversized allocations in use, by position
  std::vector<Block> big_spare_;    // oversized blocks given back, kept for reuse
  DropRecord* drops_ = nullptr;
  std::size_t txn_depth_ = 0;
  std::size_t txn_floor_ = 0;
  std::uint64_t epoch_ = 0;  // number of rewinds and resets so far
  // Rewinds since which older checkpoints may be stale: epochs and positions both strictly
  // increase. Bounded: when full the oldest is dropped, which can only miss a stale checkpoint,
  // never reject a valid one.
  RewindMark marks_[kMaxMarks];
  std::size_t mark_count_ = 0;
};

}  // namespace fastarena::detail
