// SPDX-License-Identifier: MIT
/// \file
/// The Toy AST. Every node lives in an arena and is trivially destructible: child lists are
/// arrays frozen in the arena, names are interned (toy::Name, one pointer), locations are 32-bit
/// file offsets. Nodes carry a kind for LLVM-style RTTI (llvm::isa / llvm::dyn_cast).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "fastarena/name_table.h"
#include "fastarena/toy/location.h"

namespace fastarena::toy {

/// Identifiers are interned (fastarena/name_table.h): one pointer, equal names by address. They
/// live in a table of their own, not in the AST's arena: a definition rolled back after a syntax
/// error must not take with it a name that later definitions use.
///@{
using Name = fastarena::Name;
using Names = fastarena::NameTable;
///@}

/// The header every expression node starts with: 8 bytes.
struct Expr {
  /// Which node this is (for llvm::isa / llvm::dyn_cast).
  enum class Kind : unsigned char {
    number,
    literal,
    struct_literal,
    var,
    var_decl,
    ret,
    binary,
    call,
    print,
  };
  Kind kind;     ///< which node
  char op = 0;   ///< BinaryExpr's operator, kept here because the header has room: 8 bytes in all
  Location loc;  ///< where the node starts
};

/// A number outside a literal.
struct NumberExpr : Expr {
  double value;                                    ///< the number
  static constexpr Kind node_kind = Kind::number;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// [[1, 2], [3, 4]]: a rectangular literal, stored flat. dims are the extents of every level,
/// outermost first ({2, 2}); values are the numbers in row-major order. Nested brackets have no
/// node of their own: the dump rebuilds them from dims, lowering wants the flat array anyway.
struct LiteralExpr : Expr {
  std::span<const std::int64_t> dims;               ///< the extent of every level, outermost first
  std::span<const double> values;                   ///< the numbers, row-major
  static constexpr Kind node_kind = Kind::literal;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// { a, b }: the values of a struct's fields, in order.
struct StructLiteralExpr : Expr {
  std::span<Expr* const> values;                           ///< one per field, in order
  static constexpr Kind node_kind = Kind::struct_literal;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// A use of a variable.
struct VarExpr : Expr {
  Name name;                                    ///< the variable
  static constexpr Kind node_kind = Kind::var;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// The declared type: a shape (empty: none declared), or the name of a struct type.
struct VarType {
  Name struct_name;                     ///< empty unless struct-typed
  std::span<const std::int64_t> shape;  ///< empty unless a shape is declared
};

/// var name<shape> = init;  or  StructType name = init;  (a struct field has no init)
struct VarDeclExpr : Expr {
  Name name;                                         ///< the variable declared
  VarType type;                                      ///< as declared
  Expr* init;                                        ///< null when absent
  static constexpr Kind node_kind = Kind::var_decl;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// return value;  or  return;
struct ReturnExpr : Expr {
  Expr* value;                                  ///< null for a bare `return;`
  static constexpr Kind node_kind = Kind::ret;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// lhs op rhs, op (in the header) one of + - * . ; loc is that of rhs's first token (as in the
/// tutorial).
struct BinaryExpr : Expr {
  Expr* lhs;                                       ///< the left operand
  Expr* rhs;                                       ///< the right operand
  static constexpr Kind node_kind = Kind::binary;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// callee(args...): a user function or the builtin transpose.
struct CallExpr : Expr {
  Name callee;                                   ///< the function called
  std::span<Expr* const> args;                   ///< the arguments, in order
  static constexpr Kind node_kind = Kind::call;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// print(arg), a builtin with exactly one argument.
struct PrintExpr : Expr {
  Expr* arg;                                      ///< what is printed
  static constexpr Kind node_kind = Kind::print;  ///< the kind every node of this type has
  static bool classof(const Expr* e) { return e->kind == node_kind; }  ///< for llvm::isa
};

/// A function parameter: `name` or `Type name`.
struct Param {
  Name name;         ///< the parameter
  Name struct_name;  ///< empty unless the parameter is struct-typed
  Location loc;      ///< where the parameter is named
};

/// def name(params): a function's name and parameters.
struct Prototype {
  Name name;                      ///< the function
  std::span<const Param> params;  ///< in order
  Location loc;                   ///< of the `def`
};

/// A top-level definition: a function or a struct.
struct Record {
  /// Which definition this is (for llvm::isa / llvm::dyn_cast).
  enum class Kind : unsigned char { function, struct_def };
  Kind kind;  ///< which definition
};

/// def name(params) { body }
struct Function : Record {
  Prototype proto;                                   ///< name and parameters
  std::span<Expr* const> body;                       ///< the statements, in order
  static constexpr Kind node_kind = Kind::function;  ///< the kind every record of this type has
  static bool classof(const Record* r) { return r->kind == node_kind; }  ///< for llvm::isa
};

/// struct Name { var field; ... }
struct StructDef : Record {
  Name name;                                           ///< the struct type
  std::span<const VarDeclExpr> fields;                 ///< no initialisers
  Location loc;                                        ///< of the `struct`
  static constexpr Kind node_kind = Kind::struct_def;  ///< the kind every record of this type has
  static bool classof(const Record* r) { return r->kind == node_kind; }  ///< for llvm::isa
};

/// The definitions of one file, in source order. Locations point into `sources`, which must
/// outlive any use of them.
struct Module {
  std::span<Record* const> records;          ///< functions and structs, in source order
  std::string_view file;                     ///< the name given on the command line
  const llvm::SourceMgr* sources = nullptr;  ///< holds the file's text
  unsigned buffer_id = 0;                    ///< the file's buffer in `sources`

  /// The file's text, which locations index (decode them with a LineTable over it).
  std::string_view text() const {
    const llvm::StringRef buffer = sources->getMemoryBuffer(buffer_id)->getBuffer();
    return {buffer.data(), buffer.size()};
  }
};

}  // namespace fastarena::toy
