// SPDX-License-Identifier: MIT
// The Toy parser. See parser.h for the recovery scheme; the grammar is the MLIR tutorial's Toy
// (docs/frontend.md) and mirrors the tutorial's parser.
#include "fastarena/toy/parser.h"

#include <llvm/ADT/ScopeExit.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/ADT/Twine.h>
#include <llvm/Support/raw_ostream.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>

#include "fastarena/arena_vec.h"
#include "fastarena/toy/lexer.h"

namespace fastarena::toy {

class DefinitionReader::Impl {
 public:
  Impl(Arena& arena, Names& names, llvm::SourceMgr& sources, unsigned buffer_id,
       const ParseOptions& options, ParseStats& stats, DiagnosticEngine& diagnostics)
      : arena_(arena),
        names_(names),
        sources_(sources),
        buffer_id_(buffer_id),
        buffer_start_(sources.getMemoryBuffer(buffer_id)->getBufferStart()),
        lexer_(sources.getMemoryBuffer(buffer_id)->getBuffer()),
        options_(options),
        stats_(stats),
        diagnostics_(diagnostics) {
    advance();  // the first token
  }

  // The next definition that parsed; null at the end of the file.
  Record* next_definition() {
    while (tok_.kind != TokenKind::eof) {
      if (tok_.kind != TokenKind::kw_def && tok_.kind != TokenKind::kw_struct) {
        error(tok_, "expected 'def' or 'struct' at top level, found " + found(tok_));
        advance();
        synchronize();
        continue;
      }
      if (Record* record = parse_definition()) return record;
    }
    return nullptr;
  }

 private:
  class PendingList;  // a child list in the making; defined with the helpers below

  // One definition in its own transaction: committed if it parsed, else rolled back.
  Record* parse_definition() {
    Transaction txn = arena_.transaction();
    txn.set_limit(options_.definition_budget);
    txn_ = &txn;
    over_budget_ = false;
    const Token first = tok_;
    Record* record = tok_.kind == TokenKind::kw_def ? static_cast<Record*>(parse_function())
                                                    : static_cast<Record*>(parse_struct());
    if (over_budget_) {
      error(first, "this definition needs more than its memory budget of " +
                       std::to_string(options_.definition_budget) + " bytes");
    }
    txn_ = nullptr;
    if (record != nullptr) {
      txn.commit();
      ++stats_.definitions;
      return record;
    }
    stats_.bytes_rolled_back += txn.bytes_used();
    ++stats_.broken_definitions;
    txn.rollback();
    synchronize();
    return nullptr;
  }

  // After an error: skip to the next token that can start a definition.
  void synchronize() {
    while (tok_.kind != TokenKind::eof && tok_.kind != TokenKind::kw_def &&
           tok_.kind != TokenKind::kw_struct) {
      advance();
    }
  }

  // def name(params) { body }
  Function* parse_function() {
    const Location loc = location(tok_);
    advance();  // def
    Name name;
    if (!take_name("after 'def'", name)) return nullptr;
    if (!consume(TokenKind::l_paren, "after the function name")) return nullptr;
    ArenaVec<Param> params(*txn_);
    if (tok_.kind != TokenKind::r_paren) {
      for (;;) {
        if (!check(TokenKind::identifier, "as a parameter name")) return nullptr;
        Param param{names_.intern(tok_.text), {}, location(tok_)};
        advance();
        if (tok_.kind == TokenKind::identifier) {  // Type name
          param.struct_name = param.name;
          param.name = names_.intern(tok_.text);
          advance();
        }
        if (!push(params, param)) return nullptr;
        if (tok_.kind != TokenKind::comma) break;
        advance();
      }
    }
    if (!consume(TokenKind::r_paren, "to close the parameter list")) return nullptr;
    std::span<const Param> frozen_params = std::move(params).finish();
    std::span<Expr* const> body;
    if (!parse_block(body)) return nullptr;
    Function* function = make<Function>();
    if (function == nullptr) return nullptr;
    function->kind = Function::node_kind;
    function->proto = Prototype{name, frozen_params, loc};
    function->body = body;
    return function;
  }

  // struct Name { (var field; | StructType field;)* }
  StructDef* parse_struct() {
    const Location loc = location(tok_);
    advance();  // struct
    Name name;
    if (!take_name("after 'struct'", name)) return nullptr;
    if (!consume(TokenKind::l_brace, "to open the struct body")) return nullptr;
    // Fields are values, pushed back to back: the vector grows in place.
    ArenaVec<VarDeclExpr> fields(*txn_);
    while (tok_.kind != TokenKind::r_brace) {
      const bool struct_typed =
          tok_.kind == TokenKind::identifier && peek().kind == TokenKind::identifier;
      if (!struct_typed && !check(TokenKind::kw_var, "to declare a struct field")) return nullptr;
      if (!push(fields, VarDeclExpr{})) return nullptr;
      VarDeclExpr& field = fields.back();
      if (struct_typed) {  // a field of struct type, as toyc has them: `A a;`
        parse_struct_typed_name(field);
      } else if (!parse_var_decl(field, /*with_init=*/false)) {
        return nullptr;
      }
      if (!consume_semicolon("after a field declaration")) return nullptr;
    }
    advance();                                                               // }
    const std::span<const VarDeclExpr> frozen = std::move(fields).finish();  // first: trims it
    StructDef* def = make<StructDef>();
    if (def == nullptr) return nullptr;
    def->kind = StructDef::node_kind;
    def->name = name;
    def->fields = frozen;
    def->loc = loc;
    return def;
  }

  // { (statement ;)* }
  bool parse_block(std::span<Expr* const>& body) {
    if (!consume(TokenKind::l_brace, "to open the function body")) return false;
    PendingList statements(*this);
    while (tok_.kind != TokenKind::r_brace) {
      if (tok_.kind == TokenKind::semicolon) {  // a stray ';'
        advance();
        continue;
      }
      if (tok_.kind == TokenKind::eof) {
        error(tok_, "expected '}' to close the function body, found end of file");
        return false;
      }
      Expr* statement = parse_statement();
      if (statement == nullptr) return false;
      statements.push_back(statement);
      if (!consume_semicolon("after expression")) return false;
    }
    advance();  // }
    return statements.freeze(body);
  }

  Expr* parse_statement() {
    switch (tok_.kind) {
      case TokenKind::kw_var: {
        VarDeclExpr decl;
        if (!parse_var_decl(decl, /*with_init=*/true)) return nullptr;
        return make<VarDeclExpr>(decl);
      }
      case TokenKind::kw_return:
        return parse_return();
      case TokenKind::identifier:
        if (peek().kind == TokenKind::identifier) return parse_struct_var_decl();
        return parse_expression();
      default:
        return parse_expression();
    }
  }

  // var name [<shape>] [= init]   (the initialiser is required in a function body)
  bool parse_var_decl(VarDeclExpr& decl, bool with_init) {
    decl.kind = VarDeclExpr::node_kind;
    decl.loc = location(tok_);
    advance();  // var
    if (!take_name("after 'var'", decl.name)) return false;
    if (tok_.kind == TokenKind::less && !parse_shape(decl.type.shape)) return false;
    if (!with_init) return true;
    if (!consume(TokenKind::equal, "in a variable declaration")) return false;
    decl.init = parse_expression();
    return decl.init != nullptr;
  }

  // StructType name (the caller has seen the two identifiers)
  void parse_struct_typed_name(VarDeclExpr& decl) {
    decl.kind = VarDeclExpr::node_kind;
    decl.loc = location(tok_);
    decl.type.struct_name = names_.intern(tok_.text);
    advance();
    decl.name = names_.intern(tok_.text);
    advance();
  }

  // StructType name = init
  VarDeclExpr* parse_struct_var_decl() {
    VarDeclExpr decl;
    parse_struct_typed_name(decl);
    if (!consume(TokenKind::equal, "in a variable declaration")) return nullptr;
    decl.init = parse_expression();
    if (decl.init == nullptr) return nullptr;
    return make<VarDeclExpr>(decl);
  }

  // < N (, N)* >
  bool parse_shape(std::span<const std::int64_t>& shape) {
    advance();  // <
    llvm::SmallVector<std::int64_t, 4> dims;
    for (;;) {
      if (!check(TokenKind::number, "as a shape dimension")) return false;
      std::int64_t dim = 0;
      const char* const last = tok_.text.data() + tok_.text.size();
      auto [end, ec] = std::from_chars(tok_.text.data(), last, dim);
      // What follows the digits reads as a zero fraction (`2.`, `2.00`, `2.0.5`): toyc reads
      // the prefix as a number, and that number is whole.
      if (end != last && *end == '.')
        end = std::find_if(end + 1, last, [](char c) { return c != '0'; });
      if (ec != std::errc() || (end != last && *end != '.')) {
        error(tok_, "shape dimension '" + std::string(tok_.text) +
                        "' is not a whole number that fits in 64 bits");
        return false;
      }
      dims.push_back(dim);
      advance();
      if (tok_.kind != TokenKind::comma) break;
      advance();
    }
    if (!consume(TokenKind::greater, "to close the shape")) return false;
    return copy(std::span<const std::int64_t>(dims), shape);
  }

  // return [expr]
  ReturnExpr* parse_return() {
    const Location loc = location(tok_);
    advance();  // return
    Expr* value = nullptr;
    if (tok_.kind != TokenKind::semicolon && tok_.kind != TokenKind::r_brace) {
      value = parse_expression();
      if (value == nullptr) return nullptr;
    }
    ReturnExpr* ret = make_node<ReturnExpr>(loc);
    if (ret == nullptr) return nullptr;
    ret->value = value;
    return ret;
  }

  // primary (binop primary)*, by precedence climbing.
  Expr* parse_expression() {
    Expr* lhs = parse_primary();
    if (lhs == nullptr) return nullptr;
    return parse_binary_rhs(0, lhs);
  }

  static int precedence(TokenKind kind) {
    switch (kind) {
      case TokenKind::plus:
      case TokenKind::minus:
        return 20;
      case TokenKind::star:
        return 40;
      case TokenKind::dot:
        return 60;
      default:
        return -1;
    }
  }

  Expr* parse_binary_rhs(int min_precedence, Expr* lhs) {
    // Each operator puts the tree one level deeper (a + b + c + ... is left-deep), and whatever
    // walks the tree (the dump, lowering) recurses, so an operator counts toward the depth limit
    // as a parenthesis does: a chain of 100 000 is an error, not a stack overflow later.
    const unsigned depth_on_entry = depth_;
    const auto restore_depth = llvm::make_scope_exit([&] { depth_ = depth_on_entry; });
    for (;;) {
      const int prec = precedence(tok_.kind);
      if (prec < min_precedence) return lhs;
      const char op = tok_.text[0];
      advance();
      ++depth_;
      const Location loc = location(tok_);  // the tutorial's: rhs's first token
      Expr* rhs = parse_primary();
      if (rhs == nullptr) return nullptr;
      if (prec < precedence(tok_.kind)) {
        rhs = parse_binary_rhs(prec + 1, rhs);
        if (rhs == nullptr) return nullptr;
      }
      BinaryExpr* binary = make_node<BinaryExpr>(loc);
      if (binary == nullptr) return nullptr;
      binary->op = op;
      binary->lhs = lhs;
      binary->rhs = rhs;
      lhs = binary;
    }
  }

  Expr* parse_primary() {
    DepthGuard guard(*this);
    if (depth_ > options_.max_depth) {
      error(tok_, "expression nested too deeply (more than " + std::to_string(options_.max_depth) +
                      " levels)");
      return nullptr;
    }
    switch (tok_.kind) {
      case TokenKind::identifier:
        return parse_identifier_expr();
      case TokenKind::number:
        return parse_number();
      case TokenKind::l_paren: {
        advance();
        Expr* inner = parse_expression();
        if (inner == nullptr || !consume(TokenKind::r_paren, "to close the parenthesis")) {
          return nullptr;
        }
        return inner;
      }
      case TokenKind::l_square:
        return parse_literal();
      case TokenKind::l_brace:
        return parse_struct_literal();
      default:
        error(tok_, "expected expression, found " + found(tok_));
        return nullptr;
    }
  }

  NumberExpr* parse_number() {
    double value = 0;
    if (!parse_double(value)) return nullptr;
    NumberExpr* number = make_node<NumberExpr>(location(tok_));
    if (number == nullptr) return nullptr;
    number->value = value;
    advance();
    return number;
  }

  // The value of the current number token.
  bool parse_double(double& value) {
    const char* const end = tok_.text.data() + tok_.text.size();
    // toyc reads the longest prefix that is a number (strtod): `1.` is 1, `1.2.3` is 1.2.
    if (std::from_chars(tok_.text.data(), end, value).ec == std::errc()) return true;
    error(tok_, "number '" + std::string(tok_.text.substr(0, 40)) +
                    (tok_.text.size() > 40 ? "...'" : "'") + " is out of range");
    return false;
  }

  // name, or name(args), or print(arg)
  Expr* parse_identifier_expr() {
    const Location loc = location(tok_);
    const Name name = names_.intern(tok_.text);
    advance();
    if (tok_.kind != TokenKind::l_paren) {
      VarExpr* var = make_node<VarExpr>(loc);
      if (var == nullptr) return nullptr;
      var->name = name;
      return var;
    }
    const Token open = tok_;
    advance();  // (
    PendingList args(*this);
    if (tok_.kind != TokenKind::r_paren && !parse_expression_list(args)) return nullptr;
    if (!consume(TokenKind::r_paren, "to close the argument list")) return nullptr;
    if (name == "print") {
      if (args.size() != 1) {
        error(open, "print takes exactly one argument, " + std::to_string(args.size()) + " given");
        return nullptr;
      }
      PrintExpr* print = make_node<PrintExpr>(loc);
      if (print == nullptr) return nullptr;
      print->arg = args.front();
      return print;
    }
    CallExpr* call = make_node<CallExpr>(loc);
    if (call == nullptr) return nullptr;
    call->callee = name;
    if (!args.freeze(call->args)) return nullptr;
    return call;
  }

  // [ element (, element)* ], nested to any depth, stored flat (see LiteralExpr). The numbers
  // are pushed back to back with nothing allocated in between, so the vector grows in place.
  LiteralExpr* parse_literal() {
    const Location loc = location(tok_);
    ArenaVec<double> values(*txn_);
    llvm::SmallVector<std::int64_t, 4> dims;
    if (!parse_literal_level(values, dims)) return nullptr;
    const std::span<const double> frozen = std::move(values).finish();  // first: trims it
    std::span<const std::int64_t> frozen_dims;
    if (!copy(std::span<const std::int64_t>(dims), frozen_dims)) return nullptr;
    LiteralExpr* literal = make_node<LiteralExpr>(loc);
    if (literal == nullptr) return nullptr;
    literal->values = frozen;
    literal->dims = frozen_dims;
    return literal;
  }

  // One bracketed level: appends its numbers to `values` and its extents (its own, then those
  // of the levels below) to `dims`. Every element must have the shape of the first.
  bool parse_literal_level(ArenaVec<double>& values, llvm::SmallVectorImpl<std::int64_t>& dims) {
    advance();  // [
    const bool nested = tok_.kind == TokenKind::l_square;
    llvm::SmallVector<std::int64_t, 4> first_shape;
    llvm::SmallVector<std::int64_t, 4> shape;
    std::int64_t count = 0;
    for (;;) {
      const Token element = tok_;
      if (tok_.kind != TokenKind::l_square && tok_.kind != TokenKind::number) {
        error(tok_, "expected a number or '[' in a literal, found " + found(tok_));
        return false;
      }
      if (nested != (tok_.kind == TokenKind::l_square)) {
        error(element, "literal is not rectangular: it mixes numbers and nested literals");
        return false;
      }
      if (nested) {
        DepthGuard guard(*this);
        if (depth_ > options_.max_depth) {
          error(tok_, "literal nested too deeply (more than " + std::to_string(options_.max_depth) +
                          " levels)");
          return false;
        }
        shape.clear();
        if (!parse_literal_level(values, shape)) return false;
        if (count == 0) {
          first_shape = shape;
        } else if (shape != first_shape) {
          error(element,
                "literal is not rectangular: this element's shape differs from the first's");
          return false;
        }
      } else {
        double value = 0;
        if (!parse_double(value)) return false;
        if (!push(values, value)) return false;
        advance();
      }
      ++count;
      if (tok_.kind != TokenKind::comma) break;
      advance();
    }
    if (!consume(TokenKind::r_square, "to close the literal")) return false;
    dims.push_back(count);
    dims.append(first_shape.begin(), first_shape.end());
    return true;
  }

  // expr (, expr)*, appended to `list`.
  bool parse_expression_list(PendingList& list) {
    for (;;) {
      Expr* value = parse_expression();
      if (value == nullptr) return false;
      list.push_back(value);
      if (tok_.kind != TokenKind::comma) return true;
      advance();
    }
  }

  // { expr (, expr)* }
  StructLiteralExpr* parse_struct_literal() {
    const Location loc = location(tok_);
    advance();  // {
    PendingList values(*this);
    if (!parse_expression_list(values)) return nullptr;
    if (!consume(TokenKind::r_brace, "to close the struct literal")) return nullptr;
    StructLiteralExpr* literal = make_node<StructLiteralExpr>(loc);
    if (literal == nullptr) return nullptr;
    if (!values.freeze(literal->values)) return nullptr;
    return literal;
  }

  // --- tokens and diagnostics ---

  // A child list in the making. Lists of nodes (statements, arguments, struct literal members)
  // are collected on one scratch stack shared by every nesting level and copied into the arena,
  // exactly sized, when complete. An ArenaVec would strand each buffer it outgrows: it grows in
  // place only while it is the arena's most recent allocation, and here the children's own
  // nodes are allocated between two pushes.
  class PendingList {
   public:
    explicit PendingList(Impl& parser)
        : parser_(parser), stack_(parser.scratch_), mark_(stack_.size()) {}
    ~PendingList() { stack_.truncate(mark_); }
    PendingList(const PendingList&) = delete;
    PendingList& operator=(const PendingList&) = delete;

    void push_back(Expr* e) { stack_.push_back(e); }
    std::size_t size() const { return stack_.size() - mark_; }
    Expr* front() const { return stack_[mark_]; }
    // Copies the list into the arena; false past the budget.
    bool freeze(std::span<Expr* const>& frozen) {
      return parser_.copy(std::span<Expr* const>(stack_).subspan(mark_), frozen);
    }

   private:
    Impl& parser_;
    llvm::SmallVectorImpl<Expr*>& stack_;
    const std::size_t mark_;
  };

  // --- allocation through the definition's transaction ---
  //
  // The parser uses the arena's fallible calls, so it needs no exceptions (it builds with
  // -fno-exceptions, as LLVM does). Past the definition's budget a call fails: over_budget_
  // records it, the failure propagates as a null node, and parse_definition reports it once.

  template <class T, class... Args>
  T* make(Args&&... args) {
    T* node = txn_->try_alloc<T>(std::forward<Args>(args)...);
    if (node == nullptr) over_budget_ = true;
    return node;
  }
  // An expression node at `loc`, its kind the one its type has.
  template <class T>
  T* make_node(Location loc) {
    T* node = make<T>();
    if (node != nullptr) {
      node->kind = T::node_kind;
      node->loc = loc;
    }
    return node;
  }
  template <class T>
  bool copy(std::span<T> from, std::span<T>& to) {
    auto copied = txn_->try_alloc_slice_copy(from);
    if (!copied) {
      over_budget_ = true;
      return false;
    }
    to = *copied;
    return true;
  }
  template <class T>
  bool push(ArenaVec<T>& vec, const T& value) {
    if (vec.try_push_back(value)) return true;
    over_budget_ = true;
    return false;
  }

  struct DepthGuard {
    explicit DepthGuard(Impl& p) : parser(p) { ++parser.depth_; }
    ~DepthGuard() { --parser.depth_; }
    Impl& parser;
  };

  void advance() {
    prev_end_ = tok_.text.data() + tok_.text.size();
    tok_ = lexer_.next();
  }
  Token peek() const {
    Lexer copy = lexer_;
    return copy.next();
  }
  // DefinitionReader has checked that every offset fits in 32 bits.
  Location location(const Token& tok) const {
    return {static_cast<std::uint32_t>(tok.text.data() - buffer_start_)};
  }

  // Reports "expected K CONTEXT, found ..." unless the current token is of kind K.
  bool check(TokenKind kind, std::string_view context) {
    if (tok_.kind == kind) return true;
    error(tok_, "expected " + std::string(describe(kind)) + " " + std::string(context) +
                    ", found " + found(tok_));
    return false;
  }
  // An identifier, interned; else reports "expected identifier CONTEXT, found ...".
  bool take_name(std::string_view context, Name& name) {
    if (!check(TokenKind::identifier, context)) return false;
    name = names_.intern(tok_.text);
    advance();
    return true;
  }
  // check(), then consume the token.
  bool consume(TokenKind kind, std::string_view context) {
    if (!check(kind, context)) return false;
    advance();
    return true;
  }

  // A missing ';' is reported just after the previous token, where it belongs (as clang does):
  // the next token is often on the next line and says nothing about the mistake.
  bool consume_semicolon(std::string_view context) {
    if (tok_.kind != TokenKind::semicolon) {
      report(llvm::SMLoc::getFromPointer(prev_end_), "expected ';' " + std::string(context));
      return false;
    }
    advance();
    return true;
  }

  static std::string found(const Token& tok) {
    switch (tok.kind) {
      case TokenKind::eof:
        return "end of file";
      case TokenKind::identifier:
        return "identifier '" + std::string(tok.text.substr(0, 40)) + "'";
      case TokenKind::number:
        return "number '" + std::string(tok.text.substr(0, 40)) + "'";
      case TokenKind::error: {
        const auto byte = static_cast<unsigned char>(tok.text[0]);
        if (byte >= 0x20 && byte < 0x7f)
          return "invalid character '" + std::string(1, tok.text[0]) + "'";
        static const char* const hex = "0123456789abcdef";
        return std::string("invalid byte 0x") + hex[byte >> 4] + hex[byte & 15];
      }
      default:
        return std::string(describe(tok.kind));
    }
  }

  void error(const Token& at, const std::string& message) {
    report(llvm::SMLoc::getFromPointer(at.text.data()), message);
  }
  void error(const Location& at, const std::string& message) {
    report(sm_loc(sources_, buffer_id_, at), message);
  }
  void report(llvm::SMLoc loc, const std::string& message) {
    ++stats_.errors;
    diagnostics_.error(location_of(sources_, loc.getPointer()), message);
  }

  Arena& arena_;
  Names& names_;
  llvm::SourceMgr& sources_;
  unsigned buffer_id_;
  const char* buffer_start_;
  Lexer lexer_;
  const ParseOptions& options_;
  ParseStats& stats_;
  Token tok_;
  const char* prev_end_ = nullptr;        // just past the previous token
  Transaction* txn_ = nullptr;            // the open definition's transaction
  bool over_budget_ = false;              // an allocation of the open definition failed
  llvm::SmallVector<Expr*, 64> scratch_;  // see PendingList
  unsigned depth_ = 0;
  DiagnosticEngine& diagnostics_;
};

DefinitionReader::DefinitionReader(Arena& arena, Names& names, llvm::SourceMgr& sources,
                                   unsigned buffer_id, const ParseOptions& options)
    : options_(options) {
  DiagnosticEngine* diagnostics = options.diagnostics;
  if (diagnostics == nullptr) {  // errors to stderr, the first 20 in full
    own_diagnostics_ = std::make_unique<DiagnosticEngine>();
    own_diagnostics_->set_error_limit(20);
    own_printer_ =
        std::make_unique<SourceMgrDiagnosticHandler>(sources, *own_diagnostics_, llvm::errs());
    diagnostics = own_diagnostics_.get();
  }
  const llvm::MemoryBuffer& buffer = *sources.getMemoryBuffer(buffer_id);
  if (buffer.getBufferSize() > std::numeric_limits<std::uint32_t>::max()) {
    ++stats_.errors;  // a location is a 32-bit offset
    const llvm::StringRef name = buffer.getBufferIdentifier();
    diagnostics->error({std::string_view(name.data(), name.size())},
                       "file too large (more than 4 GiB)");
    return;
  }
  impl_ = std::make_unique<Impl>(arena, names, sources, buffer_id, options_, stats_, *diagnostics);
}

DefinitionReader::~DefinitionReader() = default;

Record* DefinitionReader::next() {
  Record* record = impl_ ? impl_->next_definition() : nullptr;
  if (record == nullptr && own_diagnostics_) own_diagnostics_->finish();  // at the end, the count
  return record;
}

Module parse_module(Arena& arena, Names& names, llvm::SourceMgr& sources, unsigned buffer_id,
                    std::string_view file_name, const ParseOptions& options, ParseStats* stats) {
  Module module;
  module.file = names.intern(file_name).view();
  module.sources = &sources;
  module.buffer_id = buffer_id;
  DefinitionReader reader(arena, names, sources, buffer_id, options);
  ArenaVec<Record*> records(arena);  // grown between definitions, outside their transactions
  while (Record* record = reader.next()) records.push_back(record);
  module.records = std::move(records).finish();
  if (stats != nullptr) *stats = reader.stats();
  return module;
}

}  // namespace fastarena::toy
