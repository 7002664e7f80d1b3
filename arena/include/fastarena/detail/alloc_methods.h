// SPDX-License-Identifier: MIT
// AllocMethods: every alloc_* / try_alloc_* call, written once for arenas and transactions.
//
// The derived class supplies the raw allocation step (CRTP):
//   static constexpr bool tracks_drops;        // may hold types with destructors
//   ArenaCore& core() noexcept;
//   void* raw_alloc(std::size_t size, std::size_t align);  // never null: failure throws
//   void* raw_try(std::size_t size, std::size_t align);    // null when the arena or budget says no
//   [[noreturn]] void raw_fail(std::size_t size, std::size_t align) const;
// A throwing call (alloc) and its try_ twin share one implementation, selected by kThrow.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>
#include <optional>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "fastarena/detail/arena_core.h"
#include "fastarena/detail/copy_bytes.h"
#include "fastarena/errors.h"

namespace fastarena::detail {

// Destroys count objects starting at first, last one first (LIFO, as drop tracking promises).
template <class T>
void destroy_backwards(void* first, std::size_t count) noexcept {
  T* objects = static_cast<T*>(first);
  while (count > 0) std::destroy_at(objects + --count);
}

// Runs body(); if it throws, runs undo() and rethrows. Without exceptions: just body().
template <class Body, class Undo>
void run_or_undo(Body&& body, [[maybe_unused]] Undo&& undo) {
#if defined(__cpp_exceptions)
  try {
    body();
  } catch (...) {
    undo();
    throw;
  }
#else
  body();
#endif
}

template <class Derived>
class AllocMethods {
 public:
  // A T constructed in place from args: arena.alloc<std::uint64_t>(42).
  template <class T, class... Args>
  T* alloc(Args&&... args) {
    return emplace<T, true>(std::forward<Args>(args)...);
  }
  // A copy or move of one value, T deduced: arena.alloc(Point{1.0, 2.0}).
  template <int&... kDeducedOnly, class U>
  std::remove_cvref_t<U>* alloc(U&& value) {
    return emplace<std::remove_cvref_t<U>, true>(std::forward<U>(value));
  }
  template <class T, class... Args>
  T* try_alloc(Args&&... args) {
    return emplace<T, false>(std::forward<Args>(args)...);
  }
  template <int&... kDeducedOnly, class U>
  std::remove_cvref_t<U>* try_alloc(U&& value) {
    return emplace<std::remove_cvref_t<U>, false>(std::forward<U>(value));
  }

  // Storage for one T, not constructed (Rust's MaybeUninit<T>): construct it with
  // std::construct_at. No destructor is ever registered for it, hence trivially destructible only.
  template <class T>
  T* alloc_uninit() {
    static_assert(std::is_trivially_destructible_v<T>,
                  "fastarena: alloc_uninit<T> cannot track a destructor for an object it does not "
                  "construct; use alloc<T>(args...) to construct it in place instead");
    return static_cast<T*>(raw<true>(sizeof(T), alignof(T)));
  }

  // A slice built from any sized range (Rust: an ExactSizeIterator), in one allocation.
  template <std::ranges::sized_range R>
  std::span<std::ranges::range_value_t<R>> alloc_slice(R&& range) {
    using T = std::ranges::range_value_t<R>;
    return {fill_slice<T, true>(range), static_cast<std::size_t>(std::ranges::size(range))};
  }
  template <class T>
  std::span<T> alloc_slice(std::initializer_list<T> list) {
    return alloc_slice(std::span<const T>(list.begin(), list.size()));
  }
  template <std::ranges::sized_range R>
  std::optional<std::span<std::ranges::range_value_t<R>>> try_alloc_slice(R&& range) {
    using T = std::ranges::range_value_t<R>;
    T* data = fill_slice<T, false>(range);
    if (data == nullptr) return std::nullopt;
    return std::span<T>(data, static_cast<std::size_t>(std::ranges::size(range)));
  }

  // A copy of trivially copyable elements: one memcpy.
  template <std::ranges::contiguous_range R>
  std::span<std::remove_cv_t<std::ranges::range_value_t<R>>> alloc_slice_copy(const R& src) {
    using T = std::remove_cv_t<std::ranges::range_value_t<R>>;
    static_assert(std::is_trivially_copyable_v<T>,
                  "fastarena: alloc_slice_copy copies with memcpy; use alloc_slice for this type");
    return {copy_slice<T, true>(std::ranges::data(src), std::ranges::size(src)),
            std::ranges::size(src)};
  }
  template <std::ranges::contiguous_range R>
  std::optional<std::span<std::remove_cv_t<std::ranges::range_value_t<R>>>> try_alloc_slice_copy(
      const R& src) {
    using T = std::remove_cv_t<std::ranges::range_value_t<R>>;
    static_assert(std::is_trivially_copyable_v<T>,
                  "fastarena: alloc_slice_copy copies with memcpy; use alloc_slice for this type");
    T* data = copy_slice<T, false>(std::ranges::data(src), std::ranges::size(src));
    if (data == nullptr) return std::nullopt;
    return std::span<T>(data, std::ranges::size(src));
  }

  // A copy of s, followed in memory by a NUL so that data() is also a C string. Always inline,
  // as the allocation's fast path is: the copy's cases would otherwise decide, by their size,
  // whether a compiler's inliner takes it.
  [[gnu::always_inline]] std::string_view alloc_str(std::string_view s) {
    return {copy_str<true>(s), s.size()};
  }
  [[gnu::always_inline]] std::optional<std::string_view> try_alloc_str(std::string_view s) {
    const char* data = copy_str<false>(s);
    if (data == nullptr) return std::nullopt;
    return std::string_view(data, s.size());
  }

  // Raw bytes. align must be a power of two (anything else is misuse, even for try_).
  void* alloc_raw(std::size_t size, std::size_t align) {
    check_align(align);
    return raw<true>(size, align);
  }
  void* try_alloc_raw(std::size_t size, std::size_t align) {
    check_align(align);
    return raw<false>(size, align);
  }
  void* alloc_zeroed(std::size_t size, std::size_t align) {
    return std::memset(alloc_raw(size, align), 0, size);
  }
  void* try_alloc_zeroed(std::size_t size, std::size_t align) {
    void* p = try_alloc_raw(size, align);
    return p == nullptr ? nullptr : std::memset(p, 0, size);
  }
  // 64-byte (cache line) aligned bytes.
  void* alloc_cache_aligned(std::size_t size) { return raw<true>(size, kCacheLine); }
  void* try_alloc_cache_aligned(std::size_t size) { return raw<false>(size, kCacheLine); }

  static constexpr std::size_t kCacheLine = 64;

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }

  template <class T>
  static constexpr void require_destructible() noexcept {
    static_assert(std::is_trivially_destructible_v<T> || Derived::tracks_drops,
                  "fastarena: this type has a destructor, and a plain Arena never runs "
                  "destructors. Allocate it in a fastarena::DropArena (destructors run LIFO on "
                  "rewind, reset, rollback and destruction), or make it trivially destructible.");
  }

  static void check_align(std::size_t align) {
    if (!is_power_of_two(align)) [[unlikely]] {
      fail_misuse("fastarena: alignment " + std::to_string(align) + " is not a power of two");
    }
  }

  template <bool kThrow>
  void* raw(std::size_t size, std::size_t align) {
    if constexpr (kThrow) {
      return self().raw_alloc(size, align);  // never null: failure throws from the slow path
    } else {
      return self().raw_try(size, align);
    }
  }

  // Registers destroy_backwards<T>(first, count) to run when the memory is given back. On failure
  // (budget), undoes the whole allocation: destroys the objects and rewinds to `before`.
  template <class T, bool kThrow>
  bool track(T* first, std::size_t count, const Checkpoint& before) {
    ArenaCore& core = self().core();
    const std::size_t position = core.position();
    void* mem = self().raw_try(sizeof(DropRecord), alignof(DropRecord));
    if (mem == nullptr) [[unlikely]] {
      destroy_backwards<T>(first, count);
      core.rewind_unchecked(before);
      if constexpr (kThrow) self().raw_fail(sizeof(DropRecord), alignof(DropRecord));
      return false;
    }
    core.push_drop(::new (mem) DropRecord{nullptr, &destroy_backwards<T>, first, count, position});
    return true;
  }

  template <class T, bool kThrow, class... Args>
  T* emplace(Args&&... args) {
    require_destructible<T>();
    if constexpr (std::is_nothrow_constructible_v<T, Args...> &&
                  std::is_trivially_destructible_v<T>) {
      void* mem = raw<kThrow>(sizeof(T), alignof(T));
      if (!kThrow && mem == nullptr) return nullptr;
      return ::new (mem) T(std::forward<Args>(args)...);
    } else {
      // A throwing constructor or a failed registration leaves the arena as it was.
      const Checkpoint before = self().core().snapshot();
      void* mem = raw<kThrow>(sizeof(T), alignof(T));
      if (!kThrow && mem == nullptr) return nullptr;
      T* object = nullptr;
      run_or_undo([&] { object = ::new (mem) T(std::forward<Args>(args)...); },
                  [&] { self().core().rewind_unchecked(before); });
      if constexpr (!std::is_trivially_destructible_v<T>) {
        if (!track<T, kThrow>(object, 1, before)) return nullptr;
      }
      return object;
    }
  }

  [[noreturn]] static void fail_slice_size(std::size_t n, std::size_t size) {
    fail_misuse("fastarena: slice of " + std::to_string(n) + " elements of " +
                std::to_string(size) + " bytes: the size computation overflows");
  }

  // A copy of n trivially copyable elements: the allocation and one memcpy, small enough to be
  // inlined where fill_slice's general loop is not. Null on failure. (Not copy_bytes: slices are
  // often long, and its test in front of a long memcpy slows that down with clang; see
  // docs/performance.md.)
  // One compare takes the common case, 1 <= n <= kMaxRequest / sizeof(T): then the byte count
  // cannot overflow, memcpy gets a non-empty (so non-null) source, and the fast path's own size
  // bound folds away. An empty, overflowing or too big request goes through copy_slice_rare.
  template <class T, bool kThrow>
  T* copy_slice(const T* src, std::size_t n) {
    if (n - 1 >= kMaxRequest / sizeof(T)) [[unlikely]]
      return copy_slice_rare<T, kThrow>(n);
    const std::size_t bytes = n * sizeof(T);
    T* out = static_cast<T*>(raw<kThrow>(bytes, alignof(T)));
    if (!kThrow && out == nullptr) return nullptr;
    std::memcpy(out, src, bytes);
    return out;
  }
  // copy_slice for n == 0 (an empty allocation; nothing to copy) or n too big. Out of line, so
  // that copy_slice stays small enough for clang to inline.
  template <class T, bool kThrow>
  [[gnu::noinline]] T* copy_slice_rare(std::size_t n) {
    std::size_t bytes = 0;
    if (!checked_mul(n, sizeof(T), bytes)) {
      if constexpr (kThrow) fail_slice_size(n, sizeof(T));
      return nullptr;
    }
    return static_cast<T*>(raw<kThrow>(bytes, alignof(T)));
  }

  // Allocates room for the range's elements and copies or constructs them; null on failure.
  template <class T, bool kThrow, class R>
  T* fill_slice(R&& range) {
    require_destructible<T>();
    const auto n = static_cast<std::size_t>(std::ranges::size(range));
    using Element = std::remove_cvref_t<std::ranges::range_reference_t<R>>;
    if constexpr (std::ranges::contiguous_range<R> && std::same_as<Element, T> &&
                  std::is_trivially_copyable_v<T>) {
      return copy_slice<T, kThrow>(std::ranges::data(range), n);
    } else {
      return construct_slice<T, kThrow>(range, n);
    }
  }

  // fill_slice for everything but a plain copy: each element constructed from the range's.
  template <class T, bool kThrow, class R>
  T* construct_slice(R&& range, std::size_t n) {
    std::size_t bytes = 0;
    if (!checked_mul(n, sizeof(T), bytes)) [[unlikely]] {
      if constexpr (kThrow) fail_slice_size(n, sizeof(T));
      return nullptr;
    }
    constexpr bool kMayUndo =
        !(std::is_nothrow_constructible_v<T, std::ranges::range_reference_t<R>> &&
          std::is_trivially_destructible_v<T>);
    [[maybe_unused]] const Checkpoint before = self().core().snapshot();
    T* out = static_cast<T*>(raw<kThrow>(bytes, alignof(T)));
    if (!kThrow && out == nullptr) return nullptr;
    if constexpr (!kMayUndo) {
      auto it = std::ranges::begin(range);
      std::size_t i = 0;
#if !defined(__clang__)
      using It = decltype(it);
      // Whole groups first (of kGroup elements, then of 8), for GCC: its -O2 vectoriser (the
      // "very cheap" cost model) takes only loops whose trip count it knows, so a fill from a
      // counting range stays scalar as one loop but is vectorised in groups of a fixed size.
      // (Clang's -O2 loop vectoriser takes the plain loop below, and does worse with groups.)
      // Same elements, same order.
      if constexpr (std::random_access_iterator<It>) {
        // Each group read by index from one start: for a counting range (std::views::iota)
        // every element is then that start plus a constant, one broadcast and a vector add per
        // four, rather than scalars gathered into a vector. A group is written as runs of 8,
        // one after another in straight-line code: GCC unrolls a run of 8 completely and
        // vectorises the result with one broadcast for the whole group, where a loop over the
        // runs, or one run of 16, stays a loop.
        using Diff = std::iter_difference_t<It>;
        const auto fill_group = [&]<std::size_t... kRun>(std::size_t at,
                                                         std::index_sequence<kRun...>) {
          const It group = it + static_cast<Diff>(at);
          const auto run = [&](std::size_t from) {
            for (std::size_t k = 0; k < 8; ++k) {
              ::new (out + at + from + k) T(group[static_cast<Diff>(from + k)]);
            }
          };
          (run(8 * kRun), ...);
        };
        // A group is the most of 64, 32, 16 or 8 elements that fit in 256 bytes (sixteen 16-byte
        // stores), 8 at least: the more stores per broadcast and per loop iteration, the fewer
        // instructions per store, and the bound in bytes keeps a group's code about the same
        // size whatever the element.
        constexpr std::size_t kGroup = [] {
          std::size_t elements = 64;
          while (elements > 8 && elements * sizeof(T) > 256) elements /= 2;
          return elements;
        }();
        // Each loop ends at n rounded down to its group size, a mask computed once.
        for (const std::size_t whole = n & ~(kGroup - 1); i != whole; i += kGroup) {
          fill_group(i, std::make_index_sequence<kGroup / 8>{});
        }
        for (const std::size_t whole = n & ~std::size_t{7}; i != whole; i += 8) {
          fill_group(i, std::make_index_sequence<1>{});
        }
        it += static_cast<Diff>(i);
      } else {
        for (; n - i >= 8; i += 8) {
          for (int k = 0; k < 8; ++k, ++it) ::new (out + i + k) T(*it);
        }
      }
#endif
#if defined(__clang__)
      // Clang's -O2 vectoriser interleaves this loop by two vectors only, where the same fill
      // written as std::iota in the caller gets eight vector stores an iteration.
#pragma clang loop interleave_count(8)
#endif
      for (; i < n; ++i, ++it) ::new (out + i) T(*it);
    } else {
      std::size_t i = 0;
      run_or_undo(
          [&] {
            for (auto it = std::ranges::begin(range); i < n; ++it, ++i) ::new (out + i) T(*it);
          },
          [&] {
            destroy_backwards<T>(out, i);
            self().core().rewind_unchecked(before);
          });
    }
    if constexpr (!std::is_trivially_destructible_v<T>) {
      if (!track<T, kThrow>(out, n, before)) return nullptr;
    }
    return out;
  }

  // As copy_slice: one compare takes the common case, 1 <= size < kMaxRequest, in which the copy
  // gets a non-empty (so non-null) source and the fast path's size bound folds away.
  template <bool kThrow>
  [[gnu::always_inline]] const char* copy_str(std::string_view s) {
    const std::size_t n = s.size();
    if (n - 1 >= kMaxRequest - 1) [[unlikely]]
      return copy_str_rare<kThrow>(n);
    auto* p = static_cast<char*>(raw<kThrow>(n + 1, 1));
    if (!kThrow && p == nullptr) return nullptr;
    // The NUL first: stored after a copy that calls memcpy, its address would come from the
    // call's result, and the loads after it would wait for that address.
    p[n] = '\0';
    copy_bytes(p, s.data(), n);
    return p;
  }
  // copy_str for an empty string (the NUL alone) or one too big for any arena, whose n + 1
  // bytes (no overflow: n is a string's size) always fail. Out of line, so that copy_str stays
  // small enough for clang to inline.
  template <bool kThrow>
  [[gnu::noinline]] const char* copy_str_rare(std::size_t n) {
    auto* p = static_cast<char*>(raw<kThrow>(n + 1, 1));
    if (!kThrow && p == nullptr) return nullptr;
    FASTARENA_ASSERT(n == 0, "only the empty string is copied out of line");
    *p = '\0';
    return p;
  }
};

}  // namespace fastarena::detail
