// SPDX-License-Identifier: MIT
#include "fastarena/line_table.h"

#include <algorithm>
#include <cstring>

namespace fastarena {

LineTable::LineTable(std::string_view text, LineCol first)
    : shift_(first.col - 1), first_line_(first.line) {
  starts_.push_back(0);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin; p != end;) {
    const auto* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (newline == nullptr) break;
    p = newline + 1;
    starts_.push_back(static_cast<std::uint32_t>(p - begin) + shift_);
  }
}

void LineTable::seek(std::uint32_t offset) const {
  // Locations come mostly near the one before (code is read in source order within a function,
  // and a callee is defined near its caller): a search doubling its step from the last line,
  // forward or back, costs O(log distance), not O(log lines).
  const auto line = [this](std::size_t i) {
    return starts_.begin() + static_cast<std::ptrdiff_t>(i);
  };
  std::size_t step = 1;
  auto first = starts_.begin();
  auto last = starts_.end();
  if (offset >= starts_[last_]) {
    std::size_t below = last_;  // a line starting at or before offset
    while (below + step < starts_.size() && starts_[below + step] <= offset) {
      below += step;
      step *= 2;
    }
    first = line(below);
    last = line(std::min(starts_.size(), below + step));
  } else {
    std::size_t above = last_;  // a line starting after offset
    while (step <= above && starts_[above - step] > offset) {
      above -= step;
      step *= 2;
    }
    first = line(step <= above ? above - step : 0);
    last = line(above);
  }
  // The last line starting at or before offset.
  last_ = static_cast<std::size_t>(std::upper_bound(first, last, offset) - starts_.begin()) - 1;
}

}  // namespace fastarena
