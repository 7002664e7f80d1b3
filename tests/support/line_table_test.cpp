// SPDX-License-Identifier: MIT
// LineTable: 32-bit offsets decoded to line and column by a LineTable, in source order and in
// any order, against a direct count of newlines.
#include "fastarena/line_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

namespace fastarena {
namespace {

// Line and column of `offset` by counting, the oracle.
LineCol count(const std::string& text, std::uint32_t offset) {
  LineCol at{1, 1};
  for (std::uint32_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.col = 1;
    } else {
      ++at.col;
    }
  }
  return at;
}

void expect_found(const LineTable& lines, const std::string& text, std::uint32_t offset) {
  const LineCol want = count(text, offset);
  const LineCol got = lines.find(offset);
  ASSERT_EQ(got.line, want.line) << "offset " << offset;
  ASSERT_EQ(got.col, want.col) << "offset " << offset;
}

TEST(LineTable, DecodesEveryOffsetInOrderAndOutOfOrder) {
  // Empty lines, a long line, a leading and no final newline.
  const std::string text = "\ndef f() {\n\n\n  return;\n" + std::string(5000, 'x') + "\n}\nlast";
  const LineTable in_order(text);
  for (std::uint32_t offset = 0; offset <= text.size(); ++offset) {  // the end too
    expect_found(in_order, text, offset);
  }
  const LineTable jumping(text);
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    expect_found(jumping, text, static_cast<std::uint32_t>(random() % (text.size() + 1)));
  }
}

TEST(LineTable, StepsForwardByAFewLinesOrMany) {
  // 300 lines of 0 to 5 bytes, walked forward in steps of 0 to ~15 lines (the search forward
  // doubles its step: 1, 2, 4, 8 lines and more), to the end, then in jumps either way (the search
  // back doubles its step too).
  std::mt19937 random(11);
  std::string text;
  for (int line = 0; line < 300; ++line) text += std::string(random() % 6, 'y') + "\n";
  const LineTable lines(text);
  std::uint32_t offset = 0;
  while (offset <= text.size()) {
    expect_found(lines, text, offset);
    offset += static_cast<std::uint32_t>(random() % 40);
  }
  expect_found(lines, text, static_cast<std::uint32_t>(text.size()));
  expect_found(lines, text, 0);  // and back to the start
  for (int i = 0; i < 2000; ++i) {
    expect_found(lines, text, static_cast<std::uint32_t>(random() % (text.size() + 1)));
  }
}

TEST(LineTable, LocatesAPartOfAFileAsTheFile) {
  // A table over each suffix of a text (a chunk of a split input), told where the suffix starts,
  // finds every offset into it as the whole text's table does: the first line's columns too.
  const std::string text = "ab\n\ncdef\ngh\n" + std::string(300, 'z') + "\nend";
  for (std::uint32_t start = 0; start <= text.size(); start += 3) {
    const LineCol first = count(text, start);
    const LineTable part(std::string_view(text).substr(start), first);
    for (std::uint32_t offset = start; offset <= text.size(); ++offset) {
      const LineCol want = count(text, offset);
      const LineCol got = part.find(offset - start);
      ASSERT_EQ(got.line, want.line) << "start " << start << ", offset " << offset;
      ASSERT_EQ(got.col, want.col) << "start " << start << ", offset " << offset;
    }
  }
}

TEST(LineTable, EmptyFileAndFinalNewline) {
  const LineTable empty("");
  EXPECT_EQ(empty.find(0).line, 1u);
  EXPECT_EQ(empty.find(0).col, 1u);
  const std::string text = "a\n";
  const LineTable lines(text);
  expect_found(lines, text, 2);  // just past the final newline: line 2, column 1
}

}  // namespace
}  // namespace fastarena
