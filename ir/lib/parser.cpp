// The IR text parser: recursive descent over characters (the grammar has no nesting deeper than
// a function body, so it needs neither a separate lexer nor a depth limit).
#include "fastarena/ir/parser.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/DenseSet.h>
#include <llvm/ADT/SmallVector.h>

#include <algorithm>
#include <charconv>
#include <string>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/op_def.h"

namespace fastarena::ir {
namespace {

class IrParser {
 public:
  IrParser(Module& module, Transaction& txn, llvm::SourceMgr& sources, unsigned buffer_id,
           llvm::raw_ostream& diagnostics)
      : module_(module),
        context_(module.context()),
        builder_(module.context(), txn),
        sources_(sources),
        diagnostics_(diagnostics) {
    const llvm::MemoryBuffer& buffer = *sources.getMemoryBuffer(buffer_id);
    p_ = buffer.getBufferStart();
    end_ = buffer.getBufferEnd();
  }

  bool parse() {
    for (skip_space(); p_ != end_; skip_space()) {
      const char* const at = p_;
      const std::string_view keyword = identifier();
      if (keyword == "struct") {
        if (!parse_struct()) return false;
      } else if (keyword == "func") {
        if (!parse_function()) return false;
      } else {
        return error(at, "expected 'func' or 'struct'");
      }
    }
    return !over_budget();
  }

  std::span<Function* const> functions() const { return functions_; }
  std::span<const Type> structs() const { return structs_; }

 private:
  // struct NAME { FIELD: TYPE, ... }
  bool parse_struct() {
    Name name;
    if (!name_after("'struct'", name)) return false;
    const char* const name_at = last_name_;
    if (!expect('{')) return false;
    llvm::SmallVector<Name, 4> fields;
    llvm::SmallVector<Type, 4> types;
    while (!accept('}')) {
      if (!fields.empty() && !expect(',')) return false;
      Name field;
      Type type;
      if (!name_after("a field", field) || !expect(':') || !parse_type(type)) return false;
      fields.push_back(field);
      types.push_back(type);
    }
    const Type type = context_.struct_type(name, fields, types);
    if (!type) {
      return error(name_at,
                   "struct '" + std::string(name) + "' is already defined with other fields");
    }
    structs_.push_back(type);
    return true;
  }

  // func @NAME(%N: TYPE, ...) [-> TYPE] loc(...) { OP* }
  bool parse_function() {
    values_.clear();
    if (!expect('@')) return false;
    Name name;
    if (!name_after("'@'", name)) return false;
    const char* const name_at = last_name_;
    if (!expect('(')) return false;
    llvm::SmallVector<const Op*, 4> params;
    while (!accept(')')) {
      if (!params.empty() && !expect(',')) return false;
      const char* const at = p_;
      unsigned number = 0;
      Type type;
      if (!value_number(number) || !expect(':') || !parse_type(type)) return false;
      const Op* param = builder_.param(static_cast<std::uint32_t>(params.size()), type, {});
      if (!define(at, number, param)) return false;
      params.push_back(param);
    }
    Type result;
    if (accept('-')) {
      if (!expect('>') || !parse_type(result)) return false;
    }
    Location loc;
    if (!parse_location(loc) || !expect('{')) return false;
    llvm::SmallVector<const Op*, 16> ops;
    while (!accept('}')) {
      const Op* op = nullptr;
      if (!parse_op(op)) return false;
      ops.push_back(op);
    }
    Function* f = builder_.function(name, loc, params);
    if (f == nullptr) return !over_budget();
    f->result = result;
    f->body = builder_.body(ops);
    if (!defined_.insert(name).second) {
      return error(name_at, "function @" + std::string(name) + " is defined twice");
    }
    if (module_.function(name) != nullptr) {
      return error(name_at, "function @" + std::string(name) + " already exists in the module");
    }
    functions_.push_back(f);
    return true;
  }

  // [%N =] MNEMONIC ...
  bool parse_op(const Op*& out) {
    skip_space();
    const char* const start = p_;
    bool has_result = false;
    unsigned number = 0;
    if (peek('%')) {
      if (!value_number(number) || !expect('=')) return false;
      has_result = true;
    }
    skip_space();
    const char* const mnemonic_at = p_;
    const std::string_view word = identifier();
    const std::optional<Opcode> opcode = opcode_named(word);
    if (!opcode || *opcode == Opcode::param) {
      return error(mnemonic_at, word.empty() ? "expected an operation"
                                             : "unknown operation '" + std::string(word) + "'");
    }
    // A call has a result exactly when its callee returns one (the verifier checks which).
    const OpDef::Result result = op_def(*opcode).result;
    const bool wants_result = result == OpDef::Result::one;
    if (has_result != wants_result && result != OpDef::Result::callee) {
      return error(start, wants_result ? "'" + std::string(word) +
                                             "' needs a result: %N = " + std::string(word) + " ..."
                                       : "'" + std::string(word) + "' has no result");
    }
    Op op(*opcode);
    llvm::SmallVector<const Op*, 4> operands;
    llvm::SmallVector<double, 16> data;
    switch (*opcode) {
      case Opcode::constant:
        if (!expect('[')) return false;
        while (!accept(']')) {
          if (!data.empty() && !expect(',')) return false;
          double value = 0;
          if (!number_literal(value)) return false;
          data.push_back(value);
        }
        break;
      case Opcode::call: {
        if (!expect('@') || !name_after("'@'", op.callee) || !expect('(')) return false;
        while (!accept(')')) {
          if (!operands.empty() && !expect(',')) return false;
          const Op* v = nullptr;
          if (!use(v)) return false;
          operands.push_back(v);
        }
        break;
      }
      case Opcode::field: {
        const Op* v = nullptr;
        if (!use(v) || !expect('.')) return false;
        Name field;
        if (!name_after("'.'", field)) return false;
        if (!v->type.is_struct())
          return error(last_name_, "'field' of a value that is not a struct");
        const std::optional<std::uint32_t> index = v->type.field_index(field);
        if (!index)
          return error(last_name_,
                       "no field '" + std::string(field) + "' in " + std::string(v->type.name()));
        op.index = *index;
        operands.push_back(v);
        break;
      }
      default:
        skip_space();
        if (peek('%')) {
          do {
            const Op* v = nullptr;
            if (!use(v)) return false;
            operands.push_back(v);
          } while (accept(','));
        }
    }
    if (has_result) {
      if (!expect(':') || !parse_type(op.type)) return false;
    }
    if (!parse_location(op.loc)) return false;
    op.operands = operands;
    op.data = data;
    out = builder_.create(op);
    if (out == nullptr) return !over_budget();
    return !has_result || define(start, number, out);
  }

  // tensor<2x3xf64> | tensor<*xf64> | tensor<f64> | !Name
  bool parse_type(Type& type) {
    skip_space();
    const char* const at = p_;
    if (accept('!')) {
      Name name;
      if (!name_after("'!'", name)) return false;
      type = context_.find_struct(name);
      return type ? true : error(at, "unknown struct type !" + std::string(name));
    }
    if (identifier() != "tensor" || !expect('<')) return error(at, "expected a type");
    if (accept('*')) {
      if (!literal("xf64>")) return false;
      type = context_.unranked_tensor();
      return true;
    }
    llvm::SmallVector<std::int64_t, 4> shape;
    while (!starts_with("f64")) {
      std::int64_t extent = 0;
      if (p_ == end_ || *p_ < '0' || *p_ > '9') return error(p_, "expected a dimension or 'f64'");
      if (!integer(extent) || !literal("x")) return false;
      shape.push_back(extent);
    }
    if (!literal("f64>")) return false;
    type = context_.tensor(shape);
    return true;
  }

  // loc(unknown) | loc("FILE":LINE:COL)
  bool parse_location(Location& loc) {
    if (!literal("loc(")) return false;
    if (starts_with("unknown")) {
      p_ += 7;
      loc = {};
      return expect(')');
    }
    std::string file;
    if (!string_literal(file)) return false;
    std::int64_t line = 0;
    std::int64_t col = 0;
    if (!expect(':')) return false;
    skip_space();
    const char* const numbers_at = p_;
    if (!integer(line) || !expect(':') || !integer(col) || !expect(')')) return false;
    if (line < 1 || col < 1 || line > UINT32_MAX || col > UINT32_MAX) {
      return error(numbers_at, "line and column must be between 1 and 4294967295");
    }
    loc = {context_.file(file), static_cast<std::uint32_t>(line), static_cast<std::uint32_t>(col)};
    return true;
  }

  // --- values ---

  bool value_number(unsigned& number) {
    skip_space();
    if (!accept_here('%')) return error(p_, "expected a value (%N)");
    std::int64_t n = 0;
    if (!integer(n)) return false;
    if (n > UINT32_MAX) return error(p_, "value number too large");
    number = static_cast<unsigned>(n);
    return true;
  }
  bool define(const char* at, unsigned number, const Op* op) {
    if (!values_.try_emplace(number, op).second) {
      return error(at, "%" + std::to_string(number) + " is defined twice");
    }
    return true;
  }
  bool use(const Op*& op) {
    skip_space();
    const char* const at = p_;
    unsigned number = 0;
    if (!value_number(number)) return false;
    op = values_.lookup(number);
    return op != nullptr ? true
                         : error(at, "%" + std::to_string(number) + " is not defined before here");
  }

  // --- characters ---

  void skip_space() {
    for (;;) {
      while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
      if (end_ - p_ >= 2 && p_[0] == '/' && p_[1] == '/') {
        while (p_ != end_ && *p_ != '\n') ++p_;
        continue;
      }
      return;
    }
  }
  bool peek(char c) {
    skip_space();
    return p_ != end_ && *p_ == c;
  }
  bool accept(char c) {
    skip_space();
    return accept_here(c);
  }
  bool accept_here(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool expect(char c) {
    if (accept(c)) return true;
    return error(p_, std::string("expected '") + c + "'");
  }
  bool starts_with(std::string_view text) {
    skip_space();
    return static_cast<std::size_t>(end_ - p_) >= text.size() &&
           std::string_view(p_, text.size()) == text;
  }
  bool literal(std::string_view text) {
    if (!starts_with(text)) return error(p_, "expected '" + std::string(text) + "'");
    p_ += text.size();
    return true;
  }
  static bool is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  std::string_view identifier() {
    skip_space();
    const char* const start = p_;
    while (p_ != end_ && is_word(*p_)) ++p_;
    return {start, static_cast<std::size_t>(p_ - start)};
  }
  bool name_after(std::string_view context, Name& name) {
    skip_space();
    last_name_ = p_;
    const std::string_view word = identifier();
    if (word.empty()) return error(p_, "expected a name after " + std::string(context));
    name = context_.name(word);
    return true;
  }
  bool integer(std::int64_t& value) {
    skip_space();
    const auto [end, ec] = std::from_chars(p_, end_, value);
    if (ec != std::errc() || value < 0) return error(p_, "expected a whole number");
    p_ = end;
    return true;
  }
  bool number_literal(double& value) {
    skip_space();
    const char* start = p_;
    while (p_ != end_ && (is_word(*p_) || *p_ == '.' || *p_ == '-' || *p_ == '+')) ++p_;
    const auto [end, ec] = std::from_chars(start, p_, value);
    if (ec != std::errc() || end != p_) {
      p_ = start;
      return error(start, "expected a number");
    }
    return true;
  }
  bool string_literal(std::string& text) {
    skip_space();
    const char* const open = p_;
    if (!accept_here('"')) return error(p_, "expected '\"'");
    while (p_ != end_ && *p_ != '"') {
      if (*p_ == '\n') break;
      if (*p_ == '\\') {  // \\, \" or \XX (two hex digits), as the printer writes
        ++p_;
        if (p_ != end_ && (*p_ == '\\' || *p_ == '"')) {
          text += *p_++;
          continue;
        }
        unsigned byte = 0;
        const auto [end, ec] = std::from_chars(p_, std::min(p_ + 2, end_), byte, 16);
        if (ec != std::errc() || end != p_ + 2) return error(p_, "expected two hex digits");
        text += static_cast<char>(byte);
        p_ += 2;
        continue;
      }
      text += *p_++;
    }
    if (!accept_here('"')) return error(open, "unterminated string");
    return true;
  }

  bool over_budget() {
    if (!builder_.failed()) return false;
    return error(p_, "the module is too large for the arena's budget");
  }
  bool error(const char* at, const std::string& message) {
    sources_.PrintMessage(diagnostics_, llvm::SMLoc::getFromPointer(at), llvm::SourceMgr::DK_Error,
                          message);
    return false;
  }

  Module& module_;
  Context& context_;
  Builder builder_;
  llvm::SourceMgr& sources_;
  llvm::raw_ostream& diagnostics_;
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  const char* last_name_ = nullptr;             // where the last name_after() began
  llvm::DenseMap<unsigned, const Op*> values_;  // %N of the function being read
  llvm::SmallVector<Function*, 8> functions_;
  llvm::DenseSet<Name> defined_;  // the names of functions_
  llvm::SmallVector<Type, 4> structs_;
};

}  // namespace

bool parse_ir(Module& module, llvm::SourceMgr& sources, unsigned buffer_id,
              llvm::raw_ostream& diagnostics) {
  Transaction txn = module.arena().transaction();
  IrParser parser(module, txn, sources, buffer_id, diagnostics);
  if (!parser.parse()) return false;  // the transaction rolls back
  txn.commit();
  for (const Type s : parser.structs()) module.add_struct(s);
  for (Function* f : parser.functions()) module.add(*f);
  return true;
}

}  // namespace fastarena::ir
