// SPDX-License-Identifier: MIT
// A double's text as MLIR prints it (printFloatValue), computed as APFloat computes it, with no
// allocation.
//
// MLIR prints an f64 through APFloat::toString: six digits in scientific form when they read
// back to the same bits, else the "natural" 17-digit form, else the bits in hexadecimal. Those
// digits are not plain correct rounding. toString writes the exact value as a natural number N
// times a power of ten, first drops whole decimal digits of N by truncating division (as many as
// a bit count says it can spare), and only then rounds what is left half up at the precision.
// When the truncation leaves no more digits than the precision, nothing rounds: 919.366 (exactly
// 919.36599999999998...) truncates to 919.365, which does not read back, and MLIR prints
// 919.36599999999999. To print what MLIR prints, this file runs the same steps on a natural
// number of fixed size: a double is m * 2^e with m < 2^53 and -1074 <= e <= 971, so N (m * 5^-e,
// or m * 2^e) is below 2^2547.

#include <array>
#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include <llvm/Support/Format.h>

#include "fastarena/ir/op_asm.h"

namespace fastarena::ir {

namespace {

// GCC's and Clang's 128-bit integer (__extension__ keeps -Wpedantic quiet): one limb's product.
__extension__ using Wide = unsigned __int128;

/// A natural number below 2^2560: 64-bit limbs, least significant first; limbs at and above
/// size_ are zero.
class Natural {
 public:
  explicit Natural(std::uint64_t value) : size_(value != 0) { limbs_[0] = value; }

  void multiply(std::uint64_t factor) {
    Wide carry = 0;
    for (unsigned i = 0; i < size_; ++i) {
      carry += static_cast<Wide>(limbs_[i]) * factor;
      limbs_[i] = static_cast<std::uint64_t>(carry);
      carry >>= 64;
    }
    if (carry != 0) limbs_[size_++] = static_cast<std::uint64_t>(carry);
  }

  /// Floor division; the remainder is dropped, as APInt::udiv drops it.
  void divide(std::uint64_t divisor) {
    Wide rest = 0;
    for (unsigned i = size_; i-- > 0;) {
      rest = rest << 64 | limbs_[i];
      limbs_[i] = static_cast<std::uint64_t>(rest / divisor);
      rest %= divisor;
    }
    while (size_ > 0 && limbs_[size_ - 1] == 0) --size_;
  }

  void shift_left(unsigned bits) {
    const unsigned words = bits / 64;
    const unsigned rest = bits % 64;
    if (size_ == 0) return;
    limbs_[size_ + words] = 0;
    for (unsigned i = size_; i-- > 0;) {
      if (rest != 0) limbs_[i + words + 1] |= limbs_[i] >> (64 - rest);
      limbs_[i + words] = limbs_[i] << rest;
    }
    for (unsigned i = 0; i < words; ++i) limbs_[i] = 0;
    size_ += words + 1;
    if (limbs_[size_ - 1] == 0) --size_;
  }

  /// APInt::getActiveBits: the position of the highest set bit plus one.
  unsigned bit_width() const {
    return size_ == 0 ? 0
                      : (size_ - 1) * 64 + static_cast<unsigned>(std::bit_width(limbs_[size_ - 1]));
  }

  /// The value, when it is below 2^64.
  std::uint64_t low() const { return size_ == 0 ? 0 : limbs_[0]; }
  unsigned size() const { return size_; }

 private:
  std::array<std::uint64_t, 40> limbs_{};
  unsigned size_;
};

constexpr std::uint64_t kFiveTo27 = 7'450'580'596'923'828'125;  // the largest power of 5 below 2^63
constexpr std::uint64_t kTenTo19 = 10'000'000'000'000'000'000u;  // and of 10 below 2^64

constexpr std::uint64_t power(std::uint64_t base, unsigned exponent) {
  std::uint64_t result = 1;
  while (exponent-- > 0) result *= base;
  return result;
}

/// Significant digits and a power of ten: the value is digits * 10^exponent, most significant
/// digit first, no trailing zero.
struct Decimal {
  std::array<char, 24> digits;
  unsigned count = 0;
  int exponent = 0;
};

/// toString's digits at `precision` of the value n * 10^exponent (n != 0): its two
/// AdjustToPrecision steps, the truncating one on the natural number and the rounding one on the
/// digits, with trailing zeros dropped as its digit loop drops them.
Decimal digits_at(Natural n, int exponent, unsigned precision) {
  // 196/59 slightly overestimates log2(10): bits_required bits hold `precision` digits.
  const unsigned bits_required = (precision * 196 + 58) / 59;
  const unsigned bits = n.bit_width();
  if (bits > bits_required) {
    unsigned tens = (bits - bits_required) * 59 / 196;
    exponent += static_cast<int>(tens);
    for (; tens >= 19; tens -= 19) n.divide(kTenTo19);
    if (tens > 0) n.divide(power(10, tens));
  }
  // What is left holds at most bits_required + 4 bits (so fits 64 for a precision <= 17).
  assert(n.size() <= 1);
  std::uint64_t rest = n.low();
  std::array<char, 24> reversed;  // least significant first, as toString's buffer
  unsigned count = 0;
  for (; rest != 0 && rest % 10 == 0; rest /= 10) ++exponent;
  for (; rest != 0; rest /= 10) reversed[count++] = static_cast<char>('0' + rest % 10);

  unsigned first = 0;  // the least significant digit kept
  if (count > precision) {
    first = count - precision;
    if (reversed[first - 1] < '5') {  // down: truncate, then drop the zeros it uncovers
      while (first < count && reversed[first] == '0') ++first;
    } else {  // up, half up by the next digit alone: carry through nines, which drop
      while (first < count && reversed[first] == '9') ++first;
      if (first == count) {  // carried out of every digit: one digit, 1
        exponent += static_cast<int>(count);
        Decimal one;
        one.digits[0] = '1';
        one.count = 1;
        one.exponent = exponent;
        return one;
      }
      ++reversed[first];
    }
    exponent += static_cast<int>(first);
  }
  Decimal d;
  d.exponent = exponent;
  for (unsigned i = count; i-- > first;) d.digits[d.count++] = reversed[i];
  return d;
}

/// A number's text, built on the stack.
struct Text {
  std::array<char, 48> chars;
  unsigned size = 0;
  void push(char c) { chars[size++] = c; }
  void push_exponent(int exponent, unsigned min_digits) {
    push(exponent < 0 ? '-' : '+');
    const unsigned magnitude = static_cast<unsigned>(exponent < 0 ? -exponent : exponent);
    char digits[8];
    const auto end = std::to_chars(digits, digits + sizeof digits, magnitude).ptr;
    for (auto n = static_cast<unsigned>(end - digits); n < min_digits; ++n) push('0');
    for (const char* p = digits; p != end; ++p) push(*p);
  }
  std::string_view view() const { return {chars.data(), size}; }
};

/// APFloat::toString(precision, 0, false): scientific, `precision` digits after the point, lower
/// 'e', a two-digit exponent at least.
Text six_digit_form(bool negative, const Decimal& d, unsigned precision) {
  Text t;
  if (negative) t.push('-');
  t.push(d.digits[0]);
  t.push('.');
  for (unsigned i = 1; i < d.count; ++i) t.push(d.digits[i]);
  for (unsigned i = d.count - 1; i < precision; ++i) t.push('0');
  t.push('e');
  t.push_exponent(d.exponent + static_cast<int>(d.count) - 1, 2);
  return t;
}

/// APFloat::toString() with its defaults (17 digits, padding 3, trailing zeros truncated):
/// scientific with 'E' when plain digits would need more than 3 zeros of padding.
Text natural_form(bool negative, const Decimal& d) {
  constexpr unsigned kPrecision = 17;
  constexpr unsigned kMaxPadding = 3;
  const int exp = d.exponent;
  const unsigned n = d.count;
  bool scientific = false;
  if (exp >= 0) {
    scientific =
        static_cast<unsigned>(exp) > kMaxPadding || n + static_cast<unsigned>(exp) > kPrecision;
  } else {
    const int msd = exp + static_cast<int>(n) - 1;  // the power of the most significant digit
    scientific = msd < 0 && static_cast<unsigned>(-msd) > kMaxPadding;
  }
  Text t;
  if (negative) t.push('-');
  if (scientific) {
    t.push(d.digits[0]);
    t.push('.');
    if (n == 1) t.push('0');
    for (unsigned i = 1; i < n; ++i) t.push(d.digits[i]);
    t.push('E');
    t.push_exponent(exp + static_cast<int>(n) - 1, 1);
    return t;
  }
  if (exp >= 0) {  // a whole number: no point (MLIR prints its bits instead)
    for (unsigned i = 0; i < n; ++i) t.push(d.digits[i]);
    for (int i = 0; i < exp; ++i) t.push('0');
    return t;
  }
  const int whole = exp + static_cast<int>(n);  // digits left of the point
  unsigned i = 0;
  if (whole > 0) {
    for (; i < static_cast<unsigned>(whole); ++i) t.push(d.digits[i]);
    t.push('.');
  } else {
    t.push('0');
    t.push('.');
    for (int z = whole; z < 0; ++z) t.push('0');
  }
  for (; i < n; ++i) t.push(d.digits[i]);
  return t;
}

bool reads_back(std::string_view text, double value) {
  double read = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), read);
  return ec == std::errc() && end == text.data() + text.size() &&
         std::memcmp(&read, &value, sizeof read) == 0;
}

// A finite value's decimal text, as printFloatValue chooses it; false when MLIR prints its bits
// instead (a whole number too long for the 17-digit form, which then has no point).
bool print_decimal(double value, std::uint64_t bits, llvm::raw_ostream& os) {
  const bool negative = std::signbit(value);
  if (value == 0) {
    os << (negative ? "-0.000000e+00" : "0.000000e+00");
    return true;
  }
  // value = m * 2^e exactly, m odd.
  const auto biased = static_cast<int>(bits >> 52 & 0x7FF);
  std::uint64_t m = bits & ((std::uint64_t{1} << 52) - 1);
  int e = -1074;
  if (biased != 0) {
    m |= std::uint64_t{1} << 52;
    e = biased - 1075;
  }
  const int zeros = std::countr_zero(m);
  m >>= zeros;
  e += zeros;
  // value = n * 10^exponent, n a natural number: m * 2^e, or m * 5^-e * 10^e.
  Natural n(m);
  int exponent = 0;
  if (e > 0) {
    n.shift_left(static_cast<unsigned>(e));
  } else if (e < 0) {
    unsigned fives = static_cast<unsigned>(-e);
    for (; fives >= 27; fives -= 27) n.multiply(kFiveTo27);
    if (fives > 0) n.multiply(power(5, fives));
    exponent = e;
  }
  const Text six = six_digit_form(negative, digits_at(n, exponent, 6), 6);
  if (reads_back(six.view(), value)) {
    os << six.view();
    return true;
  }
  const Text natural = natural_form(negative, digits_at(n, exponent, 17));
  if (natural.view().find('.') == std::string_view::npos) return false;
  os << natural.view();
  return true;
}

}  // namespace

void print_mlir_double(double value, llvm::raw_ostream& os) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  if (std::isfinite(value) && print_decimal(value, bits, os)) return;
  os << "0x" << llvm::format_hex_no_prefix(bits, 16, /*Upper=*/true);  // infinities, NaNs too
}

}  // namespace fastarena::ir
