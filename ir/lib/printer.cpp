// SPDX-License-Identifier: MIT
#include "fastarena/ir/printer.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringExtras.h>

#include <cstdint>
#include <cstring>

#include "fastarena/ir/op_def.h"

namespace fastarena::ir {

void OpAsmPrinter::start_function(std::span<const Op* const> params) {
  results_.clear();
  params_.clear();
  for (std::size_t i = 0; i < params.size(); ++i) {
    params_.try_emplace(params[i], static_cast<unsigned>(i));
  }
}

void OpAsmPrinter::define(const Op& op) {
  results_.try_emplace(&op, static_cast<unsigned>(results_.size()));
}

void OpAsmPrinter::value(const Op* v) {
  if (const auto it = results_.find(v); it != results_.end()) {
    os_ << '%' << it->second;
  } else if (const auto param = params_.find(v); param != params_.end()) {
    os_ << "%arg" << param->second;
  } else {
    os_ << "%?";
  }
}

void OpAsmPrinter::values(std::span<const Op* const> vs) {
  llvm::interleaveComma(vs, os_, [&](const Op* v) { value(v); });
}

void OpAsmPrinter::type(Type t) {
  print(t, os_);
}

void OpAsmPrinter::functional_type(std::span<const Op* const> inputs, Type result) {
  os_ << '(';
  llvm::interleaveComma(inputs, os_, [&](const Op* v) { type(v->type); });
  os_ << ") -> ";
  if (result) {
    type(result);
  } else {
    os_ << "()";
  }
}

void OpAsmPrinter::dense(Type type, std::span<const double> data) {
  os_ << "dense<";
  const auto same_bits = [&](double d) { return std::memcmp(&d, &data[0], sizeof d) == 0; };
  if (data.empty()) {
    // dense<>: no elements
  } else if (std::all_of(data.begin(), data.end(), same_bits)) {
    print_mlir_double(data[0], os_);
  } else {
    // Row-major: a bracket opens where an index of each dimension starts, closes where it ends.
    const std::span<const std::int64_t> shape = type.shape();
    llvm::SmallVector<std::int64_t, 4> index(shape.size(), 0);
    for (std::size_t i = 0; i < data.size(); ++i) {
      std::size_t opening = shape.size();  // dimensions whose index is 0 here, innermost last
      while (opening > 0 && index[opening - 1] == 0) --opening;
      if (i != 0) os_ << ", ";
      for (std::size_t d = opening; d < shape.size(); ++d) os_ << '[';
      print_mlir_double(data[i], os_);
      std::size_t d = shape.size();
      for (; d > 0 && ++index[d - 1] == shape[d - 1]; --d) {
        index[d - 1] = 0;
        os_ << ']';
      }
    }
  }
  os_ << '>';
}

void print_op(OpAsmPrinter& printer, const Op& op) {
  if (op.has_result()) {
    printer.define(op);
    printer.value(&op);
    printer.os() << " = ";
  }
  const OpDef& def = op_def(op.opcode);
  printer.os() << "toy." << def.mnemonic;
  def.print(printer, op);
}

void print(Type type, llvm::raw_ostream& os) {
  if (!type) {
    os << "<no type>";
  } else if (type.is_struct()) {
    os << "!toy.struct<";
    llvm::interleaveComma(type.field_types(), os, [&](Type field) { print(field, os); });
    os << '>';
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

void print_location(const Context& context, Location loc, llvm::raw_ostream& os) {
  os << "loc(";
  // A composite nests as deep as inlining went: written with a stack of what is left to write,
  // not by recursion. An entry is a location, or (when `text` is set) a piece of punctuation.
  struct Pending {
    Location loc;
    const char* text = nullptr;
  };
  llvm::SmallVector<Pending, 8> pending = {{loc}};
  while (!pending.empty()) {
    const Pending next = pending.pop_back_val();
    if (next.text != nullptr) {
      os << next.text;
    } else if (!next.loc.known()) {
      os << "unknown";
    } else if (!next.loc.is_composite()) {
      // As MLIR escapes it (a backslash and two hex digits; the parser reads them back).
      os << '"';
      llvm::printEscapedString(context.file_name(next.loc.file), os);
      os << "\":" << next.loc.line << ':' << next.loc.col;
    } else if (const Context::Composite c = context.composite(next.loc); c.call_site) {
      os << "callsite(";
      pending.append({{{}, ")"}, {c.parts[1]}, {{}, " at "}, {c.parts[0]}});
    } else {
      os << "fused[";
      pending.push_back({{}, "]"});
      for (std::size_t i = c.parts.size(); i-- > 0;) {
        pending.push_back({c.parts[i]});
        if (i != 0) pending.push_back({{}, ", "});
      }
    }
  }
  os << ')';
}

namespace {

void print_function(const Module& module, const Function& f, llvm::raw_ostream& os,
                    const PrintOptions& options, std::string_view indent) {
  OpAsmPrinter printer(os);
  printer.start_function(f.params);
  const auto location = [&](Location loc) {
    if (!options.debug_info) return;
    os << ' ';
    print_location(module.context(), loc, os);
  };
  os << indent << "toy.func " << (f.name == "main" ? "" : "private ") << '@' << f.name << '(';
  llvm::interleaveComma(f.params, os, [&](const Op* p) {
    printer.value(p);
    os << ": ";
    print(p->type, os);
    location(p->loc);
  });
  os << ')';
  if (f.result) {
    os << " -> ";
    print(f.result, os);
  }
  os << " {\n";
  if (f.body != nullptr) {
    for (const Op* op : f.body->ops) {
      os << indent << "  ";
      print_op(printer, *op);
      location(op->loc);
      os << '\n';
    }
  }
  os << indent << '}';
  location(f.loc);
  os << '\n';
}

}  // namespace

void print(const Module& module, const Function& function, llvm::raw_ostream& os,
           const PrintOptions& options) {
  print_function(module, function, os, options, "");
}

void print(const Module& module, llvm::raw_ostream& os, const PrintOptions& options) {
  os << "module {\n";
  const std::span<Function* const> functions = module.functions();
  for (std::size_t i = 0; i < functions.size(); ++i) {
    prefetch_body_ahead(functions, i);
    print_function(module, *functions[i], os, options, "  ");
  }
  os << '}';
  if (options.debug_info) os << " loc(unknown)";
  os << '\n';
}

}  // namespace fastarena::ir
