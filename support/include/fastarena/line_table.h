// SPDX-License-Identifier: MIT
/// \file
/// LineTable: the line and column of a byte offset into one file's text. Both readers of text
/// (the Toy frontend and the IR parser) locate what they read through it.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace fastarena {

/// 1-based line and column (in bytes).
struct LineCol {
  std::uint32_t line = 0;  ///< from 1
  std::uint32_t col = 0;   ///< from 1, in bytes
};

/// The lines of one file (of less than 4 GiB). SourceMgr has a line table too, but it finds a
/// column by scanning back to the previous newline, which is quadratic over a long line; this one
/// finds both in O(log lines), in O(1) for an offset on the line of the one before, and in
/// O(log distance) for one a few lines away (readers ask mostly in source order).
class LineTable {
 public:
  /// The lines of `text`, whose first byte is at `first` (a part of a file: one chunk of a split
  /// input); one pass with memchr.
  explicit LineTable(std::string_view text, LineCol first = {1, 1});

  /// The line and column of the byte at `offset` into the text.
  LineCol find(std::uint32_t offset) const {
    offset += shift_;
    if (offset < starts_[last_] || offset >= next_start()) seek(offset);
    return {static_cast<std::uint32_t>(last_) + first_line_, offset - starts_[last_] + 1};
  }

 private:
  std::uint32_t next_start() const {
    return last_ + 1 < starts_.size() ? starts_[last_ + 1] : UINT32_MAX;
  }
  void seek(std::uint32_t offset) const;  ///< out of line: the searches

  // Offsets count from the start of the text's first line, `shift_` bytes before the text: each
  // line's start is then its column's origin, the first line's too.
  std::uint32_t shift_;
  std::uint32_t first_line_;
  std::vector<std::uint32_t> starts_;  ///< the offset of each line's first byte; starts_[0] == 0
  mutable std::size_t last_ = 0;       ///< the line found last, 0-based
};

}  // namespace fastarena
