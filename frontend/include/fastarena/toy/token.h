// SPDX-License-Identifier: MIT
/// \file
/// Tokens of the Toy language and where they start.
#pragma once

#include <cstdint>
#include <string_view>

namespace fastarena::toy {

/// What a token is.
enum class TokenKind : unsigned char {
  eof,
  error,  ///< a byte that starts no token; text holds it
  identifier,
  number,
  kw_def,
  kw_var,
  kw_return,
  kw_struct,
  l_paren,
  r_paren,
  l_brace,
  r_brace,
  l_square,
  r_square,
  less,
  greater,
  comma,
  semicolon,
  equal,
  plus,
  minus,
  star,
  dot,
};

/// 1-based line and column (in bytes) of a token's first character.
struct Position {
  std::uint32_t line = 1;  ///< from 1
  std::uint32_t col = 1;   ///< from 1, in bytes
};

/// One token: its kind, its bytes in the buffer, where it starts.
struct Token {
  TokenKind kind = TokenKind::eof;  ///< what it is
  std::string_view text;            ///< the token's bytes in the source buffer
  Position pos;                     ///< where it starts
};

/// How a token kind is named in diagnostics: "';'", "identifier", "end of file", ...
std::string_view describe(TokenKind kind);

}  // namespace fastarena::toy
