// The Toy AST. Every node lives in an arena and is trivially destructible: child lists are
// arrays frozen in the arena, names are interned (toy::Name, one pointer), locations are 32-bit
// file offsets. Nodes carry a kind for LLVM-style RTTI (llvm::isa / llvm::dyn_cast).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "fastarena/name_table.h"
#include "fastarena/toy/location.h"

namespace fastarena::toy {

// Identifiers are interned (fastarena/name_table.h): one pointer, equal names by address. They
// live in a table of their own, not in the AST's arena: a definition rolled back after a syntax
// error must not take with it a name that later definitions use.
using Name = fastarena::Name;
using Names = fastarena::NameTable;

struct Expr {
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
  Kind kind;
  char op = 0;  // BinaryExpr's operator, kept here because the header has room: 8 bytes in all
  Location loc;
};

// A number outside a literal.
struct NumberExpr : Expr {
  double value;
  static bool classof(const Expr* e) { return e->kind == Kind::number; }
};

// [[1, 2], [3, 4]]: a rectangular literal, stored flat. dims are the extents of every level,
// outermost first ({2, 2}); values are the numbers in row-major order. Nested brackets have no
// node of their own: the dump rebuilds them from dims, lowering wants the flat array anyway.
struct LiteralExpr : Expr {
  std::span<const std::int64_t> dims;
  std::span<const double> values;
  static bool classof(const Expr* e) { return e->kind == Kind::literal; }
};

// { a, b }: the values of a struct's fields, in order.
struct StructLiteralExpr : Expr {
  std::span<Expr* const> values;
  static bool classof(const Expr* e) { return e->kind == Kind::struct_literal; }
};

struct VarExpr : Expr {
  Name name;
  static bool classof(const Expr* e) { return e->kind == Kind::var; }
};

// The declared type: a shape (empty: none declared), or the name of a struct type.
struct VarType {
  Name struct_name;
  std::span<const std::int64_t> shape;
};

// var name<shape> = init;  or  StructType name = init;  (a struct field has no init)
struct VarDeclExpr : Expr {
  Name name;
  VarType type;
  Expr* init;  // null when absent
  static bool classof(const Expr* e) { return e->kind == Kind::var_decl; }
};

struct ReturnExpr : Expr {
  Expr* value;  // null for a bare `return;`
  static bool classof(const Expr* e) { return e->kind == Kind::ret; }
};

// lhs op rhs, op (in the header) one of + - * . ; loc is that of rhs's first token (as in the
// tutorial).
struct BinaryExpr : Expr {
  Expr* lhs;
  Expr* rhs;
  static bool classof(const Expr* e) { return e->kind == Kind::binary; }
};

struct CallExpr : Expr {
  Name callee;
  std::span<Expr* const> args;
  static bool classof(const Expr* e) { return e->kind == Kind::call; }
};

// print(arg), a builtin with exactly one argument.
struct PrintExpr : Expr {
  Expr* arg;
  static bool classof(const Expr* e) { return e->kind == Kind::print; }
};

struct Param {
  Name name;
  Name struct_name;  // empty unless the parameter is struct-typed
  Location loc;
};

struct Prototype {
  Name name;
  std::span<const Param> params;
  Location loc;
};

// A top-level definition: a function or a struct.
struct Record {
  enum class Kind : unsigned char { function, struct_def };
  Kind kind;
};

struct Function : Record {
  Prototype proto;
  std::span<Expr* const> body;
  static bool classof(const Record* r) { return r->kind == Kind::function; }
};

struct StructDef : Record {
  Name name;
  std::span<const VarDeclExpr> fields;  // no initialisers
  Location loc;
  static bool classof(const Record* r) { return r->kind == Kind::struct_def; }
};

// The definitions of one file, in source order. Locations point into `sources`, which must
// outlive any use of them.
struct Module {
  std::span<Record* const> records;
  std::string_view file;  // the name given on the command line
  const llvm::SourceMgr* sources = nullptr;
  unsigned buffer_id = 0;

  // The file's text, which locations index (decode them with a LineTable over it).
  std::string_view text() const {
    const llvm::StringRef buffer = sources->getMemoryBuffer(buffer_id)->getBuffer();
    return {buffer.data(), buffer.size()};
  }
};

}  // namespace fastarena::toy
