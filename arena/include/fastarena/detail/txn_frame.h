// SPDX-License-Identifier: MIT
// The transaction stack as the arena core keeps it: TxnFrame (one slot per depth), the frame a
// closed transaction points at, and FrameRef (a frame as ArenaVec and the adapters hold it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

#include "fastarena/detail/export.h"

namespace fastarena::detail {

// "No budget": every position compares <= this, so the budget check folds away.
inline constexpr std::size_t kNoLimit = std::numeric_limits<std::size_t>::max();

// A transaction's state as the core sees it. The core owns the frames: a stack of slots, one per
// depth, made on first use and reused by every transaction opened at that depth, so that a
// Transaction holds only pointers and its own address never escapes (the compiler keeps it in
// registers; a frame inside the Transaction object would be reloaded after every opaque call).
// The slot of depth 1 is the ColdState's first_slot, each next one its `next`. The inline path
// makes one comparison against `limit`, which folds together the block's end, the budget and misuse
// detection:
//   - for the innermost open transaction, limit = min(end of the current block, the address at
//     which the position would pass the budget), kept in step by the core whenever the block,
//     base or the budget changes (sync_top_limit), or 0 until its first allocation after a
//     savepoint of it closed (the slow path re-derives it: a close stays two stores);
//   - for a frame a savepoint of it displaced, limit = 0, so each allocation through it goes out
//     of line, where the misuse is diagnosed.
// A slot no transaction holds keeps its last limit, but nothing reaches it: a closed Transaction
// points at closed_frame instead, and ArenaVec and the adapters, which keep a frame past the
// Transaction, first compare the slot's generation with theirs (see FrameRef).
// The fields an opening writes (limit, floor, start) are never neighbours: GCC
// would merge two of them into one 16-byte store, assembled through the stack.
struct TxnFrame {
  std::uintptr_t limit;      // an inline allocation must end at or below this address
  std::uint64_t generation;  // odd while the open transaction has shared it (see FrameRef)
  std::size_t floor;         // the position this transaction rolls back to
  std::size_t depth;         // fixed: 1 for a top-level transaction, 2 for its savepoint, ...
  std::uintptr_t start;      // the address of `floor` in the block it opened in
  std::size_t budget;        // inclusive bound on the position (kNoLimit: no budget)
  TxnFrame* outer;           // fixed: the slot one depth down (null at depth 1)
  TxnFrame* next;            // the slot one depth up; null until first needed
};

// A slot no transaction holds yet, at `depth` above `outer`: no budget, and limit 0.
constexpr TxnFrame free_slot(std::size_t depth, TxnFrame* outer) noexcept {
  return TxnFrame{.limit = 0,
                  .generation = 0,
                  .floor = 0,
                  .depth = depth,
                  .start = 0,
                  .budget = kNoLimit,
                  .outer = outer,
                  .next = nullptr};
}

// What a closed transaction allocates against: limit 0 and on no stack (depth 0), so every use
// of it goes out of line and is reported. Never written.
FASTARENA_API inline constexpr TxnFrame closed_frame = free_slot(0, nullptr);

// A frame as ArenaVec and the adapters keep it: null for the arena itself, else a slot and the
// generation it had when they were made, which tells them whether it is still their transaction.
// Sharing a frame (ArenaCore::share_frame) makes its generation odd; the close of a transaction
// that shared its frame makes it even again, one higher, so that no FrameRef made before matches
// it. A transaction that shares nothing leaves the generation as it is: its close writes none.
struct FrameRef {
  const TxnFrame* frame = nullptr;
  std::uint64_t generation = 0;
  // The slot still holds the transaction this was made in (or this is the arena).
  bool current() const noexcept { return frame == nullptr || frame->generation == generation; }
  friend bool operator==(const FrameRef&, const FrameRef&) = default;
};

}  // namespace fastarena::detail
