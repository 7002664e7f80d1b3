#include "fastarena/toy/location.h"

#include <algorithm>
#include <cstring>

namespace fastarena::toy {

LineTable::LineTable(std::string_view text) {
  starts_.push_back(0);
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  for (const char* p = begin; p != end;) {
    const auto* newline = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (newline == nullptr) break;
    p = newline + 1;
    starts_.push_back(static_cast<std::uint32_t>(p - begin));
  }
}

void LineTable::seek(Location loc) const {
  // The last line starting at or before loc.
  last_ = static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), loc.offset) -
                                   starts_.begin()) -
          1;
}

}  // namespace fastarena::toy
