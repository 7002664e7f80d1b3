// SPDX-License-Identifier: MIT
// The re2c lexer: every token kind, positions, and inputs that must not make it read past the
// buffer (run under ASan, each input sits in a heap block of exactly its size plus the NUL).
#include "fastarena/toy/lexer.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace fastarena::toy {
namespace {

// A NUL-terminated copy of `text` in a block of exactly text.size() + 1 bytes, so that ASan
// reports any read past the sentinel.
class Buffer {
 public:
  explicit Buffer(std::string_view text) : bytes_(new char[text.size() + 1]), size_(text.size()) {
    std::memcpy(bytes_.get(), text.data(), text.size());
    bytes_[text.size()] = '\0';
  }
  std::string_view view() const { return {bytes_.get(), size_}; }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t size_;
};

std::vector<Token> lex(const Buffer& buffer) {
  Lexer lexer(buffer.view());
  std::vector<Token> tokens;
  for (;;) {
    tokens.push_back(lexer.next());
    if (tokens.back().kind == TokenKind::eof) return tokens;
  }
}

std::vector<TokenKind> kinds(std::string_view text) {
  const Buffer buffer(text);
  std::vector<TokenKind> result;
  for (const Token& token : lex(buffer)) result.push_back(token.kind);
  return result;
}

using K = TokenKind;

TEST(Lexer, EveryTokenKind) {
  const Buffer buffer("def var return struct name 12 3.5 ( ) { } [ ] < > , ; = + - * . $");
  const std::vector<Token> tokens = lex(buffer);
  const std::vector<std::pair<TokenKind, std::string_view>> expected = {
      {K::kw_def, "def"},       {K::kw_var, "var"},
      {K::kw_return, "return"}, {K::kw_struct, "struct"},
      {K::identifier, "name"},  {K::number, "12"},
      {K::number, "3.5"},       {K::l_paren, "("},
      {K::r_paren, ")"},        {K::l_brace, "{"},
      {K::r_brace, "}"},        {K::l_square, "["},
      {K::r_square, "]"},       {K::less, "<"},
      {K::greater, ">"},        {K::comma, ","},
      {K::semicolon, ";"},      {K::equal, "="},
      {K::plus, "+"},           {K::minus, "-"},
      {K::star, "*"},           {K::dot, "."},
      {K::error, "$"},          {K::eof, ""},
  };
  ASSERT_EQ(tokens.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(tokens[i].kind, expected[i].first) << "token " << i;
    EXPECT_EQ(tokens[i].text, expected[i].second) << "token " << i;
  }
}

TEST(Lexer, KeywordsAreWholeWords) {
  const Buffer buffer("define var_ returns structs Def d_1 x9");
  for (const Token& token : lex(buffer)) {
    if (token.kind != K::eof) {
      EXPECT_EQ(token.kind, K::identifier) << token.text;
    }
  }
}

TEST(Lexer, NumbersAndMemberAccess) {
  // As toyc's lexer: a number starts with a digit and runs on over digits and points ("1.",
  // "1.2.3" are one token each); a '.' that starts a token is member access.
  EXPECT_EQ(kinds(".5"), (std::vector{K::dot, K::number, K::eof}));
  EXPECT_EQ(kinds("1."), (std::vector{K::number, K::eof}));
  EXPECT_EQ(kinds("a.b"), (std::vector{K::identifier, K::dot, K::identifier, K::eof}));
  EXPECT_EQ(kinds("1.2.3"), (std::vector{K::number, K::eof}));
  EXPECT_EQ(kinds("a.1"), (std::vector{K::identifier, K::dot, K::number, K::eof}));
  // An identifier cannot start with a digit or '_'.
  EXPECT_EQ(kinds("9x"), (std::vector{K::number, K::identifier, K::eof}));
  EXPECT_EQ(kinds("_x"), (std::vector{K::error, K::identifier, K::eof}));
}

TEST(Lexer, PositionsAreOneBasedLineAndByteColumn) {
  const Buffer buffer("def f() {\n  return a;  # note\n\r\n\t}\n");
  const std::vector<Token> tokens = lex(buffer);
  const std::vector<std::tuple<std::string_view, std::uint32_t, std::uint32_t>> expected = {
      {"def", 1, 1},    {"f", 1, 5},  {"(", 1, 6},  {")", 1, 7}, {"{", 1, 9},
      {"return", 2, 3}, {"a", 2, 10}, {";", 2, 11}, {"}", 4, 2}, {"", 5, 1},
  };
  ASSERT_EQ(tokens.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [text, line, col] = expected[i];
    EXPECT_EQ(tokens[i].text, text);
    EXPECT_EQ(tokens[i].pos.line, line) << text;
    EXPECT_EQ(tokens[i].pos.col, col) << text;
  }
}

TEST(Lexer, CommentsRunToTheEndOfTheLine) {
  EXPECT_EQ(kinds("# def var\nx # y\n#"), (std::vector{K::identifier, K::eof}));
  EXPECT_EQ(kinds("#"), (std::vector{K::eof}));
}

TEST(Lexer, EndOfFileIsSticky) {
  const Buffer buffer("x");
  Lexer lexer(buffer.view());
  EXPECT_EQ(lexer.next().kind, K::identifier);
  for (int i = 0; i < 3; ++i) {
    const Token token = lexer.next();
    EXPECT_EQ(token.kind, K::eof);
    EXPECT_EQ(token.text.data(), buffer.view().data() + 1);  // at the sentinel, not past it
  }
}

TEST(Lexer, EmptyAndBlankInputs) {
  EXPECT_EQ(kinds(""), (std::vector{K::eof}));
  EXPECT_EQ(kinds(" \t\r\n\v\f"), (std::vector{K::eof}));
}

TEST(Lexer, NoFinalNewline) {
  // Every token kind that could run on at the end of the buffer, last in the file.
  EXPECT_EQ(kinds("def"), (std::vector{K::kw_def, K::eof}));
  EXPECT_EQ(kinds("name"), (std::vector{K::identifier, K::eof}));
  EXPECT_EQ(kinds("12"), (std::vector{K::number, K::eof}));
  EXPECT_EQ(kinds("12."), (std::vector{K::number, K::eof}));
  EXPECT_EQ(kinds("# comment"), (std::vector{K::eof}));
}

TEST(Lexer, NulByteInsideTheFileIsAnErrorTokenNotTheEnd) {
  const Buffer buffer(std::string_view("a\0b", 3));
  const std::vector<Token> tokens = lex(buffer);
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1].kind, K::error);
  EXPECT_EQ(tokens[1].text, std::string_view("\0", 1));
  EXPECT_EQ(tokens[1].pos.col, 2u);
  EXPECT_EQ(tokens[2].text, "b");
  EXPECT_EQ(tokens[3].kind, K::eof);
}

TEST(Lexer, InvalidUtf8IsOneErrorTokenPerByte) {
  EXPECT_EQ(kinds("\xff\xfe x \xc3"),
            (std::vector{K::error, K::error, K::identifier, K::error, K::eof}));
}

TEST(Lexer, RandomBytesNeverReadPastTheBuffer) {
  // Tokens tile the input in order, stay inside it, and the lexer always reaches eof.
  std::mt19937 rng(12345);
  const std::string_view alphabet("def var#\n\0\xff.1[]{}()<>,;=+-*_ az09\r", 33);
  for (int round = 0; round < 2000; ++round) {
    std::string text(rng() % 64, ' ');
    for (char& c : text)
      c = (rng() % 4 == 0) ? static_cast<char>(rng()) : alphabet[rng() % alphabet.size()];
    const Buffer buffer(text);
    const std::vector<Token> tokens = lex(buffer);
    const char* previous_end = buffer.view().data();
    for (const Token& token : tokens) {
      ASSERT_GE(token.text.data(), previous_end);
      ASSERT_LE(token.text.data() + token.text.size(), buffer.view().data() + text.size());
      previous_end = token.text.data() + token.text.size();
    }
    ASSERT_LE(tokens.size(), text.size() + 1);
  }
}

}  // namespace
}  // namespace fastarena::toy
