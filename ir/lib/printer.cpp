// SPDX-License-Identifier: MIT
#include "fastarena/ir/printer.h"

#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/StringExtras.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "fastarena/ir/op_def.h"

namespace fastarena::ir {

void OpAsmPrinter::start_function(std::span<const Op* const> params) {
  numbers_.clear();
  args_.clear();
  names_.clear();
  scopes_.clear();
  next_number_ = next_arg_ = next_conflict_ = 0;
  scopes_.push_back({{}, 0});
  for (const Op* p : params) args_.try_emplace(p, next_arg_++);
}

void OpAsmPrinter::start_function(const Function& function) {
  start_function(function.params);
  if (function.body == nullptr) return;
  // Without regions or named results (Toy's functions), numbering as print_op meets the results
  // (define()) is the same, and costs nothing up front.
  if (std::none_of(function.body->ops.begin(), function.body->ops.end(), [](const Op* op) {
        const OpDef& def = op_def(op->opcode);
        return def.region != nullptr || !def.result_name.empty();
      })) {
    return;
  }
  // MLIR's order: a region's own values first, then each region inside it, which starts from
  // the counters as the enclosing region left them (so siblings share them) and sees the
  // enclosing regions' names but not its siblings'.
  struct Pending {
    std::span<const Op* const> ops;
    const Op* owner;  // the loop whose body this is; null for the function's
    unsigned next_number, next_arg, next_conflict;
    std::size_t parent;
  };
  llvm::SmallVector<Pending, 8> pending = {{function.body->ops, nullptr, 0, next_arg_, 0, 0}};
  bool first = true;
  while (!pending.empty()) {
    const Pending region = pending.pop_back_val();
    std::size_t scope = 0;
    if (!first) {
      scope = scopes_.size();
      scopes_.push_back({{}, region.parent});
    }
    first = false;
    next_number_ = region.next_number;
    next_arg_ = region.next_arg;
    next_conflict_ = region.next_conflict;
    if (region.owner != nullptr) args_.try_emplace(region.owner, next_arg_++);
    const std::size_t inner = pending.size();  // the regions in this one go from here
    for (const Op* op : region.ops) {
      if (!op->has_result()) continue;  // a loop has one: its induction variable
      const OpDef& def = op_def(op->opcode);
      if (def.region != nullptr) {
        pending.push_back({def.region(*op), op, 0, 0, 0, scope});  // counters set below
      } else if (def.result_name.empty()) {
        numbers_.try_emplace(op, next_number_++);
      } else {
        name(op, def.result_name, scope);
      }
    }
    for (std::size_t i = inner; i < pending.size(); ++i) {  // as this region leaves them
      pending[i].next_number = next_number_;
      pending[i].next_arg = next_arg_;
      pending[i].next_conflict = next_conflict_;
    }
  }
}

// (%argN names, a parameter's or an induction variable's, never meet these: no opcode's
// result_name is "arg" followed by digits.)
void OpAsmPrinter::name(const Op* v, llvm::StringRef base, std::size_t scope) {
  const auto used = [&](llvm::StringRef word) {
    for (std::size_t s = scope;; s = scopes_[s].parent) {
      if (scopes_[s].words.contains(word)) return true;
      if (s == 0) return false;
    }
  };
  std::string word = base.str();
  while (used(word)) word = base.str() + "_" + std::to_string(next_conflict_++);
  scopes_[scope].words.insert(word);
  names_[v] = saver_.save(word);
}

void OpAsmPrinter::define(const Op& op) {
  // Named already, if start_function(Function) named the function's values up front.
  if (names_.count(&op) != 0) return;
  if (numbers_.try_emplace(&op, next_number_).second) ++next_number_;
}

void OpAsmPrinter::value(const Op* v) {
  value(v, os_);
}

void OpAsmPrinter::value(const Op* v, llvm::raw_ostream& os) const {
  if (const auto it = numbers_.find(v); it != numbers_.end()) {
    os << '%' << it->second;
  } else if (const auto arg = args_.find(v); arg != args_.end()) {
    os << "%arg" << arg->second;
  } else if (const auto named = names_.find(v); named != names_.end()) {
    os << '%' << named->second;
  } else {
    os << "%?";
  }
}

void OpAsmPrinter::access(std::span<const AffineIndex> indices,
                          std::span<const Op* const> operands) {
  os_ << '[';
  llvm::interleaveComma(indices, os_, [&](const AffineIndex& index) {
    std::string text;
    llvm::raw_string_ostream sum(text);
    unsigned terms = 0;
    for (std::size_t i = 0; i < index.coeffs.size() && i < operands.size(); ++i) {
      if (index.coeffs[i] == 0) continue;
      if (terms++ != 0) sum << " + ";
      value(operands[i], sum);
      if (index.coeffs[i] != 1) sum << " * " << index.coeffs[i];
    }
    if (terms == 0) {
      sum << index.constant;
    } else if (index.constant != 0) {
      ++terms;
      sum << (index.constant < 0 ? " - " : " + ")
          << (index.constant < 0 ? -index.constant : index.constant);
    }
    sum.flush();
    // In parentheses where floordiv or mod follows more than one term.
    if (index.divisor != 1) {
      text = (terms > 1 ? "(" + text + ")" : text) + " floordiv " + std::to_string(index.divisor);
    }
    if (index.modulus != 0) {
      text = (terms > 1 || index.divisor != 1 ? "(" + text + ")" : text) + " mod " +
             std::to_string(index.modulus);
    }
    os_ << text;
  });
  os_ << ']';
}

void OpAsmPrinter::region(std::span<const Op* const> ops) {
  os_ << " {\n";
  indent(indent_ + 1);
  for (const Op* op : ops) line(*op);
  indent(indent_ - 1);
  os_ << indentation_ << '}';
}

void OpAsmPrinter::line(const Op& op) {
  os_ << indentation_;
  print_op(*this, op);
  location(op.loc);
  os_ << '\n';
}

void OpAsmPrinter::location(Location loc) {
  if (locations_ == nullptr) return;
  os_ << ' ';
  print_location(*locations_, loc, os_);
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

namespace {

// "dialect.mnemonic", as an operation's line names it: a func.func's own dialect goes unwritten
// (MLIR's default dialect of a region: `return`). Made once, written with one call.
std::string_view printed_name(Opcode opcode) {
  static const auto names = [] {
    constexpr std::size_t kCount = 0
#define FA_IR_OP(opcode, Class) +1
#include "fastarena/ir/ops.def"
        ;
    std::array<std::string, kCount> out;
    for (std::size_t i = 0; i < kCount; ++i) {
      const OpDef& def = op_def(static_cast<Opcode>(i));
      out[i] =
          (def.dialect == "func" ? "" : std::string(def.dialect) + ".") + std::string(def.mnemonic);
    }
    return out;
  }();
  return names[static_cast<std::size_t>(opcode)];
}

}  // namespace

void print_op(OpAsmPrinter& printer, const Op& op) {
  const OpDef& def = op_def(op.opcode);
  if (op.has_result() && def.region == nullptr) {  // a loop names its value after its name
    printer.define(op);
    printer.value(&op);
    printer.os() << " = ";
  }
  printer.os() << printed_name(op.opcode);
  def.print(printer, op);
}

void print(Type type, llvm::raw_ostream& os) {
  if (!type) {
    os << "<no type>";
  } else if (type.is_struct()) {
    os << "!toy.struct<";
    llvm::interleaveComma(type.field_types(), os, [&](Type field) { print(field, os); });
    os << '>';
  } else if (type.kind() == Type::Kind::unranked_tensor) {
    os << "tensor<*xf64>";
  } else if (type.kind() == Type::Kind::f64) {
    os << "f64";
  } else if (type.kind() == Type::Kind::index) {
    os << "index";
  } else {
    os << (type.is_memref() ? "memref<" : "tensor<");
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
                    const PrintOptions& options, unsigned depth) {
  OpAsmPrinter printer(os, options.debug_info ? &module.context() : nullptr);
  printer.start_function(f);
  printer.indent(depth + 1);
  const std::string indent(2 * depth, ' ');
  os << indent << (is_loop_level(f) ? "func.func " : "toy.func ")
     << (f.name == "main" ? "" : "private ") << '@' << f.name << '(';
  llvm::interleaveComma(f.params, os, [&](const Op* p) {
    printer.value(p);
    os << ": ";
    print(p->type, os);
    printer.location(p->loc);
  });
  os << ')';
  if (f.result) {
    os << " -> ";
    print(f.result, os);
  }
  os << " {\n";
  if (f.body != nullptr) {
    for (const Op* op : f.body->ops) printer.line(*op);
  }
  os << indent << '}';
  printer.location(f.loc);
  os << '\n';
}

}  // namespace

void print(const Module& module, const Function& function, llvm::raw_ostream& os,
           const PrintOptions& options) {
  print_function(module, function, os, options, 0);
}

void print(const Module& module, llvm::raw_ostream& os, const PrintOptions& options) {
  os << "module {\n";
  const std::span<Function* const> functions = module.functions();
  for (std::size_t i = 0; i < functions.size(); ++i) {
    prefetch_body_ahead(functions, i);
    print_function(module, *functions[i], os, options, 1);
  }
  os << '}';
  if (options.debug_info) os << " loc(unknown)";
  os << '\n';
}

}  // namespace fastarena::ir
