// SPDX-License-Identifier: MIT
/// \file
/// LLVM interop (target fastarena::llvm; the arena itself does not depend on LLVM).
///
///   fastarena::Arena arena;
///   llvm::StringMap<int, fastarena::LlvmAllocator> names{fastarena::LlvmAllocator(arena)};
///   llvm::Expected<Node*> n = arena.with_transaction([&](Transaction& t) -> llvm::Expected<Node*>
///   {
///     ...  // an llvm::Error rolls the transaction back and is returned intact
///   });
///
/// LlvmAllocator has llvm::AllocatorBase semantics (Allocate / Deallocate, including the typed
/// Allocate<T>(n) of the base), so it serves wherever LLVM takes an allocator type. Deallocate
/// gives the memory back only when it is the arena's most recent allocation (see fastarena/std.h).
#pragma once

#include <llvm/Support/Alignment.h>
#include <llvm/Support/AllocatorBase.h>
#include <llvm/Support/Error.h>

#include <cstddef>

#include "fastarena/arena.h"

namespace fastarena {

/// An LLVM allocator (llvm::AllocatorBase) drawing from an arena or a transaction.
class LlvmAllocator : public llvm::AllocatorBase<LlvmAllocator> {
 public:
  /// Allocates from an arena or through a transaction, within its budget.
  template <AllocationSource Source>
  explicit LlvmAllocator(Source& source) noexcept : core_(&source.core()), txn_(source.frame()) {}

  /// size bytes aligned to alignment; throws AllocError when out of memory or budget.
  void* Allocate(std::size_t size, std::size_t alignment) {
    return core_->allocate(txn_, size, alignment);
  }
  /// The same, with LLVM's alignment type.
  void* Allocate(std::size_t size, llvm::Align alignment) {
    return Allocate(size, alignment.value());
  }
  using llvm::AllocatorBase<LlvmAllocator>::Allocate;  ///< Allocate<T>(n)

  void Deallocate(const void* p, std::size_t size, std::size_t /*alignment*/) {
    core_->give_back(const_cast<void*>(p), size);
  }
  using llvm::AllocatorBase<LlvmAllocator>::Deallocate;  ///< Deallocate<T>(p, n)

 private:
  detail::ArenaCore* core_;
  detail::FrameRef txn_;
};

/// with_transaction outcomes: a value commits; an error rolls back and is returned intact.
template <class T>
struct TransactionOutcome<llvm::Expected<T>> {
  /// A value commits; an error rolls back (and is returned intact).
  static bool succeeded(llvm::Expected<T>& result) { return static_cast<bool>(result); }
};
/// llvm::Error::success() commits; an error rolls back.
template <>
struct TransactionOutcome<llvm::Error> {
  /// Whether to commit.
  static bool succeeded(llvm::Error& result) { return !result; }
};

}  // namespace fastarena
