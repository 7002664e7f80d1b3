// SPDX-License-Identifier: MIT
/// \file
/// Numbers printed exactly as `llvm::raw_ostream <<` prints them, without its cost: raw_ostream
/// formats a double through snprintf("%e") and an integer digit by digit, which is most of what
/// an AST dump of a literal-heavy program spends. These go through std::to_chars.
#pragma once

#include <llvm/Support/raw_ostream.h>

#include <charconv>
#include <concepts>

namespace fastarena::toy {

/// `os << value`: printf's "%e" (six digits after the point, at least two in the exponent), and
/// LLVM's "nan", "INF" and "-INF" for the values that have no digits.
void write_exponent(llvm::raw_ostream& os, double value);

/// `os << value`: the integer in decimal.
template <std::integral I>
void write_decimal(llvm::raw_ostream& os, I value) {
  char digits[24];  // 20 digits and a sign for any 64-bit integer
  const std::to_chars_result end = std::to_chars(digits, digits + sizeof digits, value);
  os.write(digits, static_cast<std::size_t>(end.ptr - digits));
}

}  // namespace fastarena::toy
