// SPDX-License-Identifier: MIT
/// \file
/// Standard-library interop: std containers whose memory lives in an arena.
///
///   Arena arena;
///   std::vector<int, fastarena::Allocator<int>> v(arena);          ///< Allocator<T>(arena)
///   fastarena::MemoryResource resource(arena);
///   std::pmr::vector<int> w(&resource);
///
/// Both can also be made on a Transaction: every allocation is then budget-checked and subject to
/// the transaction rules (only the innermost open transaction may allocate). deallocate() gives the
/// memory back when it is the arena's most recent allocation and is otherwise a no-op: arena
/// memory is reclaimed by rewind, reset or rollback. Containers must not outlive the arena, nor be
/// used after their memory was rewound away; containers hold trivially destructible arena memory
/// only, so they need no drop tracking.
#pragma once

#include <cstddef>
#include <new>

#include "fastarena/arena.h"
#include "fastarena/detail/export.h"

/// \def FASTARENA_HAS_PMR
/// 1 where the standard library has `<memory_resource>` (libc++ 14 has not): MemoryResource is
/// defined exactly then. Allocator<T> needs no pmr.
#if __has_include(<memory_resource>)
#include <memory_resource>
#define FASTARENA_HAS_PMR 1
#else
#define FASTARENA_HAS_PMR 0
#endif

namespace fastarena {

/// A standard allocator (std::vector<T, fastarena::Allocator<T>>) drawing from an arena or a
/// transaction. deallocate gives memory back only when it is the newest allocation.
template <class T>
class Allocator {
 public:
  /// The allocated type.
  using value_type = T;

  /// Allocates from an arena or through a transaction, within its budget (implicit, as
  /// standard allocators are).
  template <AllocationSource Source>
  Allocator(Source& source) noexcept  // NOLINT: implicit, as std allocators are
      : core_(&source.core()), txn_(source.frame()) {}
  /// The same source, another type (rebinding).
  template <class U>
  Allocator(const Allocator<U>& other) noexcept : core_(other.core_), txn_(other.txn_) {}

  /// Room for n objects; throws AllocError when out of memory or budget.
  T* allocate(std::size_t n) {
    std::size_t bytes = 0;
    if (!detail::checked_mul(n, sizeof(T), bytes)) {
      detail::fail_alloc("fastarena: Allocator cannot allocate " + std::to_string(n) +
                         " elements: the size computation overflows");
    }
    return static_cast<T*>(core_->allocate(txn_, bytes, alignof(T)));
  }
  /// Gives the memory back if it is the newest allocation; else a no-op.
  void deallocate(T* p, std::size_t n) noexcept { core_->give_back(p, n * sizeof(T)); }

  /// Equal when they allocate from the same arena through the same transaction (or none).
  template <class U>
  bool operator==(const Allocator<U>& other) const noexcept {
    return core_ == other.core_ && txn_ == other.txn_;
  }

 private:
  template <class>
  friend class Allocator;
  detail::ArenaCore* core_;
  detail::FrameRef txn_;
};

#if FASTARENA_HAS_PMR
/// A std::pmr::memory_resource over an arena or a transaction.
class FASTARENA_API MemoryResource : public std::pmr::memory_resource {
 public:
  /// Allocates from an arena or through a transaction, within its budget.
  template <AllocationSource Source>
  explicit MemoryResource(Source& source) noexcept : core_(&source.core()), txn_(source.frame()) {}

 private:
  void* do_allocate(std::size_t bytes, std::size_t align) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t align) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override;

  detail::ArenaCore* core_;
  detail::FrameRef txn_;
};
#endif

}  // namespace fastarena
