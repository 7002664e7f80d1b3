#include "fastarena/ir/verifier.h"

#include <llvm/ADT/DenseSet.h>

#include "fastarena/ir/builder.h"
#include "fastarena/ir/printer.h"

namespace fastarena::ir {
namespace {

class Verifier {
 public:
  Verifier(const Module& module, llvm::SmallVector<Diagnostic, 0>& out)
      : module_(module), out_(out) {}

  void function(const Function& f) {
    defined_.clear();
    for (std::size_t i = 0; i < f.params.size(); ++i) {
      const Op& p = *f.params[i];
      if (p.opcode != Opcode::param || p.index != i || !p.type) {
        error(p, "parameter " + std::to_string(i) + " of @" + std::string(f.name) +
                     " is not a typed 'param' in its place");
      }
      defined_.insert(&p);
    }
    if (f.body == nullptr || f.body->ops.empty() || f.body->ops.back()->opcode != Opcode::ret) {
      error(f.loc, "function @" + std::string(f.name) + " does not end with 'return'");
    }
    if (f.body == nullptr) return;
    for (const Op* op : f.body->ops) {
      this->op(f, *op);
      defined_.insert(op);
    }
  }

 private:
  void op(const Function& f, const Op& op) {
    const std::string name(mnemonic(op.opcode));
    for (const Op* operand : op.operands) {
      if (operand == nullptr || !defined_.contains(operand) || !operand->has_result()) {
        return error(
            op, "'" + name + "' uses a value not defined before it in @" + std::string(f.name));
      }
    }
    // A call has a result exactly when its callee returns one: checked below.
    const bool wants_result = op.opcode != Opcode::print && op.opcode != Opcode::ret;
    if (wants_result != op.has_result() && op.opcode != Opcode::call) {
      return error(op, "'" + name + (wants_result ? "' has no result type" : "' has a result"));
    }
    switch (op.opcode) {
      case Opcode::param:
        return error(op, "'param' inside a body");
      case Opcode::constant:
        if (!arity(op, 0)) return;
        if (!op.type.is_ranked()) return error(op, "a constant needs a ranked tensor type");
        if (static_cast<std::int64_t>(op.data.size()) != op.type.element_count()) {
          return error(op, "constant has " + std::to_string(op.data.size()) +
                               " elements, its type " + to_string(op.type) + " holds " +
                               std::to_string(op.type.element_count()));
        }
        return;
      case Opcode::add:
      case Opcode::sub:
      case Opcode::mul: {
        if (!arity(op, 2) || !tensor_operands(op)) return;
        if (auto conflict = shape_conflict(op)) return error(op, std::move(*conflict));
        return result_compatible(op);
      }
      case Opcode::transpose:
        if (!arity(op, 1) || !tensor_operands(op)) return;
        return result_compatible(op);
      case Opcode::reshape: {
        if (!arity(op, 1) || !tensor_operands(op)) return;
        if (!op.type.is_ranked()) return error(op, "'reshape' needs a ranked result type");
        if (auto conflict = shape_conflict(op)) return error(op, std::move(*conflict));
        return;
      }
      case Opcode::call: {
        const Function* callee = module_.function(op.callee);
        if (callee == nullptr) {
          return error(op, "call to unknown function @" + std::string(op.callee));
        }
        if (op.operands.size() != callee->params.size()) {
          return error(op, "@" + std::string(op.callee) + " takes " +
                               std::to_string(callee->params.size()) + " argument(s), " +
                               std::to_string(op.operands.size()) + " given");
        }
        for (std::size_t i = 0; i < op.operands.size(); ++i) {
          if (!compatible(op.operands[i]->type, callee->params[i]->type)) {
            return error(op, "argument " + std::to_string(i + 1) + " of @" +
                                 std::string(op.callee) + " is " + to_string(op.operands[i]->type) +
                                 ", the parameter is " + to_string(callee->params[i]->type));
          }
        }
        if (!callee->result && op.has_result()) {
          return error(op, "@" + std::string(op.callee) + " returns nothing");
        }
        if (callee->result && !op.has_result()) {
          return error(op, "the result of @" + std::string(op.callee) + " is not named");
        }
        if (callee->result && !compatible(callee->result, op.type)) {
          return error(op, "call's type " + to_string(op.type) + " is not what @" +
                               std::string(op.callee) + " returns (" + to_string(callee->result) +
                               ")");
        }
        return;
      }
      case Opcode::make_struct: {
        if (!op.type.is_struct()) return error(op, "'make_struct' needs a struct type");
        if (!arity(op, op.type.field_types().size())) return;
        for (std::size_t i = 0; i < op.operands.size(); ++i) {
          if (!compatible(op.operands[i]->type, op.type.field_types()[i])) {
            return error(op, "field '" + std::string(op.type.field_names()[i]) + "' of " +
                                 to_string(op.type) + " cannot hold " +
                                 to_string(op.operands[i]->type));
          }
        }
        return;
      }
      case Opcode::field: {
        if (!arity(op, 1)) return;
        const Type value = op.operands[0]->type;
        if (!value.is_struct()) return error(op, "'field' of a value that is not a struct");
        if (op.index >= value.field_types().size()) {
          return error(op, "field index " + std::to_string(op.index) + " is out of range for " +
                               to_string(value));
        }
        if (!compatible(value.field_types()[op.index], op.type)) {
          return error(op, "'field' has type " + to_string(op.type) + ", the field is " +
                               to_string(value.field_types()[op.index]));
        }
        return;
      }
      case Opcode::print:
        if (!arity(op, 1)) return;
        if (!op.operands[0]->type.is_tensor()) return error(op, "'print' takes a tensor");
        return;
      case Opcode::ret: {
        if (&op != f.body->ops.back()) return error(op, "'return' before the end of the body");
        if (!f.result) {
          if (!op.operands.empty())
            return error(op,
                         "@" + std::string(f.name) + " returns a value but its type says nothing");
          return;
        }
        if (!arity(op, 1)) return;
        if (!compatible(op.operands[0]->type, f.result)) {
          return error(op, "returns " + to_string(op.operands[0]->type) + ", @" +
                               std::string(f.name) + " returns " + to_string(f.result));
        }
        return;
      }
    }
  }

  bool arity(const Op& op, std::size_t n) {
    if (op.operands.size() == n) return true;
    error(op, "'" + std::string(mnemonic(op.opcode)) + "' takes " + std::to_string(n) +
                  " operand(s), has " + std::to_string(op.operands.size()));
    return false;
  }
  bool tensor_operands(const Op& op) {
    for (const Op* operand : op.operands) {
      if (!operand->type.is_tensor()) {
        error(op, "'" + std::string(mnemonic(op.opcode)) + "' takes tensors, not " +
                      to_string(operand->type));
        return false;
      }
    }
    return true;
  }
  void result_compatible(const Op& op) {
    const Type inferred = infer_type(module_.context(), op.opcode, op.operands);
    if (!op.type.is_tensor() || !compatible(inferred, op.type)) {
      error(op, "'" + std::string(mnemonic(op.opcode)) + "' has type " + to_string(op.type) +
                    ", its operands give " + to_string(inferred));
    }
  }

  void error(const Op& op, std::string message) { error(op.loc, std::move(message)); }
  void error(Location loc, std::string message) { out_.push_back({loc, std::move(message)}); }

  const Module& module_;
  llvm::SmallVector<Diagnostic, 0>& out_;
  llvm::DenseSet<const Op*> defined_;
};

}  // namespace

std::optional<std::string> shape_conflict(const Op& op) {
  switch (op.opcode) {
    case Opcode::add:
    case Opcode::sub:
    case Opcode::mul: {
      const Type lhs = op.operands[0]->type;
      const Type rhs = op.operands[1]->type;
      if (!lhs.is_ranked() || !rhs.is_ranked() || lhs == rhs) return std::nullopt;
      return "operands of '" + std::string(mnemonic(op.opcode)) +
             "' have different shapes: " + to_string(lhs) + " and " + to_string(rhs);
    }
    case Opcode::reshape: {
      const Type from = op.operands[0]->type;
      if (!from.is_ranked() || from.element_count() == op.type.element_count()) return std::nullopt;
      return "cannot reshape " + to_string(from) + " to " + to_string(op.type) +
             ": element counts differ";
    }
    default:
      return std::nullopt;
  }
}

llvm::SmallVector<Diagnostic, 0> verify(const Module& module, const Function& function) {
  llvm::SmallVector<Diagnostic, 0> out;
  Verifier(module, out).function(function);
  return out;
}

llvm::SmallVector<Diagnostic, 0> verify(const Module& module) {
  llvm::SmallVector<Diagnostic, 0> out;
  Verifier verifier(module, out);
  for (const Function* f : module.functions()) verifier.function(*f);
  return out;
}

}  // namespace fastarena::ir
