// SPDX-License-Identifier: MIT
/// \file
/// Types of IR values, uniqued by a Context: a Type is one pointer, and two types are equal exactly
/// when they are the same pointer.
///
///   tensor<2x3xf64>   a ranked tensor of doubles (tensor<f64>: rank 0, one element)
///   tensor<*xf64>     a tensor whose shape is not known yet (a generic function's parameter)
///   !Pair             a struct type: named, with named fields (each a tensor<*xf64> in Toy)
///
/// and those of the loop level (docs/ir.md, "The loop level"):
///
///   memref<2x3xf64>   a buffer of doubles of a known shape, row-major
///   f64, index        a scalar double, a loop's induction variable
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "fastarena/name_table.h"

namespace fastarena::ir {

class Type;

namespace detail {
struct TypeStorage;
}

/// A type: one pointer to storage uniqued by the Context; equal types are the same pointer.
class Type {
 public:
  /// Which kind of type.
  enum class Kind : unsigned char { tensor, unranked_tensor, structure, memref, f64, index };

  Type() = default;  ///< no type: the "result" of print and return
  /// The type of uniqued storage (the Context makes these).
  explicit Type(const detail::TypeStorage* storage) noexcept : storage_(storage) {}

  /// Whether this is a type at all.
  explicit operator bool() const noexcept { return storage_ != nullptr; }
  /// Its kind (it must be a type).
  Kind kind() const noexcept;
  /// A tensor, ranked or not.
  bool is_tensor() const noexcept {
    return storage_ && (kind() == Kind::tensor || kind() == Kind::unranked_tensor);
  }
  /// A tensor of known shape.
  bool is_ranked() const noexcept { return storage_ && kind() == Kind::tensor; }
  /// A struct type.
  bool is_struct() const noexcept { return storage_ && kind() == Kind::structure; }
  /// A buffer (memref<...xf64>).
  bool is_memref() const noexcept { return storage_ && kind() == Kind::memref; }

  std::span<const std::int64_t> shape() const noexcept;  ///< a ranked tensor's, a memref's extents
  std::int64_t element_count() const noexcept;           ///< the product of shape()

  Name name() const noexcept;                          ///< a struct's
  std::span<const Name> field_names() const noexcept;  ///< a struct's
  std::span<const Type> field_types() const noexcept;  ///< a struct's
  /// The position of a struct's field `field`; nullopt if it has none.
  std::optional<std::uint32_t> field_index(Name field) const noexcept;

  /// The storage's address, for hashing.
  const void* opaque() const noexcept { return storage_; }
  /// The same type.
  friend bool operator==(Type a, Type b) noexcept { return a.storage_ == b.storage_; }

 private:
  const detail::TypeStorage* storage_ = nullptr;
};

namespace detail {
/// Lives in the Context's arena; never changes once created.
struct TypeStorage {
  Type::Kind kind;
  std::span<const std::int64_t> shape;
  std::int64_t element_count = 1;
  Name name;
  std::span<const Name> field_names;
  std::span<const Type> field_types;
};
}  // namespace detail

inline Type::Kind Type::kind() const noexcept {
  return storage_->kind;
}
inline std::span<const std::int64_t> Type::shape() const noexcept {
  return storage_->shape;
}
inline std::int64_t Type::element_count() const noexcept {
  return storage_->element_count;
}
inline Name Type::name() const noexcept {
  return storage_->name;
}
inline std::span<const Name> Type::field_names() const noexcept {
  return storage_->field_names;
}
inline std::span<const Type> Type::field_types() const noexcept {
  return storage_->field_types;
}
inline std::optional<std::uint32_t> Type::field_index(Name field) const noexcept {
  for (std::size_t i = 0; i < storage_->field_names.size(); ++i) {
    if (storage_->field_names[i] == field) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

/// Whether a value of type `from` may flow where `to` is expected: equal types, or tensors one of
/// which has an unknown shape (a generic function takes any tensor).
inline bool compatible(Type from, Type to) noexcept {
  if (from == to) return true;
  return from.is_tensor() && to.is_tensor() && (!from.is_ranked() || !to.is_ranked());
}

}  // namespace fastarena::ir
