// SPDX-License-Identifier: MIT
/// \file
/// TransactionOutcome: how with_transaction reads a callable's result as commit or rollback.
///
/// Built in: bool (true commits), pointers (non-null commits), and anything with has_value()
/// (std::optional and similar: engaged commits). Other result types plug in by specialising
/// TransactionOutcome<R> with `static bool succeeded(R& result)`; fastarena/llvm.h does so for
/// llvm::Expected<T> and llvm::Error.
#pragma once

#include <concepts>

namespace fastarena {

template <class R>
struct TransactionOutcome {};  ///< not an outcome type unless specialised

/// true commits, false rolls back.
template <>
struct TransactionOutcome<bool> {
  /// Whether to commit.
  static bool succeeded(bool result) noexcept { return result; }
};

/// A pointer commits, null rolls back.
template <class T>
struct TransactionOutcome<T*> {
  /// Whether to commit.
  static bool succeeded(T* result) noexcept { return result != nullptr; }
};

/// Anything with has_value() (std::optional, std::expected): engaged commits.
template <class R>
requires requires(const R& r) {
  { r.has_value() } -> std::convertible_to<bool>;
}
struct TransactionOutcome<R> {
  /// Whether to commit.
  static bool succeeded(const R& result) { return static_cast<bool>(result.has_value()); }
};

template <class R>
concept transaction_outcome = requires(R& result) {
  { TransactionOutcome<R>::succeeded(result) } -> std::convertible_to<bool>;
};

}  // namespace fastarena
