// SPDX-License-Identifier: MIT
// The AST dumper: the tutorial's layout, two spaces per level.
#include "fastarena/toy/ast_dump.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/Support/Casting.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "fastarena/toy/number_format.h"

namespace fastarena::toy {
namespace {

class Dumper {
 public:
  Dumper(std::string_view file, const LineTable& lines, llvm::raw_ostream& os)
      : file_(file), lines_(lines), os_(os) {}

  static void module_line(llvm::raw_ostream& os) { os << "  Module:\n"; }

  // At the module's level of indentation, one deeper than the "Module:" line.
  void record(const Record& record) {
    level_ = 1;
    if (const auto* function = llvm::dyn_cast<Function>(&record)) {
      dump(*function);
    } else {
      dump(*llvm::cast<StructDef>(&record));
    }
  }

 private:
  // One level deeper for the lifetime of the object, and the new level's indentation printed.
  struct Indent {
    explicit Indent(Dumper& d) : dumper(d) {
      ++dumper.level_;
      dumper.indent();
    }
    ~Indent() { --dumper.level_; }
    Dumper& dumper;
  };

  void indent() {
    for (int i = 0; i < level_; ++i) os_ << "  ";
  }

  void loc(const Location& l) {
    const LineCol at = lines_.find(l.offset);
    os_ << '@' << file_ << ':';
    write_decimal(os_, at.line);
    os_ << ':';
    write_decimal(os_, at.col);
  }

  void dump(const Function& function) {
    Indent level(*this);
    os_ << "Function \n";
    {
      Indent proto(*this);
      os_ << "Proto '" << function.proto.name << "' ";
      loc(function.proto.loc);
      os_ << '\n';
      indent();
      os_ << "Params: [";
      llvm::interleaveComma(function.proto.params, os_, [&](const Param& p) { os_ << p.name; });
      os_ << "]\n";
    }
    Indent block(*this);
    os_ << "Block {\n";
    for (const Expr* expr : function.body) dump(expr);
    indent();
    os_ << "} // Block\n";
  }

  void dump(const StructDef& def) {
    Indent level(*this);
    os_ << "Struct: " << def.name << ' ';
    loc(def.loc);
    os_ << '\n';
    Indent variables(*this);
    os_ << "Variables: [\n";
    for (const VarDeclExpr& field : def.fields) dump(&field);
    indent();
    os_ << "]\n";
  }

  void dump(const Expr* expr) {
    switch (expr->kind) {
      case Expr::Kind::number: {
        Indent level(*this);
        write_exponent(os_, llvm::cast<NumberExpr>(expr)->value);
        os_ << ' ';
        loc(expr->loc);
        os_ << '\n';
        return;
      }
      case Expr::Kind::literal: {
        Indent level(*this);
        os_ << "Literal: ";
        const auto* lit = llvm::cast<LiteralExpr>(expr);
        literal(lit->dims, lit->values);
        os_ << ' ';
        loc(expr->loc);
        os_ << '\n';
        return;
      }
      case Expr::Kind::struct_literal: {
        // The tutorial's layout: the first element follows on the same line.
        Indent level(*this);
        os_ << "Struct Literal: ";
        for (const Expr* value : llvm::cast<StructLiteralExpr>(expr)->values) dump(value);
        indent();
        os_ << ' ';
        loc(expr->loc);
        os_ << '\n';
        return;
      }
      case Expr::Kind::var: {
        Indent level(*this);
        os_ << "var: " << llvm::cast<VarExpr>(expr)->name << ' ';
        loc(expr->loc);
        os_ << '\n';
        return;
      }
      case Expr::Kind::var_decl: {
        const auto* decl = llvm::cast<VarDeclExpr>(expr);
        {
          Indent level(*this);
          os_ << "VarDecl " << decl->name << '<';
          if (!decl->type.struct_name.empty()) {
            os_ << decl->type.struct_name;
          } else {
            integers(decl->type.shape);
          }
          os_ << "> ";
          loc(expr->loc);
          os_ << '\n';
          if (decl->init != nullptr) dump(decl->init);
        }
        return;
      }
      case Expr::Kind::ret: {
        Indent level(*this);
        os_ << "Return\n";
        if (const Expr* value = llvm::cast<ReturnExpr>(expr)->value) {
          dump(value);
        } else {
          Indent inner(*this);
          os_ << "(void)\n";
        }
        return;
      }
      case Expr::Kind::binary: {
        const auto* binary = llvm::cast<BinaryExpr>(expr);
        Indent level(*this);
        os_ << "BinOp: " << binary->op << ' ';
        loc(expr->loc);
        os_ << '\n';
        dump(binary->lhs);
        dump(binary->rhs);
        return;
      }
      case Expr::Kind::call: {
        const auto* call = llvm::cast<CallExpr>(expr);
        Indent level(*this);
        os_ << "Call '" << call->callee << "' [ ";
        loc(expr->loc);
        os_ << '\n';
        for (const Expr* arg : call->args) dump(arg);
        indent();
        os_ << "]\n";
        return;
      }
      case Expr::Kind::print: {
        Indent level(*this);
        os_ << "Print [ ";
        loc(expr->loc);
        os_ << '\n';
        dump(llvm::cast<PrintExpr>(expr)->arg);
        indent();
        os_ << "]\n";
        return;
      }
    }
  }

  // "a, b, c"
  void integers(std::span<const std::int64_t> values) {
    llvm::interleaveComma(values, os_, [&](std::int64_t v) { write_decimal(os_, v); });
  }

  // <dims>[ elem, elem] for one level of a literal: `dims` are its extents and those of the
  // levels below, `values` its numbers in row-major order. Numbers print as %e.
  void literal(std::span<const std::int64_t> dims, std::span<const double> values) {
    os_ << '<';
    integers(dims);
    os_ << ">[ ";
    if (dims.size() == 1) {
      llvm::interleaveComma(values, os_, [&](double v) { write_exponent(os_, v); });
    } else {
      const auto rows = static_cast<std::size_t>(dims[0]);
      const std::size_t stride = values.size() / rows;
      for (std::size_t row = 0; row < rows; ++row) {
        if (row != 0) os_ << ", ";
        literal(dims.subspan(1), values.subspan(row * stride, stride));
      }
    }
    os_ << ']';
  }

  std::string_view file_;
  const LineTable& lines_;
  llvm::raw_ostream& os_;
  int level_ = 0;
};

}  // namespace

AstDumper::AstDumper(std::string_view file, std::string_view text, llvm::raw_ostream& os)
    : file_(file), lines_(text), os_(os) {
  Dumper::module_line(os_);
}

void AstDumper::record(const Record& record) {
  Dumper(file_, lines_, os_).record(record);
}

void dump(const Module& module, llvm::raw_ostream& os) {
  AstDumper dumper(module.file, module.text(), os);
  for (const Record* record : module.records) dumper.record(*record);
}

}  // namespace fastarena::toy
