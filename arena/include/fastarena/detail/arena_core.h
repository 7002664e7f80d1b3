// SPDX-License-Identifier: MIT
// ArenaCore: the untyped, positional heart of every arena flavour.
//
// Memory is a list of blocks used in order. The arena's *position* is the number of bytes handed
// out so far (alignment padding included); it only grows between rewinds, so a Checkpoint is just a
// position plus where it lies (block, offset). Invariants (each layer's checked whole by
// broken_*_invariant(), arena/src/invariants.cpp):
//   - blocks[0..current] hold allocated memory; blocks after current are idle and reused, in
//     order, before any new block is reserved. begin/ptr_/end_ describe blocks[current]. The
//     block lists live in a Ledger, made when the arena leaves its first block (until then
//     that block, the caller's buffer or the arena's own, is the ColdState's sole_block); it,
//     begin, base, current, the state word and everything else but the bump pointer, its
//     bound and the innermost transaction's frame live in the arena's ColdState, so that the
//     arena itself is four words.
//   - position() == bytes_before() + (ptr_ - begin), where bytes_before() counts the used bytes
//     of earlier blocks and of live oversized allocations (the tails left unused when the arena
//     moved to a new block are not counted). It is stored as base = bytes_before() - begin
//     (modular arithmetic), so that position() is base + ptr_ and a budget (a position) is the
//     address budget - base in the current block: what a transaction's inline limit holds.
//   - An allocation bigger than the current block gets a block of its own (big_live, ordered by
//     position), so the current block is not abandoned for it.
//   - Drop records (drop tracking) form a list in the arena memory itself, newest first; each
//     record's position is where it was allocated, so rewinding to P runs exactly the destructors
//     of records at or after P, newest first.
//   - An arena with no block yet (the first one is reserved lazily) and the default options is
//     all zeros: no ColdState (cold_ null; it reads kEmptyCold, all 0), no transaction, ptr_ ==
//     end_ == 0. Constructing one is two 16-byte stores. The fast path's strict compare sends
//     every request of such an arena to the slow path, which gives a zero-size one the static
//     empty_block: never null.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <type_traits>

#include "fastarena/arena_options.h"
#include "fastarena/checkpoint.h"
#include "fastarena/detail/asan.h"
#include "fastarena/detail/assert.h"
#include "fastarena/detail/cold_state.h"
#include "fastarena/detail/export.h"
#include "fastarena/detail/rewind_marks.h"
#include "fastarena/detail/txn_frame.h"

namespace fastarena::detail {

// Larger requests fail without touching the system allocator; this bound also keeps
// `pad + size` in the fast path free of overflow.
inline constexpr std::size_t kMaxRequest = std::numeric_limits<std::ptrdiff_t>::max() / 4;
inline constexpr std::size_t kMaxAlign = std::size_t{1} << 28;
// Blocks are aligned to a cache line, so alignments up to 64 never need padding at a block start.
inline constexpr std::size_t kBlockAlign = 64;
// What a zero-size request gets before the arena has a block: never written to.
alignas(kBlockAlign) FASTARENA_API inline std::byte empty_block[1];

// x ^ (x - 1) has x's lowest set bit and every bit below it set, so it exceeds x - 1 exactly
// when that bit is x's only one (for 0, both are all ones). One comparison: the usual
// `x != 0 && (x & (x - 1)) == 0` is two, which clang turns into a population count, expanded
// into a long sequence where the processor may lack the instruction.
constexpr bool is_power_of_two(std::size_t x) noexcept {
  return (x ^ (x - 1)) > x - 1;
}

// n * size, or nullopt-like false when it overflows.
constexpr bool checked_mul(std::size_t n, std::size_t size, std::size_t& out) noexcept {
  return !__builtin_mul_overflow(n, size, &out);
}

// Aligned to its size (four words), so that they are always in one cache line: constructing
// one is then two stores to one line, and the fast path's two loads are from one line.
class alignas(4 * sizeof(void*)) ArenaCore {
 public:
  static constexpr std::size_t kDefaultCapacity = 64 * 1024;
  static constexpr std::size_t kMinCapacity = 64;

  // No block is reserved until the first allocation: with the default options, construction
  // makes no system call at all. Other options are kept in a ColdState made on the heap.
  explicit ArenaCore(std::size_t initial_capacity)
      : ArenaCore(ArenaOptions{.first_block = initial_capacity}) {}
  explicit ArenaCore(const ArenaOptions& options, ColdStorage* storage = nullptr) {
    const Growth growth{options.first_block < kMinCapacity ? kMinCapacity : options.first_block,
                        options.growth == 0 ? 1 : options.growth, options.max_block,
                        options.source};
    const std::size_t zone = kAsan ? options.red_zone : 0;
    if (storage != nullptr) {
      cold_ = ::new (storage->bytes) ColdState(ColdState::Home::caller, growth, zone);
    } else if (growth != kDefaultGrowth || zone != 0) {
      cold_ = new ColdState(ColdState::Home::heap, growth, zone);
    }
  }
  // The caller's `buffer` is the first block: never freed, reused by reset. Until it is full
  // there is no ledger, so an arena that stays within it asks its block source for nothing.
  // Its ColdState is in `storage` if given (then nothing is allocated at all), else on the heap.
  ArenaCore(std::span<std::byte> buffer, const ArenaOptions& options,
            ColdStorage* storage = nullptr)
      : ArenaCore(options, storage) {
    if (buffer.empty()) return;
    if (cold_ == nullptr) cold_ = new ColdState(ColdState::Home::heap);
    ColdState& cold = own();
    cold.begin = reinterpret_cast<std::uintptr_t>(buffer.data());
    cold.sole_block = Block{buffer.data(), buffer.size(), 1, 0, 0, nullptr};
    ptr_ = cold.begin;
    end_ = cold.begin + buffer.size();
    cold.base = -cold.begin;
    asan_poison(buffer.data(), buffer.size());
  }
  ~ArenaCore() {
    // Drop records, slots, blocks and a caller's buffer (unpoisoned under ASan for its owner)
    // all come with a ColdState of the arena's own. Unlikely: an arena that allocated pays for
    // releasing its blocks anyway, while one that never did should cost the stores of its four
    // words and one compare, with no branch taken (compilers otherwise jump over the call).
    if (cold_ != nullptr) [[unlikely]]
      release_all();
  }
  ArenaCore(const ArenaCore&) = delete;
  ArenaCore& operator=(const ArenaCore&) = delete;

  // Bytes handed out so far.
  std::size_t position() const noexcept { return cold().base + ptr_; }

  // The fast path, the only one: align up (one add and one mask, both folded away for align 1),
  // one compare against `limit`, one store; the same few instructions as a featureless bump
  // allocator. `limit` is the address the allocation must end below: the block's end for the
  // arena, a transaction's limit (which folds in its budget, see TxnFrame) for a transaction.
  // Strictly below, so that the empty arena's 0 refuses even a zero-size request (the slow path
  // takes one that ends exactly at the limit). The size bound keeps `p + size` from wrapping;
  // for a constant size it folds away. What does not fit goes to `slow`, which returns null,
  // throws, or allocates in a new block.
  template <class Slow>
  [[gnu::always_inline]] void* bump_below(std::uintptr_t limit, std::size_t size, std::size_t align,
                                          Slow&& slow) {
    FASTARENA_ASSERT(is_power_of_two(align), "an alignment is a power of two");
    FASTARENA_ASSERT(cold().begin <= ptr_ && ptr_ <= end_, "the bump pointer is in its block");
    FASTARENA_ASSERT(limit <= end_, "no limit lies past the current block");
    // The next bump pointer is computed first, as align_up(ptr_ + size) when size is a multiple
    // of align (every alloc<T>): two operations from one bump pointer to the next, the length of
    // a downward bump's chain, where align_up(ptr_) + size is three. The allocation's address,
    // next - size, is off that chain.
    std::uintptr_t next;
    if (__builtin_constant_p(size & (align - 1)) && (size & (align - 1)) == 0) {
      next = align_up(ptr_ + size, align);
    } else {
      next = align_up(ptr_, align) + size;
    }
    // The limit is loaded into a register of its own and compared there. Both compilers would
    // fold the load into the compare as a memory operand, and a g++ loop of allocations that
    // writes past the L1 cache runs slower that way (docs/performance.md). A constant limit (a
    // just-constructed arena's 0) is left alone: the compiler then skips the compare.
    if (!__builtin_constant_p(limit)) asm("" : "+r"(limit));
    if (size <= kMaxRequest && next + red_zone() < limit) [[likely]]
      return take(next - size, size);
    return slow();
  }
  // Null when the request cannot be met, the arena then unchanged. For try_* calls.
  void* bump(std::size_t size, std::size_t align) noexcept {
    return bump_below(end_, size, align, [&] { return bump_slow(size, align, kNoLimit); });
  }
  // For calls that must succeed: failure throws (or aborts) from the slow path, so the fast path
  // carries no null check.
  [[gnu::returns_nonnull]] void* bump_or_fail(std::size_t size, std::size_t align) {
    return bump_below(end_, size, align, [&] { return bump_slow_or_fail(size, align, kNoLimit); });
  }

  // The fast path alone, below the frame's limit (the block's end for null, the arena itself):
  // null when the request would need the slow path, the arena then unchanged. It calls nothing,
  // so inlined into a caller's loop it brings no call and no register spill with it; for callers
  // whose every miss goes to a general path of their own (ArenaVec's first buffer).
  void* bump_fast_only(const TxnFrame* frame, std::size_t size, std::size_t align) noexcept {
    return bump_below(frame != nullptr ? frame->limit : end_, size, align,
                      []() -> void* { return nullptr; });
  }

  // Allocation through a transaction's frame (see TxnFrame). Misuse of the transaction stack
  // throws; failure returns null.
  void* bump_in(const TxnFrame& frame, std::size_t size, std::size_t align) {
    return bump_below(frame.limit, size, align, [&] { return bump_in_slow(frame, size, align); });
  }
  // As bump_in, for calls that must succeed: failure throws.
  [[gnu::returns_nonnull]] void* allocate(const TxnFrame& frame, std::size_t size,
                                          std::size_t align) {
    return bump_below(frame.limit, size, align, [&] { return allocate_slow(frame, size, align); });
  }
  // For adapters holding either source: a frame, or null for the arena itself.
  // A FrameRef whose transaction has closed (its slot reused or not) is reported as misuse.
  void* bump_in(const FrameRef& ref, std::size_t size, std::size_t align) {
    if (ref.frame == nullptr) return bump(size, align);
    if (!ref.current()) [[unlikely]]
      fail_closed();
    return bump_in(*ref.frame, size, align);
  }
  [[gnu::returns_nonnull]] void* allocate(const FrameRef& ref, std::size_t size,
                                          std::size_t align) {
    if (ref.frame == nullptr) return bump_or_fail(size, align);
    if (!ref.current()) [[unlikely]]
      fail_closed();
    return allocate(*ref.frame, size, align);
  }

  // Grows or shrinks the most recent allocation [p, p + old_size) in place to new_size bytes.
  // Fails (returns false, nothing changed) when p is not the most recent allocation of the current
  // block, the block has no room, or the budget says no.
  bool resize_last(void* p, std::size_t old_size, std::size_t new_size,
                   std::size_t limit) noexcept {
    const auto b = reinterpret_cast<std::uintptr_t>(p);
    if (b + old_size + red_zone() != ptr_ || b < cold().begin) return false;
    if (new_size + red_zone() > end_ - b) return false;
    if (new_size > old_size && position() + (new_size - old_size) > limit) return false;
    ptr_ = b + new_size + red_zone();
    if (new_size > old_size)
      asan_unpoison(static_cast<std::byte*>(p) + old_size, new_size - old_size);
    else
      asan_poison(static_cast<std::byte*>(p) + new_size, old_size - new_size);
    return true;
  }

  // Takes back [p, p + size) if it is the most recent allocation and lies inside the innermost
  // open transaction (taking back memory from below a savepoint's start would corrupt it).
  // Otherwise does nothing: a bump arena frees only by rewinding. For deallocate() of adapters.
  void give_back(void* p, std::size_t size) noexcept {
    if (reinterpret_cast<std::uintptr_t>(p) + size + red_zone() == ptr_ &&
        position() - size >= txn_floor()) {
      resize_last(p, size, 0, kNoLimit);
    }
  }

  Checkpoint checkpoint() const noexcept { return hand_out(snapshot()); }
  // The position as a checkpoint not taken yet: for the arena's own undo, or handed out later
  // (a transaction's start, taken right after open_txn).
  // Until it is handed out it does not make the next mark take the next epoch.
  Checkpoint snapshot() const noexcept {
    const ColdState& cold = this->cold();
    return Checkpoint(cold.current, ptr_ - cold.begin, cold.base + ptr_, epoch());
  }
  // Hands out `cp`, a snapshot: from now on it counts as a checkpoint taken. A snapshot handed
  // out late must not lie above a rewind made since it (the start of a transaction still open
  // does not: no rewind may cut into an open transaction).
  Checkpoint hand_out(const Checkpoint& cp) const noexcept {
    // An arena without a ColdState is at 0, where no checkpoint can go stale: nothing to steer.
    // The flag is often set already (see kCheckpointTaken): then nothing is written.
    if (cold_ != nullptr && (cold_->state & kCheckpointTaken) == 0) {
      set_flag(*cold_, kCheckpointTaken);
    }
    return cp;
  }

  // Validated rewind: the checkpoint must belong to the current history of this arena and must
  // not cut into an open transaction. Misuse throws MisuseError. Always inline, as the common
  // rewind it tries first: clang's inliner otherwise keeps either out of line, a call with the
  // checkpoint spilled to memory on every rewind.
  // An arena without a ColdState (no block: every checkpoint is at 0) takes the slow path.
  [[gnu::always_inline]] void rewind(const Checkpoint& cp) {
    if (cold_ != nullptr) [[likely]] {
      ColdState& cold = own();
      if (cp.bytes_ >= txn_floor() && !is_stale(cold, cp) && rewind_within_block(cold, cp)) return;
    }
    rewind_slow(cp.block_, cp.offset_, cp.bytes_, cp.epoch_);
  }
  // Rewind without validation, for transactions (their checkpoint is valid by construction).
  void rewind_unchecked(const Checkpoint& cp) noexcept {
    if (cold_ == nullptr || !rewind_within_block(own(), cp)) {
      rewind_across_blocks(cp.block_, cp.offset_, cp.bytes_, Undo::rewind);
    }
    FASTARENA_ASSERT(position() == cp.bytes_, "a rewind returns to its checkpoint");
  }
  // Rolls the innermost transaction, `frame`, back to its start (still open: close_txn pops it).
  // From the frame, not from a copy in the Transaction, which would have to be kept in memory
  // across every call that may throw, for the destructor. Always inline, as rewind is: clang
  // keeps it out of line otherwise, a call in every savepoint's life.
  [[gnu::always_inline]] void rollback_txn(const TxnFrame& frame) noexcept {
    ColdState& cold = own();  // a transaction's opening made it
    // An unchanged base (floor - start) means the same block and no oversized allocation since
    // (either changes it); the address test covers two blocks whose base happens to coincide.
    const std::uintptr_t start = frame.start;
    if (!kAsan && frame.floor - start == cold.base && start >= cold.begin &&
        !has_drops_from(cold, frame.floor)) [[likely]] {
      ptr_ = start;
      if (may_leave_stale(cold, frame.floor)) record_rewind(&cold, frame.floor, Undo::rollback);
    } else {
      rollback_across_blocks(start, frame.floor);
    }
    FASTARENA_ASSERT(position() == frame.floor, "a rollback returns to its transaction's start");
  }
  // Gives everything back, keeps every block. MisuseError with transactions open.
  void reset() {
    // Settled (see kSettled): the arena is in block 0 with nothing before it, and the marks
    // already record a reset. Then, with no destructor to run, no transaction open and outside
    // ASan (whose high-water mark bounds the poisoning), a reset moves ptr_ back and, if a
    // checkpoint (a transaction's start handed out, say) came since the last reset, gives the
    // mark the next epoch, which makes that checkpoint stale. The slow path does everything
    // else, and leaves the arena settled for the next one.
    const std::uint64_t state = cold().state;
    // The flags other than kSettled, and kSettled inverted: 0 when settled and nothing else
    // (one test where `== kSettled` would be a mask and a compare).
    const std::uint64_t flags = (state - kSettled) & kFlags;
    if (!kAsan && flags == 0) [[likely]] {
      assert_settled();
      ptr_ = own().begin;  // a settled arena has marks, so a ColdState
      return;
    }
    if (!kAsan && flags == kCheckpointTaken && top_ == nullptr) {
      assert_settled();
      const std::uint64_t next = state + kEpochStep - kCheckpointTaken;
      own().marks.restamp_reset(next >> kEpochShift);
      own().state = next;
      ptr_ = own().begin;
      return;
    }
    reset_slow();
  }

  void assert_settled() const noexcept {
    FASTARENA_ASSERT(cold_ != nullptr && own().current == 0 && bytes_before() == 0 &&
                         own().marks.is_one_reset(epoch()),
                     "a settled arena is in block 0 and its marks are one reset's");
  }

  FASTARENA_API ArenaStats stats() const noexcept;
  FASTARENA_API std::size_t block_count() const noexcept;
  FASTARENA_API TxnDiff diff_since(const Checkpoint& cp) const noexcept;

  // Explains why bump() returned null, as an exception (or abort without exceptions).
  [[noreturn]] FASTARENA_API void fail(std::size_t size, std::size_t align,
                                       std::size_t limit) const;

  // Drop tracking: link a record allocated in this arena; it runs when memory is given back.
  // (A record is in a block, so the arena has a ColdState of its own.)
  void push_drop(DropRecord* record) noexcept {
    FASTARENA_ASSERT(cold_ != nullptr, "a drop record is in a block");
    ColdState& cold = own();
    FASTARENA_ASSERT(cold.drops == nullptr || cold.drops->position <= record->position,
                     "drop records are newest first");
    record->next = cold.drops;
    cold.drops = record;
    set_flag(cold, kHasDrops);
    FASTARENA_ASSERT_LAYER(broken_drop_invariant());
  }

  // The transaction stack: the innermost open frame (null: none), its depth and start.
  const TxnFrame* top() const noexcept { return top_; }
  std::size_t txn_depth() const noexcept { return top() != nullptr ? top()->depth : 0; }
  std::size_t txn_floor() const noexcept { return top() != nullptr ? top()->floor : 0; }
  // Whether `frame` is the innermost open transaction's (a closed transaction's closed_frame is
  // on no stack).
  bool is_innermost(const TxnFrame& frame) const noexcept { return top_ == &frame; }
  // Whether `frame` is on the stack (innermost or displaced by a savepoint of its own).
  bool is_open(const TxnFrame& frame) const noexcept {
    for (const TxnFrame* open = top(); open != nullptr; open = open->outer) {
      if (open == &frame) return true;
    }
    return false;
  }
  // Pushes the next slot for a transaction starting here with `budget`, and
  // returns it; the frame it displaces stops allocating inline. The budget comes as a value, not
  // re-read, so that a constant kNoLimit (any top-level transaction) folds limit_for() to end_.
  // Always inline, as are the Transaction constructor and the calls that open one (clang keeps
  // one of them out of line otherwise: a call, and the transaction in memory, at every opening).
  [[gnu::always_inline]] const TxnFrame& open_txn(std::size_t budget) {
    return open_txn(cold_ != nullptr ? own() : make_cold(), budget, /*nested=*/false);
  }
  // As above, for a savepoint: its transaction's opening made the ColdState.
  [[gnu::always_inline]] const TxnFrame& open_savepoint(std::size_t budget) {
    return open_txn(own(), budget, /*nested=*/true);
  }
  [[gnu::always_inline]] const TxnFrame& open_txn(ColdState& cold, std::size_t budget,
                                                  bool nested) {
    FASTARENA_ASSERT(&cold == cold_, "the arena's own ColdState");
    TxnFrame* const outer = top_;
    TxnFrame* frame = &cold.first_slot;
    if (outer != nullptr) {
      outer->limit = 0;
      frame = outer->next;
    }
    if (frame == nullptr) [[unlikely]]
      frame = make_slot();
    // The start, read only now: nothing stays live across make_slot (a spill at every opening).
    // It is a snapshot, not a checkpoint taken until handed out (hand_out), so that a request's
    // transaction then reset leaves the state and the marks as bare allocations would.
    std::uintptr_t start = ptr_;
    // A top-level opening stores ptr_ back as it was read: the allocations that follow load
    // it, and each load then has a store of its own, as in a plain allocation loop, instead of
    // being the second load of the store before the opening (a reset's, say), which cores that
    // forward a store to its load speculatively take a slow path for. The empty asm keeps that
    // store. A savepoint's opening follows its transaction's allocations, not a reset: there
    // the store is only one more on the way.
    if (!nested) {
      asm("" : "+r"(start));
      ptr_ = start;
    }
    frame->floor = cold.base + start;
    frame->start = start;
    // A free slot's budget is kNoLimit (close_txn restores it): nothing to store for a constant
    // kNoLimit.
    if (budget != kNoLimit) frame->budget = budget;
    frame->limit = limit_for(cold, budget);
    top_ = frame;
    FASTARENA_ASSERT_LAYER(broken_txn_invariant());
    // Without this the compiler forwards the bound just stored into the first allocation and
    // keeps it in a register across the loop that follows, lengthening every allocation there.
    std::atomic_signal_fence(std::memory_order_seq_cst);  // a compiler-only barrier
    return *frame;
  }
  // Pops `frame`, the innermost, back to `outer` (its outer, which the caller kept from the
  // opening: a register, where frame->outer would be a load on the path to the next opening).
  // If the frame was shared, its new generation makes every FrameRef to it stale, so its limit
  // need not be cleared: a closed Transaction allocates against closed_frame, ArenaVec and the
  // adapters check the generation first. `had_budget`: the frame's budget may not be kNoLimit
  // (see open_txn). The outer frame's limit stays 0 until it next allocates (the slow path
  // re-derives it).
  void close_txn(const TxnFrame& frame, const TxnFrame* outer, bool had_budget) noexcept {
    FASTARENA_ASSERT(&frame == top_ && frame.outer == outer,
                     "only the innermost transaction closes");
    TxnFrame& slot = const_cast<TxnFrame&>(frame);  // a slot of this core's, not closed_frame
    if ((slot.generation & 1) != 0) ++slot.generation;
    if (had_budget) slot.budget = kNoLimit;
    top_ = const_cast<TxnFrame*>(outer);
    FASTARENA_ASSERT_LAYER(broken_txn_invariant());
  }
  // `frame`, an open transaction's, as ArenaVec and the adapters keep it (see FrameRef).
  FrameRef share_frame(const TxnFrame& frame) noexcept {
    FASTARENA_ASSERT(is_open(frame), "only an open transaction's frame is shared");
    TxnFrame& slot = const_cast<TxnFrame&>(frame);  // a slot of this core's, not closed_frame
    slot.generation |= 1;
    return {&frame, slot.generation};
  }
  // Sets the budget of `frame`, an open transaction's, and its inline bound if it is innermost.
  void set_budget(const TxnFrame& frame, std::size_t budget) noexcept {
    TxnFrame& slot = const_cast<TxnFrame&>(frame);  // a slot of this core's, not closed_frame
    slot.budget = budget;
    if (&frame == top_) slot.limit = limit_for(budget);
    FASTARENA_ASSERT_LAYER(broken_txn_invariant());
  }

  [[noreturn]] void fail_inactive(const TxnFrame& frame) const;
  [[noreturn]] FASTARENA_API static void fail_closed();

  // Each layer's invariant, checked whole (O(blocks), O(depth), O(drop records)): what the first
  // one broken says, or null. The slow paths that change a layer assert its check where
  // assertions are on; the layer tests check each after every step.
  FASTARENA_API const char* broken_chunk_invariant() const noexcept;
  FASTARENA_API const char* broken_txn_invariant() const noexcept;
  FASTARENA_API const char* broken_drop_invariant() const noexcept;

  // The memory handed out, as chunks: the used part of each block up to the current one, in
  // order, then each oversized allocation's block.
  FASTARENA_API std::size_t chunk_count() const noexcept;
  FASTARENA_API std::span<const std::byte> chunk(std::size_t i) const noexcept;
  // Where `p` is among the chunks' bytes, counted through them in order; nullopt if it is in
  // none (not handed out by this arena, or given back since).
  FASTARENA_API std::optional<std::size_t> identify(const void* p) const noexcept;

 private:
#if defined(FASTARENA_ASAN)
  static constexpr bool kAsan = true;
#else
  static constexpr bool kAsan = false;
#endif

  // The common rewind: back within the current block, with no destructor to run, no oversized
  // allocation to release and (under ASan) nothing to poison. Returns false when it does not apply.
  [[gnu::always_inline]] bool rewind_within_block(ColdState& cold, const Checkpoint& cp) noexcept {
    if (kAsan || cp.block_ != cold.current || cp.offset_ > ptr_ - cold.begin ||
        cp.bytes_ - cp.offset_ !=
            cold.base + cold.begin ||  // an oversized allocation came after cp
        has_drops_from(cold, cp.bytes_)) {
      return false;
    }
    ptr_ = cold.begin + cp.offset_;
    record_rewind(&cold, cp.bytes_, Undo::rewind);
    return true;
  }

  // Whether a rewind to `position` may make a checkpoint stale, and so needs a mark. Not when
  // no checkpoint was taken since the last mark and that mark lies at or below `position`:
  // every checkpoint taken before a mark and above it is stale already. Then the state word,
  // kSettled included (the marks and the block are unchanged), stays as it is too.
  static bool may_leave_stale(const ColdState& cold, std::size_t position) noexcept {
    return (cold.state & kCheckpointTaken) != 0 || !cold.marks.newest_at_or_below(position);
  }

  // A destructor is registered at or after `position`.
  bool has_drops_from(const ColdState& cold, std::size_t position) const noexcept {
    return (cold.state & kHasDrops) != 0 && cold.drops->position >= position;
  }

  // Stale iff some rewind after cp was taken went below it: never when no rewind came since.
  bool is_stale(const Checkpoint& cp) const noexcept {
    return is_stale(cold(), cp);
  }
  bool is_stale(const ColdState& cold, const Checkpoint& cp) const noexcept {
    return cp.epoch_ != epoch() && cold.marks.is_stale(cp.epoch_, cp.bytes_);
  }

  // What gave memory back, for record_rewind: a rewind to a checkpoint (or to the arena's own
  // snapshot), a transaction's rollback (one is open, so the arena cannot be settled) or a reset.
  enum class Undo { rewind, rollback, reset };

  // After a rewind to `position`: the state and the mark. `cold` is the arena's ColdState, or
  // null when it has none (no block: every position is 0, no checkpoint can go stale, nothing
  // to mark).
  [[gnu::always_inline]] void record_rewind(ColdState* cold, std::size_t position,
                                            Undo undo) noexcept {
    FASTARENA_ASSERT(cold == cold_, "the arena's own ColdState");
    FASTARENA_ASSERT(cold != nullptr || position == 0, "an arena without one is at 0");
    if (cold == nullptr) return;
    // The mark's epoch is one past every checkpoint taken so far. It advances only when
    // kCheckpointTaken is set (else no checkpoint was taken since the last mark, whose epoch
    // already is), so a loop of allocations and rollbacks carries no increment. Always inline:
    // clang otherwise keeps it out of line, a call in every rewind and rollback.
    std::uint64_t state = cold->state;
    if ((state & kCheckpointTaken) != 0) state += kEpochStep;
    state &= ~kSettled;
    if (undo != Undo::rewind) state &= ~kCheckpointTaken;  // see kCheckpointTaken
    const std::uint64_t epoch = state >> kEpochShift;
    if (!cold->marks.restamp_newest(epoch, position)) record_mark(epoch, position);
    // A rewind to 0 leaves one mark, this one, a reset's. Back in block 0 with no transaction
    // open, it is what a reset would leave (see kSettled).
    if (undo != Undo::rollback && position == 0 &&
        (cold->current | reinterpret_cast<std::uintptr_t>(top_)) == 0) {
      state |= kSettled;
    }
    cold->state = state;
  }

  FASTARENA_API void record_mark(std::uint64_t epoch, std::size_t position) noexcept;
  // The fields, not the Checkpoint (by reference or by value, which the ABI passes in memory):
  // its address would escape, and clang then keeps the caller's checkpoint in memory on the
  // inline path too, reloading it after every opaque call.
  FASTARENA_API void rewind_slow(std::size_t block, std::size_t offset, std::size_t bytes,
                                 std::uint64_t epoch);
  // The fields, not the Checkpoint: rollback_across_blocks has no Checkpoint to pass.
  FASTARENA_API void rewind_across_blocks(std::size_t block, std::size_t offset, std::size_t bytes,
                                          Undo undo) noexcept;
  // A transaction's rollback to `start`, the address of position `floor`, from another block or
  // past oversized allocations or destructors: finds the block that holds it.
  FASTARENA_API void rollback_across_blocks(std::uintptr_t start, std::size_t floor) noexcept;
  FASTARENA_API void reset_slow();
  FASTARENA_API void release_all() noexcept;
  // Every block the ledger records, then the ledger: the one it lives in last.
  void release_ledger() noexcept;
  void* make_ledger(std::size_t size, std::size_t align, std::size_t limit) noexcept;
  void* first_block(std::size_t size, std::size_t align, std::size_t limit) noexcept;
  // bump_slow's part for an arena with a ledger whose current block has no room: the next
  // idle block, a new one, or an oversized block of its own.
  void* next_block(std::size_t size, std::size_t align, std::size_t limit) noexcept;
  // addr rounded up to align (a power of two); never wraps, as addr is a real address (or a
  // block's capacity) and align <= kMaxAlign is checked before any block is used
  // (bigger ones never fit, see bump_slow).
  static std::uintptr_t align_up(std::uintptr_t addr, std::size_t align) noexcept {
    return (addr + (align - 1)) & ~static_cast<std::uintptr_t>(align - 1);
  }
  // Bytes left poisoned after each allocation: red_zone_ under ASan, else a constant 0 that
  // leaves the fast path as it is.
  std::size_t red_zone() const noexcept {
    if constexpr (kAsan) {
      return cold().red_zone;
    } else {
      return 0;
    }
  }
  void* take(std::uintptr_t p, std::size_t size) noexcept {
    ptr_ = p + size + red_zone();
    auto* result = reinterpret_cast<std::byte*>(p);
    asan_unpoison(result, size);
    return result;
  }
  // The address up to which the position stays within `budget` in the current block (so that
  // base + limit == budget), clamped to the block: end_ when the budget lies beyond it, 0 when
  // the block already starts past it.
  std::uintptr_t limit_for(std::size_t budget) const noexcept {
    return limit_for(own(), budget);
  }
  std::uintptr_t limit_for(const ColdState& cold, std::size_t budget) const noexcept {
    if (budget >= cold.base + end_) return end_;  // also kNoLimit
    if (budget < cold.base + cold.begin) return 0;
    return budget - cold.base;
  }
  // Re-derives the innermost frame's bound after the block or base changed (slow paths only).
  void sync_top_limit() noexcept {
    if (top_ != nullptr) top_->limit = limit_for(top_->budget);
  }
  // A slot for the depth above the innermost transaction's, the first time it is reached: one
  // of the ColdState's inline slots, then the heap (the slot of depth 1 is made with it).
  FASTARENA_API TxnFrame* make_slot();
  // A ColdState of the arena's own for a transaction's opening, or the failure thrown.
  FASTARENA_API ColdState& make_cold();
  // A ColdState of the arena's own on the heap, if it has none yet (false: out of memory).
  bool own_cold() noexcept;

  FASTARENA_API void* bump_slow(std::size_t size, std::size_t align, std::size_t limit) noexcept;
  FASTARENA_API void* bump_in_slow(const TxnFrame& frame, std::size_t size, std::size_t align);
  [[gnu::returns_nonnull]] FASTARENA_API void* allocate_slow(const TxnFrame& frame,
                                                             std::size_t size, std::size_t align);
  [[gnu::returns_nonnull]] FASTARENA_API void* bump_slow_or_fail(std::size_t size,
                                                                 std::size_t align,
                                                                 std::size_t limit);
  void* bump_big(std::size_t size, std::size_t align, std::size_t limit) noexcept;
  // Makes block `index` of the ledger the current one, with `size` bytes allocated at `pad`.
  void enter_block(std::size_t index, std::size_t pad, std::size_t size) noexcept;
  // The part of entering a block that needs no ledger (the first block has none yet).
  void enter(const Block& b, std::size_t pad, std::size_t size) noexcept;
  void run_drops_down_to(std::size_t position) noexcept;
  void release_big_down_to(std::size_t position) noexcept;
  // A block of `capacity` bytes, and `trailer` bytes past it that are not the block's (the
  // ColdState and the ledger, for the first block). Null data when the system says no.
  Block reserve_block(std::size_t capacity, std::size_t align, std::size_t trailer = 0) noexcept;
  // Records a freshly reserved block at `index` and enters it with `size` bytes allocated.
  void* adopt_block(std::size_t index, const Block& fresh, std::size_t size) noexcept;
  // The capacity of the block reserved after one of `capacity` bytes (ArenaOptions::growth).
  std::size_t next_capacity_after(std::size_t capacity) const noexcept;
  void release_block(const Block& block) noexcept;

  std::size_t bytes_before() const noexcept {
    const ColdState& cold = this->cold();
    return cold.base + cold.begin;
  }
  // Call after begin (and current) are set: every move to another block ends here.
  void set_bytes_before(std::size_t bytes) noexcept {
    FASTARENA_ASSERT(cold_ != nullptr || bytes == 0,
                     "an arena without a ColdState is at position 0");
    if (cold_ != nullptr) own().base = bytes - own().begin;  // else it stays kEmptyCold's 0
    unsettle_reset();
  }
  // The block or the bytes before it changed: a reset must go the slow way (see kSettled).
  void unsettle_reset() noexcept {
    if (cold_ != nullptr) cold_->state &= ~kSettled;
  }
  // The arena's ColdState, or the shared empty one while it has none (nothing to write then).
  const ColdState& cold() const noexcept {
    return cold_ != nullptr ? own() : kEmptyCold;
  }
  // The arena's own ColdState: for paths that know it has one (it is in a transaction, has a
  // block, or has marks to keep).
  ColdState& own() const noexcept {
    FASTARENA_ASSERT(cold_ != nullptr, "the arena has a ColdState of its own");
    return *cold_;
  }
  // The ledger, for the slow paths of an arena that has one.
  Ledger& ledger() const noexcept {
    FASTARENA_ASSERT(cold().ledger != nullptr, "the arena has a ledger");
    return *own().ledger;
  }
  // The current block's [begin, end_) as the Block it came from describes it.
  void point_at(const Block& b, std::size_t offset) noexcept;
  // Sets `flag` in the state word with a whole-word store. Clang narrows `state |= flag` to a
  // one-byte store, which the next whole-word load of the state (a rewind's, say) cannot be
  // forwarded from: a stall of its own at every checkpoint. The empty asm hides the load.
  static void set_flag(ColdState& cold, std::uint64_t flag) noexcept {
    std::uint64_t state = cold.state;
    asm("" : "+r"(state));
    cold.state = state | flag;
  }
  std::uint64_t epoch() const noexcept {
    return cold().state >> kEpochShift;
  }

  // The state word, in the ColdState (ColdState::state): the epoch (state >> kEpochShift) and
  // three flags. Every checkpoint taken before a mark has an epoch below the mark's; every one
  // taken after it, the mark's epoch or above (see record_rewind). The flags say what the next
  // mark must do and whether reset() may take its fast path; a reset leaves kSettled alone set
  // (when no destructor is pending):
  //   kSettled: the marks are exactly one, a reset's (to 0, at the epoch), and the arena is in
  //     block 0 with nothing before it. A reset has ptr_ to move back and, if a checkpoint came
  //     since, the mark's epoch to advance. Set by record_rewind(0) alone, when those hold and
  //     no transaction is open; cleared by every change of block or of the bytes before it
  //     (set_bytes_before, bump_big) and every other rewind.
  //   kCheckpointTaken: a checkpoint was handed out since the last rollback's or reset's mark
  //     (a transaction's start counts once handed out), so the next mark takes the next epoch;
  //     clear, no checkpoint was taken since the last mark. Set by hand_out, cleared by a
  //     rollback's or a reset's mark. A rewind to a checkpoint leaves it set, as that checkpoint
  //     is still live: in a loop that takes a checkpoint and rewinds to it, the checkpoints
  //     find it set and write nothing, and the rewind's write of the state word does not wait
  //     for a checkpoint's write before it, which waited for the rewind's before that.
  //   kHasDrops: the ColdState's drop list is not empty.
  // An arena without a ColdState has no state word: it reads kEmptyCold's 0 (epoch 0, no flag,
  // not settled, so that its reset takes the slow path). checkpoint() is logically const: the
  // flag only steers the marks.
  static constexpr std::uint64_t kSettled = 1, kCheckpointTaken = 2, kHasDrops = 4;
  static constexpr std::uint64_t kFlags = 7, kEpochShift = 3, kEpochStep = 8;

  // Four words, what the inline paths read first: the bump pointer and the block's end (all the
  // fast path reads, beside a frame's limit), the innermost transaction's frame (every opening,
  // close and savepoint check), and the ColdState, which holds the rest: where the block starts,
  // the bytes before it, the block's index, the state word. Addresses in the block are kept as
  // integers: the align-up mask and the bounds compare are integer operations, and no
  // out-of-bounds pointer is ever formed. Every word of an empty arena with the default options
  // is 0 (see the top of this file); the words go in pairs of one kind (two integers, two
  // pointers), which GCC merges into one aligned 16-byte store each.
  std::uintptr_t ptr_ = 0;
  std::uintptr_t end_ = 0;
  TxnFrame* top_ = nullptr;  // the innermost open transaction's frame (null: none)
  // Null until the arena has a ColdState of its own (see ColdState); read through cold() or
  // own().
  ColdState* cold_ = nullptr;
};

}  // namespace fastarena::detail
