/// \file
/// Location: where an AST node starts, as a 32-bit byte offset into its file (the idea of clang's
/// SourceLocation). Line and column are worked out only when a location is printed, through a
/// LineTable, so a location costs a node 4 bytes instead of 12.
#pragma once

#include <llvm/Support/SourceMgr.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace fastarena::toy {

/// A source position: a byte offset into its file.
struct Location {
  std::uint32_t offset = 0;  ///< bytes from the start of the file
};

/// 1-based line and column (in bytes), as the lexer counts them.
struct LineCol {
  std::uint32_t line = 0;  ///< from 1
  std::uint32_t col = 0;   ///< from 1, in bytes
};

/// The lines of one file. SourceMgr has a line table too, but it finds a column by scanning back
/// to the previous newline, which is quadratic over a long line; this one finds both in
/// O(log lines), in O(1) for a location on the line of the one before, and in O(log distance)
/// for one a few lines away (a dump's and lowering's locations come mostly in source order).
class LineTable {
 public:
  explicit LineTable(std::string_view text);  ///< one pass with memchr

  /// The line and column of `loc`.
  LineCol find(Location loc) const {
    if (loc.offset < starts_[last_] || loc.offset >= next_start()) seek(loc);
    return {static_cast<std::uint32_t>(last_ + 1), loc.offset - starts_[last_] + 1};
  }

 private:
  std::uint32_t next_start() const {
    return last_ + 1 < starts_.size() ? starts_[last_ + 1] : UINT32_MAX;
  }
  void seek(Location loc) const;  ///< out of line: the searches

  std::vector<std::uint32_t> starts_;  ///< the offset of each line's first byte; starts_[0] == 0
  mutable std::size_t last_ = 0;       ///< the line found last, 0-based
};

/// `loc` as a pointer into buffer `buffer_id` of `sources`, for SourceMgr's diagnostics.
inline llvm::SMLoc sm_loc(const llvm::SourceMgr& sources, unsigned buffer_id, Location loc) {
  return llvm::SMLoc::getFromPointer(sources.getMemoryBuffer(buffer_id)->getBufferStart() +
                                     loc.offset);
}

}  // namespace fastarena::toy
