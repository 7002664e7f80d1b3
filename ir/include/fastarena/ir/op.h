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

/// What an operation does; its textual name is mnemonic(opcode).
enum class Opcode : unsigned char {
  param,        ///< a function's parameter; `index` is its position
  constant,     ///< a tensor of `data`, row-major, of the result type's shape
  add,          ///< element-wise, on tensors of one shape
  sub,          ///< element-wise, on tensors of one shape
  mul,          ///< element-wise, on tensors of one shape
  transpose,    ///< reverses the dimensions (swaps the two of a 2-D tensor)
  reshape,      ///< the same elements in the result type's shape
  call,         ///< calls `callee` with the operands; a result if the callee returns one
  make_struct,  ///< a struct value of the result type from its fields' values
  field,        ///< field `index` of a struct value
  print,        ///< prints its operand; no result
  ret,          ///< returns its operand, if any, from the function; no result
};

/// The opcode's name in the textual IR ("add", "make_struct", "return", ...).
std::string_view mnemonic(Opcode opcode);
/// The opcode whose mnemonic is `mnemonic`; nullopt if none.
std::optional<Opcode> opcode_named(std::string_view mnemonic);

/// An operation: built once in a module's arena, never changed. Its result is the operation
/// itself (`const Op*`).
struct Op {
  /// An operation of `op` with no operands, type or attributes yet (for Builder::create).
  explicit Op(Opcode op) noexcept : opcode(op) {}

  Opcode opcode;            ///< What it does.
  std::uint32_t index = 0;  ///< param: its position; field: the field's
  Location loc;             ///< Where it came from.
  Type type;  ///< the result's; null for print, ret and a call of a function returning nothing
  std::span<const Op* const> operands;  ///< frozen in the arena
  std::span<const double> data;         ///< constant: its elements
  Name callee;                          ///< call

  /// Whether it defines a value (print, return and some calls do not).
  bool has_result() const noexcept { return static_cast<bool>(type); }
};

}  // namespace fastarena::ir
