// SPDX-License-Identifier: MIT
/// \file
/// The small value types of the arena API: Checkpoint, ArenaStats, TxnStatus, TxnDiff.
/// Each prints the text of the Rust crate's Display implementation.
#pragma once

#include "fastarena/detail/export.h"

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace fastarena {

namespace detail {
class ArenaCore;
}

/// An O(1) snapshot of an arena's position, taken by checkpoint() and restored by rewind().
/// Trivially copyable: pass it around freely. A checkpoint becomes stale when the arena is rewound
/// or reset to a position before it; rewinding to a stale one is detected and reported.
class Checkpoint {
 public:
  std::size_t block() const noexcept {
    return block_;
  }  ///< index of the block holding the position
  std::size_t offset() const noexcept { return offset_; }  ///< byte offset inside that block
  std::size_t bytes() const noexcept { return bytes_; }    ///< arena bytes allocated at that point

  /// Same position (the internal staleness stamp is not compared).
  friend bool operator==(const Checkpoint& a, const Checkpoint& b) noexcept {
    return a.block_ == b.block_ && a.offset_ == b.offset_ && a.bytes_ == b.bytes_;
  }

 private:
  friend class detail::ArenaCore;
  Checkpoint(std::size_t block, std::size_t offset, std::size_t bytes, std::uint64_t epoch) noexcept
      : block_(block), offset_(offset), bytes_(bytes), epoch_(epoch) {}

  std::size_t block_;
  std::size_t offset_;
  std::size_t bytes_;
  std::uint64_t epoch_;  ///< the arena's rewind count when taken; used to detect staleness
};

/// An O(1) memory usage snapshot.
struct ArenaStats {
  std::size_t bytes_allocated = 0;  ///< bytes in use (alignment padding included)
  std::size_t bytes_reserved = 0;   ///< bytes held in all blocks, used or idle
  std::size_t block_count = 0;      ///< blocks held, including blocks of oversized allocations

  /// bytes_allocated / bytes_reserved; 0 for an arena that has reserved nothing yet.
  double utilization() const noexcept {
    return bytes_reserved == 0
               ? 0.0
               : static_cast<double>(bytes_allocated) / static_cast<double>(bytes_reserved);
  }
  /// Bytes reserved but not allocated.
  std::size_t bytes_idle() const noexcept { return bytes_reserved - bytes_allocated; }

  /// Every figure equal.
  friend bool operator==(const ArenaStats&, const ArenaStats&) = default;
};

/// Outcome of Transaction::commit / Transaction::rollback.
enum class TxnStatus { committed, rolled_back };

/// Allocation metrics for one transaction scope (Transaction::diff).
struct TxnDiff {
  std::size_t bytes_allocated = 0;  ///< bytes allocated since the transaction opened
  std::size_t blocks_touched = 0;   ///< blocks written to since the transaction opened

  /// Both figures equal.
  friend bool operator==(const TxnDiff&, const TxnDiff&) = default;
};

/// Display: "Checkpoint(block=N, offset=N, bytes=N)", "committed" / "rolled back",
/// "N bytes in M block(s)".
///@{
FASTARENA_API std::ostream& operator<<(std::ostream& os, const Checkpoint& cp);
FASTARENA_API std::ostream& operator<<(std::ostream& os, TxnStatus status);
FASTARENA_API std::ostream& operator<<(std::ostream& os, const TxnDiff& diff);
FASTARENA_API std::string to_string(const Checkpoint& cp);
FASTARENA_API std::string to_string(TxnStatus status);
FASTARENA_API std::string to_string(const TxnDiff& diff);
///@}

}  // namespace fastarena
