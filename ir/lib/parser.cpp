// SPDX-License-Identifier: MIT
// The IR text parser: MLIR's Toy dialect syntax. OpAsmParser reads tokens (recursive descent over
// characters: the grammar is small enough to need no separate lexer); ModuleParser reads the
// module, its functions and the generic part of each operation, and hands the rest of the
// line to the opcode's parse hook (OpDef::parse, in ir/lib/ops/).
#include "fastarena/ir/parser.h"

#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/StringExtras.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/op_asm.h"
#include "fastarena/ir/op_def.h"
#include "fastarena/ir/printer.h"

namespace fastarena::ir {
namespace {

// Nesting deeper than this (of dense brackets, of struct types) is an error, not a deep
// recursion: no input may exhaust the stack.
constexpr unsigned kMaxNesting = 64;
// A splat (dense<1.0> : tensor<4096x4096xf64>) is stored element by element: no larger than
// this, so that a short text cannot ask for unbounded memory.
constexpr std::int64_t kMaxSplatElements = std::int64_t{1} << 24;

// The line and column of `at` in buffer `buffer_id` (once per text read: SourceMgr scans back to
// the line's start).
LineCol where(const llvm::SourceMgr& sources, unsigned buffer_id, const char* at) {
  if (at == sources.getMemoryBuffer(buffer_id)->getBufferStart()) return {1, 1};
  const auto [line, col] = sources.getLineAndColumn(llvm::SMLoc::getFromPointer(at), buffer_id);
  return {line, col};
}

bool is_word(char c) {
  return llvm::isAlnum(c) || c == '_' || c == '$' || c == '.';
}

}  // namespace

// --- OpAsmParser: tokens ---------------------------------------------------------------------

OpAsmParser::OpAsmParser(Context& context, llvm::SourceMgr& sources, unsigned buffer_id,
                         llvm::StringRef text, DiagnosticEngine& diagnostics)
    : context_(context),
      diagnostics_(diagnostics),
      file_name_(sources.getMemoryBuffer(buffer_id)->getBufferIdentifier()),
      file_(context.file(file_name_)),
      text_start_(text.begin()),
      lines_({text.data(), text.size()}, where(sources, buffer_id, text.begin())),
      p_(text.begin()),
      end_(text.end()) {}

void OpAsmParser::skip_space() {
  for (;;) {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
    if (end_ - p_ >= 2 && p_[0] == '/' && p_[1] == '/') {
      while (p_ != end_ && *p_ != '\n') ++p_;
      continue;
    }
    return;
  }
}

const char* OpAsmParser::position() {
  skip_space();
  return p_;
}

bool OpAsmParser::at_end() {
  skip_space();
  return p_ == end_;
}

bool OpAsmParser::error_at(const char* at, const std::string& message) {
  if (!failed_) {
    const LineCol lc = lines_.find(static_cast<std::uint32_t>(at - text_start_));
    diagnostics_.error({file_name_, lc.line, lc.col}, message);
  }
  failed_ = true;
  return false;
}

bool OpAsmParser::error(const std::string& message) {
  return error_at(position(), message);
}

bool OpAsmParser::peek(char c) {
  return !failed_ && position() != end_ && *p_ == c;
}

bool OpAsmParser::accept(char c) {
  if (!peek(c)) return false;
  ++p_;
  return true;
}

bool OpAsmParser::expect(char c) {
  if (failed_) return false;
  return accept(c) || error(std::string("expected '") + c + "'");
}

std::string_view OpAsmParser::identifier() {
  const char* const start = position();
  if (failed_) return {};
  if (p_ != end_ && (llvm::isAlpha(*p_) || *p_ == '_')) {
    while (p_ != end_ && is_word(*p_)) ++p_;
  }
  return {start, static_cast<std::size_t>(p_ - start)};
}

bool OpAsmParser::accept_keyword(std::string_view word) {
  const char* const start = position();
  if (failed_ || identifier() == word) return !failed_;
  p_ = start;
  return false;
}

bool OpAsmParser::expect_keyword(std::string_view word) {
  return accept_keyword(word) || error("expected '" + std::string(word) + "'");
}

template <class Integer>
bool OpAsmParser::whole_number(Integer& value) {
  const char* const start = position();
  if (failed_) return false;
  const auto [end, ec] = std::from_chars(start, end_, value);
  if (ec == std::errc::result_out_of_range) return error("number too large");
  if (ec != std::errc()) return error("expected a whole number");
  p_ = end;
  return true;
}

bool OpAsmParser::integer(std::uint32_t& value) {
  return whole_number(value);
}

bool OpAsmParser::integer64(std::int64_t& value) {
  return whole_number(value);
}

bool OpAsmParser::scalar(double& value) {
  return number(value);
}

namespace {

// An index being read: AffineIndex with its coefficients held here.
struct IndexText {
  llvm::SmallVector<std::int64_t, 4> coeffs;  // by position among the index operands
  std::int64_t constant = 0;
  std::int64_t divisor = 1;
  std::int64_t modulus = 0;
  bool plain() const { return divisor == 1 && modulus == 0; }
};

bool affine_sum(OpAsmParser& p, llvm::SmallVectorImpl<const Op*>& operands, std::size_t first,
                IndexText& sum, unsigned depth);

// %v | N | ( SUM ), then any of: * N, floordiv N, mod N.
bool affine_term(OpAsmParser& p, llvm::SmallVectorImpl<const Op*>& operands, std::size_t first,
                 IndexText& term, unsigned depth) {
  const char* const at = p.position();
  if (depth > 4) return p.error_at(at, "affine expression nested too deeply");
  if (p.accept('(')) {
    if (!affine_sum(p, operands, first, term, depth + 1) || !p.expect(')')) return false;
  } else if (p.peek('%')) {
    const Op* v = nullptr;
    if (!p.operand(v)) return false;
    std::size_t i = first;  // each operand appears once among the index operands
    while (i < operands.size() && operands[i] != v) ++i;
    if (i == operands.size()) operands.push_back(v);
    term.coeffs.resize(std::max(term.coeffs.size(), i - first + 1), 0);
    term.coeffs[i - first] = 1;
  } else if (!p.integer64(term.constant)) {
    return false;
  }
  for (;;) {
    const char* const op_at = p.position();
    std::int64_t n = 0;
    if (p.accept('*')) {
      if (!p.integer64(n)) return false;
      if (!term.plain()) return p.error_at(op_at, "this product is more than fa-ir represents");
      for (std::int64_t& c : term.coeffs) c *= n;
      term.constant *= n;
    } else if (p.accept_keyword("floordiv")) {
      if (!p.integer64(n)) return false;
      if (n <= 0 || !term.plain()) {
        return p.error_at(op_at, "this floordiv is more than fa-ir represents");
      }
      term.divisor = n;
    } else if (p.accept_keyword("mod")) {
      if (!p.integer64(n)) return false;
      if (n <= 0 || term.modulus != 0) {
        return p.error_at(op_at, "this mod is more than fa-ir represents");
      }
      term.modulus = n;
    } else {
      return !p.failed();
    }
  }
}

// TERM (+ TERM)*: only plain terms add up.
bool affine_sum(OpAsmParser& p, llvm::SmallVectorImpl<const Op*>& operands, std::size_t first,
                IndexText& sum, unsigned depth) {
  bool any = false;
  do {
    const char* const at = p.position();
    IndexText term;
    if (!affine_term(p, operands, first, term, depth)) return false;
    if (!any) {
      sum = term;
    } else {
      if (!sum.plain() || !term.plain()) {
        return p.error_at(at, "this sum is more than fa-ir represents");
      }
      sum.coeffs.resize(std::max(sum.coeffs.size(), term.coeffs.size()), 0);
      for (std::size_t i = 0; i < term.coeffs.size(); ++i) sum.coeffs[i] += term.coeffs[i];
      sum.constant += term.constant;
    }
    any = true;
  } while (p.accept('+'));
  return true;
}

}  // namespace

bool OpAsmParser::access(ParsedOp& op) {
  op.access = true;
  const std::size_t first = op.operands.size();
  if (!expect('[')) return false;
  if (accept(']')) return true;
  do {
    IndexText text;
    if (!affine_sum(*this, op.operands, first, text, 0)) return false;
    ParsedOp::Index index;
    index.index = {{}, text.constant, text.divisor, text.modulus};
    index.first = op.coeffs.size();
    index.count = text.coeffs.size();
    op.coeffs.append(text.coeffs.begin(), text.coeffs.end());
    op.indices.push_back(index);
  } while (accept(','));
  return expect(']');
}

bool OpAsmParser::value_name(std::string_view& name) {
  const char* const start = position();
  if (!accept('%')) return failed_ ? false : error("expected a value (%name)");
  while (p_ != end_ && (is_word(*p_) || *p_ == '-')) ++p_;
  if (p_ == start + 1) return error_at(start, "expected a value name after '%'");
  name = std::string_view(start + 1, static_cast<std::size_t>(p_ - start - 1));
  return true;
}

bool OpAsmParser::define(const char* at, std::string_view name, const Op* value) {
  if (failed_) return false;
  const auto [it, added] = values_.try_emplace(llvm::StringRef(name.data(), name.size()), value);
  if (!added) return error_at(at, "redefinition of value '%" + std::string(name) + "'");
  defined_.push_back(it->getKey());
  return true;
}

void OpAsmParser::close_region(std::size_t mark) {
  while (defined_.size() > mark) values_.erase(defined_.pop_back_val());
}

bool OpAsmParser::operand(const Op*& value) {
  const char* const at = position();
  std::string_view name;
  if (!value_name(name)) return false;
  value = values_.lookup(llvm::StringRef(name.data(), name.size()));
  return value != nullptr || error_at(at, "use of undefined value '%" + std::string(name) + "'");
}

bool OpAsmParser::operand_list(llvm::SmallVectorImpl<const Op*>& values, char close) {
  if (peek(close)) return !failed_;
  do {
    const Op* v = nullptr;
    if (!operand(v)) return false;
    values.push_back(v);
  } while (accept(','));
  return !failed_;
}

bool OpAsmParser::symbol(Name& name) {
  if (!expect('@')) return false;
  const char* const at = p_;
  while (p_ != end_ && is_word(*p_)) ++p_;
  if (p_ == at) return error_at(at, "expected a name after '@'");
  name = context_.name(std::string_view(at, static_cast<std::size_t>(p_ - at)));
  return true;
}

// tensor<2x3xf64> | tensor<f64> | tensor<*xf64> | !toy.struct<T, ...> | memref<2x3xf64> | f64 |
// index
bool OpAsmParser::type(Type& t) {
  const char* const at = position();
  if (failed_) return false;
  if (accept('!')) {
    if (identifier() != "toy.struct") return error_at(at, "expected a type (only !toy.struct)");
    if (type_depth_ >= kMaxNesting) return error_at(at, "struct types nested too deeply");
    ++type_depth_;
    llvm::SmallVector<Type, 4> fields;
    bool ok = expect('<');
    while (ok && !accept('>')) {
      Type field;
      ok = (fields.empty() || expect(',')) && type(field);
      fields.push_back(field);
    }
    --type_depth_;
    if (!ok) return false;
    t = context_.struct_type(fields);
    return true;
  }
  const std::string_view word = identifier();
  if (word == "f64" || word == "index") {
    t = word == "f64" ? context_.f64() : context_.index();
    return true;
  }
  const bool memref = word == "memref";
  if ((word != "tensor" && !memref) || !expect('<')) return error_at(at, "expected a type");
  if (!memref && accept('*')) {
    if (!accept_keyword("xf64")) return error("expected 'xf64>' after 'tensor<*'");
    t = context_.unranked_tensor();
    return expect('>');
  }
  llvm::SmallVector<std::int64_t, 4> shape;
  for (;;) {
    const char* const extent_at = position();
    if (p_ != end_ && llvm::isDigit(*p_)) {
      std::int64_t extent = 0;
      const auto [end, ec] = std::from_chars(p_, end_, extent);
      if (ec != std::errc()) return error_at(extent_at, "dimension too large");
      p_ = end;
      if (p_ == end_ || *p_ != 'x') return error("expected 'x' after a dimension");
      ++p_;
      shape.push_back(extent);
      continue;
    }
    if (end_ - p_ >= 3 && std::string_view(p_, 3) == "f64") {
      p_ += 3;
      break;
    }
    return error("expected a dimension or 'f64' (the only element type)");
  }
  t = memref ? context_.memref(shape) : context_.tensor(shape);
  return expect('>');
}

bool OpAsmParser::functional_type(llvm::SmallVectorImpl<Type>& inputs, Type& result) {
  if (!expect('(')) return false;
  while (!accept(')')) {
    Type t;
    if ((!inputs.empty() && !expect(',')) || !type(t)) return false;
    inputs.push_back(t);
  }
  if (!expect('-') || !expect('>')) return false;
  if (accept('(')) {
    result = Type();
    return expect(')');
  }
  return type(result);
}

// 1.000000e+00 | -2.5 | 0x7FF0000000000000 (the bits of a double, as MLIR writes infinities)
bool OpAsmParser::number(double& value) {
  const char* const start = position();
  if (failed_) return false;
  const char* end = start;
  while (end != end_ && (llvm::isAlnum(*end) || *end == '.' || *end == '-' || *end == '+')) ++end;
  const std::string_view text(start, static_cast<std::size_t>(end - start));
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    std::uint64_t bits = 0;
    const auto [last, ec] = std::from_chars(start + 2, end, bits, 16);
    if (ec != std::errc() || last != end || text.size() != 18) {
      return error("expected a number (hexadecimal: 0x and 16 digits)");
    }
    std::memcpy(&value, &bits, sizeof value);
    p_ = end;
    return true;
  }
  const bool decimal = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return llvm::isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
  });
  const auto [last, ec] = std::from_chars(start, end, value);
  if (!decimal || ec == std::errc::invalid_argument || last != end)
    return error("expected a number");
  // Out of range, from_chars leaves `value` alone; MLIR reads such a number as the infinity or
  // zero it rounds to (StringRef::getAsDouble accepts an inexact result), and so does this.
  if (ec == std::errc::result_out_of_range && llvm::StringRef(text).getAsDouble(value)) {
    return error("expected a number");
  }
  p_ = end;
  return true;
}

bool OpAsmParser::dense_elements(llvm::SmallVectorImpl<double>& data,
                                 llvm::SmallVectorImpl<std::int64_t>& shape, unsigned depth) {
  const char* const at = position();
  if (depth >= kMaxNesting) return error_at(at, "dense elements nested too deeply");
  if (!expect('[')) return false;
  std::int64_t count = 0;
  llvm::SmallVector<std::int64_t, 4> inner;  // every element list's shape (the first's)
  bool lists = false;
  while (!accept(']')) {
    if (count != 0 && !expect(',')) return false;
    if (count == 0) lists = peek('[');
    if (lists) {
      llvm::SmallVector<std::int64_t, 4> sub;
      if (!dense_elements(data, sub, depth + 1)) return false;
      if (count == 0) {
        inner = sub;
      } else if (sub != inner) {
        return error_at(at, "dense elements of different shapes in one list");
      }
    } else {
      double value = 0;
      if (!number(value)) return false;
      data.push_back(value);
    }
    ++count;
    if (failed_) return false;
  }
  shape.push_back(count);
  shape.append(inner.begin(), inner.end());
  return !failed_;
}

bool OpAsmParser::dense(llvm::SmallVectorImpl<double>& data, Type& t) {
  const char* const at = position();
  if (!expect_keyword("dense") || !expect('<')) return false;
  llvm::SmallVector<std::int64_t, 4> shape;
  bool splat = false;
  if (peek('[')) {
    if (!dense_elements(data, shape, 0)) return false;
  } else if (!peek('>')) {
    double value = 0;
    if (!number(value)) return false;
    data.push_back(value);
    splat = true;
  }
  if (!expect('>') || !expect(':') || !type(t)) return false;
  if (!t.is_ranked()) return error_at(at, "dense elements need a ranked tensor type");
  if (splat) {
    if (t.element_count() > kMaxSplatElements) {
      return error_at(at, "a splat of " + std::to_string(t.element_count()) +
                              " elements is more than this reader stores (" +
                              std::to_string(kMaxSplatElements) + ")");
    }
    data.assign(static_cast<std::size_t>(t.element_count()), data[0]);
    return true;
  }
  const std::span<const std::int64_t> want = t.shape();
  const bool empty = data.empty() && t.element_count() == 0;
  if (!empty && !std::equal(shape.begin(), shape.end(), want.begin(), want.end())) {
    return error_at(at, "dense elements of shape " + to_string(context_.tensor(shape)) +
                            " do not fit " + to_string(t));
  }
  return true;
}

bool OpAsmParser::string_literal(std::string& text) {
  const char* const open = position();
  if (!accept('"')) return failed_ ? false : error("expected '\"'");
  while (p_ != end_ && *p_ != '"' && *p_ != '\n') {
    if (*p_ != '\\') {
      text += *p_++;
      continue;
    }
    ++p_;  // \\, \", \n, \t, or two hex digits: MLIR's escapes
    if (p_ != end_ && (*p_ == '\\' || *p_ == '"')) {
      text += *p_++;
    } else if (p_ != end_ && (*p_ == 'n' || *p_ == 't')) {
      text += *p_++ == 'n' ? '\n' : '\t';
    } else if (end_ - p_ >= 2 && llvm::isHexDigit(p_[0]) && llvm::isHexDigit(p_[1])) {
      text += static_cast<char>(llvm::hexFromNibbles(p_[0], p_[1]));
      p_ += 2;
    } else {
      return error_at(p_, "unknown escape in a string");
    }
  }
  if (p_ == end_ || *p_ != '"') return error_at(open, "unterminated string");
  ++p_;
  return true;
}

bool OpAsmParser::optional_location(Location& loc, bool module_location) {
  if (failed_ || !accept_keyword("loc")) return !failed_;
  return expect('(') && location(loc, 0, module_location) && expect(')');
}

// What loc(...) holds. A call site nests on its callee's side as deep as inlining went, so a
// chain of `callsite(` is read in a loop; a caller or a fused part is read by recursion, which
// `depth` bounds.
bool OpAsmParser::location(Location& loc, unsigned depth, bool module_location) {
  constexpr unsigned max_depth = 64;
  if (depth > max_depth) {
    return error("locations nested more than " + std::to_string(max_depth) + " deep");
  }
  std::size_t call_sites = 0;
  while (accept_keyword("callsite")) {
    if (!expect('(')) return false;
    ++call_sites;
  }
  const char* const at = position();
  if (accept_keyword("unknown")) {
    loc = {};
  } else if (accept_keyword("fused")) {
    llvm::SmallVector<Location, 4> parts;
    if (!expect('[')) return false;
    do {
      if (!location(parts.emplace_back(), depth + 1)) return false;
    } while (accept(','));
    if (!expect(']')) return false;
    loc = context_.fused(parts);
  } else if (peek('"')) {
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t col = 0;
    if (!string_literal(file) || !expect(':') || !integer(line) || !expect(':') || !integer(col)) {
      return false;
    }
    if ((line == 0 || col == 0) && !(module_location && line == 0 && col == 0)) {
      return error_at(at, "a location's line and column count from 1");
    }
    loc = {context_.file(file), line, col};
  } else {
    return error(
        "expected a location: \"file\":line:col, unknown, callsite(... at ...) or fused[...]");
  }
  for (; call_sites != 0; --call_sites) {
    Location caller;
    if (!expect_keyword("at") || !location(caller, depth + 1) || !expect(')')) return false;
    loc = context_.call_site(loc, caller);
  }
  return true;
}

Location OpAsmParser::location_of(const char* at) {
  const LineCol lc = lines_.find(static_cast<std::uint32_t>(at - text_start_));
  return {file_, lc.line, lc.col};
}

// --- ModuleParser: the module, functions, operations -----------------------------------------

namespace {

class ModuleParser {
 public:
  ModuleParser(Module& module, Transaction& txn, llvm::SourceMgr& sources, unsigned buffer_id,
               llvm::StringRef text, DiagnosticEngine& diagnostics)
      : module_(module),
        builder_(module.context(), txn),
        p_(module.context(), sources, buffer_id, text, diagnostics) {}

  // module { FUNC* } [loc] | FUNC*
  bool parse() {
    if (p_.accept_keyword("module")) {
      if (!p_.expect('{')) return false;
      while (!p_.accept('}')) {
        if (p_.failed() || p_.at_end()) return p_.expect('}');
        if (!function()) return false;
      }
      Location ignored;  // MLIR writes a module read from IR at "FILE":0:0
      if (!p_.optional_location(ignored, /*module_location=*/true)) return false;
      if (!p_.at_end()) return p_.error("expected nothing after the module");
    } else {
      while (!p_.at_end()) {
        if (!function()) return false;
      }
    }
    return !p_.failed() && !over_budget();
  }

  std::span<Function* const> functions() const { return functions_; }

 private:
  // toy.func [private] @NAME(%ARG: TYPE [loc], ...) [-> TYPE] { OP* } [loc]  (or func.func)
  bool function() {
    const char* const at = p_.position();
    const std::string_view keyword = p_.identifier();
    if (keyword != "toy.func" && keyword != "func.func") {
      return p_.error_at(at, keyword.empty() ? "expected 'toy.func' or 'func.func'"
                                             : "expected 'toy.func' or 'func.func', not '" +
                                                   std::string(keyword) + "'");
    }
    p_.accept_keyword("private");
    Name name;
    const char* const name_at = p_.position();
    if (!p_.symbol(name) || !p_.expect('(')) return false;
    p_.start_function();
    llvm::SmallVector<Type, 4> param_types;
    llvm::SmallVector<Location, 4> param_locs;
    llvm::SmallVector<std::pair<const char*, std::string_view>, 4> param_names;  // where, what
    while (!p_.accept(')')) {
      if (!param_types.empty() && !p_.expect(',')) return false;
      const char* const param_at = p_.position();
      std::string_view value;
      Type type;
      if (!p_.value_name(value) || !p_.expect(':') || !p_.type(type)) return false;
      Location loc = p_.location_of(param_at);
      if (!p_.optional_location(loc)) return false;
      param_types.push_back(type);
      param_locs.push_back(loc);
      param_names.emplace_back(param_at, value);
    }
    Type result;
    if (p_.accept('-') && (!p_.expect('>') || !p_.type(result))) return false;
    // Made before its body, which uses its parameters; located once the body is read.
    Function* f = builder_.function(name, p_.location_of(at), param_types, param_locs);
    if (f == nullptr) return !over_budget();
    for (std::size_t i = 0; i < param_names.size(); ++i) {
      if (!p_.define(param_names[i].first, param_names[i].second, f->params[i])) return false;
    }
    if (!p_.expect('{')) return false;
    llvm::SmallVector<const Op*, 16> ops;
    if (!block(ops)) return false;
    if (!p_.optional_location(f->loc)) return false;
    f->result = result;
    f->body = builder_.body(ops);
    if (!defined_.insert(name).second) {
      return p_.error_at(name_at, "function @" + std::string(name) + " is defined twice");
    }
    if (module_.function(name) != nullptr) {
      return p_.error_at(name_at,
                         "function @" + std::string(name) + " already exists in the module");
    }
    functions_.push_back(f);
    return true;
  }

  // OP* }  (after the '{')
  bool block(llvm::SmallVectorImpl<const Op*>& ops) {
    while (!p_.accept('}')) {
      if (p_.failed() || p_.at_end()) return p_.expect('}');
      const Op* op = nullptr;
      if (!this->op(op)) return false;
      ops.push_back(op);
    }
    return true;
  }

  // affine.for %IV = LOWER to UPPER { OP* } [loc]: the loop is named %IV and built before its
  // body, which uses it; its body and location are set before anything else sees it.
  bool region_op(Opcode opcode, const char* start, const Op*& out) {
    const OpDef& def = op_def(opcode);
    ParsedOp parsed;
    const char* const iv_at = p_.position();
    std::string_view iv;
    Location ignored;  // the induction variable's: the loop's
    if (!p_.value_name(iv) || !p_.optional_location(ignored) || !p_.expect('=') ||
        !def.parse(p_, parsed)) {
      return false;
    }
    if (region_depth_ >= kMaxNesting) {
      return p_.error_at(start,
                         "loops nested too deeply (more than " + std::to_string(kMaxNesting) + ")");
    }
    ForProperties* properties = builder_.properties(parsed.loop);
    parsed.attrs.properties = properties;
    const Op* loop = builder_.build(opcode, {}, p_.location_of(start), parsed.attrs);
    if (loop == nullptr) return !over_budget();
    const std::size_t mark = p_.open_region();
    llvm::SmallVector<const Op*, 16> body;
    ++region_depth_;
    const bool ok = p_.define(iv_at, iv, loop) && p_.expect('{') && block(body);
    --region_depth_;
    p_.close_region(mark);
    if (!ok) return false;
    Location loc = loop->loc;
    if (!p_.optional_location(loc)) return false;
    builder_.locate_unpublished(loop, loc);
    properties->body = builder_.freeze(body);
    out = loop;
    return !over_budget();
  }

  // [%NAME =] DIALECT.MNEMONIC <the opcode's own syntax> [loc]  (`return`, `call`: func's)
  bool op(const Op*& out) {
    const char* const start = p_.position();
    std::string_view result;
    const bool has_result = p_.peek('%');
    if (has_result && (!p_.value_name(result) || !p_.expect('='))) return false;
    const char* const at = p_.position();
    if (p_.peek('"')) {
      return p_.error_at(at,
                         "generic operation form is not supported: write the operation as toyc "
                         "prints it (e.g. toy.print %0 : tensor<2x3xf64>)");
    }
    const std::string_view word = p_.identifier();
    const std::optional<Opcode> opcode =
        opcode_named(word.find('.') == std::string_view::npos ? "func." + std::string(word) : word);
    if (!opcode) {
      return p_.error_at(at, word.empty() ? "expected an operation or '}'"
                                          : "unknown operation '" + std::string(word) + "'");
    }
    const OpDef& def = op_def(*opcode);
    if (def.region != nullptr) {
      if (has_result) return p_.error_at(start, "'" + std::string(word) + "' has no result");
      return region_op(*opcode, start, out);
    }
    ParsedOp parsed;
    if (!def.parse(p_, parsed)) return false;
    // A call has a result exactly when its callee returns one: its type says which.
    const bool wants_result = def.result == OpDef::Result::one ||
                              (def.result == OpDef::Result::callee && parsed.attrs.type);
    if (has_result != wants_result) {
      return p_.error_at(
          start, wants_result ? "'" + std::string(word) +
                                    "' has a result: name it, %0 = " + std::string(word) + " ..."
                              : "'" + std::string(word) + "' has no result");
    }
    Location loc = p_.location_of(start);
    if (!p_.optional_location(loc)) return false;
    parsed.attrs.data = parsed.data;
    if (parsed.access) parsed.attrs.properties = access_properties(parsed);
    out = builder_.build(*opcode, parsed.operands, loc, parsed.attrs);
    if (out == nullptr) return !over_budget();
    return !has_result || p_.define(start, result, out);
  }

  // An access's indices, frozen in the arena.
  const AccessProperties* access_properties(const ParsedOp& parsed) {
    const std::span<const std::int64_t> coeffs =
        builder_.array(std::span<const std::int64_t>(parsed.coeffs));
    llvm::SmallVector<AffineIndex, 4> indices;
    for (const ParsedOp::Index& i : parsed.indices) {
      AffineIndex index = i.index;
      if (!coeffs.empty()) index.coeffs = coeffs.subspan(i.first, i.count);
      indices.push_back(index);
    }
    return builder_.properties(
        AccessProperties{builder_.array(std::span<const AffineIndex>(indices))});
  }

  bool over_budget() {
    if (!builder_.failed()) return false;
    return p_.error("the module is too large for the arena's budget");
  }

  Module& module_;
  Builder builder_;
  OpAsmParser p_;
  llvm::SmallVector<Function*, 8> functions_;
  llvm::DenseSet<Name> defined_;  // the names of functions_
  unsigned region_depth_ = 0;     // loops being read, one inside the other
};

}  // namespace

bool parse_ir(Module& module, llvm::SourceMgr& sources, unsigned buffer_id,
              DiagnosticEngine& diagnostics) {
  return parse_ir(module, sources, buffer_id, sources.getMemoryBuffer(buffer_id)->getBuffer(),
                  diagnostics);
}

bool parse_ir(Module& module, llvm::SourceMgr& sources, unsigned buffer_id, llvm::StringRef text,
              DiagnosticEngine& diagnostics) {
  const llvm::MemoryBuffer& buffer = *sources.getMemoryBuffer(buffer_id);
  if (static_cast<std::uint64_t>(text.end() - buffer.getBufferStart()) >= UINT32_MAX) {
    const llvm::StringRef name = buffer.getBufferIdentifier();  // a location is a 32-bit offset
    diagnostics.error({std::string_view(name.data(), name.size())},
                      "file too large (more than 4 GiB)");
    return false;
  }
  Transaction txn = module.arena().transaction();
  ModuleParser parser(module, txn, sources, buffer_id, text, diagnostics);
  if (!parser.parse()) return false;  // the transaction rolls back
  txn.commit();
  for (Function* f : parser.functions()) module.add(*f);
  return true;
}

}  // namespace fastarena::ir
