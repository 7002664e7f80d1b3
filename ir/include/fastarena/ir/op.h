// SPDX-License-Identifier: MIT
/// \file
/// Operations: the nodes of the IR. An operation is built once, in a module's arena, and never
/// changed: a pass that wants another operation builds a new one. That is what makes speculation
/// free — a pass inside a savepoint only ever writes new memory, so rolling it back is an O(1)
/// rewind with nothing to undo.
///
/// An operation defines at most one value, its result; the value *is* the operation (a
/// `const Op*`), as in LLVM. A function's parameters are operations too (opcode `param`), so
/// every operand is a `const Op*`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "fastarena/ir/context.h"
#include "fastarena/ir/type.h"
#include "fastarena/name_table.h"

namespace fastarena::ir {

/// What an operation does: one enumerator per line of ops.def, whose classes (ir/lib/ops/)
/// say everything else about it (op_def.h).
enum class Opcode : unsigned char {
#define FA_IR_OP(opcode, Class) opcode,
#include "fastarena/ir/ops.def"
};

/// The opcode's name in its dialect ("add", "make_struct", "for", ...).
std::string_view mnemonic(Opcode opcode);
/// Its dialect's ("toy", "affine", "memref", "arith", "func").
std::string_view dialect(Opcode opcode);
/// The opcode named `name` in full ("toy.add", "affine.for"); nullopt if none.
std::optional<Opcode> opcode_named(std::string_view name);

/// What an operation carries besides its opcode, operands and location (Builder::build). Which
/// of them an opcode uses is its definition's business (ir/lib/ops/).
struct Attributes {
  Type type = {};                     ///< the result's, where it is declared; null: inferred
  std::uint32_t index = 0;            ///< a parameter's position, a field's
  Name callee = {};                   ///< the function called
  std::span<const double> data = {};  ///< a constant's elements, row-major
  /// Whether `data` lives in the module's arenas already (another operation's, or made with
  /// Builder::array) and is shared rather than copied: operations never change, so they may share
  /// their arrays, and a folded or reshaped constant keeps its elements where they are.
  bool data_frozen = false;
  /// A struct constant's value: its type with each tensor's shape (the result type, like a Toy
  /// struct's, may leave them unknown); `data` holds those tensors' elements one after another.
  /// A constant's value type where its result type is unranked (what folding a struct's field
  /// makes, as MLIR's does, until shape inference).
  Type layout = {};
  /// What only its opcode knows how to read (a loop's bounds and body, an access's indices):
  /// a struct of the opcode's, frozen in the module's arena, read through the opcode's typed view
  /// (loop_ops.h), as MLIR's properties are.
  const void* properties = nullptr;
};

/// An operation: built once in a module's arena, never changed. Its result is the operation
/// itself (`const Op*`).
struct Op {
  /// An operation of `op` on `operands` at `loc`, with `attrs` (the spans are used as given:
  /// Builder::build freezes them).
  Op(Opcode op, std::span<const Op* const> operand_list, Location at,
     const Attributes& attrs) noexcept
      : opcode(op),
        index(attrs.index),
        loc(at),
        type(attrs.type),
        operands(operand_list),
        data(attrs.data) {
    if (attrs.properties != nullptr) {
      set_properties(attrs.properties);
    } else {
      set_symbol(attrs.callee, attrs.layout);
    }
  }

  Opcode opcode;  ///< What it does.

 private:
  // Which member of symbol_ is in use (in opcode's padding).
  enum class Holds : unsigned char { callee, layout, properties };
  Holds holds_ = Holds::callee;

 public:
  std::uint32_t index = 0;  ///< Attributes::index
  Location loc;             ///< Where it came from.
  Type type;  ///< the result's; null for print, ret and a call of a function returning nothing
  std::span<const Op* const> operands;  ///< frozen in the arena
  std::span<const double> data;         ///< Attributes::data, frozen in the arena

  /// Attributes::callee: the function a call calls (the absent name for any other operation).
  Name callee() const noexcept { return holds_ == Holds::callee ? symbol_.callee : Name(); }
  /// Attributes::layout: a struct constant's, an unranked constant's (no type for any other
  /// operation).
  Type layout() const noexcept { return holds_ == Holds::layout ? symbol_.layout : Type(); }
  /// Attributes::properties (null for an operation without).
  const void* properties() const noexcept {
    return holds_ == Holds::properties ? symbol_.properties : nullptr;
  }
  /// Sets callee() or, if given, layout(): they share a word with properties(), as no
  /// operation has two of them, which keeps an operation at 72 bytes.
  void set_symbol(Name callee, Type layout) noexcept {
    if (layout) {
      holds_ = Holds::layout;
      symbol_.layout = layout;
    } else {
      holds_ = Holds::callee;
      symbol_.callee = callee;
    }
  }
  /// Sets properties().
  void set_properties(const void* properties) noexcept {
    holds_ = Holds::properties;
    symbol_.properties = properties;
  }

  /// What it carries, as Builder::build takes it, its data shared: how a pass makes an
  /// operation like this one (on other operands, at another location).
  Attributes attributes() const noexcept {
    Attributes attrs{.type = type, .index = index, .data = data, .data_frozen = true};
    switch (holds_) {
      case Holds::callee:
        attrs.callee = symbol_.callee;
        break;
      case Holds::layout:
        attrs.layout = symbol_.layout;
        break;
      case Holds::properties:
        attrs.properties = symbol_.properties;
        break;
    }
    return attrs;
  }

  /// Whether it defines a value (print, return and calls of functions returning nothing do not).
  bool has_result() const noexcept { return static_cast<bool>(type); }

 private:
  // One word for the one operation-specific symbol; holds_ says which member is in use.
  union Symbol {
    Name callee;
    Type layout;
    const void* properties;
    Symbol() noexcept : callee() {}
  } symbol_;
};

}  // namespace fastarena::ir
