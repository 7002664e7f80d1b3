// SPDX-License-Identifier: MIT
#include "fastarena/toy/number_format.h"

#include <cmath>

namespace fastarena::toy {

void write_exponent(llvm::raw_ostream& os, double value) {
  // LLVM's write_double prints these itself, in these spellings, before it reaches snprintf.
  if (std::isnan(value)) {
    os << "nan";
    return;
  }
  if (std::isinf(value)) {
    os << (std::signbit(value) ? "-INF" : "INF");
    return;
  }
  // The longest: a sign, one digit, the point, six digits, "e", the exponent's sign and 3 digits.
  char text[16];
  const std::to_chars_result end =
      std::to_chars(text, text + sizeof text, value, std::chars_format::scientific, 6);
  os.write(text, static_cast<std::size_t>(end.ptr - text));
}

}  // namespace fastarena::toy
