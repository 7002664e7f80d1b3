// SPDX-License-Identifier: MIT
// RewindMarks: how the arena tells a stale checkpoint from a valid one.
//
// A checkpoint is stale when, after it was taken, the arena was rewound or reset to a position
// below it. Every checkpoint carries the arena's epoch at the time it was taken; every rewind
// records a mark (epoch, position) whose epoch is above every checkpoint taken before it and at
// or below every one taken after it. A checkpoint (e, B) is then stale iff some mark with an
// epoch above e has a position below B.
//
// Invariant: epochs never decrease and positions strictly increase, oldest first. A new mark
// removes the marks at or above its position: every checkpoint they could reject, it rejects
// too (it is newer and lower). So the oldest mark newer than a checkpoint is the lowest of all
// newer ones, found from the newest end, usually in one step. The list is bounded: when full,
// the oldest mark is dropped, which can only miss a stale checkpoint, never reject a valid one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "fastarena/detail/assert.h"

namespace fastarena::detail {

class RewindMarks {
 public:
  static constexpr std::size_t kCapacity = 32;

  // Only the first count_ marks are ever read, so the array is left as it is, which spares every
  // arena's first block the zeroing of it; a constant (kEmptyCold) must be fully initialised.
  constexpr RewindMarks() noexcept {
    if (std::is_constant_evaluated()) {
      for (Mark& mark : marks_) mark = Mark{0, 0};
    }
  }

  // Whether a checkpoint taken at `epoch` at `position` is stale.
  bool is_stale(std::uint64_t epoch, std::size_t position) const noexcept {
    std::size_t i = count_;
    while (i > 0 && marks_[i - 1].epoch > epoch) --i;
    return i < count_ && marks_[i].position < position;
  }

  // No mark, or the newest one (the lowest, see above) at or below `position`.
  bool newest_at_or_below(std::size_t position) const noexcept {
    return count_ == 0 || marks_[count_ - 1].position <= position;
  }

  // Records a rewind to `position` at `epoch`, which is at or above every mark's, when the
  // newest mark is at `position` (a loop rewinding to one checkpoint): every older mark lies
  // below it, so removing it and adding the new one is giving it the new epoch. False, with
  // nothing changed, otherwise: then record() does it.
  bool restamp_newest(std::uint64_t epoch, std::size_t position) noexcept {
    if (count_ == 0 || marks_[count_ - 1].position != position) return false;
    FASTARENA_ASSERT(marks_[count_ - 1].epoch <= epoch, "rewind marks' epochs never decrease");
    marks_[count_ - 1].epoch = epoch;
    return true;
  }
  // Records a rewind to `position` at `epoch`, which is at or above every mark's.
  void record(std::uint64_t epoch, std::size_t position) noexcept {
    if (restamp_newest(epoch, position)) return;
    FASTARENA_ASSERT(count_ == 0 || marks_[count_ - 1].epoch <= epoch,
                     "rewind marks' epochs never decrease");
    while (count_ > 0 && marks_[count_ - 1].position >= position) --count_;
    if (count_ == kCapacity) {
      std::memmove(marks_, marks_ + 1, (kCapacity - 1) * sizeof(Mark));
      --count_;
    }
    marks_[count_++] = Mark{epoch, position};
    FASTARENA_ASSERT(count_ == 1 || marks_[count_ - 2].position < position,
                     "rewind marks' positions strictly increase");
  }

  // The marks are exactly one, a rewind to 0 at `epoch`: what a reset leaves.
  bool is_one_reset(std::uint64_t epoch) const noexcept {
    return count_ == 1 && marks_[0].position == 0 && marks_[0].epoch == epoch;
  }
  // Gives the one mark a reset left the newer `epoch`, as a reset now would (is_one_reset holds).
  void restamp_reset(std::uint64_t epoch) noexcept {
    FASTARENA_ASSERT(count_ == 1 && marks_[0].position == 0 && marks_[0].epoch <= epoch,
                     "only a reset's one mark is restamped, to a newer epoch");
    marks_[0].epoch = epoch;
  }

  void clear() noexcept { count_ = 0; }

 private:
  struct Mark {
    std::uint64_t epoch;
    std::size_t position;
  };
  std::size_t count_ = 0;
  Mark marks_[kCapacity];
};

}  // namespace fastarena::detail
