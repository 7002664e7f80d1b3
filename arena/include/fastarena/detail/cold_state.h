// SPDX-License-Identifier: MIT
// ColdState: everything of an arena that its fast paths rarely touch, behind one pointer; and
// the two things in it no other layer owns: the options (Growth) and the drop records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "fastarena/arena_options.h"
#include "fastarena/detail/export.h"
#include "fastarena/detail/rewind_marks.h"
#include "fastarena/detail/txn_frame.h"

namespace fastarena::detail {

// A destructor to run when the arena gives memory back (drop tracking only).
struct DropRecord {
  DropRecord* next;
  void (*destroy)(void* first, std::size_t count) noexcept;
  void* first;
  std::size_t count;
  std::size_t position;  // the arena position just before this record was allocated
};

// The ArenaOptions the slow paths read, normalised (first_block at least 64, growth at least 1).
struct Growth {
  std::size_t first_block;
  std::size_t growth;     // ArenaOptions::growth
  std::size_t max_block;  // ArenaOptions::max_block
  BlockSource source;     // ArenaOptions::source; none: operator new
  friend constexpr bool operator==(const Growth&, const Growth&) = default;
};
inline constexpr Growth kDefaultGrowth{std::size_t{64} << 10, 2, std::size_t{64} << 20, nullptr};
static_assert(ArenaOptions{}.first_block == kDefaultGrowth.first_block &&
                  ArenaOptions{}.growth == kDefaultGrowth.growth &&
                  ArenaOptions{}.max_block == kDefaultGrowth.max_block && !ArenaOptions{}.source,
              "kDefaultGrowth is what ArenaOptions{} says");

// A block of memory the arena hands out from: its own (from the block source) or the caller's.
struct Block {
  std::byte* data;
  std::size_t capacity;
  std::size_t align;     // what it was reserved with, to give it back correctly
  std::size_t used;      // bytes in use when the arena moved past it (valid below current);
                         // for an oversized block in use, its allocation's size
  std::size_t reserved;  // bytes asked of the source (the first block's trailer included);
                         // 0: the caller's buffer, never given back
  void* allocation;      // what operator new returned, when it made the block (data is it
                         // rounded up to the block's alignment, see reserve_block)
};

// The block lists (arena/src/ledger.h): only the slow paths and the invariant checks read them.
struct Ledger;

// Everything of an arena but its bump pointer, that pointer's bound and its innermost
// transaction's frame, behind one pointer so that the arena itself is four words: where the
// arena is among its blocks, its state word, options, rewind marks, transaction slots, drop
// records, the block ledger.
// Where it lives (`home`):
//   - none: an arena with the default options and no block yet has none (a null pointer:
//     nothing to record, every position is 0); it reads kEmptyCold, shared and never written;
//   - block: inside the first block's system allocation, past its end, made with that block;
//   - heap: made before any block, when the options are not the defaults, for a caller's
//     buffer, or when a transaction opens or an oversized allocation comes first;
//   - caller: storage the caller gave (InlineArena holds it beside its bytes).
struct ColdState {
  static constexpr std::size_t kInlineSlots = 4;
  enum class Home : unsigned char { none, block, heap, caller };

  constexpr explicit ColdState(Home where, const Growth& options = kDefaultGrowth,
                               std::size_t zone = 0) noexcept
      : growth(options), red_zone(zone), home(where) {
    // make_slot writes a deeper slot before its first use, so they are left as they are; a
    // constant (kEmptyCold) must be fully initialised.
    if (std::is_constant_evaluated()) {
      for (TxnFrame& slot : inline_slots) slot = TxnFrame{};
    }
  }

  // Made past the end of `first`, the first block of an arena with the default options, which
  // the arena has entered: position 0 at its start.
  explicit ColdState(const Block& first) noexcept
      : begin(reinterpret_cast<std::uintptr_t>(first.data)),
        base(-begin),
        growth(kDefaultGrowth),
        red_zone(0),
        home(Home::block),
        // Field by field: GCC copies a whole Block through the stack (word stores, then 16-byte
        // loads the processor cannot forward from them).
        sole_block{first.data, first.capacity, first.align,
                   first.used, first.reserved, first.allocation} {}

  // The slot of depth 1, made with the ColdState and first in it, so that a transaction's
  // opening finds it at the ColdState's own address (no load). Deeper slots are linked from it
  // through `next`: those of depths 2..kInlineSlots below, made by make_slot when first needed,
  // then slots on the heap.
  TxnFrame first_slot = free_slot(1, nullptr);
  // Where the arena is and its state (see ArenaCore), read by checkpoints, rewinds, resets and
  // transactions, next to the first slot they use.
  std::uintptr_t begin = 0;  // the current block's start address
  std::uintptr_t base = 0;   // bytes_before() - begin, modular: position() is base + ptr_
  std::size_t current = 0;   // the current block's index in the ledger
  std::uint64_t state = 0;   // the epoch and flags (see ArenaCore::kSettled)
  Growth growth;
  std::size_t red_zone;  // ArenaOptions::red_zone, read under ASan only
  Home home;
  DropRecord* drops = nullptr;  // newest first (drop tracking; see ArenaCore::kHasDrops)
  // Made when the arena leaves its first block, or for an oversized allocation (see
  // ArenaCore::make_ledger); until then the first block, if any, is sole_block.
  Ledger* ledger = nullptr;
  RewindMarks marks;
  TxnFrame inline_slots[kInlineSlots - 1];  // depths 2..kInlineSlots
  // The arena's only block while it has no ledger: the caller's buffer or the first block it
  // reserved (null data: none yet). The ledger takes it over as block 0. Last, so that the
  // fields the inline paths read keep their offsets (and their instructions' lengths).
  Block sole_block{};
};
FASTARENA_API inline constexpr ColdState kEmptyCold{ColdState::Home::none};

// Storage for a ColdState the caller provides (InlineArena).
struct ColdStorage {
  alignas(ColdState) unsigned char bytes[sizeof(ColdState)];
};

}  // namespace fastarena::detail
