// SPDX-License-Identifier: MIT
// Compiled to assembly at -O2 by the arena_codegen test: alloc_slice from a counting range of
// run-time length must fill with packed adds (paddd), with g++ as with clang++.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <span>

#include "fastarena/arena.h"

// The counting range 0, 1, ..., n - 1 as std::views::iota(0u, n) is: sized, random access.
struct Counting {
  struct It {
    using value_type = std::uint32_t;
    using difference_type = std::ptrdiff_t;
    std::uint32_t i = 0;
    std::uint32_t operator*() const { return i; }
    std::uint32_t operator[](difference_type k) const { return i + static_cast<std::uint32_t>(k); }
    It& operator++() { return *this += 1; }
    It operator++(int) { return It{i++}; }
    It& operator--() { return *this -= 1; }
    It operator--(int) { return It{i--}; }
    It& operator+=(difference_type k) {
      i += static_cast<std::uint32_t>(k);
      return *this;
    }
    It& operator-=(difference_type k) { return *this += -k; }
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

std::span<std::uint32_t> fill_from_counting_range(fastarena::Arena& arena, std::uint32_t n) {
  return arena.alloc_slice(Counting{n});
}
