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
#include <type_traits>

#include "fastarena/checkpoint.h"
#include "fastarena/detail/alloc_methods.h"
#include "fastarena/detail/arena_core.h"
#include "fastarena/errors.h"
#include "fastarena/outcome.h"

namespace fastarena {

/// An RAII transaction over a BasicArena (transaction.h).
template <bool kTrackDrops>
class BasicTransaction;

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
  explicit BasicArena(std::size_t initial_capacity) noexcept : core_(initial_capacity) {}
  /// The crate's name for the sized constructor.
  static BasicArena with_capacity(std::size_t initial_capacity) noexcept {
    return BasicArena(initial_capacity);
  }
  BasicArena(const BasicArena&) = delete;
  BasicArena& operator=(const BasicArena&) = delete;

  /// O(1): a few integers.
  Checkpoint checkpoint() const noexcept { return core_.checkpoint(); }
  /// Gives back everything allocated after cp; the blocks it passes stay for reuse. Throws
  /// MisuseError for a checkpoint ahead of the current position, a stale one, or one that would
  /// cut into an open transaction.
  void rewind(const Checkpoint& cp) { core_.rewind(cp); }
  /// Gives back everything and keeps every block: no OS calls. MisuseError with open transactions.
  void reset() { core_.reset(); }

  /// Bytes allocated and reserved, blocks: see ArenaStats.
  ArenaStats stats() const noexcept { return core_.stats(); }
  /// Blocks reserved so far (kept across reset).
  std::size_t block_count() const noexcept { return core_.block_count(); }
  /// Transactions open on this arena right now.
  std::size_t transaction_depth() const noexcept { return core_.txn_depth(); }

  /// An RAII transaction: rolled back when destroyed unless committed.
  Transaction transaction() { return Transaction(*this, nullptr); }

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
  const detail::TxnFrame* frame() const noexcept { return nullptr; }
  /// \endcond

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

}  // namespace fastarena

#include "fastarena/transaction.h"
