// SPDX-License-Identifier: MIT
// Each layer's invariant, written once as a check of the whole layer: what arena_core.h,
// txn_frame.h and cold_state.h state in prose. The slow paths assert them where assertions are on;
// the layer tests (tests/arena/layers_test.cpp) and the model-checked arena check them after every
// step.
#include "fastarena/detail/arena_core.h"
#include "ledger.h"

namespace fastarena::detail {

const char* ArenaCore::broken_chunk_invariant() const noexcept {
  const ColdState& cold = this->cold();
  if (!(cold.begin <= ptr_ && ptr_ <= end_)) return "the bump pointer lies in its block";
  const Ledger* const ledger = cold.ledger;
  if (cold_ == nullptr && (ptr_ | end_) != 0) return "an arena without a ColdState has no block";
  std::size_t before = 0;  // the used bytes of the blocks before the current one
  if (ledger == nullptr || ledger->blocks.empty()) {
    // No block yet (or only oversized ones), or the sole block before it is full.
    if (cold.current != 0) return "an arena without blocks is in block 0";
    if (cold.begin == 0 && end_ != 0) return "an arena without a block has no room";
    if (ledger == nullptr && bytes_before() != 0) {
      return "an arena without a ledger has nothing before its first block";
    }
    if (ledger == nullptr && cold.begin != 0 &&
        (reinterpret_cast<std::uintptr_t>(cold.sole_block.data) != cold.begin ||
         end_ != cold.begin + cold.sole_block.capacity)) {
      return "an arena without a ledger is in its sole block";
    }
  } else {
    if (cold.current >= ledger->blocks.size()) return "the current block is in the ledger";
    const Block& block = ledger->blocks[cold.current];
    if (cold.begin != reinterpret_cast<std::uintptr_t>(block.data) ||
        end_ != cold.begin + block.capacity) {
      return "begin and end_ are the current block's";
    }
    for (std::size_t i = 0; i < cold.current; ++i) {
      if (ledger->blocks[i].used > ledger->blocks[i].capacity) return "a block holds its fill";
      before += ledger->blocks[i].used;
    }
    if (ledger->high_water < cold.current) return "the high-water mark counts the current block";
  }
  if (ledger != nullptr) {
    std::size_t reserved = 0;
    for (const Block& b : ledger->blocks) reserved += b.capacity;
    std::size_t last = 0;
    for (const BigBlock& big : ledger->big_live) {
      if (big.block.used > big.block.capacity) return "an oversized block holds its allocation";
      if (big.position < last) return "oversized allocations are ordered by position";
      last = big.position;
      before += big.block.used;
      reserved += big.block.capacity;
    }
    for (const Block& b : ledger->big_spare) reserved += b.capacity;
    if (reserved != ledger->bytes_reserved) return "bytes_reserved counts every block";
    if (!ledger->big_live.empty() && last + ledger->big_live.back().block.used > position()) {
      return "an oversized allocation lies below the position";
    }
  }
  if (ledger != nullptr && bytes_before() != before) {
    return "the bytes before the current block are the used bytes of earlier blocks and of the "
           "live oversized allocations";
  }
  return nullptr;
}

const char* ArenaCore::broken_txn_invariant() const noexcept {
  const ColdState& cold = this->cold();
  const TxnFrame* const top = top_;
  const TxnFrame* first = nullptr;  // the slot of depth 1, reached from top
  // Where a rollback finds a frame's start (rollback_across_blocks): among the used bytes of a
  // block up to the current one, at the frame's floor; or 0 when the frame opened before the
  // arena had a block.
  const auto start_is_found = [&](const TxnFrame& frame) {
    if (frame.start == 0) return true;
    if (cold.ledger == nullptr) {
      return frame.start >= cold.begin && frame.start <= ptr_ &&
             frame.start - cold.begin == frame.floor;
    }
    return cold.ledger->find(frame.start, frame.floor, cold.current, ptr_ - cold.begin).has_value();
  };
  for (const TxnFrame* frame = top; frame != nullptr; frame = frame->outer) {
    const TxnFrame* const outer = frame->outer;
    if (frame == top ? frame->limit != 0 && frame->limit != limit_for(frame->budget)
                     : frame->limit != 0) {
      return "the innermost frame's limit is its budget's in this block (or 0), every other 0";
    }
    if (!start_is_found(*frame)) {
      return "an open frame's start is among the used bytes of a block up to the current one, "
             "at its floor";
    }
    if (outer == nullptr) {
      if (frame->depth != 1) return "the outermost open frame has depth 1";
      first = frame;
      continue;
    }
    if (frame->depth != outer->depth + 1 || outer->next != frame) {
      return "a frame's slot is one above its outer's";
    }
    if (frame->floor < outer->floor) return "a savepoint starts at or after its transaction";
    if (frame->budget > outer->budget) return "a savepoint's budget is within its transaction's";
  }
  if (top != nullptr) {
    if (first != &cold.first_slot) return "the slot of depth 1 is the first slot";
    if (top->floor > position()) return "the innermost transaction starts at or below the position";
  }
  // The free slots above the innermost open one: open_txn relies on their budget being none.
  for (const TxnFrame* slot = top != nullptr ? top->next : &cold.first_slot; slot != nullptr;
       slot = slot->next) {
    if (slot->budget != kNoLimit) return "a free slot has no budget";
  }
  return nullptr;
}

const char* ArenaCore::broken_drop_invariant() const noexcept {
  const DropRecord* const newest = cold().drops;
  if (((cold().state & kHasDrops) != 0) != (newest != nullptr)) {
    return "kHasDrops says whether there are drop records";
  }
  if (newest != nullptr && newest->position > position()) {
    return "a drop record lies below the position";
  }
  for (const DropRecord* record = newest; record != nullptr; record = record->next) {
    if (record->next != nullptr && record->next->position > record->position) {
      return "drop records are newest first";
    }
  }
  return nullptr;
}

}  // namespace fastarena::detail
