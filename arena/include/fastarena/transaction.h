// SPDX-License-Identifier: MIT
/// \file
/// BasicTransaction: an RAII scope over an arena. Everything allocated through it is rolled back
/// in O(1) when it is destroyed or rolled back, and kept when it is committed. Savepoints nest to
/// any depth; a savepoint's bytes count toward every enclosing budget, and a savepoint may set a
/// tighter budget of its own.
///
/// Only the innermost open transaction may allocate, commit or open a savepoint: using an outer
/// one while a savepoint of it is open throws MisuseError (Rust's borrow checker forbids it).
///
/// Part of arena.h, which includes it (and which it does not include): include that.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <optional>

#include "fastarena/detail/alloc_methods.h"
#include "fastarena/detail/arena_core.h"
#include "fastarena/errors.h"

namespace fastarena {

/// The arena a transaction opens on (arena.h, which includes this header).
template <bool kTrackDrops>
class BasicArena;

/// A transaction: everything allocated through it is rolled back in O(1) unless it is
/// committed. Open one with arena.transaction() or txn.savepoint(); use the aliases Transaction
/// and DropTransaction.
template <bool kTrackDrops>
class BasicTransaction : public detail::AllocMethods<BasicTransaction<kTrackDrops>> {
 public:
  /// The arena this transaction allocates in.
  using ArenaType = BasicArena<kTrackDrops>;
  /// Whether destructors are run on rollback.
  static constexpr bool tracks_drops = kTrackDrops;

  BasicTransaction(const BasicTransaction&) = delete;
  BasicTransaction& operator=(const BasicTransaction&) = delete;

  /// Dropping an open transaction rolls it back. Always inline: after commit() it folds away,
  /// and an out-of-line call would take the transaction's address (see TxnFrame).
  [[gnu::always_inline]] ~BasicTransaction() {
    if (state_ != State::open) return;
    if (!core().is_innermost(*frame_)) {
      detail::abort_with(
          "fastarena: a transaction was destroyed while one of its savepoints is still open");
    }
    core().rollback_txn(*frame_);
    // Not close(): its stores to this object are dead here, and with them GCC keeps the object
    // in memory rather than in registers.
    core().close_txn(*frame_, outer_, had_budget());
  }

  /// Keeps everything allocated in this scope; it now belongs to the enclosing scope.
  TxnStatus commit() {
    require_innermost("commit");
    close(State::committed);
    return TxnStatus::committed;
  }
  /// Gives back everything allocated in this scope, in O(1).
  TxnStatus rollback() {
    require_innermost("roll back");
    core().rollback_txn(*frame_);
    close(State::rolled_back);
    return TxnStatus::rolled_back;
  }
  /// A nested transaction; this one cannot be used until the savepoint is closed.
  [[gnu::always_inline]] BasicTransaction savepoint() {
    require_innermost("open a savepoint");
    return BasicTransaction(*arena_, frame_->budget, /*nested=*/true);
  }

  /// Caps the bytes this scope may allocate (savepoints included). An enclosing budget still
  /// applies: the tighter one wins. No effect once the transaction is closed. MisuseError while
  /// a savepoint of it is open (which would not be bound by it).
  void set_limit(std::size_t bytes) {
    if (state_ != State::open) return;
    require_innermost("set a limit");
    const std::size_t start = start_.bytes();
    const std::size_t own = bytes > detail::kNoLimit - start ? detail::kNoLimit : start + bytes;
    core().set_budget(*frame_, std::min(inherited_budget_, own));
    limit_set_ = true;
  }
  /// Bytes this scope may still allocate under the tightest budget in force; nullopt: no budget
  /// (or the transaction is closed).
  std::optional<std::size_t> budget_remaining() const noexcept {
    if (frame_->budget == detail::kNoLimit) return std::nullopt;
    const std::size_t here = core().position();
    return frame_->budget > here ? frame_->budget - here : 0;
  }

  /// Bytes allocated in this scope so far (0 once it is committed or rolled back).
  std::size_t bytes_used() const noexcept {
    return is_open() ? core().position() - start_.bytes() : 0;
  }
  /// Bytes allocated and blocks touched in this scope so far.
  TxnDiff diff() const noexcept {
    // A copy: a reference into this object, passed out of line, would let its address escape.
    return is_open() ? core().diff_since(Checkpoint(start_)) : TxnDiff{};
  }
  /// 1 for a top-level transaction, 2 for its savepoint, ...
  std::size_t depth() const noexcept { return depth_; }
  /// How many transactions are open on the arena right now.
  std::size_t arena_depth() const noexcept { return core().txn_depth(); }
  /// The position this transaction rolls back to. MisuseError while a savepoint of it is open
  /// and once it is closed (Rust's borrow checker rejects both).
  Checkpoint checkpoint() const {
    require_innermost("take its checkpoint");
    return core().hand_out(start_);
  }
  /// Whether commit() was called.
  bool is_committed() const noexcept { return state_ == State::committed; }
  /// Neither committed nor rolled back yet.
  bool is_open() const noexcept { return state_ == State::open; }
  /// Direct access to the arena (Rust: arena_mut). Allocations made through it are not
  /// budget-checked, but are rolled back with this transaction all the same.
  ArenaType& arena() noexcept { return *arena_; }

  /// \cond INTERNAL
  // For library extensions (ArenaVec, the std and LLVM adapters): the core and this scope's frame.
  detail::ArenaCore& core() noexcept { return arena_->core(); }
  const detail::ArenaCore& core() const noexcept { return arena_->core(); }
  // Sharing marks the slot (see FrameRef); logically const. Once closed, closed_frame with a
  // generation it never has: every use is reported.
  detail::FrameRef frame() const noexcept {
    return is_open() ? arena_->core().share_frame(*frame_) : detail::FrameRef{frame_, 1};
  }
  /// \endcond

 private:
  friend ArenaType;
  friend class detail::AllocMethods<BasicTransaction>;
  enum class State : unsigned char { open, committed, rolled_back };

  /// inherited_budget: the enclosing transaction's budget (kNoLimit for a top-level one). The
  /// transaction it displaces allocates only out of line (where misuse is reported) until this
  /// one closes. `nested`: a savepoint (a constant).
  [[gnu::always_inline]] BasicTransaction(ArenaType& arena, std::size_t inherited_budget,
                                          bool nested)
      : arena_(&arena),
        frame_(nested ? &arena.core().open_savepoint(inherited_budget)
                      : &arena.core().open_txn(inherited_budget)),
        start_(arena.core().snapshot()),
        inherited_budget_(inherited_budget) {
    const detail::TxnFrame& frame = *frame_;
    outer_ = frame.outer;  // fixed in the slot: the one below, innermost until this opened
    depth_ = frame.depth;
  }

  [[gnu::returns_nonnull]] void* raw_alloc(std::size_t size, std::size_t align) {
    return core().allocate(*frame_, size, align);
  }
  void* raw_try(std::size_t size, std::size_t align) {
    return core().bump_in(*frame_, size, align);
  }
  [[noreturn]] void raw_fail(std::size_t size, std::size_t align) const {
    core().fail(size, align, frame_->budget);
  }

  // A closed transaction points at closed_frame, never the innermost: one comparison covers both.
  void require_innermost(const char* action) const {
    if (!core().is_innermost(*frame_)) [[unlikely]]
      fail_not_innermost(action, state_ != State::open);
  }
  // Static, so that no call takes the transaction's address: it stays in registers.
  [[noreturn, gnu::cold, gnu::noinline]] static void fail_not_innermost(const char* action,
                                                                        bool closed) {
    detail::fail_misuse(std::string("fastarena: cannot ") + action + ": " +
                        (closed ? "the transaction was already committed or rolled back"
                                : "a savepoint of this transaction is still open"));
  }
  // Whether the slot's budget may differ from kNoLimit: known at compile time for a top-level
  // transaction that never set a limit, so that its close stores nothing for it.
  bool had_budget() const noexcept { return inherited_budget_ != detail::kNoLimit || limit_set_; }
  // Pops the frame; from now on this transaction allocates against closed_frame, never against
  // the transaction that reuses its slot.
  void close(State state) noexcept {
    core().close_txn(*frame_, outer_, had_budget());
    frame_ = &detail::closed_frame;
    state_ = state;
  }

  ArenaType* arena_;
  const detail::TxnFrame* outer_;  ///< the frame that was innermost when it opened (or null)
  const detail::TxnFrame* frame_;  ///< its slot while open, then closed_frame
  std::size_t depth_ = 0;          ///< its slot's depth (frame_ no longer says after close)
  Checkpoint start_;               ///< where it opened, for checkpoint() and diff()
  std::size_t inherited_budget_;   ///< the enclosing transaction's budget, as a position
  State state_ = State::open;
  bool limit_set_ = false;  ///< set_limit was called
};

/// A transaction on an Arena.
using Transaction = BasicTransaction<false>;
/// A transaction on a DropArena: rollback runs destructors.
using DropTransaction = BasicTransaction<true>;

/// Where allocations can come from: an arena (not budget-checked) or a transaction (within its
/// budget). ArenaVec and the std and LLVM adapters take either, through the two things they
/// share: the arena's core and the frame allocations are checked against (null for the arena).
template <class S>
concept AllocationSource = requires(S& s) {
  { s.core() } -> std::same_as<detail::ArenaCore&>;
  { s.frame() } -> std::same_as<detail::FrameRef>;
  { S::tracks_drops } -> std::convertible_to<bool>;
};

}  // namespace fastarena
