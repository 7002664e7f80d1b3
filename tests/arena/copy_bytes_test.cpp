// SPDX-License-Identifier: MIT
// copy_bytes, alloc_str's inline copy of short strings: every length through each of its cases
// and past them, at every alignment of source and destination, copies exactly its bytes and
// writes nothing outside them.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "fastarena/arena.h"
#include "fastarena/detail/copy_bytes.h"

namespace fastarena {
namespace {

// Longer than the longest copy made inline, so that memcpy's case is crossed as well.
constexpr std::size_t kLongest = 80;
constexpr std::size_t kShifts = 16;

TEST(CopyBytes, CopiesEveryLengthAtEveryAlignmentAndNothingElse) {
  std::array<unsigned char, kLongest + kShifts> source{};
  for (std::size_t i = 0; i < source.size(); ++i) source[i] = static_cast<unsigned char>(i + 1);
  constexpr unsigned char kGuard = 0xEE;
  for (std::size_t n = 1; n <= kLongest; ++n) {
    for (std::size_t from = 0; from < kShifts; ++from) {
      for (std::size_t to = 0; to < kShifts; ++to) {
        std::array<unsigned char, kLongest + 2 * kShifts> target{};
        target.fill(kGuard);
        detail::copy_bytes(target.data() + to, source.data() + from, n);
        for (std::size_t i = 0; i < target.size(); ++i) {
          const bool inside = i >= to && i < to + n;
          const unsigned char expected = inside ? source[from + i - to] : kGuard;
          ASSERT_EQ(target[i], expected) << "n=" << n << " from=" << from << " to=" << to
                                         << ": byte " << i << (inside ? " copied" : " untouched");
        }
      }
    }
  }
}

TEST(CopyBytes, AllocStrOfEveryShortLengthIsTheStringAndItsNul) {
  Arena arena;
  std::string text;
  for (std::size_t n = 1; n <= kLongest; ++n) {
    text.push_back(static_cast<char>('a' + n % 26));
    const std::string_view copy = arena.alloc_str(text);
    ASSERT_EQ(copy, text);
    ASSERT_NE(copy.data(), text.data());
    ASSERT_EQ(copy.data()[n], '\0') << "n=" << n;
  }
}

}  // namespace
}  // namespace fastarena
