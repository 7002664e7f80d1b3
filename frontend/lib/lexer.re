// SPDX-License-Identifier: MIT
// The Toy lexer: re2c generates lexer.cpp from this file at build time.
#include "fastarena/toy/lexer.h"

namespace fastarena::toy {

Lexer::Lexer(std::string_view buffer) noexcept
    : cursor_(buffer.data()), end_(buffer.data() + buffer.size()), line_start_(buffer.data()) {}

Token Lexer::next() noexcept {
  for (;;) {
    const char* start = cursor_;
    const auto make = [&](TokenKind kind) {
      const Position pos{line_, static_cast<std::uint32_t>(start - line_start_ + 1)};
      return Token{kind, std::string_view(start, static_cast<std::size_t>(cursor_ - start)), pos};
    };
    /*!re2c
      re2c:define:YYCTYPE = "unsigned char";
      re2c:define:YYCURSOR = "cursor_";
      re2c:yyfill:enable = 0;
      re2c:flags:tags = 0;
      re2c:api:style = free-form;
      re2c:define:YYPEEK = "static_cast<unsigned char>(*cursor_)";
      re2c:define:YYSKIP = "++cursor_;";

      digit = [0-9];
      letter = [a-zA-Z];

      "\x00" {
        if (start == end_) {  // the sentinel: stay on it
          cursor_ = start;
          return make(TokenKind::eof);
        }
        return make(TokenKind::error);  // a NUL byte inside the file
      }
      "\n"            { ++line_; line_start_ = cursor_; continue; }
      [ \t\r\v\f]+    { continue; }
      "#" [^\n\x00]*  { continue; }

      "def"    { return make(TokenKind::kw_def); }
      "var"    { return make(TokenKind::kw_var); }
      "return" { return make(TokenKind::kw_return); }
      "struct" { return make(TokenKind::kw_struct); }
      letter (letter | digit | "_")* { return make(TokenKind::identifier); }
      // toyc's number: a digit, then digits and points; its value is the longest prefix that
      // reads as a number (`1.` is 1, `1.2.3` is 1.2), as strtod reads it.
      digit (digit | ".")*           { return make(TokenKind::number); }

      "(" { return make(TokenKind::l_paren); }
      ")" { return make(TokenKind::r_paren); }
      "{" { return make(TokenKind::l_brace); }
      "}" { return make(TokenKind::r_brace); }
      "[" { return make(TokenKind::l_square); }
      "]" { return make(TokenKind::r_square); }
      "<" { return make(TokenKind::less); }
      ">" { return make(TokenKind::greater); }
      "," { return make(TokenKind::comma); }
      ";" { return make(TokenKind::semicolon); }
      "=" { return make(TokenKind::equal); }
      "+" { return make(TokenKind::plus); }
      "-" { return make(TokenKind::minus); }
      "*" { return make(TokenKind::star); }
      "." { return make(TokenKind::dot); }

      * { return make(TokenKind::error); }
    */
  }
}

std::string_view describe(TokenKind kind) {
  switch (kind) {
    case TokenKind::eof: return "end of file";
    case TokenKind::error: return "invalid character";
    case TokenKind::identifier: return "identifier";
    case TokenKind::number: return "number";
    case TokenKind::kw_def: return "'def'";
    case TokenKind::kw_var: return "'var'";
    case TokenKind::kw_return: return "'return'";
    case TokenKind::kw_struct: return "'struct'";
    case TokenKind::l_paren: return "'('";
    case TokenKind::r_paren: return "')'";
    case TokenKind::l_brace: return "'{'";
    case TokenKind::r_brace: return "'}'";
    case TokenKind::l_square: return "'['";
    case TokenKind::r_square: return "']'";
    case TokenKind::less: return "'<'";
    case TokenKind::greater: return "'>'";
    case TokenKind::comma: return "','";
    case TokenKind::semicolon: return "';'";
    case TokenKind::equal: return "'='";
    case TokenKind::plus: return "'+'";
    case TokenKind::minus: return "'-'";
    case TokenKind::star: return "'*'";
    case TokenKind::dot: return "'.'";
  }
  return "token";
}

}  // namespace fastarena::toy
