// SPDX-License-Identifier: MIT
/// \file
/// fastarena: a bump-pointer arena with checkpoints, RAII transactions, nested savepoints, byte
/// budgets and opt-in destructor tracking. A C++ port of the Rust crate fastarena 0.1.3.
///
///   Arena arena;                                  ///< first 64 KiB block reserved on first use
///   std::uint64_t* x = arena.alloc<std::uint64_t>(42);
///   Checkpoint cp = arena.checkpoint();  ...  arena.rewind(cp);
///   Transaction txn = arena.transaction();  ...  txn.commit();   ///< or let it roll back
///
/// Arena never runs destructors, so it refuses (at compile time) types that have one; DropArena
/// runs them, newest first, whenever memory is given back. Neither is thread-safe: use one arena
/// per thread. Arenas are neither copyable nor movable (transactions and ArenaVecs point at them);
/// hold one in a std::unique_ptr to move it around.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <type_traits>

#include "fastarena/arena_options.h"
#include "fastarena/checkpoint.h"
#include "fastarena/detail/alloc_methods.h"
#include "fastarena/detail/arena_core.h"
#include "fastarena/errors.h"
#include "fastarena/outcome.h"
#include "fastarena/transaction.h"

namespace fastarena {

/// The bump-pointer arena. Use the aliases: Arena (never runs destructors) or DropArena
/// (runs them, newest first). The allocation calls (alloc, alloc_slice, alloc_str, try_...) are
/// shared with transactions (detail/alloc_methods.h).
template <bool kTrackDrops>
class BasicArena : public detail::AllocMethods<BasicArena<kTrackDrops>> {
 public:
  /// The transaction type of this arena.
  using Transaction = BasicTransaction<kTrackDrops>;
  /// Whether destructors are run (DropArena).
  static constexpr bool tracks_drops = kTrackDrops;
  /// Bytes of the first block when none is given (64 KiB).
  static constexpr std::size_t default_capacity = detail::ArenaCore::kDefaultCapacity;

  BasicArena() noexcept : core_(default_capacity) {}
  /// The first block holds initial_capacity bytes (at least 64); later blocks grow geometrically.
  /// Any capacity but the default keeps the options in a small heap allocation (std::bad_alloc
  /// if even that fails); the first block still comes with the first allocation.
  explicit BasicArena(std::size_t initial_capacity) : core_(initial_capacity) {}
  /// The crate's name for the sized constructor.
  static BasicArena with_capacity(std::size_t initial_capacity) {
    return BasicArena(initial_capacity);
  }
  /// First block, growth, largest block and where blocks come from (ArenaOptions). Options
  /// other than the defaults are kept in a small heap allocation, as for a capacity.
  explicit BasicArena(const ArenaOptions& options) : core_(options) {}
  /// The caller's `initial` bytes are the first block (pmr's initial buffer, protobuf's
  /// initial_block): never freed, reused by reset(); an arena that stays within them asks its
  /// block source for nothing. Its bookkeeping (rewind marks, transaction slots) is one small
  /// heap allocation made here; InlineArena holds that too, and allocates nothing at all. More
  /// blocks come as `options` say. The buffer must outlive the arena.
  explicit BasicArena(std::span<std::byte> initial, const ArenaOptions& options = {})
      : core_(initial, options) {}
  /// An arena whose first block is the caller's `initial` bytes.
  static BasicArena with_buffer(std::span<std::byte> initial) { return BasicArena(initial); }
  BasicArena(const BasicArena&) = delete;
  BasicArena& operator=(const BasicArena&) = delete;

  /// O(1): a few integers.
  Checkpoint checkpoint() const noexcept { return core_.checkpoint(); }
  /// Gives back everything allocated after cp; the blocks it passes stay for reuse. Throws
  /// MisuseError for a checkpoint ahead of the current position, a stale one, or one that would
  /// cut into an open transaction. (Always inline: see ArenaCore::rewind.)
  [[gnu::always_inline]] void rewind(const Checkpoint& cp) { core_.rewind(cp); }
  /// Gives back everything and keeps every block: no OS calls. MisuseError with open transactions.
  void reset() { core_.reset(); }

  /// Bytes allocated and reserved, blocks: see ArenaStats.
  ArenaStats stats() const noexcept { return core_.stats(); }
  /// Blocks reserved so far (kept across reset).
  std::size_t block_count() const noexcept { return core_.block_count(); }
  /// Transactions open on this arena right now.
  std::size_t transaction_depth() const noexcept { return core_.txn_depth(); }

  /// Whether `p` points into memory this arena has handed out and not taken back (LLVM's
  /// identifyObject, mimalloc's mi_heap_contains). O(blocks).
  bool contains(const void* p) const noexcept { return core_.identify(p).has_value(); }
  /// `p`'s offset among the bytes handed out, counted through chunks() in order: a stable name
  /// for an object while it lives, for debugging and dumps; nullopt if the arena does not hold
  /// it. O(blocks).
  std::optional<std::size_t> identify(const void* p) const noexcept { return core_.identify(p); }

  /// The memory handed out, block by block (bumpalo's iter_allocated_chunks): each block's used
  /// part, in the order blocks were entered, then each oversized allocation. For snapshots,
  /// checksums, serialisation:
  /// \code
  ///   for (std::span<const std::byte> used : arena.chunks()) hash(used);
  /// \endcode
  /// The spans are valid until the next allocation, rewind or reset.
  class Chunks {
   public:
    /// Walks the chunks in order.
    class iterator {
     public:
      using value_type = std::span<const std::byte>;  ///< one chunk
      using difference_type = std::ptrdiff_t;         ///< as for any iterator
      iterator() = default;                           ///< a singular iterator
      /// The chunk at `index` of `core`.
      iterator(const detail::ArenaCore* core, std::size_t index) : core_(core), index_(index) {}
      value_type operator*() const noexcept { return core_->chunk(index_); }  ///< the chunk
      /// The next chunk.
      iterator& operator++() noexcept {
        ++index_;
        return *this;
      }
      /// The next chunk (postfix).
      iterator operator++(int) noexcept {
        iterator before = *this;
        ++index_;
        return before;
      }
      /// The same position.
      friend bool operator==(const iterator& a, const iterator& b) noexcept {
        return a.index_ == b.index_;
      }

     private:
      const detail::ArenaCore* core_ = nullptr;
      std::size_t index_ = 0;
    };
    /// The chunks of `core`.
    explicit Chunks(const detail::ArenaCore& core) noexcept : core_(&core) {}
    iterator begin() const noexcept { return {core_, 0}; }                   ///< the first
    iterator end() const noexcept { return {core_, core_->chunk_count()}; }  ///< past the last
    std::size_t size() const noexcept { return core_->chunk_count(); }       ///< how many

   private:
    const detail::ArenaCore* core_;
  };
  /// The chunks of memory handed out (see Chunks).
  Chunks chunks() const noexcept { return Chunks(core_); }

  /// An RAII transaction: rolled back when destroyed unless committed.
  [[gnu::always_inline]] Transaction transaction() {
    return Transaction(*this, detail::kNoLimit, /*nested=*/false);
  }

  /// Runs f(Transaction&) in a new transaction. Its result decides (see outcome.h): success
  /// commits, failure rolls back, and the result is returned. An exception rolls back and
  /// propagates.
  template <class F>
  std::invoke_result_t<F&, Transaction&> with_transaction(F&& f) {
    using R = std::invoke_result_t<F&, Transaction&>;
    static_assert(transaction_outcome<R>,
                  "fastarena: with_transaction commits or rolls back by the callable's result: "
                  "return bool, a pointer, std::optional or anything with has_value(), or "
                  "specialise fastarena::TransactionOutcome; with_transaction_infallible always "
                  "commits");
    Transaction txn = transaction();
    R result = std::invoke(f, txn);
    if (TransactionOutcome<R>::succeeded(result)) {
      txn.commit();
    } else {
      txn.rollback();
    }
    return result;
  }

  /// Runs f(Transaction&) and commits, even when f throws (the exception then propagates).
  template <class F>
  std::invoke_result_t<F&, Transaction&> with_transaction_infallible(F&& f) {
    Transaction txn = transaction();
    struct CommitOnExit {
      Transaction& txn;
      ~CommitOnExit() {
        if (txn.is_open()) txn.commit();
      }
    } commit_on_exit{txn};
    return std::invoke(f, txn);
  }

  /// For library extensions (ArenaVec, the std and LLVM adapters): the untyped core.
  /// \cond INTERNAL
  detail::ArenaCore& core() noexcept { return core_; }
  const detail::ArenaCore& core() const noexcept { return core_; }
  // The transaction frame allocations are checked against: none for the arena itself.
  detail::FrameRef frame() const noexcept { return {}; }
  /// \endcond

 protected:
  /// For InlineArena: the buffer, and where the bookkeeping goes.
  BasicArena(std::span<std::byte> initial, const ArenaOptions& options,
             detail::ColdStorage& bookkeeping) noexcept
      : core_(initial, options, &bookkeeping) {}

 private:
  friend class detail::AllocMethods<BasicArena>;

  [[gnu::returns_nonnull]] void* raw_alloc(std::size_t size, std::size_t align) {
    return core_.bump_or_fail(size, align);
  }
  void* raw_try(std::size_t size, std::size_t align) noexcept { return core_.bump(size, align); }
  [[noreturn]] void raw_fail(std::size_t size, std::size_t align) const {
    core_.fail(size, align, detail::kNoLimit);
  }

  detail::ArenaCore core_;
};

/// Never runs destructors; allocating a type that has one does not compile.
using Arena = BasicArena<false>;
/// Runs destructors LIFO on rewind, reset, rollback and destruction (the crate's drop-tracking).
using DropArena = BasicArena<true>;

// Eight words, as bumpalo's Bump is three and llvm::BumpPtrAllocator twelve: an arena per
// function, request or worker costs little to hold and to make.
static_assert(sizeof(Arena) == 4 * sizeof(void*) && sizeof(DropArena) == sizeof(Arena) &&
                  alignof(Arena) == sizeof(Arena),
              "an arena is four words in one cache line");

namespace detail {
// The bytes of an InlineArena and room for its bookkeeping, a base so that they exist before
// the arena that uses them.
template <std::size_t N>
struct InlineBuffer {
  alignas(16) std::byte bytes[N];
  ColdStorage bookkeeping;
};
}  // namespace detail

/// An arena holding its first N bytes inside itself, as llvm::SmallVector holds its first
/// elements: on the stack, small work needs no allocation at all; past N bytes it grows as
/// `options` say. Neither copyable nor movable, as every arena.
template <std::size_t N, bool kTrackDrops = false>
class InlineArena : private detail::InlineBuffer<N>, public BasicArena<kTrackDrops> {
 public:
  /// The first block is the N inline bytes.
  explicit InlineArena(const ArenaOptions& options = {}) noexcept
      : BasicArena<kTrackDrops>(std::span<std::byte>(this->bytes), options, this->bookkeeping) {}
};

}  // namespace fastarena
