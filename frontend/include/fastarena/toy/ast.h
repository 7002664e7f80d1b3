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
  double value;  ///< the number
  static bool classof(const Expr* e) {
    return e->kind == Kind::number;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// [[1, 2], [3, 4]]: a rectangular literal, stored flat. dims are the extents of every level,
/// outermost first ({2, 2}); values are the numbers in row-major order. Nested brackets have no
/// node of their own: the dump rebuilds them from dims, lowering wants the flat array anyway.
struct LiteralExpr : Expr {
  std::span<const std::int64_t> dims;  ///< the extent of every level, outermost first
  std::span<const double> values;      ///< the numbers, row-major
  static bool classof(const Expr* e) {
    return e->kind == Kind::literal;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// { a, b }: the values of a struct's fields, in order.
struct StructLiteralExpr : Expr {
  std::span<Expr* const> values;  ///< one per field, in order
  static bool classof(const Expr* e) {
    return e->kind == Kind::struct_literal;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// A use of a variable.
struct VarExpr : Expr {
  Name name;  ///< the variable
  static bool classof(const Expr* e) {
    return e->kind == Kind::var;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// The declared type: a shape (empty: none declared), or the name of a struct type.
struct VarType {
  Name struct_name;                     ///< empty unless struct-typed
  std::span<const std::int64_t> shape;  ///< empty unless a shape is declared
};

/// var name<shape> = init;  or  StructType name = init;  (a struct field has no init)
struct VarDeclExpr : Expr {
  Name name;     ///< the variable declared
  VarType type;  ///< as declared
  Expr* init;    ///< null when absent
  static bool classof(const Expr* e) {
    return e->kind == Kind::var_decl;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// return value;  or  return;
struct ReturnExpr : Expr {
  Expr* value;  ///< null for a bare `return;`
  static bool classof(const Expr* e) {
    return e->kind == Kind::ret;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// lhs op rhs, op (in the header) one of + - * . ; loc is that of rhs's first token (as in the
/// tutorial).
struct BinaryExpr : Expr {
  Expr* lhs;  ///< the left operand
  Expr* rhs;  ///< the right operand
  static bool classof(const Expr* e) {
    return e->kind == Kind::binary;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// callee(args...): a user function or the builtin transpose.
struct CallExpr : Expr {
  Name callee;                  ///< the function called
  std::span<Expr* const> args;  ///< the arguments, in order
  static bool classof(const Expr* e) {
    return e->kind == Kind::call;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// print(arg), a builtin with exactly one argument.
struct PrintExpr : Expr {
  Expr* arg;  ///< what is printed
  static bool classof(const Expr* e) {
    return e->kind == Kind::print;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
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
  Prototype proto;              ///< name and parameters
  std::span<Expr* const> body;  ///< the statements, in order
  static bool classof(const Record* r) {
    return r->kind == Kind::function;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
};

/// struct Name { var field; ... }
struct StructDef : Record {
  Name name;                            ///< the struct type
  std::span<const VarDeclExpr> fields;  ///< no initialisers
  Location loc;                         ///< of the `struct`
  static bool classof(const Record* r) {
    return r->kind == Kind::struct_def;
  }  ///< LLVM-style RTTI: llvm::isa, llvm::dyn_cast
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
