// SPDX-License-Identifier: MIT
// Iota: the counting range 0, 1, ..., n - 1 of std::uint32_t, random access and sized as
// std::views::iota(0u, n) is (which clang 14 cannot compile with libstdc++ 12's ranges).
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

namespace fastarena::bench {

struct Iota {
  struct It {
    using value_type = std::uint32_t;
    using difference_type = std::ptrdiff_t;
    std::uint32_t i = 0;

    std::uint32_t operator*() const { return i; }
    std::uint32_t operator[](difference_type k) const { return i + static_cast<std::uint32_t>(k); }
    It& operator++() {
      ++i;
      return *this;
    }
    It operator++(int) { return It{i++}; }
    It& operator--() {
      --i;
      return *this;
    }
    It operator--(int) { return It{i--}; }
    It& operator+=(difference_type k) {
      i += static_cast<std::uint32_t>(k);
      return *this;
    }
    It& operator-=(difference_type k) {
      i -= static_cast<std::uint32_t>(k);
      return *this;
    }
    friend It operator+(It it, difference_type k) { return it += k; }
    friend It operator+(difference_type k, It it) { return it += k; }
    friend It operator-(It it, difference_type k) { return it -= k; }
    friend difference_type operator-(It a, It b) {
      return static_cast<difference_type>(a.i) - static_cast<difference_type>(b.i);
    }
    friend bool operator==(It, It) = default;
    friend auto operator<=>(It, It) = default;
  };

  std::uint32_t n;
  It begin() const { return It{0}; }
  It end() const { return It{n}; }
  std::size_t size() const { return n; }
};

}  // namespace fastarena::bench
