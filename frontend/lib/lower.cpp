// SPDX-License-Identifier: MIT
// Lowering, in three steps: struct types; every function's signature (so a call may name a
// function defined later); then the bodies, callees before callers, each in a transaction.
//
// The IR it makes is typed as toyc's MLIRGen types it: a constant by its literal, a reshape by
// its declared shape, a call by what its callee returns, a function by what it returns, and an
// element-wise operation or a transpose unranked (tensor<*xf64>). Shapes get into the IR only
// through shape inference, once calls are inlined. Lowering still works out every shape it can
// on the side (Lowering::known) to report conflicts where they are written.
#include "fastarena/toy/lower.h"

#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Support/Casting.h>

#include <string>

#include "fastarena/call_graph.h"
#include "fastarena/ir/builder.h"
#include "fastarena/ir/diagnostic.h"
#include "fastarena/ir/op_def.h"
#include "fastarena/ir/printer.h"
#include "fastarena/toy/location.h"

namespace fastarena::toy {
namespace {

// A type as a Toy programmer wrote it: a struct by its name, a tensor as the IR prints it.
std::string toy_type(ir::Type type) {
  if (type.is_struct() && !type.name().empty()) return "struct " + std::string(type.name());
  return ir::to_string(type);
}

std::string plural(std::size_t n, const char* what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

class Lowering {
 public:
  Lowering(const Module& ast, ir::Module& out, const LowerOptions& options,
           DiagnosticEngine& diagnostics)
      : ast_(ast),
        out_(out),
        context_(out.context()),
        options_(options),
        diagnostics_(diagnostics),
        lines_(ast.text()),
        file_(context_.file(ast.file)) {}

  std::size_t run() {
    declare_structs();
    declare_functions();
    for (const Function* f : callees_first()) define(*f);
    check_recursive_calls();
    return errors_;
  }

 private:
  // --- declarations ---

  void declare_structs() {
    for (const Record* record : ast_.records) {
      const auto* def = llvm::dyn_cast<StructDef>(record);
      if (def == nullptr) continue;
      const Name name = context_.name(def->name);
      if (out_.context().find_struct(name)) {
        error(def->loc, "struct '" + std::string(def->name) + "' is defined twice");
        continue;
      }
      llvm::SmallVector<Name, 4> fields;
      llvm::SmallVector<ir::Type, 4> types;
      bool ok = true;
      for (const VarDeclExpr& field : def->fields) {
        const Name field_name = context_.name(field.name);
        if (std::find(fields.begin(), fields.end(), field_name) != fields.end()) {
          error(field.loc, "field '" + std::string(field.name) + "' is declared twice");
        }
        fields.push_back(field_name);
        // A field of struct type names one defined before, as in toyc (so none contains itself).
        types.push_back(context_.unranked_tensor());
        if (!field.type.struct_name.empty()) {
          types.back() = context_.find_struct(context_.name(field.type.struct_name));
          if (!types.back()) {
            ok = error(field.loc,
                       "unknown struct type '" + std::string(field.type.struct_name) + "'");
          }
        }
      }
      if (ok) out_.add_struct(context_.struct_type(name, fields, types));
    }
  }

  // Every function with its parameters, in one transaction that commits: the signatures are
  // what calls refer to. A body is filled in later, or left null after an error.
  void declare_functions() {
    Transaction txn = out_.arena().transaction();
    ir::Builder builder(context_, txn);
    for (const Record* record : ast_.records) {
      const auto* f = llvm::dyn_cast<Function>(record);
      if (f == nullptr) continue;
      if (ast_functions_.count(f->proto.name) != 0) {
        error(f->proto.loc, "function '" + std::string(f->proto.name) + "' is defined twice");
        continue;
      }
      llvm::SmallVector<ir::Type, 4> param_types;
      bool ok = true;
      for (const Param& p : f->proto.params) {
        ir::Type type = context_.unranked_tensor();
        if (!p.struct_name.empty()) {
          type = context_.find_struct(context_.name(p.struct_name));
          if (!type) {
            error(p.loc, "unknown struct type '" + std::string(p.struct_name) + "'");
            ok = false;
          }
        }
        param_types.push_back(type);
      }
      // Its parameters are located at the `def`, as MLIRGen locates a function's arguments.
      const llvm::SmallVector<ir::Location, 4> param_locs(param_types.size(), at(f->proto.loc));
      ir::Function* lowered =
          builder.function(context_.name(f->proto.name), at(f->proto.loc), param_types, param_locs);
      if (builder.failed()) {
        error(f->proto.loc, "the functions' signatures need more than the memory budget");
        break;
      }
      ast_functions_[f->proto.name] = f;
      if (ok) {
        out_.add(*lowered);
        functions_[f] = lowered;
      }
    }
    txn.commit();
  }

  // The functions in an order where each comes after the ones it calls: a post order of the
  // call graph (llvm::post_order, iterative: a chain of calls may be as long as the file). In a
  // recursion, the function the walk entered first comes last.
  llvm::SmallVector<const Function*, 0> callees_first() {
    llvm::SmallVector<const Function*, 0> lowered;  // those whose signature lowered
    for (const Record* record : ast_.records) {
      const auto* f = llvm::dyn_cast<Function>(record);
      if (f != nullptr && functions_.count(f) != 0) lowered.push_back(f);
    }
    CallGraph<Function> graph(lowered, [&](const Function& f, auto&& add) {
      for (const Function* callee : callees(f)) add(callee);
    });
    return graph.callees_first();
  }

  llvm::SmallVector<const Function*, 4> callees(const Function& f) {
    llvm::SmallVector<const Function*, 4> found;
    for (const Expr* e : f.body) collect_callees(e, found);
    return found;
  }
  void collect_callees(const Expr* e, llvm::SmallVector<const Function*, 4>& found) {
    if (e == nullptr) return;
    switch (e->kind) {
      case Expr::Kind::call: {
        const auto* call = llvm::cast<CallExpr>(e);
        if (const Function* callee = ast_functions_.lookup(call->callee)) {
          if (functions_.count(callee) != 0) found.push_back(callee);
        }
        for (const Expr* arg : call->args) collect_callees(arg, found);
        return;
      }
      case Expr::Kind::binary:
        collect_callees(llvm::cast<BinaryExpr>(e)->lhs, found);
        collect_callees(llvm::cast<BinaryExpr>(e)->rhs, found);
        return;
      case Expr::Kind::var_decl:
        return collect_callees(llvm::cast<VarDeclExpr>(e)->init, found);
      case Expr::Kind::ret:
        return collect_callees(llvm::cast<ReturnExpr>(e)->value, found);
      case Expr::Kind::print:
        return collect_callees(llvm::cast<PrintExpr>(e)->arg, found);
      case Expr::Kind::struct_literal:
        for (const Expr* value : llvm::cast<StructLiteralExpr>(e)->values) {
          collect_callees(value, found);
        }
        return;
      default:
        return;
    }
  }

  // --- bodies ---

  void define(const Function& f) {
    ir::Function& lowered = *functions_[&f];
    Transaction txn = out_.arena().transaction();
    txn.set_limit(options_.function_budget);
    ir::Builder builder(context_, txn);
    builder_ = &builder;
    scope_.clear();
    ops_.clear();
    known_.clear();
    bool ok = true;
    for (std::size_t i = 0; i < f.proto.params.size(); ++i) {
      ok = ok && declare(f.proto.params[i].name, f.proto.params[i].loc, lowered.params[i]);
    }
    const ir::Op* ret = nullptr;
    for (std::size_t i = 0; ok && i < f.body.size(); ++i) {
      const Expr* statement = f.body[i];
      if (const auto* r = llvm::dyn_cast<ReturnExpr>(statement)) {
        if (i + 1 != f.body.size()) {
          error(r->loc, "'return' must be the last statement of a function");
          ok = false;
          break;
        }
        const ir::Op* value = nullptr;
        if (r->value != nullptr && !(value = expr(r->value))) {
          ok = false;
          break;
        }
        ret =
            emit(builder.build(ir::Opcode::ret, {&value, value != nullptr ? 1u : 0u}, at(r->loc)));
        break;
      }
      ok = this->statement(statement);
    }
    if (ok && ret == nullptr)
      ret = emit(builder.build(ir::Opcode::ret, {}, lowered.loc));  // implicit
    const ir::Body* body = ok ? builder.body(ops_) : nullptr;
    builder_ = nullptr;
    if (builder.failed()) {
      error(f.proto.loc, "function '" + std::string(f.proto.name) +
                             "' needs more than its memory budget of " +
                             std::to_string(options_.function_budget) + " bytes");
      return;  // rolled back
    }
    if (!ok) return;  // reported; rolled back
    txn.commit();
    lowered.body = body;
    if (!ret->operands.empty()) lowered.result = ret->operands[0]->type;  // as MLIRGen types it
  }

  bool statement(const Expr* e) {
    if (const auto* decl = llvm::dyn_cast<VarDeclExpr>(e)) return var_decl(*decl);
    if (const auto* print = llvm::dyn_cast<PrintExpr>(e)) {
      const ir::Op* value = expr(print->arg);
      if (value == nullptr) return false;
      if (!value->type.is_tensor()) return error(print->loc, "print takes a tensor, not a struct");
      return emit(builder_->build(ir::Opcode::print, {&value, 1}, at(print->loc))) != nullptr;
    }
    if (const auto* call = llvm::dyn_cast<CallExpr>(e)) {
      return this->call(*call, /*as_statement=*/true) != nullptr;  // may return nothing
    }
    return expr(e) != nullptr;  // its value unused
  }

  bool var_decl(const VarDeclExpr& decl) {
    if (decl.init == nullptr) {
      return error(decl.loc, "variable '" + std::string(decl.name) + "' needs an initializer");
    }
    const ir::Op* value = nullptr;
    if (!decl.type.struct_name.empty()) {
      const ir::Type type = context_.find_struct(context_.name(decl.type.struct_name));
      if (!type) {
        return error(decl.loc, "unknown struct type '" + std::string(decl.type.struct_name) + "'");
      }
      if (const auto* literal = llvm::dyn_cast<StructLiteralExpr>(decl.init)) {
        value = struct_literal(*literal, type);
      } else if ((value = expr(decl.init)) && value->type != type) {
        return error(decl.init->loc, "'" + std::string(decl.name) + "' is declared " +
                                         std::string(type.name()) + " but is given " +
                                         toy_type(value->type));
      }
    } else {
      value = expr(decl.init);
      if (value != nullptr && !decl.type.shape.empty()) {
        if (!value->type.is_tensor()) {
          return error(decl.loc, "a struct cannot be reshaped");
        }
        const ir::Attributes to{.type = context_.tensor(decl.type.shape)};
        const ir::Inferred rule = infer_known(ir::Opcode::reshape, {&value, 1}, to);
        if (rule.conflict)
          return error(decl.loc, rule.conflict->message("'" + std::string(decl.name) + "'"));
        value = emit(builder_->build(ir::Opcode::reshape, {&value, 1}, at(decl.loc), to));
      }
    }
    return value != nullptr && declare(decl.name, decl.loc, value);
  }

  const ir::Op* struct_literal(const StructLiteralExpr& literal, ir::Type type) {
    if (literal.values.size() != type.field_types().size()) {
      error(literal.loc, "struct " + std::string(type.name()) + " has " +
                             plural(type.field_types().size(), "field") + ", the literal gives " +
                             plural(literal.values.size(), "value"));
      return nullptr;
    }
    if (const ir::Op* constant = struct_constant(literal, type)) return constant;
    llvm::SmallVector<const ir::Op*, 4> fields;
    for (std::size_t i = 0; i < literal.values.size(); ++i) {
      const ir::Type field = type.field_types()[i];
      const auto* nested = llvm::dyn_cast<StructLiteralExpr>(literal.values[i]);
      const ir::Op* value = nested != nullptr && field.is_struct() ? struct_literal(*nested, field)
                                                                   : expr(literal.values[i]);
      if (value == nullptr) return nullptr;
      if (!ir::compatible(value->type, type.field_types()[i])) {
        error(literal.values[i]->loc, "field '" + std::string(type.field_names()[i]) +
                                          "' cannot hold " + toy_type(value->type));
        return nullptr;
      }
      fields.push_back(value);
    }
    return emit(builder_->build(ir::Opcode::make_struct, fields, at(literal.loc), {.type = type}));
  }

  // A literal whose values are all numbers, tensor literals and such literals of the struct
  // fields is a toy.struct_constant, as toyc makes it; null if it is not one (its fields are
  // then lowered one by one).
  const ir::Op* struct_constant(const StructLiteralExpr& literal, ir::Type type) {
    llvm::SmallVector<double, 16> data;
    const ir::Type layout = constant_layout(literal, type, data);
    if (!layout) return nullptr;
    return emit(builder_->build(ir::Opcode::struct_constant, {}, at(literal.loc),
                                {.type = type, .data = data, .layout = layout}));
  }
  // The layout of a constant struct literal of `type`, its elements appended to `data`; null if
  // it is not one. Nesting is bounded by the parser's depth limit.
  ir::Type constant_layout(const StructLiteralExpr& literal, ir::Type type,
                           llvm::SmallVector<double, 16>& data) {
    if (literal.values.size() != type.field_types().size()) return {};
    llvm::SmallVector<ir::Type, 4> layout;
    for (std::size_t i = 0; i < literal.values.size(); ++i) {
      const Expr* value = literal.values[i];
      const ir::Type field = type.field_types()[i];
      if (const auto* number = llvm::dyn_cast<NumberExpr>(value); number && !field.is_struct()) {
        layout.push_back(context_.tensor({}));
        data.push_back(number->value);
      } else if (const auto* tensor = llvm::dyn_cast<LiteralExpr>(value);
                 tensor && !field.is_struct()) {
        layout.push_back(context_.tensor(tensor->dims));
        data.append(tensor->values.begin(), tensor->values.end());
      } else if (const auto* nested = llvm::dyn_cast<StructLiteralExpr>(value);
                 nested && field.is_struct()) {
        layout.push_back(constant_layout(*nested, field, data));
        if (!layout.back()) return {};
      } else {
        return {};
      }
    }
    return context_.struct_type(layout);
  }

  const ir::Op* expr(const Expr* e) {
    switch (e->kind) {
      case Expr::Kind::number: {
        const double value = llvm::cast<NumberExpr>(e)->value;
        return emit(builder_->build(ir::Opcode::constant, {}, at(e->loc),
                                    {.type = context_.tensor({}), .data = {&value, 1}}));
      }
      case Expr::Kind::literal: {
        const auto* literal = llvm::cast<LiteralExpr>(e);
        return emit(
            builder_->build(ir::Opcode::constant, {}, at(e->loc),
                            {.type = context_.tensor(literal->dims), .data = literal->values}));
      }
      case Expr::Kind::var: {
        const Name name = llvm::cast<VarExpr>(e)->name;
        if (const ir::Op* value = scope_.lookup(name)) return value;
        error(e->loc, "unknown variable '" + std::string(name) + "'");
        return nullptr;
      }
      case Expr::Kind::binary:
        return binary(*llvm::cast<BinaryExpr>(e));
      case Expr::Kind::call:
        return call(*llvm::cast<CallExpr>(e), /*as_statement=*/false);
      case Expr::Kind::struct_literal:
        error(e->loc, "a struct literal needs a declared struct type: Type name = {...}");
        return nullptr;
      case Expr::Kind::print:
        error(e->loc, "print has no value");
        return nullptr;
      case Expr::Kind::var_decl:
      case Expr::Kind::ret:
        error(e->loc, "a declaration or return cannot be used as a value");
        return nullptr;
    }
    return nullptr;
  }

  const ir::Op* binary(const BinaryExpr& e) {
    const ir::Op* lhs = expr(e.lhs);
    if (lhs == nullptr) return nullptr;
    if (e.op == '.') {
      const auto* field = llvm::dyn_cast<VarExpr>(e.rhs);
      if (!lhs->type.is_struct()) {
        error(e.lhs->loc, "'.' needs a struct on its left, not " + toy_type(lhs->type));
        return nullptr;
      }
      if (field == nullptr) {
        error(e.rhs->loc, "expected a field name after '.'");
        return nullptr;
      }
      const std::optional<std::uint32_t> index = lhs->type.field_index(context_.name(field->name));
      if (!index) {
        error(field->loc, "struct " + std::string(lhs->type.name()) + " has no field '" +
                              std::string(field->name) + "'");
        return nullptr;
      }
      return emit(
          builder_->build(ir::Opcode::struct_access, {&lhs, 1}, at(e.loc), {.index = *index}));
    }
    const ir::Op* rhs = expr(e.rhs);
    if (rhs == nullptr) return nullptr;
    for (const ir::Op* operand : {lhs, rhs}) {
      if (!operand->type.is_tensor()) {
        error(e.loc, std::string("'") + e.op + "' takes tensors, not a struct");
        return nullptr;
      }
    }
    const ir::Opcode opcode = e.op == '+'   ? ir::Opcode::add
                              : e.op == '-' ? ir::Opcode::sub
                                            : ir::Opcode::mul;
    const ir::Op* operands[] = {lhs, rhs};
    const ir::Inferred rule = infer_known(opcode, operands, {});
    if (rule.conflict) {
      error(e.loc, rule.conflict->message(std::string("'") + e.op + "'"));
      return nullptr;
    }
    return emit_unranked(opcode, operands, at(e.loc), rule.type);
  }

  // A call whose value is used must return one; a call as a statement need not.
  const ir::Op* call(const CallExpr& e, bool as_statement) {
    llvm::SmallVector<const ir::Op*, 4> args;
    for (const Expr* arg : e.args) {
      const ir::Op* value = expr(arg);
      if (value == nullptr) return nullptr;
      args.push_back(value);
    }
    if (e.callee == "transpose") {
      if (args.size() != 1) {
        error(e.loc, "transpose takes 1 argument, " + std::to_string(args.size()) + " given");
        return nullptr;
      }
      if (!args[0]->type.is_tensor()) {
        error(e.loc, "transpose takes a tensor, not a struct");
        return nullptr;
      }
      return emit_unranked(ir::Opcode::transpose, {&args[0], 1}, at(e.loc),
                           infer_known(ir::Opcode::transpose, {&args[0], 1}, {}).type);
    }
    const Function* callee = ast_functions_.lookup(e.callee);
    if (callee == nullptr) {
      error(e.loc, "unknown function '" + std::string(e.callee) + "'");
      return nullptr;
    }
    const ir::Function* lowered = functions_.lookup(callee);
    if (lowered == nullptr) {  // its signature had an error, already reported
      ++errors_;
      return nullptr;
    }
    if (args.size() != lowered->params.size()) {
      error(e.loc, "'" + std::string(e.callee) + "' takes " +
                       plural(lowered->params.size(), "argument") + ", " +
                       std::to_string(args.size()) + " given");
      return nullptr;
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (!ir::compatible(args[i]->type, lowered->params[i]->type)) {
        error(e.args[i]->loc,
              "argument " + std::to_string(i + 1) + " of '" + std::string(e.callee) + "' must be " +
                  toy_type(lowered->params[i]->type) + ", not " + toy_type(args[i]->type));
        return nullptr;
      }
    }
    // A callee not lowered yet (we are inside a recursion) has no result type yet: whether it
    // returns a value shows in its last statement; a tensor is assumed, and checked at the end.
    const bool pending = lowered->body == nullptr;
    const bool returns_value = pending ? returns_a_value(*callee) : bool(lowered->result);
    if (!returns_value && !as_statement) {
      error(e.loc, "'" + std::string(e.callee) + "' returns no value");
      return nullptr;
    }
    ir::Function signature = *lowered;
    if (pending) signature.result = returns_value ? context_.unranked_tensor() : ir::Type();
    const ir::Op* op = emit(builder_->build(ir::Opcode::generic_call, args, at(e.loc),
                                            {.type = signature.result, .callee = signature.name}));
    if (pending && op != nullptr) recursive_calls_.push_back({op, lowered, e.loc});
    return op;
  }

  static bool returns_a_value(const Function& f) {
    const auto* ret = f.body.empty() ? nullptr : llvm::dyn_cast<ReturnExpr>(f.body.back());
    return ret != nullptr && ret->value != nullptr;
  }

  // A call made before its callee's result type was known must agree with it now.
  void check_recursive_calls() {
    for (const RecursiveCall& call : recursive_calls_) {
      if (call.callee->body == nullptr) continue;  // the callee failed: reported already
      if (call.op->type != call.callee->result &&
          !(call.op->type.is_tensor() && call.callee->result.is_tensor())) {
        error(call.loc, "recursive call to '" + std::string(call.callee->name) +
                            "', which returns " + toy_type(call.callee->result) +
                            ": only functions returning a tensor or nothing may recurse");
      }
    }
  }

  // --- helpers ---

  bool declare(Name name, Location loc, const ir::Op* value) {
    if (!scope_.try_emplace(name, value).second) {
      return error(loc, "'" + std::string(name) + "' is already declared in this function");
    }
    return true;
  }
  // Appends to the body. Null (an allocation failed) passes through: define() reports it.
  const ir::Op* emit(const ir::Op* op) {
    if (op != nullptr) ops_.push_back(op);
    return op;
  }
  // An operation MLIRGen leaves unranked (element-wise, transpose), whose shape lowering knows
  // to be `shape` (unranked too if it does not).
  const ir::Op* emit_unranked(ir::Opcode opcode, std::span<const ir::Op* const> operands,
                              ir::Location loc, ir::Type shape) {
    const ir::Op* op =
        emit(builder_->build(opcode, operands, loc, {.type = context_.unranked_tensor()}));
    if (op != nullptr && shape.is_ranked()) known_[op] = shape;
    return op;
  }
  // What lowering knows of `value`'s type: its IR type, or the shape its operands imply where
  // the IR leaves it unranked.
  ir::Type known(const ir::Op* value) const {
    const auto it = known_.find(value);
    return it != known_.end() ? it->second : value->type;
  }
  // The shape rule of `opcode` on what is known of `operands`; nothing (an unranked tensor, no
  // conflict) while a tensor operand's shape is unknown: the code may never run with shapes
  // that conflict, and only shape inference, after inlining, can tell.
  ir::Inferred infer_known(ir::Opcode opcode, std::span<const ir::Op* const> operands,
                           const ir::Attributes& attrs) {
    llvm::SmallVector<ir::Type, 4> types;
    for (const ir::Op* operand : operands) {
      types.push_back(known(operand));
      if (types.back().is_tensor() && !types.back().is_ranked()) {
        return {attrs.type ? attrs.type : context_.unranked_tensor()};
      }
    }
    return ir::op_def(opcode).infer(ir::Op(opcode, operands, {}, attrs), types, context_);
  }
  ir::Location at(Location loc) const {
    const LineCol lc = lines_.find(loc.offset);
    return {file_, lc.line, lc.col};
  }
  bool error(Location loc, const std::string& message) {
    ++errors_;
    ir::report(diagnostics_, context_, {at(loc), message});
    return false;
  }

  const Module& ast_;
  ir::Module& out_;
  ir::Context& context_;
  const LowerOptions& options_;
  DiagnosticEngine& diagnostics_;
  LineTable lines_;
  std::uint32_t file_;
  std::size_t errors_ = 0;
  llvm::DenseMap<Name, const Function*> ast_functions_;
  llvm::DenseMap<const Function*, ir::Function*> functions_;
  struct RecursiveCall {
    const ir::Op* op;
    const ir::Function* callee;
    Location loc;
  };
  llvm::SmallVector<RecursiveCall, 0> recursive_calls_;  // calls to a function being lowered
  // The function being lowered.
  ir::Builder* builder_ = nullptr;
  llvm::DenseMap<Name, const ir::Op*> scope_;
  llvm::SmallVector<const ir::Op*, 32> ops_;
  llvm::DenseMap<const ir::Op*, ir::Type> known_;  // shapes the IR does not show yet
};

}  // namespace

std::size_t lower(const Module& ast, ir::Module& out, const LowerOptions& options) {
  if (options.diagnostics != nullptr)
    return Lowering(ast, out, options, *options.diagnostics).run();
  DiagnosticEngine diagnostics;  // to stderr
  SourceMgrDiagnosticHandler printer(*ast.sources, diagnostics, llvm::errs());
  return Lowering(ast, out, options, diagnostics).run();
}

}  // namespace fastarena::toy
