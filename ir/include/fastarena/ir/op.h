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

/// What an operation does: one enumerator per line of ops.def, whose classes (ir/lib/ops.cpp)
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
/// of them an opcode uses is its definition's business (ops.cpp).
struct Attributes {
  Type type = {};                     ///< the result's, where it is declared; null: inferred
  std::uint32_t index = 0;            ///< a parameter's position, a field's
  Name callee = {};                   ///< the function called
  std::span<const double> data = {};  ///< a constant's elements, row-major
  /// A struct constant's value: its type with each tensor's shape (the result type, like a Toy
  /// struct's, may leave them unknown); `data` holds those tensors' elements one after another.
  Type layout = {};
};

/// An operation: built once in a module's arena, never changed. Its result is the operation
/// itself (`const Op*`).
struct Op {
  /// An operation of `op` with no operands, type or attributes yet (for Builder::create).
  explicit Op(Opcode op) noexcept : opcode(op) {}

  Opcode opcode;            ///< What it does.
  std::uint32_t index = 0;  ///< Attributes::index
  Location loc;             ///< Where it came from.
  Type type;  ///< the result's; null for print, ret and a call of a function returning nothing
  std::span<const Op* const> operands;  ///< frozen in the arena
  std::span<const double> data;         ///< Attributes::data, frozen in the arena
  Name callee;                          ///< Attributes::callee
  Type layout;                          ///< Attributes::layout

  /// Whether it defines a value (print, return and calls of functions returning nothing do not).
  bool has_result() const noexcept { return static_cast<bool>(type); }
};

}  // namespace fastarena::ir
