// SPDX-License-Identifier: MIT
// write_exponent and write_decimal must print exactly what llvm::raw_ostream prints: the AST
// dump's output is compared byte for byte with the tutorial's.
#include "fastarena/toy/number_format.h"

#include <gtest/gtest.h>
#include <llvm/Support/raw_ostream.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace fastarena::toy {
namespace {

std::string llvm_text(double value) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << value;
  return os.str();
}

std::string our_text(double value) {
  std::string out;
  llvm::raw_string_ostream os(out);
  write_exponent(os, value);
  return os.str();
}

TEST(NumberFormat, ExponentMatchesRawOstreamOnEdgeValues) {
  using limits = std::numeric_limits<double>;
  const std::vector<double> values = {0.0,
                                      -0.0,
                                      1.0,
                                      5.5,
                                      0.1,
                                      123.4,
                                      999999.5,
                                      9.9999995,
                                      1e-5,
                                      1e100,
                                      1e300,
                                      1e-300,
                                      limits::max(),
                                      limits::min(),
                                      limits::denorm_min(),
                                      -limits::max(),
                                      limits::infinity(),
                                      -limits::infinity(),
                                      limits::quiet_NaN(),
                                      -limits::quiet_NaN(),
                                      2.5e-308,
                                      0.5,
                                      1.0000005,
                                      123456789.0};
  for (const double v : values)
    EXPECT_EQ(our_text(v), llvm_text(v)) << "value bits " << std::bit_cast<std::uint64_t>(v);
}

TEST(NumberFormat, ExponentMatchesRawOstreamOnRandomBitPatterns) {
  std::mt19937_64 random(7);
  for (int i = 0; i < 20000; ++i) {
    const double v = std::bit_cast<double>(random());
    ASSERT_EQ(our_text(v), llvm_text(v)) << "value bits " << std::bit_cast<std::uint64_t>(v);
  }
}

TEST(NumberFormat, ExponentMatchesRawOstreamOnShortDecimals) {
  // What Toy sources hold: a few digits, a point, a few more.
  std::mt19937 random(11);
  for (int i = 0; i < 20000; ++i) {
    const double v = static_cast<double>(random() % 100000) / std::pow(10.0, random() % 6);
    ASSERT_EQ(our_text(v), llvm_text(v)) << v;
  }
}

template <class I>
void expect_decimal_matches(I value) {
  std::string ours;
  std::string theirs;
  llvm::raw_string_ostream a(ours);
  llvm::raw_string_ostream b(theirs);
  write_decimal(a, value);
  b << value;
  EXPECT_EQ(a.str(), b.str());
}

TEST(NumberFormat, DecimalMatchesRawOstream) {
  for (const std::int64_t v :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{42},
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    expect_decimal_matches(v);
  }
  for (const std::uint32_t v : {0u, 1u, 10u, 4294967295u}) expect_decimal_matches(v);
  expect_decimal_matches(std::numeric_limits<std::uint64_t>::max());
}

}  // namespace
}  // namespace fastarena::toy
