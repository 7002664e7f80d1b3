// TransactionOutcome: how with_transaction reads a callable's result as commit or rollback.
//
// Built in: bool (true commits), pointers (non-null commits), and anything with has_value()
// (std::optional and similar: engaged commits). Other result types plug in by specialising
// TransactionOutcome<R> with `static bool succeeded(R& result)`; fastarena/llvm.h does so for
// llvm::Expected<T> and llvm::Error.
#pragma once

#include <concepts>

namespace fastarena {

template <class R>
struct TransactionOutcome {};  // not an outcome type unless specialised

template <>
struct TransactionOutcome<bool> {
  static bool succeeded(bool result) noexcept { return result; }
};

template <class T>
struct TransactionOutcome<T*> {
  static bool succeeded(T* result) noexcept { return result != nullptr; }
};

template <class R>
requires requires(const R& r) {
  { r.has_value() } -> std::convertible_to<bool>;
}
struct TransactionOutcome<R> {
  static bool succeeded(const R& result) { return static_cast<bool>(result.has_value()); }
};

template <class R>
concept transaction_outcome = requires(R& result) {
  { TransactionOutcome<R>::succeeded(result) } -> std::convertible_to<bool>;
};

}  // namespace fastarena
