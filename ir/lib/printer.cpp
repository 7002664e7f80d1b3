#include "fastarena/ir/printer.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/STLExtras.h>
#include <llvm/Support/Format.h>

#include <charconv>

namespace fastarena::ir {
namespace {

void print_double(double value, llvm::raw_ostream& os) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;  // shortest round trip
  os.write(text, static_cast<std::size_t>(end - text));
}

void print_location(const Context& context, Location loc, llvm::raw_ostream& os) {
  if (!loc.known()) {
    os << " loc(unknown)";
    return;
  }
  os << " loc(\"";
  for (const char c : context.file_name(loc.file)) {  // parser.cpp reads these escapes back
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      os << '\\' << c;
    } else if (byte < 0x20 || byte >= 0x7f) {
      os << '\\' << llvm::format_hex_no_prefix(byte, 2);
    } else {
      os << c;
    }
  }
  os << "\":" << loc.line << ':' << loc.col << ')';
}

class FunctionPrinter {
 public:
  FunctionPrinter(const Module& module, llvm::raw_ostream& os) : module_(module), os_(os) {}

  void print(const Function& f) {
    numbers_.clear();
    os_ << "func @" << f.name << '(';
    llvm::interleaveComma(f.params, os_, [&](const Op* p) {
      value(p, /*define=*/true);
      os_ << ": ";
      ir::print(p->type, os_);
    });
    os_ << ')';
    if (f.result) {
      os_ << " -> ";
      ir::print(f.result, os_);
    }
    print_location(module_.context(), f.loc, os_);
    os_ << " {\n";
    if (f.body != nullptr) {
      for (const Op* op : f.body->ops) this->op(*op);
    }
    os_ << "}\n";
  }

 private:
  void op(const Op& op) {
    os_ << "  ";
    if (op.has_result()) {
      value(&op, /*define=*/true);
      os_ << " = ";
    }
    os_ << mnemonic(op.opcode);
    switch (op.opcode) {
      case Opcode::constant:
        os_ << " [";
        llvm::interleaveComma(op.data, os_, [&](double d) { print_double(d, os_); });
        os_ << ']';
        break;
      case Opcode::call:
        os_ << " @" << op.callee << '(';
        operands(op);
        os_ << ')';
        break;
      case Opcode::field:
        os_ << ' ';
        value(op.operands[0], /*define=*/false);
        os_ << '.' << op.operands[0]->type.field_names()[op.index];
        break;
      default:
        if (!op.operands.empty()) os_ << ' ';
        operands(op);
    }
    if (op.has_result()) {
      os_ << " : ";
      ir::print(op.type, os_);
    }
    print_location(module_.context(), op.loc, os_);
    os_ << '\n';
  }

  void operands(const Op& op) {
    llvm::interleaveComma(op.operands, os_, [&](const Op* v) { value(v, /*define=*/false); });
  }

  // %N; a value the verifier would reject (not defined before) prints as %?.
  void value(const Op* v, bool define) {
    if (define) numbers_.try_emplace(v, static_cast<unsigned>(numbers_.size()));
    const auto it = numbers_.find(v);
    if (it == numbers_.end()) {
      os_ << "%?";
    } else {
      os_ << '%' << it->second;
    }
  }

  const Module& module_;
  llvm::raw_ostream& os_;
  llvm::DenseMap<const Op*, unsigned> numbers_;
};

}  // namespace

void print(Type type, llvm::raw_ostream& os) {
  if (!type) {
    os << "<no type>";
  } else if (type.is_struct()) {
    os << '!' << type.name();
  } else if (!type.is_ranked()) {
    os << "tensor<*xf64>";
  } else {
    os << "tensor<";
    for (const std::int64_t extent : type.shape()) os << extent << 'x';
    os << "f64>";
  }
}

std::string to_string(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print(type, os);
  return os.str();
}

void print(const Module& module, const Function& function, llvm::raw_ostream& os) {
  FunctionPrinter(module, os).print(function);
}

void print(const Module& module, llvm::raw_ostream& os) {
  bool first = true;
  for (const Type s : module.structs()) {
    os << "struct " << s.name() << " {";
    for (std::size_t i = 0; i < s.field_names().size(); ++i) {
      os << (i == 0 ? " " : ", ") << s.field_names()[i] << ": ";
      print(s.field_types()[i], os);
    }
    os << " }\n";
    first = false;
  }
  FunctionPrinter printer(module, os);
  for (const Function* f : module.functions()) {
    if (!first) os << '\n';
    first = false;
    printer.print(*f);
  }
}

}  // namespace fastarena::ir
