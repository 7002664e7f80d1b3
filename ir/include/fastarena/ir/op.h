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

/// The opcode's name in the textual IR ("add", "make_struct", "return", ...).
std::string_view mnemonic(Opcode opcode);
/// The opcode whose mnemonic is `mnemonic`; nullopt if none.
std::optional<Opcode> opcode_named(std::string_view mnemonic);

/// What an operation carries besides its opcode, operands and location (Builder::build). Which
/// of them an opcode uses is its definition's business (ir/lib/ops/).
struct Attributes {
  Type type = {};                     ///< the result's, where it is declared; null: inferred
  std::uint32_t index = 0;            ///< a parameter's position, a field's
  Name callee = {};                   ///< the function called
  std::span<const double> data = {};  ///< a constant's elements, row-major
  /// A struct constant's value: its type with each tensor's shape (the result type, like a Toy
  /// struct's, may leave them unknown); `data` holds those tensors' elements one after another.
  /// A constant's value type where its result type is unranked (what folding a struct's field
  /// makes, as MLIR's does, until shape inference).
  Type layout = {};
};

/// An operation: built once in a module's arena, never changed. Its result is the operation
/// itself (`const Op*`).
struct Op {
  /// An operation of `op` with no operands, type or attributes yet (for Builder::create).
  explicit Op(Opcode op) noexcept : opcode(op) {}
  /// An operation of `op` on `operands` at `loc`, with `attrs` (the spans are used as given:
  /// Builder::create freezes them).
  Op(Opcode op, std::span<const Op* const> operand_list, Location at,
     const Attributes& attrs) noexcept
      : opcode(op),
        index(attrs.index),
        loc(at),
        type(attrs.type),
        operands(operand_list),
        data(attrs.data) {
    set_symbol(attrs.callee, attrs.layout);
  }

  Opcode opcode;  ///< What it does.

 private:
  bool holds_layout_ = false;  // which member of symbol_ is in use (in opcode's padding)

 public:
  std::uint32_t index = 0;  ///< Attributes::index
  Location loc;             ///< Where it came from.
  Type type;  ///< the result's; null for print, ret and a call of a function returning nothing
  std::span<const Op* const> operands;  ///< frozen in the arena
  std::span<const double> data;         ///< Attributes::data, frozen in the arena

  /// Attributes::callee: the function a call calls (the absent name for any other operation).
  Name callee() const noexcept { return holds_layout_ ? Name() : symbol_.callee; }
  /// Attributes::layout: a struct constant's, an unranked constant's (no type for any other
  /// operation).
  Type layout() const noexcept { return holds_layout_ ? symbol_.layout : Type(); }
  /// Sets callee() or, if given, layout(): they share a word, as no operation has both, which
  /// keeps an operation at 72 bytes.
  void set_symbol(Name callee, Type layout) noexcept {
    holds_layout_ = static_cast<bool>(layout);
    if (holds_layout_) {
      symbol_.layout = layout;
    } else {
      symbol_.callee = callee;
    }
  }

  /// Whether it defines a value (print, return and calls of functions returning nothing do not).
  bool has_result() const noexcept { return static_cast<bool>(type); }

 private:
  // One word for the one operation-specific symbol; holds_layout_ says which member is in use.
  union Symbol {
    Name callee;
    Type layout;
    Symbol() noexcept : callee() {}
  } symbol_;
};

}  // namespace fastarena::ir
